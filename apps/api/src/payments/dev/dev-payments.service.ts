import type { Server } from 'node:net';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { PaymentIntentResponse } from '@flashline/contracts';
import type { AuthUser } from '@api/common/auth';
import { DomainError, notFound } from '@api/common/errors';
import { AppConfig } from '@api/config';
import { holdAmountCents, HoldsStore } from '@api/holds';
import { IntentIndex } from '../intent-index.store';
import { PaymentGateway } from '../payment-gateway.service';
import { PaymentIntentsService } from '../payment-intents.service';
import { WEBHOOK_PATH } from '../webhook-route';
import { type SimulatedIntent, simulatedEvent, type SimulatedOutcome } from './simulated-event';

export interface SimulatedPayment {
  eventId: string;
  type: string;
  paymentIntentId: string;
  reservationId: string;
}

/**
 * Simulated payments (no real Stripe key, never in production): builds the event Stripe would send, signs it
 * with the webhook secret exactly as Stripe does and POSTs it to this API's own webhook over HTTP, so the
 * event takes the real path: raw body, signature check, exactly-once processing.
 */
@Injectable()
export class DevPaymentsService {
  constructor(
    private readonly holds: HoldsStore,
    private readonly index: IntentIndex,
    private readonly intents: PaymentIntentsService,
    private readonly gateway: PaymentGateway,
    private readonly adapter: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  /** Pays (or fails) an intent, for its owner or an admin. */
  async settleIntent(
    paymentIntentId: string,
    outcome: SimulatedOutcome,
    caller: AuthUser,
  ): Promise<SimulatedPayment> {
    const intent = await this.intentFor(paymentIntentId, caller);
    return this.deliver(intent, outcome);
  }

  /** Pays (or fails) a reservation, creating its intent first if needed: what `npm run pay` does. */
  async settleReservation(
    reservationId: string,
    outcome: SimulatedOutcome,
    caller: AuthUser,
  ): Promise<SimulatedPayment> {
    const intent: PaymentIntentResponse = await this.intents.forOwnerOrAdmin(reservationId, caller);
    return this.deliver({ ...intent, id: intent.paymentIntentId, reservationId }, outcome);
  }

  private async intentFor(paymentIntentId: string, caller: AuthUser): Promise<SimulatedIntent> {
    const reservationId = await this.index.reservationOf(paymentIntentId);
    const hold = reservationId ? await this.holds.findHold(reservationId) : undefined;
    if (!hold || hold.paymentIntent?.id !== paymentIntentId) throw notFound('Payment intent');
    if (caller.role !== 'admin' && hold.userId !== caller.id) throw notFound('Payment intent');
    return {
      id: paymentIntentId,
      amountCents: holdAmountCents(hold),
      currency: hold.currency,
      reservationId: hold.id,
    };
  }

  private async deliver(intent: SimulatedIntent, outcome: SimulatedOutcome): Promise<SimulatedPayment> {
    const event = simulatedEvent(intent, outcome);
    const payload = JSON.stringify(event);
    const response = await fetch(`${this.ownUrl()}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': this.gateway.signPayload(payload) },
      body: payload,
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status >= 500) {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        `The webhook answered ${response.status}: try again shortly.`,
      );
    }
    // A refused simulated event is a bug of ours (logged as INTERNAL).
    if (!response.ok) throw new Error(`The webhook refused a simulated event: ${response.status}`);
    return {
      eventId: String(event.id),
      type: String(event.type),
      paymentIntentId: intent.id,
      reservationId: intent.reservationId,
    };
  }

  /** This process's own listener (tests listen on an ephemeral port; otherwise the configured PORT). */
  private ownUrl(): string {
    const address = (this.adapter.httpAdapter.getHttpServer() as Server).address();
    const port = address && typeof address === 'object' ? address.port : this.config.http.port;
    return `http://127.0.0.1:${port}`;
  }
}
