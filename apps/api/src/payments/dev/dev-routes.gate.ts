import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@api/common/errors/domain-error';
import { AppConfig } from '@api/config/app-config';
import { simulatedPaymentsEnabled } from '../stripe.client';

/**
 * Makes the simulated-payment routes not exist with a real Stripe key or in production: they answer exactly
 * as an unknown route does (404), before authentication, so nothing about them can be probed.
 */
@Injectable()
export class DevRoutesGate implements NestMiddleware {
  private readonly enabled: boolean;

  constructor(config: AppConfig) {
    this.enabled = simulatedPaymentsEnabled(config);
  }

  use(_request: Request, _response: Response, next: NextFunction): void {
    next(this.enabled ? undefined : new DomainError('NOT_FOUND', 'No such route or resource.'));
  }
}
