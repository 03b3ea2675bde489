export * from './flash-sale';
export * from './sale-operations';
