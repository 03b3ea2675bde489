import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type FlashSale, type FlashSaleEvent, type Reservation } from '@flashline/contracts';
import { type Observable, Subject, Subscription, catchError, of, switchMap, timer } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { FlashSalesApi } from '../../core/api/flash-sales.api';
import { newIdempotencyKey } from '../../core/api/idempotency-key';
import { ReservationsApi } from '../../core/api/reservations.api';
import { ServerClock } from '../../core/clock/server-clock';
import { type StreamMessage } from '../../core/http/event-stream';
import { type PurchaseKind, type PurchaseState } from './purchase-state';
import { type SalePhase, salePhase } from './sale-phase';

export type SaleLoadState = 'loading' | 'ready' | 'not_found' | 'error';
export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** When a 429 comes without `Retry-After` (it should not), wait this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;
/** If the server still calls a hold active when our clock says it lapsed, look again after this. */
const HOLD_RECHECK_MS = 250;

/** While the purchase is in one of these states, Buy stays disabled whatever the sale does. */
const BUY_BLOCKED_BY: ReadonlySet<PurchaseKind> = new Set<PurchaseKind>([
  'reserving',
  'held',
  'purchased',
  'limit_reached',
]);

/**
 * One flash sale page: the sale, its live `{remaining, held, status}` stream, the countdowns on the server's
 * clock, and the shopper's one-click reservation.
 *
 * Invariants: at most one reserve request is in flight (Buy is disabled while it is, and
 * {@link reserveItem} ignores calls meanwhile); every attempt at one intended purchase carries the same
 * `Idempotency-Key`, so a retry after a network error can never hold a second unit. The key is dropped
 * once the API has answered for good (a hold, or a refusal), so the next purchase gets a new one.
 */
@Injectable()
export class SaleStore {
  private readonly salesApi = inject(FlashSalesApi);
  private readonly reservationsApi = inject(ReservationsApi);
  private readonly clock = inject(ServerClock);

  private readonly saleState = signal<FlashSale | null>(null);
  private readonly loading = signal<SaleLoadState>('loading');
  private readonly loadFailure = signal<ApiError | null>(null);
  private readonly liveState = signal<FlashSaleEvent | null>(null);
  private readonly streamStatus = signal<StreamState>('connecting');
  private readonly purchaseState = signal<PurchaseState>({ kind: 'idle' });
  private readonly liveMessages = new Subject<FlashSaleEvent>();

  private saleId: string | null = null;
  private intentKey: string | null = null;
  private session = new Subscription();
  private holdCheck: Subscription | null = null;
  private wakes: Array<() => void> = [];

  readonly sale = this.saleState.asReadonly();
  readonly loadState = this.loading.asReadonly();
  readonly loadError = this.loadFailure.asReadonly();
  readonly streamState = this.streamStatus.asReadonly();
  readonly purchase = this.purchaseState.asReadonly();
  /** Server time, ticking every second. */
  readonly now = this.clock.now;

  /** The stream's latest message (`null` before the first). */
  readonly live = this.liveState.asReadonly();
  /** Every message of the sale's one stream, as it comes (the waiting room follows its `queue` field). */
  readonly events: Observable<FlashSaleEvent> = this.liveMessages.asObservable();
  /** A waiting-room sale's line as the stream last told it; `null` before the first message and without a line. */
  readonly queue = computed(() => this.liveState()?.queue ?? null);

