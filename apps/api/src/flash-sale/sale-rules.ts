import type { CreateFlashSaleRequest, ErrorDetail, Product } from '@flashline/contracts';
import {
  DEFAULT_PER_USER_LIMIT,
  DEFAULT_RESERVATION_TTL_SECONDS,
  MAX_RESERVATION_TTL_SECONDS,
} from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import { waitingRoomSettings } from './waiting-room-settings';
import type { SaleDefinition } from './flash-sale.repository';

export interface SaleRulesContext {
  /** Now, by the Redis clock. */
  now: number;
  reservationTtlMinSeconds: number;
}

/**
 * The rules a new sale must meet beyond its DTO's shape, all checked at once so the admin sees every
 * problem. (Free stock is checked by the atomic allocation itself.) Returns the definition to store.
 */
export function defineSale(
  id: string,
  request: CreateFlashSaleRequest,
  product: Product,
  context: SaleRulesContext,
): SaleDefinition {
  const startsAt = new Date(request.startsAt);
  const endsAt = new Date(request.endsAt);
  const ttl = request.reservationTtlSeconds ?? DEFAULT_RESERVATION_TTL_SECONDS;
  const details: ErrorDetail[] = [];
  const refuse = (field: string, message: string): number => details.push({ field, message });
  if (product.archived) refuse('productId', 'productId names an archived product');
  if (request.salePriceCents >= product.priceCents) {
    refuse('salePriceCents', `salePriceCents must be below the product's price (${product.priceCents})`);
  }
  // The DTO's IsTimestamp admits only parseable dates; an Invalid Date compares false to everything.
  if (Number.isNaN(startsAt.getTime())) refuse('startsAt', 'startsAt must be a timestamp');
  if (Number.isNaN(endsAt.getTime())) refuse('endsAt', 'endsAt must be a timestamp');
  if (startsAt.getTime() >= endsAt.getTime()) refuse('endsAt', 'endsAt must be after startsAt');
  if (endsAt.getTime() <= context.now) refuse('endsAt', 'endsAt must be in the future');
  if (ttl < context.reservationTtlMinSeconds || ttl > MAX_RESERVATION_TTL_SECONDS) {
    refuse(
      'reservationTtlSeconds',
      `reservationTtlSeconds must be between ${context.reservationTtlMinSeconds} and ${MAX_RESERVATION_TTL_SECONDS}`,
    );
  }
  if (details.length > 0) throw new DomainError('VALIDATION_FAILED', 'The request is not valid.', details);
  return {
    id,
    productId: product.id,
    productName: product.name,
    ...(product.imageUrl ? { productImageUrl: product.imageUrl } : {}),
    salePriceCents: request.salePriceCents,
    originalPriceCents: product.priceCents,
    currency: product.currency,
    quantity: request.quantity,
    startsAt,
    endsAt,
    perUserLimit: request.perUserLimit ?? DEFAULT_PER_USER_LIMIT,
    reservationTtlSeconds: ttl,
    paused: false,
    waitingRoom: waitingRoomSettings(request.waitingRoom),
  };
}
