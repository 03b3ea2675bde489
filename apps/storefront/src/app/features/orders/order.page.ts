import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';

import { MoneyPipe } from '../../core/money/money.pipe';
import { OrderStatusPill } from './order-status-pill';
import { OrderStore } from './order.store';

/** One order; straight after checkout (`?placed=1`) it is the order confirmation. */
@Component({
  selector: 'fl-order-page',
  imports: [RouterLink, DatePipe, MoneyPipe, OrderStatusPill],
  templateUrl: './order.page.html',
  styleUrl: './order.page.css',
  providers: [OrderStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderPage {
  private readonly store = inject(OrderStore);

  /** Route parameter. */
  readonly id = input.required<string>();
  /** Query parameter: set by checkout when it lands here. */
  readonly placed = input<string>();

  protected readonly state = this.store.state;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.load(id));
    });
  }
}
