export type DependencyState = 'up' | 'down';

/** `GET /api/health`: 200 when everything is up, 503 with the same shape naming what is down. */
export interface HealthStatus {
  status: 'ok' | 'degraded';
  mongo: DependencyState;
  redis: DependencyState;
}
