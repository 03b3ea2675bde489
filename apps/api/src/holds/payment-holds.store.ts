import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { defineScripts, InjectRedis } from '@api/redis';
import { type Hold, type HoldStatus, parseHold } from './hold-record';
import { type HoldPool, poolOfReservation } from './hold-pool';
import { SETTLING_BATCH } from './holds.store';
import { ReservationCode } from './reservation-result';
import { asReply, stockByProduct, type StockCounts, text, unitsByProduct } from './script-replies';

/** A successful payment as Stripe reported it (a verified webhook). */
export interface SucceededPayment {
  reservationId: string;
  paymentIntentId: string;
  amountCents: number;
  currency: string;
}

export type ConfirmOutcome =
  | {
      code:
        | ReservationCode.Paid
        | ReservationCode.PaidLate
        | ReservationCode.AlreadyPaid
        | ReservationCode.Completed
        | ReservationCode.Refunded
        | ReservationCode.NoStock
        | ReservationCode.Mismatch
        | ReservationCode.OtherIntent
        | ReservationCode.ForeignIntent;
      hold: Hold;
    }
  | { code: ReservationCode.NotFound };

export interface PaymentIntentRef {
  id: string;
  clientSecret: string;
}

export type AttachOutcome =
  | {
      code:
        | ReservationCode.Attached
        | ReservationCode.Existing
        | ReservationCode.Expired
        | ReservationCode.Ended;
      hold: Hold;
    }
  | { code: ReservationCode.NotFound };

export type CompleteOutcome =
  | {
      code: ReservationCode.Completed | ReservationCode.AlreadyCompleted | ReservationCode.NotPaid;
      hold: Hold;
    }
  | { code: ReservationCode.NotFound };

export interface ReleaseUnpaidOutcome {
  code:
    | ReservationCode.Released
    | ReservationCode.Unchanged
    | ReservationCode.Ignored
    | ReservationCode.NotFound;
  /** The hold's status afterwards (absent when not found). */
  status?: HoldStatus;
}

/** One pool at one instant, for the payments audit. */
export interface PoolAudit {
  stock: Map<string, StockCounts>;
  /** Units in active holds, per product. */
  active: Map<string, number>;
  /** Units in paid holds whose order is not written yet, per product. */
  settlingUnits: Map<string, number>;
  /** Holds paid or refused whose settling is not over. */
  settlingIds: string[];
}

/**
 * Payment holds (see docs/payments.md): the hold scripts the payments module calls to attach an intent,
 * confirm, complete or release a hold, and the settling and voided indexes it works through.
 */
@Injectable()
export class PaymentHoldsStore {
  constructor(@InjectRedis() private readonly redis: Redis) {
    defineScripts(redis);
  }

  /** attach-intent.lua: stores a payment intent on an active hold (first writer wins), extending it once. */
  async attachIntent(
    reservationId: string,
    ownerId: string,
    intent: PaymentIntentRef,
    graceMs: number,
  ): Promise<AttachOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleAttachIntent(
        ...pool.scriptKeys,
        reservationId,
        ownerId,
        intent.id,
        intent.clientSecret,
        graceMs,
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as AttachOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(reservationId, text(reply[1])) };
  }

  /** confirm.lua: a payment for the hold succeeded; decides (once) whether it buys the units or is refunded. */
  async confirm(payment: SucceededPayment): Promise<ConfirmOutcome> {
    const pool = poolOfReservation(payment.reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleConfirm(
        pool.definition,
        ...pool.scriptKeys,
        payment.reservationId,
        payment.paymentIntentId,
        payment.amountCents,
        payment.currency,
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as ConfirmOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(payment.reservationId, text(reply[1])) };
  }

  /** complete.lua: the paid hold's order is written; the hold names it and stops settling. */
  async complete(reservationId: string, orderId: string): Promise<CompleteOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(await this.redis.flashSaleComplete(...pool.scriptKeys, reservationId, orderId));
    const code = reply[0] as CompleteOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(reservationId, text(reply[1])) };
  }

  /** release-unpaid.lua: the hold's intent failed or was cancelled: an active hold is released at once. */
  async releaseUnpaid(
    reservationId: string,
    paymentIntentId: string,
    cancelIntent: boolean,
  ): Promise<ReleaseUnpaidOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleReleaseUnpaid(
        ...pool.scriptKeys,
        reservationId,
        paymentIntentId,
        cancelIntent ? '1' : '0',
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as ReleaseUnpaidOutcome['code'];
    return code === ReservationCode.NotFound ? { code } : { code, status: text(reply[1]) as HoldStatus };
  }

  /** Holds of the pool paid or refused before `before` (ms, Redis clock) whose settling is not over. */
  async settling(pool: HoldPool, before: number, limit = SETTLING_BATCH): Promise<string[]> {
    return this.redis.zrangebyscore(pool.keys.settling, '-inf', before, 'LIMIT', 0, limit);
  }

  /** The hold's payment is settled (its refund issued): it leaves the settling index. Idempotent. */
  async settled(reservationId: string): Promise<void> {
    const pool = poolOfReservation(reservationId);
    if (pool) await this.redis.zrem(pool.keys.settling, reservationId);
  }

  /** claim-voided.lua: intents of holds that ended unpaid, each leased to one caller for `leaseMs`. */
  async claimVoided(pool: HoldPool, batch: number, leaseMs: number): Promise<string[]> {
    return asReply(await this.redis.flashSaleClaimVoided(pool.keys.voided, batch, leaseMs)).map(text);
  }

  /** The intent is cancelled at Stripe (or cannot be): it leaves the voided index. Idempotent. */
  async voidDone(pool: HoldPool, paymentIntentId: string): Promise<void> {
    await this.redis.zrem(pool.keys.voided, paymentIntentId);
  }

  /** audit-pool.lua: one consistent snapshot of a pool; undefined when it has too many active holds. */
  async auditPool(pool: HoldPool, maxActiveHolds: number): Promise<PoolAudit | undefined> {
    const reply = asReply(await this.redis.flashSaleAuditPool(...pool.scriptKeys, maxActiveHolds));
    if (reply[0] !== 'OK') return undefined;
    const [, stock, active, settlingUnits, settlingIds] = reply as unknown as [
      string,
      string[],
      unknown[],
      unknown[],
      string[],
    ];
    return {
      stock: stockByProduct(stock),
      active: unitsByProduct(active),
      settlingUnits: unitsByProduct(settlingUnits),
      settlingIds,
    };
  }
}
