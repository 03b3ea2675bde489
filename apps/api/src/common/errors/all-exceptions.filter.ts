import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { ErrorBody } from '@flashline/contracts';
import { mapError } from './error-mapping';

/** The one exception filter: every non-2xx response of the API leaves through here. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = mapError(exception);
    // Fastify's request id: its `genReqId` (common/http/request-id.ts) set it before routing.
    const requestId = request.id;
    if (mapped.unexpected) {
      this.logger.error({ err: exception, requestId, code: mapped.code }, 'request failed');
    }
    // A stream (SSE) already answered: its reply was hijacked, only the socket is left to end.
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    const body: ErrorBody = {
      error: {
        code: mapped.code,
        message: mapped.message,
        requestId,
        ...(mapped.details ? { details: mapped.details } : {}),
      },
    };
    if (mapped.headers) void reply.headers(mapped.headers);
    void reply.code(mapped.status).type('application/json; charset=utf-8').send(body);
  }
}