  readonly remaining = computed(() => this.liveState()?.remaining ?? this.saleState()?.remaining ?? 0);
  /**
   * Units in other shoppers' carts (active holds), live from the stream: its `held` less this shopper's
   * own hold, when the page has one. 0 before the first message.
   */
  readonly inOtherCarts = computed(() => {
    const purchase = this.purchaseState();
    const own =
      purchase.kind === 'held'
        ? purchase.reservation.lines.reduce((units, line) => units + line.quantity, 0)
        : 0;
    return Math.max(0, (this.liveState()?.held ?? 0) - own);
  });
  readonly phase = computed<SalePhase | null>(() => {
    const sale = this.saleState();
    return sale === null ? null : salePhase(sale, this.liveState(), this.clock.now());
  });
  readonly msUntilStart = computed(() => this.msUntil(this.saleState()?.startsAt));
  readonly msUntilEnd = computed(() => this.msUntil(this.saleState()?.endsAt));
  readonly holdMsLeft = computed(() => {
    const purchase = this.purchaseState();
    return purchase.kind === 'held' ? this.msUntil(purchase.reservation.expiresAt) : 0;
  });
  /** Whole seconds until Buy works again after a 429 (0 when not rate limited). */
  readonly retryInSeconds = computed(() => {
    const purchase = this.purchaseState();
    if (purchase.kind !== 'rate_limited') return 0;
    return Math.max(0, Math.ceil((purchase.retryAt - this.clock.now()) / 1000));
  });
  readonly canReserve = computed(
    () =>
      this.phase() === 'active' &&
      !BUY_BLOCKED_BY.has(this.purchaseState().kind) &&
      this.retryInSeconds() === 0,
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  /** Shows sale `saleId`: reads it, follows its event stream and sharpens the server clock. */
  open(saleId: string): void {
    this.close();
    this.saleId = saleId;
    this.intentKey = null;
    this.saleState.set(null);
    this.liveState.set(null);
    this.loading.set('loading');
    this.loadFailure.set(null);
    this.streamStatus.set('connecting');
    this.purchaseState.set({ kind: 'idle' });

    this.session.add(
      this.salesApi.get(saleId).subscribe({
        next: (sale) => this.showSale(sale),
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.loadFailure.set(apiError);
          this.loading.set(
            apiError.code === 'NOT_FOUND' || apiError.code === 'VALIDATION_FAILED' ? 'not_found' : 'error',
          );
        },
      }),
    );
    this.session.add(this.salesApi.events(saleId).subscribe((message) => this.followStream(message)));
  }

  /** One click on Buy: holds one unit (`POST /api/flash-sales/:id/reservations`). */
  reserveItem(): void {
    const saleId = this.saleId;
    if (saleId === null || !this.canReserve()) return;
    this.intentKey ??= newIdempotencyKey();
    this.purchaseState.set({ kind: 'reserving' });
    this.session.add(
      this.salesApi.reserve(saleId, 1, this.intentKey).subscribe({
        next: (reservation) => {
          this.intentKey = null;
          this.track(reservation);
        },
        error: (error: unknown) => this.refused(toApiError(error)),
      }),
    );
  }

  /** Gives the held unit back at once (`DELETE /api/reservations/:id`). */
  releaseHold(): void {
    const purchase = this.purchaseState();
    if (purchase.kind !== 'held' || purchase.releasing) return;
    this.purchaseState.set({ ...purchase, releasing: true });
    this.session.add(
      this.reservationsApi.cancel(purchase.reservation.id).subscribe({
        next: () => {
          this.holdCheck?.unsubscribe();
          this.purchaseState.set({ kind: 'released' });
        },
        error: () => this.purchaseState.set({ ...purchase, releasing: false }),
      }),
    );
  }

  private showSale(sale: FlashSale): void {
    this.clock.refresh();
    this.saleState.set(sale);
    this.loading.set('ready');
    // Re-render at the exact moments the sale opens and closes, not at the next whole-second tick.
    this.wakes.push(this.clock.wakeAt(Date.parse(sale.startsAt)), this.clock.wakeAt(Date.parse(sale.endsAt)));
    const saleId = sale.id;
    this.session.add(this.clock.calibrate(() => this.salesApi.get(saleId)).subscribe());
  }

  private followStream(message: StreamMessage<FlashSaleEvent>): void {
    switch (message.type) {
      case 'open':
        this.streamStatus.set('live');
        break;
      case 'data':
        this.streamStatus.set('live');
        this.liveState.set(message.data);
        this.liveMessages.next(message.data);
        break;
      case 'reconnecting':
        this.streamStatus.set('reconnecting');
        break;
    }
  }

