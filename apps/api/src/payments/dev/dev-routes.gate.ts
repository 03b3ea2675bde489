import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError } from '@api/common/errors';
import { AppConfig } from '@api/config';
import { simulatedPaymentsEnabled } from '../stripe.client';

/** Where DevPaymentsController's routes live (the global `api` prefix included). */
const DEV_ROUTES_PREFIX = '/api/dev/';

/**
 * Makes the simulated-payment routes not exist with a real Stripe key or in production: they answer exactly
 * as an unknown route does (404), from their own `onRequest` hook, before authentication, so nothing about
 * them can be probed. bootstrap.ts attaches the hook to those routes only, and only when they are off.
 */
@Injectable()
export class DevRoutesGate {
  readonly enabled: boolean;

  constructor(config: AppConfig) {
    this.enabled = simulatedPaymentsEnabled(config);
  }

  /** Whether the route at `url` must be hidden. */
  hides(url: string): boolean {
    return !this.enabled && url.startsWith(DEV_ROUTES_PREFIX);
  }

  readonly refuse = (_request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    done(new DomainError('NOT_FOUND', 'No such route or resource.'));
  };
}
