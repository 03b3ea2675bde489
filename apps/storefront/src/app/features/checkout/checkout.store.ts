import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import {
  type PaymentIntentResponse,
  type Product,
  type Reservation,
  type ReservationStatus,
} from '@flashline/contracts';
import {
  Subscription,
  catchError,
  defer,
  forkJoin,
  from,
  map,
  of,
  repeat,
  retry,
  switchMap,
  takeUntil,
  takeWhile,
  timer,
} from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { DevPaymentsApi, type SimulatedOutcome } from '../../core/api/dev-payments.api';
import { ProductsApi } from '../../core/api/products.api';
import { ReservationsApi } from '../../core/api/reservations.api';
import { ServerClock } from '../../core/clock/server-clock';
import { STOREFRONT_CONFIG } from '../../core/config/storefront-config';
import { CardPayment, type CardPaymentOutcome } from './card-payment';

export type CheckoutStep =
  | 'loading'
  | 'not_found'
  /** Reading the reservation failed, or its payment intent could not be made. */
  | 'error'
  /** Creating (or fetching again) the reservation's payment intent. */
  | 'preparing'
  | 'ready'
  /** The payment was sent; waiting for the API to accept it. */
  | 'paying'
  /** Paid; waiting for the webhook-made order (polling the reservation). */
  | 'confirming'
  | 'completed'
  /** The card was declined: the hold was released. */
  | 'declined'
  | 'expired'
  | 'cancelled'
  | 'refunded'
  /** Still not settled after {@link CONFIRM_GIVE_UP_MS}: the order may still come. */
  | 'timed_out';

/** How payment is taken: against the API's simulated routes, or Stripe with a publishable key. */
export type PaymentMode = 'simulated' | 'stripe';

export interface LineView {
  readonly productId: string;
  readonly name: string;
  readonly imageUrl?: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/**
 * Everything the checkout page shows, in one signal: the step (`kind`) and what it was reached with. Every
 * transition is one {@link CheckoutStore} `update`, so no reader ever sees a step with the previous step's data.
 */
export interface CheckoutState {
  readonly kind: CheckoutStep;
  readonly reservation: Reservation | null;
  /** The reservation's payment intent, once made (the API returns the same one on every call). */
  readonly intent: PaymentIntentResponse | null;
  /** The last failure, shown next to what failed (it may come with any step). */
  readonly error: ApiError | null;
  /** Stripe mode: what the payment provider said about the last attempt (a decline, an invalid field). */
  readonly cardMessage: string | null;
  /** The reservation's products, for names and pictures (a line whose product failed to load shows "Item"). */
  readonly products: ReadonlyMap<string, Product>;
}

const OPENING: CheckoutState = {
  kind: 'loading',
  reservation: null,
  intent: null,
  error: null,
  cardMessage: null,
  products: new Map(),
};

/** Stop polling for the order after this long and say so (the order may still appear in My orders). */
export const CONFIRM_GIVE_UP_MS = 60_000;

/** If the API still calls a hold active when our clock says it lapsed, look again after this. */
const HOLD_RECHECK_MS = 250;

/** Backoff between reads of a paid reservation: 300 ms, growing ×1.6, at most 3 s. */
export function confirmPollDelay(attempt: number): number {
  return Math.min(3_000, Math.round(300 * 1.6 ** Math.max(0, attempt - 1)));
}

const FINAL: ReadonlySet<ReservationStatus> = new Set<ReservationStatus>([
  'completed',
  'refunded',
  'cancelled',
  'expired',
]);

/** The step a reservation's status means for this page; `declined` marks a payment we sent failing. */
export function stepForStatus(status: ReservationStatus, afterDecline: boolean): CheckoutStep {
  switch (status) {
    case 'active':
      return 'ready';
    case 'paid':
      return 'confirming';
    case 'completed':
      return 'completed';
    case 'refunded':
      return 'refunded';
    case 'cancelled':
      return afterDecline ? 'declined' : 'cancelled';
    case 'expired':
      return 'expired';
  }
}

/**
 * Paying for one reservation: read it, get its payment intent, pay (simulated: the API's dev routes make
 * the webhook Stripe would send; Stripe mode: the Payment Element confirms the intent with Stripe, which
 * sends the webhook), then poll the reservation with backoff until the webhook's outcome shows:
 * `completed` with the new `orderId`, or `refunded`, `cancelled`, `expired`.
 */
@Injectable()
export class CheckoutStore {
  private readonly reservationsApi = inject(ReservationsApi);
  private readonly devPayments = inject(DevPaymentsApi);
  private readonly productsApi = inject(ProductsApi);
  private readonly clock = inject(ServerClock);
  private readonly config = inject(STOREFRONT_CONFIG);
  private readonly card = inject(CardPayment);
  private readonly document = inject(DOCUMENT);

  private readonly current = signal<CheckoutState>(OPENING);
  private session = new Subscription();
  private holdWatch: Subscription | null = null;
  private cancelWake: () => void = () => undefined;

