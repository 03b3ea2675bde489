import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { type OrderStatus } from '@flashline/contracts';

/** An order's status as a pill. */
@Component({
  selector: 'fl-order-status',
  template: `
    @if (status() === 'paid') {
      <span class="pill pill--ok" data-testid="order-status">Paid</span>
    } @else {
      <span class="pill pill--warn" data-testid="order-status">Refunded</span>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderStatusPill {
  readonly status = input.required<OrderStatus>();
}
