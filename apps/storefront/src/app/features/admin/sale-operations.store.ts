import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type FlashSale, type SaleOperations } from '@flashline/contracts';
import { Subscription } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { FlashSalesApi } from '../../core/api/flash-sales.api';
import { SaleOperationsApi } from '../../core/api/sale-operations.api';
import { type AuthorizedStreamMessage } from '../../core/http/http-event-stream';

export type OperationsLoadState = 'loading' | 'ready' | 'not_found' | 'error';
/** `stopped`: the server refused the stream for good (e.g. the session ended): the numbers are frozen. */
export type OperationsStreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped';
export type SaleAction = 'pause' | 'resume';

/** Pause and Resume take two clicks: the first asks, the second does it. */
export type ActionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'confirming'; readonly action: SaleAction }
  | { readonly kind: 'working'; readonly action: SaleAction }
  | { readonly kind: 'done'; readonly action: SaleAction }
  | { readonly kind: 'failed'; readonly action: SaleAction; readonly message: string };

/**
 * One sale's operations page (admin): the sale's name and window, its live operations snapshot (first read,
 * then the admin stream), the stream's health, and pausing or resuming it.
 *
 * Invariant: at most one pause or resume is in flight, and only after it was confirmed. Its answer updates
 * `paused` at once; the stream's next snapshot says the same.
 */
@Injectable()
export class SaleOperationsStore {
  private readonly operationsApi = inject(SaleOperationsApi);
  private readonly salesApi = inject(FlashSalesApi);

  private readonly saleState = signal<FlashSale | null>(null);
  private readonly snapshot = signal<SaleOperations | null>(null);
  private readonly loading = signal<OperationsLoadState>('loading');
  private readonly loadFailure = signal<ApiError | null>(null);
  private readonly streamStatus = signal<OperationsStreamState>('connecting');
  private readonly streamFailure = signal<ApiError | null>(null);
  private readonly actionStatus = signal<ActionState>({ kind: 'idle' });

  private saleId: string | null = null;
  private session = new Subscription();

  readonly sale = this.saleState.asReadonly();
  readonly operations = this.snapshot.asReadonly();
  readonly loadState = this.loading.asReadonly();
  readonly loadError = this.loadFailure.asReadonly();
  readonly streamState = this.streamStatus.asReadonly();
  readonly streamError = this.streamFailure.asReadonly();
  readonly action = this.actionStatus.asReadonly();

  readonly paused = computed(() => this.snapshot()?.paused ?? this.saleState()?.paused ?? false);
  /** The action the button offers: Resume while paused, else Pause. */
  readonly nextAction = computed<SaleAction>(() => (this.paused() ? 'resume' : 'pause'));
  /** Whole percent of holds paid (paid / taken). */
  readonly conversionPercent = computed(() => Math.round((this.snapshot()?.conversion ?? 0) * 1000) / 10);
  readonly totalRejections = computed(() => {
    const rejections = this.snapshot()?.rejections;
    return rejections === undefined ? 0 : Object.values(rejections).reduce((sum, count) => sum + count, 0);
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  /** Shows sale `saleId`: its definition, its operations now, then live. */
  open(saleId: string): void {
    this.close();
    this.saleId = saleId;
    this.saleState.set(null);
    this.snapshot.set(null);
    this.loading.set('loading');
    this.loadFailure.set(null);
    this.streamStatus.set('connecting');
    this.streamFailure.set(null);
    this.actionStatus.set({ kind: 'idle' });

    this.session.add(
      this.operationsApi.get(saleId).subscribe({
        next: (operations) => {
          this.show(operations);
          this.loading.set('ready');
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.loadFailure.set(apiError);
          const missing = apiError.code === 'NOT_FOUND' || apiError.code === 'VALIDATION_FAILED';
          this.loading.set(missing ? 'not_found' : 'error');
        },
      }),
    );
    this.session.add(
      this.salesApi.get(saleId).subscribe({
        next: (sale) => this.saleState.set(sale),
        error: () => undefined, // the operations read reports what went wrong
      }),
    );
    this.session.add(this.operationsApi.watch(saleId).subscribe((message) => this.follow(message)));
  }

  /** First click: asks to confirm the action the button offers. */
  askToConfirm(): void {
    if (this.actionStatus().kind === 'working') return;
    this.actionStatus.set({ kind: 'confirming', action: this.nextAction() });
  }

  cancelAction(): void {
    if (this.actionStatus().kind === 'confirming') this.actionStatus.set({ kind: 'idle' });
  }

  /** Second click: pauses or resumes the sale, as confirmed. */
  confirmAction(): void {
    const state = this.actionStatus();
    const saleId = this.saleId;
    if (state.kind !== 'confirming' || saleId === null) return;
    const { action } = state;
    this.actionStatus.set({ kind: 'working', action });
    const call = action === 'pause' ? this.operationsApi.pause(saleId) : this.operationsApi.resume(saleId);
    this.session.add(
      call.subscribe({
        next: (sale) => {
          this.saleState.set(sale);
          const current = this.snapshot();
          if (current !== null) this.snapshot.set({ ...current, paused: sale.paused });
          this.actionStatus.set({ kind: 'done', action });
        },
        error: (error: unknown) =>
          this.actionStatus.set({ kind: 'failed', action, message: toApiError(error).message }),
      }),
    );
  }

  private follow(message: AuthorizedStreamMessage<SaleOperations>): void {
    switch (message.type) {
      case 'open':
        this.streamStatus.set('live');
        this.streamFailure.set(null);
        break;
      case 'data':
        this.streamStatus.set('live');
        this.show(message.data);
        if (this.loading() === 'loading') this.loading.set('ready');
        break;
      case 'reconnecting':
        this.streamStatus.set('reconnecting');
        break;
      case 'refused':
        this.streamStatus.set('stopped');
        this.streamFailure.set(message.error);
        break;
    }
  }

  /** Keeps the newest snapshot: the first read may answer after the stream's first message. */
  private show(operations: SaleOperations): void {
    const current = this.snapshot();
    if (current === null || Date.parse(operations.at) >= Date.parse(current.at)) {
      this.snapshot.set(operations);
    }
  }

  private close(): void {
    this.session.unsubscribe();
    this.session = new Subscription();
  }
}
