import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  effect,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import { describeDuration } from '../../core/clock/countdown';
import { CountdownPipe } from '../../core/clock/countdown.pipe';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';
import { CardPayment } from './card-payment';
import { CheckoutStore } from './checkout.store';

/** Paying for a reservation, with its hold timer, and what became of the payment. */
@Component({
  selector: 'fl-checkout-page',
  imports: [RouterLink, MoneyPipe, CountdownPipe, ProductImage],
  templateUrl: './checkout.page.html',
  styleUrl: './checkout.page.css',
  providers: [CheckoutStore, CardPayment],
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
  protected readonly cardForm = this.store.cardForm;
  protected readonly cardMessage = this.store.cardMessage;
  protected readonly canPayByCard = this.store.canPayByCard;

  /** Stripe mode: where the Payment Element lives, from the intent until the payment is sent. */
  private readonly cardHost = viewChild<ElementRef<HTMLElement>>('cardHost');
  protected readonly showCardForm = computed(
    () => this.mode === 'stripe' && ['ready', 'paying'].includes(this.step()),
  );

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
      // The host exists while the form is shown: mount into each new one, unmount when it goes.
      const host = this.cardHost();
      untracked(() => (host ? this.store.mountCardForm(host.nativeElement) : this.store.unmountCardForm()));
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

  protected payWithCard(): void {
    this.store.payWithCard();
  }

  protected reloadCardForm(): void {
    const host = this.cardHost();
    if (host) this.store.mountCardForm(host.nativeElement);
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
