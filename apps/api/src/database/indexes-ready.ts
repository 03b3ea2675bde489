/**
 * Waits until a model's indexes exist. Mongoose builds them in the background at start-up, but a unique
 * index is what makes a racing insert safe, so writes that rely on one wait for it first. A failed attempt
 * (MongoDB down at start-up) is retried on the next call; once built, waiting costs nothing.
 */
export class IndexesReady {
  private ready?: Promise<void>;

  constructor(private readonly model: { createIndexes(): Promise<unknown> }) {}

  wait(): Promise<void> {
    this.ready ??= this.model.createIndexes().then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }
}
