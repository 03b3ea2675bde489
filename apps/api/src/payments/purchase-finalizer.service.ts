import { Injectable, Logger } from '@nestjs/common';
import type { OrderLine } from '@flashline/contracts';
import { AppConfig } from '@api/config';
import {
  type ConfirmOutcome,
  type Hold,
  holdAmountCents,
  holdLabels,
  ReservationCode,
  reservationsPaid,
  PaymentHoldsStore,
  saleIdOf,
  soldUnits,
  type SucceededPayment,
} from '@api/holds';
import { type NewOrder, OrdersService } from '@api/orders';
import { ProductsService } from '@api/products';
import { ordersPlaced, paymentsRefunded } from './payment-metrics';
import { PaymentGateway } from './payment-gateway.service';

/** What became of a successful payment. */
export type PurchaseResult = 'ordered' | 'refunded' | 'unknown_reservation';

const REFUND_REASONS: Partial<Record<ReservationCode, string>> = {
  [ReservationCode.NoStock]: 'no_stock',
  [ReservationCode.Mismatch]: 'mismatch',
  [ReservationCode.OtherIntent]: 'duplicate',
  [ReservationCode.ForeignIntent]: 'foreign_intent',
};

/** Refusals that leave the hold as it was (its own intent may still pay it): nothing of it is settled. */
const HOLD_UNTOUCHED: ReadonlySet<ReservationCode> = new Set([
  ReservationCode.OtherIntent,
  ReservationCode.ForeignIntent,
]);

/**
 * Turns a successful payment into an order: Reserve → Pay → **Confirm → Finalize**.
 *
 * 1. Confirm (confirm.lua, atomic in Redis): the hold becomes paid, or a late payment takes its units again,
 *    or the payment is refused (no stock, wrong amount) and the hold becomes refunded. Sticky: a repeat
 *    answers from the first decision.
 * 2. Write the order (MongoDB insert, unique per reservation): the commit point.
 * 3. A cart order records its `order` movements in the products ledger (one per line, unique operationId).
 * 4. Complete the hold in Redis (complete.lua): it names its order and leaves the settling index.
 *
 * Every step is idempotent, so the whole sequence may run any number of times, in any number of processes
 * at once (duplicated events, the reconciler after a crash) and ends with one order. Refusals are refunded
 * through Stripe with an idempotency key per reservation and intent.
 */
@Injectable()
export class PurchaseFinalizer {
  private readonly logger = new Logger(PurchaseFinalizer.name);

  constructor(
    private readonly paymentHolds: PaymentHoldsStore,
    private readonly orders: OrdersService,
    private readonly products: ProductsService,
    private readonly gateway: PaymentGateway,
    private readonly config: AppConfig,
  ) {}

  async onSucceeded(payment: SucceededPayment): Promise<PurchaseResult> {
    const outcome = await this.paymentHolds.confirm(payment);
    switch (outcome.code) {
      case ReservationCode.NotFound:
        return this.unknownReservation(payment);
      case ReservationCode.Paid:
      case ReservationCode.PaidLate:
        this.countPaid(outcome);
        await this.faultAfterConfirm();
        await this.finish(outcome.hold);
        return 'ordered';
      case ReservationCode.AlreadyPaid:
        await this.finish(outcome.hold);
        return 'ordered';
      case ReservationCode.Completed:
        return 'ordered';
      case ReservationCode.ForeignIntent:
        // On purpose: the money came to our Stripe account for a hold that never asked for it. It goes back
        // to whoever paid (a refund only returns funds to the payer), and the hold waits for its own intent.
        this.logger.warn(
          { paymentIntentId: payment.paymentIntentId, reservationId: payment.reservationId, audit: true },
          'payment from an intent never attached to the hold: refunding it, the hold is unchanged',
        );
        await this.refund(payment, outcome.code);
        return 'refunded';
      default:
        await this.refund(payment, outcome.code);
        return 'refunded';
    }
  }

