import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokenService } from '@api/common/auth/access-token.service';
import { IDEMPOTENCY_KEY_HEADER } from '@api/common/http/idempotency-key';
import { answeredBeforeRouting } from '@api/common/logging/logging.module';
import { ReservationService } from './reservation.service';

/** The reserve route, as the middleware consumer takes it (the global `api` prefix comes on top). */
export const RESERVE_PATH = 'flash-sales/:id/reservations';
/** The reserve route, as logs and metrics name it. */
const RESERVE_ROUTE = `/api/${RESERVE_PATH}`;

/**
 * The reserve route's answer to a flood after a sell-out, given before routing: on a sale this process saw
 * sell out, a reserve that carries a valid access token and no Idempotency-Key is SOLD_OUT whatever its
 * body says (ReservationService.refuseIfSoldOut decides), without the guards, validation or Redis. It runs
 * after the request logger and metrics, so the refusal is logged and counted under the reserve route.
 *
 * Anything it cannot decide goes on to the route as usual: no valid token (401 comes from the guard), an
 * Idempotency-Key (its first attempt may have succeeded), a sale without the flag. A revoked token is not
 * valid here either (AccessTokenService checks revocation in memory): it goes on, to the guard's 401.
 */
@Injectable()
export class SoldOutShortcut implements NestMiddleware {
  constructor(
    private readonly reservations: ReservationService,
    private readonly tokens: AccessTokenService,
  ) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    const saleId = request.params.id;
    const token = AccessTokenService.bearerOf(request);
    if (typeof saleId === 'string' && token !== undefined && this.tokens.verify(token)) {
      answeredBeforeRouting(request, RESERVE_ROUTE);
      this.reservations.refuseIfSoldOut(saleId, request.header(IDEMPOTENCY_KEY_HEADER));
    }
    next();
  }
}
