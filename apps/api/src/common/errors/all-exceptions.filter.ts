import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import type { ErrorBody } from '@flashline/contracts';
import { mapError } from './error-mapping';
import { requestIdOf } from '../http/request-id';

/** The one exception filter: every non-2xx response of the API leaves through here. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const mapped = mapError(exception);
    const requestId = requestIdOf(request);
    if (mapped.unexpected) {
      this.logger.error({ err: exception, requestId, code: mapped.code }, 'request failed');
    }
    if (response.headersSent) {
      response.end();
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
    response
      .status(mapped.status)
      .set(mapped.headers ?? {})
      .json(body);
  }
}