  /**
   * Steps 2-4 for a paid hold: what a payment still needs after confirm. The reconciler calls this for holds
   * left paid by a crash.
   */
  async finish(hold: Hold): Promise<void> {
    const order = await this.orders.place(await this.orderOf(hold));
    if (order.created) {
      ordersPlaced.inc({ kind: hold.kind });
      this.logger.log(
        `Order ${order.order.id} placed for ${hold.id} (${order.order.amountCents} ${hold.currency})`,
      );
    }
    if (hold.kind === 'cart') await this.recordLedger(order.order.id, hold);
    await this.paymentHolds.complete(hold.id, order.order.id);
  }

  /** A refused payment goes back in full; then the hold's settling is over. */
  async refund(payment: SucceededPayment, code: ReservationCode): Promise<void> {
    const reason = REFUND_REASONS[code] ?? 'refused';
    const refundId = await this.gateway.refund({ ...payment, reason });
    // Counted once per refusal, not per redelivery of the refused event.
    if (code !== ReservationCode.Refunded) paymentsRefunded.inc({ reason });
    this.logger.warn(
      `Payment ${payment.paymentIntentId} for ${payment.reservationId} refunded (${reason}, ${refundId}): ` +
        `${payment.amountCents} ${payment.currency}`,
    );
    if (!HOLD_UNTOUCHED.has(code)) await this.paymentHolds.settled(payment.reservationId);
  }

  private async orderOf(hold: Hold): Promise<NewOrder> {
    if (!hold.paidBy) throw new Error(`Hold ${hold.id} is paid without a paying intent`);
    const saleId = saleIdOf(hold);
    return {
      userId: hold.userId,
      reservationId: hold.id,
      kind: hold.kind,
      ...(saleId ? { saleId } : {}),
      lines: await this.linesAsSold(hold),
      amountCents: holdAmountCents(hold),
      currency: hold.currency,
      paymentIntentId: hold.paidBy,
    };
  }

  /** The hold's lines with each product's name now, which the order keeps whatever happens later. */
  private async linesAsSold(hold: Hold): Promise<OrderLine[]> {
    const products = await this.products.findManyByIds(hold.lines.map((line) => line.productId));
    const names = new Map(products.map((product) => [product.id, product.name]));
    return hold.lines.map((line) => ({
      ...line,
      name: names.get(line.productId) ?? `Product ${line.productId}`,
    }));
  }

  /** Cart units leave on-hand stock with the order; a flash sale's left it when the sale was allocated. */
  private async recordLedger(orderId: string, hold: Hold): Promise<void> {
    for (const line of hold.lines) {
      await this.products.recordMovement({
        productId: line.productId,
        delta: -line.quantity,
        reason: 'order',
        operationId: `order:${orderId}:${line.productId}`,
      });
    }
  }

  /**
   * A payment naming a reservation this API does not hold: never ours to refund blindly (a Stripe account
   * may serve other environments), so it is logged for a person to look at.
   */
  private async unknownReservation(payment: SucceededPayment): Promise<PurchaseResult> {
    if (await this.orders.findByReservation(payment.reservationId)) return 'ordered';
    this.logger.error(
      `Payment ${payment.paymentIntentId} names unknown reservation ${payment.reservationId}: not applied`,
    );
    return 'unknown_reservation';
  }

  private countPaid(outcome: ConfirmOutcome): void {
    if (outcome.code === ReservationCode.NotFound) return;
    const { hold } = outcome;
    reservationsPaid.inc(holdLabels(hold));
    soldUnits.inc(
      holdLabels(hold),
      hold.lines.reduce((sum, line) => sum + line.quantity, 0),
    );
    if (outcome.code === ReservationCode.PaidLate)
      this.logger.log(`Late payment for ${hold.id} took its units again`);
  }

  /**
   * Test-only (NODE_ENV=test and FLASHLINE_FAULT=crash-after-confirm): the process dies between confirm and
   * the order write, as a crash would, and never goes on to write the order.
   */
  private async faultAfterConfirm(): Promise<void> {
    if (this.config.payments.fault !== 'crash-after-confirm') return;
    this.logger.error('FLASHLINE_FAULT=crash-after-confirm: killing this process after confirm');
    process.kill(process.pid, 'SIGKILL');
    await new Promise<never>(() => undefined);
  }
}
