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

  private readonly reservationState = signal<Reservation | null>(null);
  private readonly intentState = signal<PaymentIntentResponse | null>(null);
  private readonly stepState = signal<CheckoutStep>('loading');
  private readonly failure = signal<ApiError | null>(null);
  private readonly cardMessageState = signal<string | null>(null);
  private readonly products = signal<ReadonlyMap<string, Product>>(new Map());
  private session = new Subscription();
  private holdWatch: Subscription | null = null;
  private cancelWake: () => void = () => undefined;

  readonly reservation = this.reservationState.asReadonly();
  readonly intent = this.intentState.asReadonly();
  readonly step = this.stepState.asReadonly();
  /** The last failure, shown next to what failed (it may come with any step). */
  readonly error = this.failure.asReadonly();
  readonly mode: PaymentMode = this.config.stripePublishableKey === null ? 'simulated' : 'stripe';
  /** Stripe mode: the card form's state. */
  readonly cardForm = this.card.state;
  /** Stripe mode: what the payment provider said about the last attempt (a decline, an invalid field). */
  readonly cardMessage = this.cardMessageState.asReadonly();

  readonly lines = computed<LineView[]>(() => {
    const products = this.products();
    return (this.reservationState()?.lines ?? []).map((line) => {
      const product = products.get(line.productId);
      return { ...line, name: product?.name ?? 'Item', imageUrl: product?.imageUrl };
    });
  });
  readonly holdMsLeft = computed(() => {
    const reservation = this.reservationState();
    if (reservation?.status !== 'active') return 0;
    return Math.max(0, Date.parse(reservation.expiresAt) - this.clock.now());
  });
  readonly canPay = computed(() => this.stepState() === 'ready' && this.intentState() !== null);
  readonly canPayByCard = computed(() => this.canPay() && this.card.state() === 'ready');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  open(reservationId: string): void {
    this.close();
    this.reservationState.set(null);
    this.intentState.set(null);
    this.failure.set(null);
    this.cardMessageState.set(null);
    this.stepState.set('loading');
    this.session.add(
      this.reservationsApi.get(reservationId).subscribe({
        next: (reservation) => {
          this.clock.refresh();
          this.reservationState.set(reservation);
          this.loadProducts(reservation);
          this.route(reservation, false);
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.failure.set(apiError);
          this.stepState.set(apiError.code === 'NOT_FOUND' ? 'not_found' : 'error');
        },
      }),
    );
  }

  /**
   * Gets the reservation's payment intent (the API returns the same one on every call), then reads the
   * reservation again: making the intent may extend the hold (a grace period to pay), so the timer follows.
   */
  preparePayment(): void {
    const reservation = this.reservationState();
    if (reservation === null) return;
    this.stepState.set('preparing');
    this.failure.set(null);
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
            this.intentState.set(intent);
            this.clock.refresh();
            this.reservationState.set(latest);
            if (latest.status === 'active') {
              this.stepState.set('ready');
              this.watchHold(latest);
            } else {
              this.route(latest, false);
            }
          },
          error: (error: unknown) => {
            const apiError = toApiError(error);
            this.failure.set(apiError);
            this.stepState.set(apiError.code === 'RESERVATION_EXPIRED' ? 'expired' : 'error');
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
    const intent = this.intentState();
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
    const reservation = this.reservationState();
    if (reservation === null || !this.canPayByCard()) return;
    this.stepState.set('paying');
    this.failure.set(null);
    this.cardMessageState.set(null);
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
        this.cardMessageState.set(outcome.message);
        this.releaseAfterDecline(reservation.id);
        return;
      case 'invalid':
      case 'failed':
        this.cardMessageState.set(outcome.message);
        this.stepState.set('ready');
        this.watchHold(reservation);
        return;
    }
  }

  /** Releases the hold (204 also when the webhook already did), then reads what became of it. */
  private releaseAfterDecline(reservationId: string): void {
    this.stepState.set('confirming');
    this.session.add(
      this.reservationsApi
        .cancel(reservationId)
        .pipe(catchError(() => of(undefined)))
        .subscribe(() => this.confirm(reservationId, true)),
    );
  }

  /** After {@link CheckoutStep} `timed_out`: look again. */
  checkAgain(): void {
    const reservation = this.reservationState();
    if (reservation !== null) this.confirm(reservation.id, false);
  }

  private simulate(outcome: SimulatedOutcome): void {
    const reservation = this.reservationState();
    const intent = this.intentState();
    if (reservation === null || intent === null || !this.canPay()) return;
    this.stepState.set('paying');
    this.failure.set(null);
    this.stopWatchingHold();
    this.session.add(
      this.devPayments.simulate(intent.paymentIntentId, outcome).subscribe({
        next: () => this.confirm(reservation.id, outcome === 'fail'),
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.failure.set(apiError);
          if (apiError.code === 'RESERVATION_EXPIRED') {
            this.stepState.set('expired');
          } else {
            this.stepState.set('ready');
            this.watchHold(reservation);
          }
        },
      }),
    );
  }

  /** Polls the reservation with backoff until its status is final (or we give up waiting). */
  private confirm(reservationId: string, afterDecline: boolean): void {
    this.stepState.set('confirming');
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
            this.reservationState.set(reservation);
            // `active` after a decline: the failure webhook has not landed yet; keep waiting.
            if (FINAL.has(reservation.status)) {
              settled = true;
              this.stepState.set(stepForStatus(reservation.status, afterDecline));
            }
          },
          complete: () => {
            if (!settled) this.stepState.set('timed_out');
          },
          error: (error: unknown) => {
            this.failure.set(toApiError(error));
            this.stepState.set('timed_out');
          },
        }),
    );
  }

  private route(reservation: Reservation, afterDecline: boolean): void {
    const step = stepForStatus(reservation.status, afterDecline);
    if (step === 'ready') this.preparePayment();
    else if (step === 'confirming') this.confirm(reservation.id, afterDecline);
    else this.stepState.set(step);
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
            if (this.stepState() !== 'ready') return;
            this.reservationState.set(latest);
            if (latest.status === 'active') this.watchHold(latest, HOLD_RECHECK_MS);
            else this.stepState.set(stepForStatus(latest.status, false));
          },
          error: () => {
            if (this.stepState() === 'ready') this.stepState.set('expired');
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
          this.products.set(new Map(products.map((product) => [product.id, product]))),
        ),
    );
  }

  private close(): void {
    this.stopWatchingHold();
    this.session.unsubscribe();
    this.session = new Subscription();
  }
}
