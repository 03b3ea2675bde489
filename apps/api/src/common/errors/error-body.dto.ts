import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import {
  ERROR_CODES,
  ERROR_STATUS,
  type ErrorBody,
  type ErrorCode,
  type ErrorDetail,
} from '@flashline/contracts';

class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'quantity' })
  field!: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  message!: string;
}

class ErrorPayloadDto {
  @ApiProperty({ enum: ERROR_CODES, example: 'VALIDATION_FAILED' })
  code!: ErrorCode;

  @ApiProperty({ example: 'The request is not valid.' })
  message!: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];

  @ApiProperty({ example: '3f0c5b8e-3c1e-4d0e-9a53-4c1f0b1d2a77' })
  requestId!: string;
}

/** The contract's one error shape, for Swagger. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: ErrorPayloadDto })
  error!: ErrorPayloadDto;
}

/** Documents the error responses a route can give, each with its contract code. */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, sameStatus]) =>
      ApiResponse({ status, type: ErrorBodyDto, description: sameStatus.join(' | ') }),
    ),
  );
}

/** The error responses of an admin route on one resource named by its id. */
export function ApiAdminErrors(): MethodDecorator & ClassDecorator {
  return ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'RATE_LIMITED',
    'SERVICE_UNAVAILABLE',
  );
}
