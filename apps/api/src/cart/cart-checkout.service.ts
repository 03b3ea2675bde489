import { Injectable, Logger } from '@nestjs/common';
import type { Product, Reservation, ReservationLine } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import { AppConfig } from '@api/config';
import {
  CatalogStock,
  type CheckoutOutcome,
  HoldsStore,
  RedisClock,
  ReservationCode,
  reservationError,
  reservationsRejected,
  reservationsTaken,
  toReservation,
} from '@api/holds';
import { ProductsService } from '@api/products';
import { type CartItem, CartService } from './cart.service';

/**
 * `POST /api/cart/checkout`: holds every line of the caller's cart at the products' current prices, all or
 * nothing, from the same Redis free stock flash sales are allocated from, with the same expiry and release
 * as flash-sale holds. The reserved lines then leave the cart.
 */
@Injectable()
export class CartCheckoutService {
  private readonly logger = new Logger(CartCheckoutService.name);

  constructor(
    private readonly cart: CartService,
    private readonly products: ProductsService,
    private readonly stock: CatalogStock,
    private readonly holds: HoldsStore,
    private readonly clock: RedisClock,
    private readonly config: AppConfig,
  ) {}

  async checkout(userId: string): Promise<Reservation> {
    const items = await this.cart.getLines(userId);
    if (items.length === 0) throw new DomainError('CONFLICT', 'Your cart is empty.');
    const { lines, currency } = await this.price(items);
    const outcome = await this.hold(userId, lines, currency);
    if (outcome.code !== ReservationCode.Ok) {
      reservationsRejected.inc({ kind: 'cart', reason: 'sold_out' });
      throw reservationError(ReservationCode.SoldOut, {
        productId: outcome.code === ReservationCode.SoldOut ? outcome.productId : undefined,
      });
    }
    reservationsTaken.inc({ kind: 'cart' });
    // The hold stands either way: a cart that could not be emptied is no reason to fail the checkout.
    await this.cart.clear(userId, items).catch((error: unknown) => {
      this.logger.warn({ err: error }, `Checkout ${outcome.hold.id}: cart not cleared`);
    });
    return toReservation(outcome.hold, this.clock.now());
  }

  /** Runs the checkout script; loads missing product counters from the ledger and retries once. */
  private async hold(userId: string, lines: ReservationLine[], currency: string): Promise<CheckoutOutcome> {
    const request = { userId, currency, ttlSeconds: this.config.flashSale.cartReservationTtlSeconds, lines };
    const first = await this.holds.checkout(request);
    if (first.code !== ReservationCode.NotLoaded) return first;
    await this.stock.ensureLoaded(first.productIds);
    return this.holds.checkout(request);
  }

  /** Current prices; a product that is gone or archived, or a cart in two currencies, cannot check out. */
  private async price(items: readonly CartItem[]): Promise<{ lines: ReservationLine[]; currency: string }> {
    const found = await this.products.findManyByIds(items.map((item) => item.productId));
    const byId = new Map<string, Product>(found.map((product) => [product.id, product]));
    const lines = items.map((item) => {
      const product = byId.get(item.productId);
      if (!product || product.archived) {
        throw new DomainError(
          'CONFLICT',
          `Product ${item.productId} is no longer sold: remove it from your cart.`,
        );
      }
      return { productId: item.productId, quantity: item.quantity, unitPriceCents: product.priceCents };
    });
    const currencies = new Set(items.map((item) => byId.get(item.productId)?.currency));
    if (currencies.size > 1)
      throw new DomainError('CONFLICT', 'Your cart holds products in several currencies.');
    return { lines, currency: [...currencies][0] ?? 'usd' };
  }
}
