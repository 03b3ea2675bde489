import { DatePipe, DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ReserveRejectionReason } from '@flashline/contracts';

import { REJECTION_REASONS } from '../../core/api/sale-operations.api';
import { SaleOperationsStore } from './sale-operations.store';

const REASON_LABELS: Record<ReserveRejectionReason, string> = {
  sold_out: 'Sold out',
  limit_reached: 'Over the per-customer limit',
  not_active: 'Not open (before, after or paused)',
  rate_limited: 'Rate limited',
};

/** `/admin/sales/:id`: one sale live for an operator, with Pause and Resume. */
@Component({
  selector: 'fl-sale-operations-page',
  imports: [RouterLink, DatePipe, DecimalPipe],
  templateUrl: './sale-operations.page.html',
  styleUrl: './sale-operations.page.css',
  providers: [SaleOperationsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SaleOperationsPage {
  private readonly store = inject(SaleOperationsStore);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly sale = this.store.sale;
  protected readonly ops = this.store.operations;
  protected readonly loadState = this.store.loadState;
  protected readonly loadError = this.store.loadError;
  protected readonly streamState = this.store.streamState;
  protected readonly streamError = this.store.streamError;
  protected readonly action = this.store.action;
  protected readonly paused = this.store.paused;
  protected readonly nextAction = this.store.nextAction;
  protected readonly conversionPercent = this.store.conversionPercent;
  protected readonly totalRejections = this.store.totalRejections;

  protected readonly rejections = computed(() => {
    const counts = this.ops()?.rejections;
    return REJECTION_REASONS.map((reason) => ({
      reason,
      label: REASON_LABELS[reason],
      count: counts?.[reason] ?? 0,
    }));
  });

  /** Shares of the bar: sold, then held, the rest free (percent of the sale's quantity). */
  protected readonly bar = computed(() => {
    const ops = this.ops();
    if (ops === null || ops.quantity <= 0) return { sold: 0, held: 0 };
    const percent = (units: number): number => Math.min(100, (units / ops.quantity) * 100);
    return { sold: percent(ops.soldUnits), held: percent(ops.heldUnits) };
  });

  protected readonly statusLabel = computed(() => {
    switch (this.ops()?.status) {
      case 'active':
        return 'Live';
      case 'upcoming':
        return 'Upcoming';
      case 'sold_out':
        return 'Sold out';
      case 'ended':
        return 'Ended';
      default:
        return '';
    }
  });

  protected readonly streamLabel = computed(() => {
    switch (this.streamState()) {
      case 'live':
        return 'Live';
      case 'reconnecting':
        return 'Reconnecting…';
      case 'stopped':
        return 'Stopped';
      default:
        return 'Connecting…';
    }
  });

  /** Read out politely: changes only when the sale is paused or resumed, or an action ends. */
  protected readonly announcement = computed(() => {
    const action = this.action();
    if (action.kind === 'done') return action.action === 'pause' ? 'Sale paused.' : 'Sale resumed.';
    if (action.kind === 'failed') return '';
    return this.paused() ? 'The sale is paused.' : '';
  });

  constructor() {
    // The store's state is written, never read, by this effect: only the route parameter is tracked.
    effect(() => {
      const id = this.id();
      untracked(() => this.store.open(id));
    });
  }

  protected askToConfirm(): void {
    this.store.askToConfirm();
  }

  protected confirmAction(): void {
    this.store.confirmAction();
  }

  protected cancelAction(): void {
    this.store.cancelAction();
  }
}
