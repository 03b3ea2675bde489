import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { IDEMPOTENCY_KEY_HEADER } from '@api/common/http/idempotency-key';
import { ReservationService } from './reservation.service';

/**
 * The reserve route's first step after authentication: on a sale this process saw sell out, the answer is
 * SOLD_OUT whatever the body says, so it is given before the body is validated and before the service
 * (ReservationService.refuseIfSoldOut decides). An id that names no sale never has the flag, so malformed
 * ids still get their 400 from validation.
 */
@Injectable()
export class SoldOutShortcut implements CanActivate {
  constructor(private readonly reservations: ReservationService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const saleId = request.params.id;
    if (typeof saleId === 'string') {
      this.reservations.refuseIfSoldOut(saleId, request.header(IDEMPOTENCY_KEY_HEADER));
    }
    return true;
  }
}
