import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { describeDuration } from '../../core/clock/countdown';
import { CountdownPipe } from '../../core/clock/countdown.pipe';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';
import { StockBar } from '../../shared/ui/stock-bar';
import { SaleStore } from './sale.store';
import { WaitingRoom } from './waiting-room/waiting-room';
import { WaitingRoomStore } from './waiting-room/waiting-room.store';

/**
 * A flash sale's own page: live stock, the countdown, and the one-click Buy button; on a waiting-room sale,
 * the line (join, your place, your turn) in place of a free-for-all Buy.
 */
@Component({
  selector: 'fl-sale-page',
  imports: [RouterLink, MoneyPipe, CountdownPipe, ProductImage, StockBar, WaitingRoom],
  templateUrl: './sale.page.html',
  styleUrl: './sale.page.css',
  providers: [SaleStore, WaitingRoomStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SalePage {
  private readonly store = inject(SaleStore);
  private readonly line = inject(WaitingRoomStore);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly sale = this.store.sale;
  protected readonly loadState = this.store.loadState;
  protected readonly loadError = this.store.loadError;
  protected readonly phase = this.store.phase;
  protected readonly remaining = this.store.remaining;
  protected readonly inOtherCarts = this.store.inOtherCarts;
  protected readonly purchase = this.store.purchase;
  protected readonly streamState = this.store.streamState;
  protected readonly msUntilStart = this.store.msUntilStart;
  protected readonly msUntilEnd = this.store.msUntilEnd;
  protected readonly holdMsLeft = this.store.holdMsLeft;
  protected readonly retryInSeconds = this.store.retryInSeconds;
  protected readonly canReserve = this.store.canReserve;
  protected readonly signedIn = this.auth.isSignedIn;
  protected readonly lineView = this.line.view;
  protected readonly lineAnnouncement = this.line.announcement;
  protected readonly lineBusy = this.line.busy;
  protected readonly hasWaitingRoom = computed(() => (this.sale()?.waitingRoom ?? null) !== null);

  protected readonly percentOff = computed(() => {
    const sale = this.sale();
    if (sale === null || sale.originalPriceCents <= 0) return 0;
    return Math.round((1 - sale.salePriceCents / sale.originalPriceCents) * 100);
  });

  protected readonly buyLabel = computed(() => {
    if (this.purchase().kind === 'reserving') return 'Reserving…';
    if (this.purchase().kind === 'held') return 'Reserved for you';
    switch (this.phase()) {
      case 'upcoming':
        return 'Opens soon';
      case 'paused':
        return 'Paused';
      case 'sold_out':
        return 'Sold out';
      case 'ended':
        return 'Sale ended';
      default:
        return this.signedIn() ? 'Buy now' : 'Sign in to buy';
    }
  });

  /** Read out by the polite live region: changes only at milestones, not every second. */
  protected readonly statusAnnouncement = computed(() => {
    switch (this.phase()) {
      case 'upcoming':
        return `The sale starts in ${describeDuration(this.msUntilStart())}.`;
      case 'active':
        return 'The sale is live.';
      case 'paused':
        return 'The sale is paused.';
      case 'sold_out':
        return 'This sale is sold out.';
      case 'ended':
        return 'This sale has ended.';
      default:
        return '';
    }
  });

  protected readonly holdAnnouncement = computed(() =>
    this.purchase().kind === 'held'
      ? `Reserved for you. ${describeDuration(this.holdMsLeft())} left to check out.`
      : '',
  );

  constructor() {
    // The store's state is written, never read, by this effect: only the route parameter is tracked.
    effect(() => {
      const id = this.id();
      untracked(() => this.store.open(id));
    });
  }

  protected reserveItem(): void {
    if (!this.auth.isSignedIn()) {
      void this.router.navigate(['/sign-in'], { queryParams: { returnUrl: this.router.url } });
      return;
    }
    this.store.reserveItem();
  }

  protected joinLine(): void {
    this.line.join();
  }

  protected leaveLine(): void {
    this.line.leave();
  }

  protected signInToJoin(): void {
    void this.router.navigate(['/sign-in'], { queryParams: { returnUrl: this.router.url } });
  }

  protected releaseHold(): void {
    this.store.releaseHold();
  }
}
