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

import { describeDuration } from '../../core/clock/countdown';
import { CountdownPipe } from '../../core/clock/countdown.pipe';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';
import { CheckoutStore } from './checkout.store';

/** Paying for a reservation, with its hold timer, and what became of the payment. */
@Component({
  selector: 'fl-checkout-page',
  imports: [RouterLink, MoneyPipe, CountdownPipe, ProductImage],
  templateUrl: './checkout.page.html',
  styleUrl: './checkout.page.css',
  providers: [CheckoutStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CheckoutPage {
  private readonly store = inject(CheckoutStore);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly reservationId = input.required<string>();

  protected readonly reservation = this.store.reservation;
  protected readonly step = this.store.step;
  protected readonly error = this.store.error;
  protected readonly lines = this.store.lines;
  protected readonly holdMsLeft = this.store.holdMsLeft;
  protected readonly canPay = this.store.canPay;
  protected readonly mode = this.store.mode;

  protected readonly holdActive = computed(() => ['preparing', 'ready'].includes(this.step()));
  protected readonly holdAnnouncement = computed(() =>
    this.holdActive() ? `Your items are held for ${describeDuration(this.holdMsLeft())}.` : '',
  );
  /** Where "try again" sends the shopper: back to the sale, or to the cart. */
  protected readonly backLink = computed(() => {
    const reservation = this.reservation();
    return reservation?.saleId ? ['/sales', reservation.saleId] : ['/cart'];
  });

  constructor() {
    effect(() => {
      const id = this.reservationId();
      untracked(() => this.store.open(id));
    });
    effect(() => {
      const reservation = this.reservation();
      if (this.step() === 'completed' && reservation?.orderId) {
        void this.router.navigate(['/orders', reservation.orderId], {
          queryParams: { placed: 1 },
          replaceUrl: true,
        });
      }
    });
  }

  protected payInTestMode(): void {
    this.store.payInTestMode();
  }

  protected declineInTestMode(): void {
    this.store.declineInTestMode();
  }

  protected retryPreparing(): void {
    this.store.preparePayment();
  }

  protected checkAgain(): void {
    this.store.checkAgain();
  }
}
