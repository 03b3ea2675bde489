export type DependencyState = 'up' | 'down';

/**
 * `GET /api/health`: 200 when everything is up, 503 with the same shape naming what is down, or with
 * `status: 'draining'` while the process shuts down (load balancers send its traffic elsewhere).
 */
export interface HealthStatus {
  status: 'ok' | 'degraded' | 'draining';
  mongo: DependencyState;
  redis: DependencyState;
}
