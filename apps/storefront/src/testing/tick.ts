/** Lets pending microtasks and one macrotask turn run (e.g. a router navigation reaching its guards). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
