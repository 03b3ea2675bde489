import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type FlashSale, type FlashSaleEvent, type QueueTicket } from '@flashline/contracts';
import { Subscription, timer } from 'rxjs';

import { toApiError } from '../../../core/api/api-error';
import { FlashSalesApi } from '../../../core/api/flash-sales.api';
import { AuthStore } from '../../../core/auth/auth.store';
import { ServerClock } from '../../../core/clock/server-clock';
import { type PurchaseKind } from '../purchase-state';
import { SaleStore } from '../sale.store';
import { type LineState, type LineView, lineAnnouncement, lineView } from './line-state';

/** Never read the ticket more often than this, whatever the stream says. */
export const TICKET_REFRESH_MIN_MS = 1_000;
/** After `startsAt`, read an early joiner's ticket this long later: the draw has run by then. */
export const DRAW_READ_DELAY_MS = 500;
/** While an early joiner's number is still unknown after the start, look again this often. */
export const DRAW_RETRY_MS = 1_500;

/** The longest delay `setTimeout` keeps (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Purchase outcomes after which the ticket has changed (used) or must be read again (refused). */
const TICKET_CHANGED_BY: ReadonlySet<PurchaseKind> = new Set<PurchaseKind>([
  'held',
  'not_admitted',
  'sold_out',
]);

/**
 * A waiting-room sale's line for the shopper on the sale page: reads the ticket back on open (so a reload
 * keeps the place), joins automatically when signed in, and follows the ONE sale stream for position and
 * endings. The ticket is read again (GET queue) only on a transition the stream or the clock reveals: the
 * draw, this ticket's admission, the admission's end, the line emptying, the sale's status changing.
 *
 * Needs the page's {@link SaleStore} (same injector): it reads the sale, the stream and the purchase from it.
 */
@Injectable()
export class WaitingRoomStore {
  private readonly api = inject(FlashSalesApi);
  private readonly saleStore = inject(SaleStore);
  private readonly auth = inject(AuthStore);
  private readonly clock = inject(ServerClock);

  private readonly current = signal<LineState>({ kind: 'closed' });
  /** Which sale and sign-in the state belongs to, so a re-read of the same sale changes nothing. */
  private openedFor: string | null = null;
  private lastEvent: FlashSaleEvent | null = null;
  private lastRefreshAt = -Infinity;
  private refreshing = false;
  private session = new Subscription();
  private followUp: Subscription | null = null;
  /** A read put off by the once-a-second limit: a transition is never dropped, only delayed. */
  private deferred: Subscription | null = null;
  private cancelWake: () => void = () => undefined;

