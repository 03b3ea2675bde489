/** The payments module's public API: other modules import from `@api/payments` only. */
export { DevPaymentsModule } from './dev/dev-payments.module';
export { DevRoutesGate } from './dev/dev-routes.gate';
export { PaymentsModule } from './payments.module';
export { PROCESSED_EVENT_MODEL_DEFINITION } from './schemas/processed-event.schema';
export { isWebhookRequest, WEBHOOK_BODY_LIMIT_BYTES, WEBHOOK_PATH } from './webhook-route';