  readonly state = this.current.asReadonly();
  readonly reservation = computed(() => this.current().reservation);
  readonly intent = computed(() => this.current().intent);
  readonly step = computed(() => this.current().kind);
  /** The last failure, shown next to what failed (it may come with any step). */
  readonly error = computed(() => this.current().error);
  readonly mode: PaymentMode = this.config.stripePublishableKey === null ? 'simulated' : 'stripe';
  /** Stripe mode: the card form's state. */
  readonly cardForm = this.card.state;
  /** Stripe mode: what the payment provider said about the last attempt (a decline, an invalid field). */
  readonly cardMessage = computed(() => this.current().cardMessage);

  readonly lines = computed<LineView[]>(() => {
    const { products, reservation } = this.current();
    return (reservation?.lines ?? []).map((line) => {
      const product = products.get(line.productId);
      return { ...line, name: product?.name ?? 'Item', imageUrl: product?.imageUrl };
    });
  });
  readonly holdMsLeft = computed(() => {
    const reservation = this.reservation();
    if (reservation?.status !== 'active') return 0;
    return Math.max(0, Date.parse(reservation.expiresAt) - this.clock.now());
  });
  readonly canPay = computed(() => this.step() === 'ready' && this.intent() !== null);
  readonly canPayByCard = computed(() => this.canPay() && this.card.state() === 'ready');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  open(reservationId: string): void {
    this.close();
    this.current.set(OPENING);
    this.session.add(
      this.reservationsApi.get(reservationId).subscribe({
        next: (reservation) => {
          this.clock.refresh();
          this.update({ reservation });
          this.loadProducts(reservation);
          this.route(reservation, false);
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.update({ kind: apiError.code === 'NOT_FOUND' ? 'not_found' : 'error', error: apiError });
        },
      }),
    );
  }

  /**
   * Gets the reservation's payment intent (the API returns the same one on every call), then reads the
   * reservation again: making the intent may extend the hold (a grace period to pay), so the timer follows.
   */
  preparePayment(): void {
    const reservation = this.reservation();
    if (reservation === null) return;
    this.update({ kind: 'preparing', error: null });
    this.session.add(
      this.reservationsApi
        .createPaymentIntent(reservation.id)
        .pipe(
          switchMap((intent) =>
            this.reservationsApi.get(reservation.id).pipe(
              catchError(() => of(reservation)),
              map((latest) => ({ intent, latest })),
            ),
          ),
        )
        .subscribe({
          next: ({ intent, latest }) => {
            this.clock.refresh();
            if (latest.status === 'active') {
              this.update({ kind: 'ready', intent, reservation: latest });
              this.watchHold(latest);
            } else {
              this.update({ intent, reservation: latest });
              this.route(latest, false);
            }
          },
          error: (error: unknown) => {
            const apiError = toApiError(error);
            this.update({
              kind: apiError.code === 'RESERVATION_EXPIRED' ? 'expired' : 'error',
              error: apiError,
            });
          },
        }),
    );
  }

  /** "Pay (test mode)": the API signs and delivers a `payment_intent.succeeded` webhook. */
  payInTestMode(): void {
    this.simulate('succeed');
  }

  /** "Simulate a declined card": a `payment_intent.payment_failed` webhook, which releases the hold. */
  declineInTestMode(): void {
    this.simulate('fail');
  }

  /** Stripe mode: mounts the Payment Element for this reservation's intent into `host` (the page's). */
  mountCardForm(host: HTMLElement): void {
    const intent = this.intent();
    if (this.mode !== 'stripe' || intent === null) return;
    void this.card.mount(host, intent.clientSecret);
  }

  unmountCardForm(): void {
    this.card.unmount();
  }

  /**
   * Stripe mode's Pay: confirms the intent with Stripe. Accepted → wait for the webhook-made order; declined
   * → release the hold at once (the `payment_failed` webhook would too) and say so; an invalid form or an
   * unreachable Stripe → stay ready, hold and timer unchanged, with the reason.
   */
  payWithCard(): void {
    const reservation = this.reservation();
    if (reservation === null || !this.canPayByCard()) return;
    this.update({ kind: 'paying', error: null, cardMessage: null });
    this.stopWatchingHold();
    const returnUrl = new URL(`checkout/${encodeURIComponent(reservation.id)}`, this.document.baseURI).href;
    this.session.add(
      from(this.card.confirm(returnUrl)).subscribe((outcome) => this.afterCardPayment(reservation, outcome)),
    );
  }

  private afterCardPayment(reservation: Reservation, outcome: CardPaymentOutcome): void {
    switch (outcome.kind) {
      case 'submitted':
        this.confirm(reservation.id, false);
        return;
      case 'declined':
        this.update({ cardMessage: outcome.message });
        this.releaseAfterDecline(reservation.id);
        return;
      case 'invalid':
      case 'failed':
        this.update({ kind: 'ready', cardMessage: outcome.message });
        this.watchHold(reservation);
        return;
    }
  }