  readonly state = this.current.asReadonly();
  readonly view = computed<LineView>(() => {
    const sale = this.saleStore.sale();
    const phase = this.saleStore.phase();
    if (sale === null || phase === null) return { kind: 'checking' };
    return lineView(this.current(), { sale, live: this.saleStore.live(), phase, now: this.clock.now() });
  });
  /** For the polite live region: changes at the line's milestones only. */
  readonly announcement = computed(() => {
    const sale = this.saleStore.sale();
    return sale === null ? '' : lineAnnouncement(this.view(), sale);
  });
  readonly busy = computed(() => {
    const state = this.current();
    return (
      state.kind === 'joining' || state.kind === 'checking' || (state.kind === 'in_line' && state.leaving)
    );
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => this.close());
    this.saleStore.events.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.follow(event));
    effect(() => {
      const sale = this.saleStore.sale();
      const signedIn = this.auth.isSignedIn();
      untracked(() => this.start(sale, signedIn));
    });
    effect(() => {
      const kind = this.saleStore.purchase().kind;
      untracked(() => {
        if (TICKET_CHANGED_BY.has(kind)) this.refresh(true);
      });
    });
  }

  /** "Join the line" (and "join again, at the back" after an admission lapsed or after leaving). */
  join(): void {
    const saleId = this.saleStore.sale()?.id;
    const state = this.current();
    if (saleId === undefined || state.kind === 'joining' || state.kind === 'checking') return;
    if (state.kind === 'in_line' && state.ticket.status !== 'expired') return;
    this.current.set({ kind: 'joining' });
    this.session.add(
      this.api.joinLine(saleId).subscribe({
        next: (ticket) => this.hold(ticket),
        error: (error: unknown) =>
          this.current.set({ kind: 'out', left: false, message: toApiError(error).message }),
      }),
    );
  }

  /** "Leave the line": an admission not used yet is given up. */
  leave(): void {
    const saleId = this.saleStore.sale()?.id;
    const state = this.current();
    if (saleId === undefined || state.kind !== 'in_line' || state.leaving) return;
    this.current.set({ ...state, leaving: true });
    this.session.add(
      this.api.leaveLine(saleId).subscribe({
        next: () => {
          this.stopFollowUp();
          this.current.set({ kind: 'out', left: true, message: null });
        },
        error: () => this.current.set({ ...state, leaving: false }),
      }),
    );
  }

  /** Opens the line for the sale the page shows, once per sale and sign-in. */
  private start(sale: FlashSale | null, signedIn: boolean): void {
    const key = sale === null || sale.waitingRoom === null ? null : `${sale.id}:${signedIn}`;
    if (key === this.openedFor) return;
    this.close();
    this.openedFor = key;
    if (sale === null || sale.waitingRoom === null) {
      this.current.set({ kind: 'closed' });
    } else if (!signedIn) {
      this.current.set({ kind: 'out', left: false, message: null });
    } else {
      this.readBack(sale);
    }
  }

  /** A reload keeps the place: the ticket is read back; a signed-in shopper not in line joins at once. */
  private readBack(sale: FlashSale): void {
    this.current.set({ kind: 'checking' });
    this.session.add(
      this.api.ticket(sale.id).subscribe({
        next: (ticket) => this.hold(ticket),
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.current.set({ kind: 'out', left: false, message: null });
          const phase = this.saleStore.phase();
          if (apiError.code === 'NOT_FOUND' && phase !== 'ended' && phase !== 'sold_out') this.join();
          else if (apiError.code !== 'NOT_FOUND') {
            this.current.set({ kind: 'out', left: false, message: apiError.message });
          }
        },
      }),
    );
  }

  private refreshLater(delayMs: number): void {
    if (this.deferred !== null) return;
    this.deferred = timer(delayMs).subscribe(() => {
      this.deferred = null;
      this.refresh(true);
    });
    this.session.add(this.deferred);
  }

  private hold(ticket: QueueTicket): void {
    // An admission's countdown starts from this answer's server time, not the last whole-second tick.
    if (ticket.status === 'admitted') this.clock.refresh();
    this.current.set({ kind: 'in_line', ticket, leaving: false });
    this.scheduleFollowUp(ticket);
    // The stream may have moved on while this ticket was read: it is read again, a second later.
    if (this.lastEvent !== null && this.outdated(ticket, this.lastEvent))
      this.refreshLater(TICKET_REFRESH_MIN_MS);
  }

  /** The stream's transitions that change this ticket; anything else is rendered from the stream alone. */
  private follow(event: FlashSaleEvent): void {
    const previous = this.lastEvent;
    this.lastEvent = event;
    const state = this.current();
    if (state.kind !== 'in_line' || state.ticket.status !== 'waiting') return;
    const statusChanged = event.status !== (previous?.status ?? this.saleStore.sale()?.status);
    if (statusChanged || this.outdated(state.ticket, event)) this.refresh(false);
  }

  /**
   * A waiting ticket the stream has moved past: the draw has run (its number is due), the stream admitted up
   * to its number, or the line is empty though it waits (sold out or ended). Until a read says otherwise.
   */
  private outdated(ticket: QueueTicket, event: FlashSaleEvent): boolean {
    if (ticket.status !== 'waiting') return false;
    const { number } = ticket;
    const queue = event.queue;
    if (number === null) return this.clock.read() >= Date.parse(this.saleStore.sale()?.startsAt ?? '');
    return queue !== undefined && (queue.admittedUpTo >= number || queue.waiting === 0);
  }

  /** GET queue: at most one in flight, and (unless `now`) not more than once a second. */
  private refresh(now: boolean): void {
    const saleId = this.saleStore.sale()?.id;
    if (saleId === undefined || this.current().kind !== 'in_line' || this.refreshing) return;
    const sinceLast = this.clock.read() - this.lastRefreshAt;
    if (!now && sinceLast < TICKET_REFRESH_MIN_MS) {
      this.refreshLater(TICKET_REFRESH_MIN_MS - sinceLast);
      return;
    }
    this.refreshing = true;
    this.lastRefreshAt = this.clock.read();
    this.session.add(
      this.api.ticket(saleId).subscribe({
        next: (ticket) => {
          this.refreshing = false;
          if (this.current().kind === 'in_line') this.hold(ticket);
        },
        error: (error: unknown) => {
          this.refreshing = false;
          if (toApiError(error).code === 'NOT_FOUND' && this.current().kind === 'in_line') {
            this.stopFollowUp();
            this.current.set({ kind: 'out', left: false, message: null });
          }
        },
      }),
    );
  }

  /** The clock's transitions: the draw at `startsAt`, the end of an admission. */
  private scheduleFollowUp(ticket: QueueTicket): void {
    this.stopFollowUp();
    const at = this.followUpAt(ticket);
    // Beyond what a timer can wait (days ahead), the stream's status change at the start triggers the read.
    if (at === null || at - this.clock.read() > MAX_TIMER_MS) return;
    this.cancelWake = this.clock.wakeAt(at);
    this.followUp = timer(Math.max(0, at - this.clock.read())).subscribe(() => this.refresh(true));
    this.session.add(this.followUp);
  }

  private followUpAt(ticket: QueueTicket): number | null {
    if (ticket.status === 'admitted' && ticket.admittedUntil !== undefined) {
      return Date.parse(ticket.admittedUntil);
    }
    if (ticket.status === 'waiting' && ticket.number === null) {
      const startsAt = Date.parse(this.saleStore.sale()?.startsAt ?? '');
      return Math.max(startsAt + DRAW_READ_DELAY_MS, this.clock.read() + DRAW_RETRY_MS);
    }
    return null;
  }

  private stopFollowUp(): void {
    this.followUp?.unsubscribe();
    this.followUp = null;
    this.cancelWake();
    this.cancelWake = () => undefined;
  }

  private close(): void {
    this.stopFollowUp();
    this.deferred?.unsubscribe();
    this.deferred = null;
    this.session.unsubscribe();
    this.session = new Subscription();
    this.refreshing = false;
    this.lastEvent = null;
    this.lastRefreshAt = -Infinity;
  }
}
