import type { FlashSaleEvent, SaleQueueState } from '@flashline/contracts';

/** A sale stream's message as the load generator reads it (`queue` on a waiting-room sale). */
export type StreamEvent = FlashSaleEvent & { queue?: SaleQueueState };

/** Which message a watch waits for on each stream: every condition given must hold. */
export interface StreamMatch {
  remainingAtMost?: number;
  status?: FlashSaleEvent['status'];
  /** The message carries the waiting room's `queue` field. */
  withQueue?: boolean;
  queueWaitingAtMost?: number;
}

export type StreamCommand =
  | { type: 'open'; url: string; path: string; count: number; concurrency: number }
  | { type: 'watch'; id: number; match: StreamMatch; timeoutMs: number }
  | { type: 'close' };

export type StreamReply =
  | { type: 'opened'; statuses: Record<string, number> }
  | { type: 'armed'; id: number }
  /** When each stream saw its first matching message (epoch ms); `missing` never did before the timeout. */
  | { type: 'seen'; id: number; times: number[]; missing: number };
