/** The lifecycle module's public API: other modules import from `@api/lifecycle` only. */
export { GracefulShutdown } from './graceful-shutdown';
export { LifecycleModule } from './lifecycle.module';
export { Lifecycle } from './lifecycle.service';
export { lowerThreadPoolPriority } from './thread-pool-priority';
