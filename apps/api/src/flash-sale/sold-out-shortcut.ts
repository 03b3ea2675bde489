import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { ErrorBody } from '@flashline/contracts';
import { AccessTokenService } from '@api/common/auth';
import type { DomainError } from '@api/common/errors';
import { IDEMPOTENCY_KEY_HEADER } from '@api/common/http';
import { ENDED, ReservationService, SOLD_OUT } from './reservation.service';

/** The reserve route as Fastify names it (the global `api` prefix included): logs and metrics use it. */
export const RESERVE_ROUTE = '/api/flash-sales/:id/reservations';
export const RESERVE_METHOD = 'POST';

/** The marker in a prebuilt answer where the request id goes (no JSON string contains it raw). */
const REQUEST_ID_SLOT = '\u0000';

/**
 * An answer built once: the error shape's JSON cut around the request id, so each request costs one string
 * concatenation (a request id is a UUID or matches `[A-Za-z0-9._:-]`, never needing JSON escapes).
 */
class PrebuiltAnswer {
  readonly status: number;
  private readonly head: string;
  private readonly tail: string;

  constructor(error: DomainError) {
    this.status = error.status;
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, requestId: REQUEST_ID_SLOT },
    };
    [this.head, this.tail] = JSON.stringify(body).split(JSON.stringify(REQUEST_ID_SLOT).slice(1, -1));
  }

  bodyFor(requestId: string): string {
    return this.head + requestId + this.tail;
  }
}

/**
 * The reserve route's answer to a flood after a sell-out, given in the route's own `onRequest` hook (the
 * earliest point where Fastify knows the route and its `:id`): on a sale this process saw sell out, a
 * reserve that carries a valid access token and no Idempotency-Key is SOLD_OUT whatever its body says
 * (ReservationService.localRefusal decides), without reading the body, guards, validation or Redis. The
 * global hooks ran before it (request id, helmet's headers, CORS, draining), and the request is logged and
 * counted under the reserve route like any other.
 *
 * Anything it cannot decide goes on to the route as usual: no valid token (401 comes from the guard), an
 * Idempotency-Key (its first attempt may have succeeded), a sale without the flag. A revoked token is not
 * valid here either (AccessTokenService checks revocation in memory): it goes on, to the guard's 401.
 */
@Injectable()
export class SoldOutShortcut {
  private readonly answers = new Map<DomainError, PrebuiltAnswer>([
    [SOLD_OUT, new PrebuiltAnswer(SOLD_OUT)],
    [ENDED, new PrebuiltAnswer(ENDED)],
  ]);

  constructor(
    private readonly reservations: ReservationService,
    private readonly tokens: AccessTokenService,
  ) {}

  readonly onRequest = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void => {
    const refusal = this.refusalOf(request);
    const answer = refusal && this.answers.get(refusal);
    if (!answer) {
      done();
      return;
    }
    void reply.code(answer.status).type('application/json; charset=utf-8').send(answer.bodyFor(request.id));
  };

  private refusalOf(request: FastifyRequest): DomainError | undefined {
    const saleId = (request.params as { id?: unknown }).id;
    const token = AccessTokenService.bearerOf(request);
    if (typeof saleId !== 'string' || token === undefined || !this.tokens.verify(token)) return undefined;
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    return this.reservations.localRefusal(saleId, key === undefined ? undefined : String(key));
  }
}
