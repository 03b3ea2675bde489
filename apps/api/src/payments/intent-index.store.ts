import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectRedis, paymentIntentReservationKey } from '@api/redis';

/** Long enough for any payment of a hold (its lifetime plus the grace) and its late events. */
const INTENT_INDEX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Which reservation a payment intent belongs to, for the routes that name an intent only (simulated
 * payments). The hold itself names its intent; this is the reverse lookup, rewritten every time the intent
 * is handed out, so a crash between attaching an intent and indexing it is repaired by the next call.
 */
@Injectable()
export class IntentIndex {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async remember(paymentIntentId: string, reservationId: string): Promise<void> {
    await this.redis.set(
      paymentIntentReservationKey(paymentIntentId),
      reservationId,
      'EX',
      INTENT_INDEX_TTL_SECONDS,
    );
  }

  async reservationOf(paymentIntentId: string): Promise<string | undefined> {
    return (await this.redis.get(paymentIntentReservationKey(paymentIntentId))) ?? undefined;
  }
}
