/** The flash-sale module's public API: other modules import from `@api/flash-sale` only. */
export { FlashSaleIdParams } from './dto/flash-sale-id.params';
export { FlashSaleModule } from './flash-sale.module';
export { FlashSaleRepository, type SaleDefinition } from './flash-sale.repository';
export { FlashSaleService } from './flash-sale.service';
export { ReservationService } from './reservation.service';
export { SaleLoader } from './sale-loader.service';
export { FLASH_SALE_MODEL_DEFINITION } from './schemas/flash-sale.schema';
export { RESERVE_METHOD, RESERVE_ROUTE, SoldOutShortcut } from './sold-out-shortcut';
