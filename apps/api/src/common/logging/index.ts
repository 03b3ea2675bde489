/** The common logging room's public API: other modules import from `@api/common/logging` only. */
export { LoggingModule, RequestLog, routeOf } from './logging.module';
