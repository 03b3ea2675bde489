import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';

import { MoneyPipe } from '../../core/money/money.pipe';
import { pageNumber } from '../../shared/page-number';
import { Pager } from '../../shared/ui/pager';
import { OrderStatusPill } from './order-status-pill';
import { ORDERS_PAGE_SIZE, OrdersStore } from './orders.store';

/** "My orders": the shopper's orders, newest first. */
@Component({
  selector: 'fl-orders-page',
  imports: [RouterLink, DatePipe, MoneyPipe, Pager, OrderStatusPill],
  templateUrl: './orders.page.html',
  styleUrl: './orders.page.css',
  providers: [OrdersStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrdersPage {
  private readonly store = inject(OrdersStore);

  /** Query parameter. */
  readonly page = input<string>();

  protected readonly state = this.store.state;
  protected readonly pageSize = ORDERS_PAGE_SIZE;
  private readonly pageIndex = computed(() => pageNumber(this.page()));

  constructor() {
    effect(() => {
      const page = this.pageIndex();
      untracked(() => this.store.load(page));
    });
  }

  protected itemCount(lines: readonly { quantity: number }[]): number {
    return lines.reduce((sum, line) => sum + line.quantity, 0);
  }
}
