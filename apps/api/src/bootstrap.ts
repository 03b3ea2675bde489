import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import type { FastifyError, FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import {
  answerClientErrorInShape,
  badUrlBody,
  createValidationPipe,
  decodeBody,
  helmetHeaders,
  registerJsonBodyParser,
  requestIdFor,
  requireJsonBody,
  setAnswerHeaders,
} from '@api/common/http';
import { RequestLog } from '@api/common/logging';
import { AppConfig } from '@api/config';
import { setupSwagger } from '@api/docs';
import { RESERVE_METHOD, RESERVE_ROUTE, SoldOutShortcut } from '@api/flash-sale';
import { Lifecycle } from '@api/lifecycle';
import { recordHttpRequest } from '@api/metrics';
import { DevRoutesGate, isWebhookRequest, WEBHOOK_BODY_LIMIT_BYTES, WEBHOOK_PATH } from '@api/payments';

/** Node's own URL bound (`--max-http-header-size`, 16 KiB): no parameter can be longer. */
const MAX_PARAM_LENGTH = 16 * 1024;

/** How often Node checks the header and request timeouts (its default, 30 s, would stretch them). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * The HTTP server: Fastify, through Nest's adapter (docs/http-platform.md says why). Everything Fastify
 * decides before a hook runs is set here: whose X-Forwarded-For counts, the body limit, the request id,
 * the timeouts, the answer to requests Node's parser refuses. Fastify's own logging is off (RequestLog
 * writes one line per request); no Express-style middleware layer (middie) is loaded.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const { http } = config;
  return new FastifyAdapter({
    skipMiddie: true,
    logger: false,
    trustProxy: http.trustProxy,
    bodyLimit: http.bodyLimitBytes,
    genReqId: requestIdFor,
    requestIdHeader: false,
    clientErrorHandler: answerClientErrorInShape,
    frameworkErrors: (_error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.code(400).header('X-Request-Id', request.id).header('X-Content-Type-Options', 'nosniff');
      void reply.send(badUrlBody(request.id));
    },
    // A draining process answers what it accepted (lifecycle/graceful-shutdown.ts), never a bare 503.
    return503OnClosing: false,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      headersTimeout: http.headersTimeoutMs,
      requestTimeout: http.requestTimeoutMs,
      keepAliveTimeout: http.keepAliveTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    // A path parameter of any length reaches validation (400 in the error shape), as it did on Express;
    // Fastify's default (100) answered a bare 414 before any hook. Node's header limit still bounds URLs.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
  });
}

/**
 * Everything about the HTTP layer, in the order requests meet it. `main.ts` and the tests both call this
 * (on an app made with {@link createHttpAdapter} and `bodyParser: false`), so tests exercise exactly what
 * production serves. Signals are the process's business: `main.ts` installs the graceful shutdown.
 *
 * A request meets: onRequest (draining and in-flight count, request id, helmet's headers, CORS, JSON bodies only, then the
 * route's own: the sold-out shortcut on reserve, the gate on dev routes), preParsing (Content-Encoding),
 * the JSON body parser (depth limit; the webhook keeps its raw bytes), Nest (guards, pipes, handler, the
 * one exception filter), onSend (cookies), onResponse (metrics, the request's log line).
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // First, so every request counts as in flight and, while the process drains, closes its connection.
  fastify.addHook('onRequest', app.get(Lifecycle).track);
  fastify.addHook('onRequest', setAnswerHeaders(helmetHeaders()));
  await app.register(fastifyCors, {
    origin: [config.http.storefrontOrigin],
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  fastify.addHook('onRequest', requireJsonBody);
  // Cookies are parsed and written only when a route asks (common/auth/cookies.ts), never per request.
  await app.register(fastifyCookie, { hook: false });
  fastify.addHook('onRoute', routeHooks(app));
  fastify.addHook('preParsing', decodeBody);
  registerJsonBodyParser(fastify, isWebhookRequest);
  fastify.addHook('onResponse', recordHttpRequest);
  fastify.addHook('onResponse', app.get(RequestLog).onResponse);
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  if (config.http.swaggerEnabled) setupSwagger(app);
  return app;
}

/**
 * Fastify's `onRoute`: what belongs to one route only is attached to that route, so other requests never
 * pay for it: the reserve route's sold-out shortcut, the webhook's larger body limit, the dev routes' gate.
 */
function routeHooks(app: NestFastifyApplication): (route: RouteOptions) => void {
  const shortcut = app.get(SoldOutShortcut);
  const devGate = app.get(DevRoutesGate);
  return (route) => {
    const methods = [route.method].flat();
    if (route.url === RESERVE_ROUTE && methods.includes(RESERVE_METHOD))
      addOnRequest(route, shortcut.onRequest);
    if (route.url === WEBHOOK_PATH) route.bodyLimit = WEBHOOK_BODY_LIMIT_BYTES;
    if (devGate.hides(route.url)) addOnRequest(route, devGate.refuse);
  };
}

function addOnRequest(route: RouteOptions, hook: onRequestHookHandler): void {
  const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
  route.onRequest = [...existing, hook];
}
