/**
 * The first port of the API processes a spec starts: `base`, moved by this jest worker's slot (`stride`
 * ports each, so two workers never meet) and by `TEST_PORT_OFFSET` (so two test runs on one machine never meet).
 */
export function workerPortBase(base: number, stride: number): number {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return base + Number(process.env.TEST_PORT_OFFSET ?? '0') + ((worker - 1) % 10) * stride;
}
