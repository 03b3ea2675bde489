import { Injectable } from '@nestjs/common';
import type { QueueTicket, WaitingRoomOperations } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import { type RateLimitClient, RouteRateLimits } from '@api/common/rate-limit';
import { SaleLoader } from '@api/flash-sale';
import { AdmissionTicker } from './admission-ticker';
import { type LineState, RATE_WINDOW_MS, type StoredTicket, WaitingRoomStore } from './waiting-room.store';

/** Built once: the same refusal for every caller. */
const NO_LINE = new DomainError('NOT_FOUND', 'This flash sale has no waiting room.');
const NOT_IN_LINE = new DomainError('NOT_FOUND', 'You are not in this sale’s line: join it.');

export interface JoinResult {
  ticket: QueueTicket;
  /** A ticket was made by this call (201); otherwise the shopper's ticket, or a closed line's answer (200). */
  created: boolean;
}

/**
 * The waiting room (contract: "Waiting room"; docs/waiting-room.md): joining, reading and leaving a sale's
 * line. Each is one script in Redis; a sale whose keys are missing (never loaded, or Redis lost its data) is
 * loaded from MongoDB once and the script runs again. Admissions are made by AdmissionTicker.
 */
@Injectable()
export class WaitingRoomService {
  constructor(
    private readonly store: WaitingRoomStore,
    private readonly loader: SaleLoader,
    private readonly ticker: AdmissionTicker,
    private readonly rateLimits: RouteRateLimits,
  ) {}

  /** One round trip in the common case: join.lua counts the join's rate limits, then decides. */
  async join(saleId: string, client: Required<RateLimitClient>): Promise<JoinResult> {
    const limits = this.rateLimits.forScript('queue', client);
    const outcome = await this.loader.withLoaded(saleId, () =>
      this.store.join(saleId, client.userId, limits),
    );
    if (outcome.code === 'RATE_LIMITED') throw this.rateLimits.refuse(outcome.limit, outcome.retryAfterMs);
    if (outcome.code === 'NO_LINE' || outcome.code === 'NOT_LOADED') throw NO_LINE;
    this.ticker.watch(saleId);
    return { ticket: toQueueTicket(saleId, outcome.ticket), created: outcome.code === 'JOINED' };
  }

  async ticket(saleId: string, userId: string): Promise<QueueTicket> {
    const outcome = await this.loader.withLoaded(saleId, () => this.store.ticket(saleId, userId));
    if (outcome.code === 'NOT_IN_LINE') throw NOT_IN_LINE;
    if (outcome.code !== 'TICKET') throw NO_LINE;
    return toQueueTicket(saleId, outcome.ticket);
  }

  /** Idempotent: leaving a line one is not in changes nothing. */
  async leave(saleId: string, userId: string): Promise<void> {
    await this.store.leave(saleId, userId);
  }

  /** The line for operators (one admission step, exactly what every process runs); null without a line. */
  async operations(saleId: string): Promise<WaitingRoomOperations | null> {
    const outcome = await this.store.admit(saleId);
    return outcome.code === 'OK' ? toOperations(outcome.line) : null;
  }
}

export function toQueueTicket(saleId: string, stored: StoredTicket): QueueTicket {
  const position = stored.position >= 0 ? stored.position : null;
  return {
    saleId,
    status: stored.status,
    number: stored.number > 0 ? stored.number : null,
    position: stored.status === 'waiting' || stored.status === 'admitted' ? position : null,
    estimatedWaitSeconds: estimatedWait(stored, position),
    ...(stored.admittedUntil > 0 ? { admittedUntil: new Date(stored.admittedUntil).toISOString() } : {}),
    joinedAt: new Date(stored.joinedAt).toISOString(),
  };
}

/** At the line's pace; admissions also wait for free units, so this is the least wait, not a promise. */
function estimatedWait(stored: StoredTicket, position: number | null): number | null {
  if (stored.status === 'admitted') return 0;
  if (stored.status !== 'waiting' || position === null) return null;
  return Math.ceil(position / stored.admitPerSecond);
}

export function toOperations(line: LineState): WaitingRoomOperations {
  return {
    waiting: line.waiting,
    admitted: line.admitted,
    used: line.used,
    expired: line.expired,
    admissionRate: Math.round((line.recentAdmissions / (RATE_WINDOW_MS / 1000)) * 100) / 100,
    drawnAt: line.drawnAt > 0 ? new Date(line.drawnAt).toISOString() : null,
  };
}
