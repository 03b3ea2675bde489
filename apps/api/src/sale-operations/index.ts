/** The sale-operations module's public API: other modules import from `@api/sale-operations` only. */
export { SaleOperationsModule } from './sale-operations.module';