  /** Releases the hold (204 also when the webhook already did), then reads what became of it. */
  private releaseAfterDecline(reservationId: string): void {
    this.update({ kind: 'confirming' });
    this.session.add(
      this.reservationsApi
        .cancel(reservationId)
        .pipe(catchError(() => of(undefined)))
        .subscribe(() => this.confirm(reservationId, true)),
    );
  }

  /** After {@link CheckoutStep} `timed_out`: look again. */
  checkAgain(): void {
    const reservation = this.reservation();
    if (reservation !== null) this.confirm(reservation.id, false);
  }

  private simulate(outcome: SimulatedOutcome): void {
    const { reservation, intent } = this.current();
    if (reservation === null || intent === null || !this.canPay()) return;
    this.update({ kind: 'paying', error: null });
    this.stopWatchingHold();
    this.session.add(
      this.devPayments.simulate(intent.paymentIntentId, outcome).subscribe({
        next: () => this.confirm(reservation.id, outcome === 'fail'),
        error: (error: unknown) => {
          const apiError = toApiError(error);
          if (apiError.code === 'RESERVATION_EXPIRED') {
            this.update({ kind: 'expired', error: apiError });
          } else {
            this.update({ kind: 'ready', error: apiError });
            this.watchHold(reservation);
          }
        },
      }),
    );
  }

  /** Polls the reservation with backoff until its status is final (or we give up waiting). */
  private confirm(reservationId: string, afterDecline: boolean): void {
    this.update({ kind: 'confirming' });
    let settled = false;
    this.session.add(
      defer(() => this.reservationsApi.get(reservationId))
        .pipe(
          retry({ count: 8, delay: (_error, attempt) => timer(confirmPollDelay(attempt)) }),
          repeat({ delay: (attempt) => timer(confirmPollDelay(attempt)) }),
          takeWhile((reservation) => !FINAL.has(reservation.status), true),
          takeUntil(timer(CONFIRM_GIVE_UP_MS)),
        )
        .subscribe({
          next: (reservation) => {
            // `active` after a decline: the failure webhook has not landed yet; keep waiting.
            settled = FINAL.has(reservation.status);
            this.update(
              settled
                ? { kind: stepForStatus(reservation.status, afterDecline), reservation }
                : { reservation },
            );
          },
          complete: () => {
            if (!settled) this.update({ kind: 'timed_out' });
          },
          error: (error: unknown) => {
            this.update({ kind: 'timed_out', error: toApiError(error) });
          },
        }),
    );
  }

  private route(reservation: Reservation, afterDecline: boolean): void {
    const step = stepForStatus(reservation.status, afterDecline);
    if (step === 'ready') this.preparePayment();
    else if (step === 'confirming') this.confirm(reservation.id, afterDecline);
    else this.update({ kind: step });
  }

  /** When the hold runs out while the shopper has not paid, confirms with the API that it expired. */
  private watchHold(reservation: Reservation, minDelayMs = 0): void {
    this.stopWatchingHold();
    const expiresAt = Date.parse(reservation.expiresAt);
    this.cancelWake = this.clock.wakeAt(expiresAt);
    this.holdWatch = timer(Math.max(minDelayMs, expiresAt - this.clock.read())).subscribe(() => {
      this.session.add(
        this.reservationsApi.get(reservation.id).subscribe({
          next: (latest) => {
            if (this.step() !== 'ready') return;
            if (latest.status === 'active') {
              this.update({ reservation: latest });
              this.watchHold(latest, HOLD_RECHECK_MS);
            } else {
              this.update({ kind: stepForStatus(latest.status, false), reservation: latest });
            }
          },
          error: () => {
            if (this.step() === 'ready') this.update({ kind: 'expired' });
          },
        }),
      );
    });
    this.session.add(this.holdWatch);
  }

  private stopWatchingHold(): void {
    this.holdWatch?.unsubscribe();
    this.holdWatch = null;
    this.cancelWake();
  }

  private loadProducts(reservation: Reservation): void {
    const ids = [...new Set(reservation.lines.map((line) => line.productId))];
    if (ids.length === 0) return;
    this.session.add(
      forkJoin(ids.map((id) => this.productsApi.get(id).pipe(catchError(() => of(null)))))
        .pipe(map((products) => products.filter((product): product is Product => product !== null)))
        .subscribe((products) =>
          this.update({ products: new Map(products.map((product) => [product.id, product])) }),
        ),
    );
  }

  /** The one way the state changes: a step, and what it was reached with, in one write. */
  private update(changes: Partial<CheckoutState>): void {
    this.current.update((state) => ({ ...state, ...changes }));
  }

  private close(): void {
    this.stopWatchingHold();
    this.session.unsubscribe();
    this.session = new Subscription();
  }
}
