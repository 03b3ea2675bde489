export * from './flash-sale';
