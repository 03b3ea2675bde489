import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { QueueTicketStatus } from '@flashline/contracts';
import {
  defineScripts,
  InjectRedis,
  SALE_EVENTS_CHANNEL,
  saleDefinitionKey,
  saleLineAdmittedKey,
  saleLineEarlyKey,
  saleLineKey,
  saleLineRecentKey,
  saleLineTicketsKey,
  saleLineWaitingKey,
  saleRateLimitKey,
  saleStockKey,
} from '@api/redis';
import type { ScriptLimit } from '@api/common/rate-limit';

/** Lapsed admissions one admission step expires (the next step takes the rest). */
export const EXPIRE_BATCH = 500;
/**
 * Least time between two queue messages of one sale; a closing (sold out, ended) is published at once. Each
 * message goes to every page open on the sale, in every process: at 100 ms, 20,000 waiting pages took 10
 * broadcasts a second and the bench's line never sold (docs/performance.md). A position a second is enough.
 */
export const PUBLISH_EVERY_MS = 1000;
/** The admission rate is measured over this window (admit.lua keeps this much of the admission log). */
export const RATE_WINDOW_MS = 5000;

/** A ticket as the scripts answer it (see lua/includes/line.lua, view()). */
export interface StoredTicket {
  status: QueueTicketStatus;
  /** 0 before the draw. */
  number: number;
  /** -1 when unknown (before the draw, or a ticket no longer in line). */
  position: number;
  joinedAt: number;
  /** 0 when never admitted. */
  admittedUntil: number;
  admitPerSecond: number;
}

export type JoinOutcome =
  | { code: 'JOINED' | 'EXISTING' | 'CLOSED'; ticket: StoredTicket }
  /** Over `limit` (one of the join's limits) for another `retryAfterMs`. */
  | { code: 'RATE_LIMITED'; limit: ScriptLimit; retryAfterMs: number }
  | { code: 'NOT_LOADED' }
  | { code: 'NO_LINE' };

export type TicketOutcome =
  | { code: 'TICKET'; ticket: StoredTicket }
  | { code: 'NOT_IN_LINE' }
  | { code: 'NOT_LOADED' }
  | { code: 'NO_LINE' };

/** One admission step: the line as it is after it (see admit.lua). */
export interface LineState {
  waiting: number;
  /** Admissions not used and not lapsed. */
  admitted: number;
  used: number;
  expired: number;
  admittedUpTo: number;
  /** Admissions over the last RATE_WINDOW_MS. */
  recentAdmissions: number;
  /** When the draw ran (ms), 0 before it. */
  drawnAt: number;
  closed: '' | 'sold_out' | 'ended';
  /** Admitted by this step. */
  admittedNow: number;
}

export type AdmitOutcome = { code: 'OK'; line: LineState } | { code: 'NOT_LOADED' } | { code: 'NO_LINE' };

type Reply = Array<string | number>;

/** The eight keys of a sale's line, in the order every waiting-room script takes them. */
export function lineKeys(saleId: string): string[] {
  return [
    saleDefinitionKey(saleId),
    saleStockKey(saleId),
    saleLineKey(saleId),
    saleLineTicketsKey(saleId),
    saleLineEarlyKey(saleId),
    saleLineWaitingKey(saleId),
    saleLineAdmittedKey(saleId),
    saleLineRecentKey(saleId),
  ];
}

/** A fresh seed for a draw that may run in this call: unguessable, so no caller can steer the order. */
function drawSeed(): number {
  return randomInt(0x7fffffff);
}

/**
 * The waiting room's Redis side: one typed method per Lua script in `lua/`, each one round trip. Every
 * decision (a number, the draw, an admission, an expiry) is made inside a script, by the Redis clock.
 */
@Injectable()
export class WaitingRoomStore implements OnModuleInit {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  onModuleInit(): void {
    defineScripts(this.redis);
  }

  /** join.lua: one round trip, the join's rate limits (counted per sale) included. */
  async join(saleId: string, userId: string, limits: readonly ScriptLimit[] = []): Promise<JoinOutcome> {
    const keys = [...lineKeys(saleId), ...limits.map((limit) => saleRateLimitKey(saleId, limit.key))];
    const reply = (await this.redis.waitingRoomJoin(
      keys.length,
      ...keys,
      userId,
      drawSeed(),
      ...limits.flatMap((limit) => [limit.limit, limit.windowMs]),
    )) as Reply;
    const code = reply[0] as JoinOutcome['code'];
    if (code === 'RATE_LIMITED') {
      return { code, limit: limits[Number(reply[1]) - 1], retryAfterMs: Number(reply[2]) };
    }
    return code === 'NOT_LOADED' || code === 'NO_LINE' ? { code } : { code, ticket: toTicket(reply) };
  }

  /** ticket.lua */
  async ticket(saleId: string, userId: string): Promise<TicketOutcome> {
    const reply = (await this.redis.waitingRoomTicket(...lineKeys(saleId), userId, drawSeed())) as Reply;
    const code = reply[0] as TicketOutcome['code'];
    return code === 'TICKET' ? { code, ticket: toTicket(reply) } : { code };
  }

  /** leave.lua: true when there was a ticket. */
  async leave(saleId: string, userId: string): Promise<boolean> {
    const reply = (await this.redis.waitingRoomLeave(...lineKeys(saleId), userId)) as Reply;
    return reply[0] === 'LEFT';
  }

  /** admit.lua: one admission step of the sale's line. */
  async admit(saleId: string): Promise<AdmitOutcome> {
    const reply = (await this.redis.waitingRoomAdmit(
      ...lineKeys(saleId),
      drawSeed(),
      SALE_EVENTS_CHANNEL,
      saleId,
      EXPIRE_BATCH,
      PUBLISH_EVERY_MS,
    )) as Reply;
    const code = reply[0] as AdmitOutcome['code'];
    if (code !== 'OK') return { code };
    return {
      code: 'OK',
      line: {
        waiting: Number(reply[1]),
        admitted: Number(reply[2]),
        used: Number(reply[3]),
        expired: Number(reply[4]),
        admittedUpTo: Number(reply[5]),
        recentAdmissions: Number(reply[6]),
        drawnAt: Number(reply[7]),
        closed: String(reply[8]) as LineState['closed'],
        admittedNow: Number(reply[9]),
      },
    };
  }
}

function toTicket(reply: Reply): StoredTicket {
  return {
    status: reply[1] as QueueTicketStatus,
    number: Number(reply[2]),
    position: Number(reply[3]),
    joinedAt: Number(reply[4]),
    admittedUntil: Number(reply[5]),
    admitPerSecond: Number(reply[6]),
  };
}
