/** The common HTTP room's public API: other modules import from `@api/common/http` only. */
export { helmetHeaders, setAnswerHeaders } from './answer-headers';
export { answerClientErrorInShape, badUrlBody } from './client-error';
export { decodeBody } from './content-encoding';
export { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './idempotency-key';
export { IsTimestamp } from './is-timestamp';
export { registerJsonBodyParser, requireJsonBody } from './json-body';
export { PageQueryDto } from './page.query';
export { requestIdFor } from './request-id';
export { SseFrame, streamSse } from './sse';
export { LimitSseStreams, SseConnectionLimitModule } from './sse-connection-limit';
export { createValidationPipe, type PlainAcceptingDto, soleField } from './validation.pipe';
