import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { answerClientErrorsInShape } from './common/http/client-error';
import { requireJsonBody } from './common/http/json-content-type.middleware';
import { requestIdMiddleware } from './common/http/request-id';
import { createValidationPipe } from './common/http/validation.pipe';
import { AppConfig } from './config/app-config';
import { setupSwagger } from './docs/swagger';
import { Lifecycle } from './lifecycle/lifecycle.service';
import { isWebhookRequest, WEBHOOK_BODY_LIMIT_BYTES } from './payments/webhook-route';

/**
 * Everything about the HTTP layer, in the order requests meet it. `main.ts` and the tests both call this, so
 * tests exercise exactly what production serves. The app must be created with `bodyParser: false`.
 * Signals are the process's business: `main.ts` installs the graceful shutdown (lifecycle/).
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // First, so every request counts as in flight and, while the process drains, closes its connection.
  app.use(app.get(Lifecycle).track);
  app.disable('x-powered-by');
  answerClientErrorsInShape(app.getHttpServer() as Server);
  app.set('trust proxy', config.http.trustProxy);
  app.use(requestIdMiddleware);
  app.use(helmet());
  app.enableCors({
    origin: [config.http.storefrontOrigin],
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  // The payments webhook keeps its raw body (a Buffer) for signature checks; every other route gets JSON.
  app.useBodyParser('raw', { type: isWebhookRequest, limit: WEBHOOK_BODY_LIMIT_BYTES });
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.use(cookieParser());
  app.use(requireJsonBody);
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  if (config.http.swaggerEnabled) setupSwagger(app);
  return app;
}
