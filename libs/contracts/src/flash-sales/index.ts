export * from './flash-sale';
export * from './sale-operations';
export * from './waiting-room';