  private track(reservation: Reservation): void {
    switch (reservation.status) {
      case 'active':
        this.clock.refresh();
        this.purchaseState.set({ kind: 'held', reservation, releasing: false });
        this.watchHold(reservation, 0);
        break;
      case 'paid':
      case 'completed':
        this.purchaseState.set({ kind: 'purchased', reservation });
        break;
      case 'cancelled':
        this.purchaseState.set({ kind: 'released' });
        break;
      default:
        this.purchaseState.set({ kind: 'expired' });
    }
  }

  /** When the hold timer runs out, asks the API what became of it (expired, or paid meanwhile). */
  private watchHold(reservation: Reservation, minDelayMs: number): void {
    this.holdCheck?.unsubscribe();
    const expiresAt = Date.parse(reservation.expiresAt);
    this.wakes.push(this.clock.wakeAt(expiresAt));
    this.holdCheck = timer(Math.max(minDelayMs, expiresAt - this.clock.read()))
      .pipe(switchMap(() => this.reservationsApi.get(reservation.id).pipe(catchError(() => of(null)))))
      .subscribe((latest) => {
        if (this.purchaseState().kind !== 'held') return;
        if (latest === null) this.purchaseState.set({ kind: 'expired' });
        else if (latest.status === 'active') {
          this.purchaseState.set({ kind: 'held', reservation: latest, releasing: false });
          this.watchHold(latest, HOLD_RECHECK_MS);
        } else this.track(latest);
      });
    this.session.add(this.holdCheck);
  }

  private refused(error: ApiError): void {
    const { message } = error;
    switch (error.code) {
      case 'SOLD_OUT':
        this.intentKey = null;
        this.purchaseState.set({ kind: 'sold_out', message });
        // Units in carts are the stream's word: kept as it last said them until its next message.
        this.liveState.update((live) => ({
          ...live,
          remaining: 0,
          held: live?.held ?? 0,
          status: 'sold_out',
          paused: live?.paused ?? false,
        }));
        break;
      case 'LIMIT_REACHED':
        this.intentKey = null;
        this.purchaseState.set({ kind: 'limit_reached', message });
        break;
      case 'SALE_NOT_ACTIVE':
        this.intentKey = null;
        this.purchaseState.set({ kind: 'not_active', message });
        this.refreshSale();
        break;
      case 'NOT_ADMITTED':
        // A waiting-room sale and no valid admission (it lapsed, or was never given): the line says what next.
        this.intentKey = null;
        this.purchaseState.set({ kind: 'not_admitted', message });
        break;
      case 'RATE_LIMITED': {
        // Not processed: the same key is kept for the retry.
        this.clock.refresh();
        const retryAt = this.clock.read() + (error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;
        this.wakes.push(this.clock.wakeAt(retryAt));
        this.purchaseState.set({ kind: 'rate_limited', message, retryAt });
        break;
      }
      default:
        // Network errors may hide a hold that was made: the retry reuses the key and gets that hold back.
        this.purchaseState.set({ kind: 'failed', message });
    }
  }

  private refreshSale(): void {
    if (this.saleId === null) return;
    this.session.add(
      this.salesApi.get(this.saleId).subscribe({
        next: (sale) => {
          this.saleState.set(sale);
          this.liveState.update((live) => ({
            queue: live?.queue,
            remaining: sale.remaining,
            held: live?.held ?? 0,
            status: sale.status,
            paused: sale.paused,
          }));
        },
        error: () => undefined,
      }),
    );
  }

  private msUntil(iso: string | undefined): number {
    return iso === undefined ? 0 : Math.max(0, Date.parse(iso) - this.clock.now());
  }

  private close(): void {
    this.session.unsubscribe();
    this.session = new Subscription();
    this.holdCheck = null;
    this.wakes.forEach((cancel) => cancel());
    this.wakes = [];
  }
}
