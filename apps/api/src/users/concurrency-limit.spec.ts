import { ConcurrencyLimit, QueueFullError } from './concurrency-limit';

/** A task whose end the test decides. */
function deferred(): { promise: Promise<void>; finish: () => void; fail: (error: Error) => void } {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { promise, finish, fail };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('runs at most its size at once and starts the rest in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const tasks = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = tasks.map((task, i) =>
      limit.run(() => {
        started.push(i);
        return task.promise;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.queued]).toEqual([2, 2]);

    tasks[1].finish();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect([limit.active, limit.queued]).toEqual([2, 1]);

    tasks[0].finish();
    tasks[2].finish();
    tasks[3].finish();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  it('frees the slot of a task that fails and passes its error on', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = deferred();
    const first = limit.run(() => failing.promise);
    const second = limit.run(() => Promise.resolve('second ran'));
    failing.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('second ran');
    expect(limit.active).toBe(0);
  });

  it('returns what the task returns', async () => {
    await expect(new ConcurrencyLimit(1).run(() => Promise.resolve(42))).resolves.toBe(42);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a size of %p', (size) => {
    expect(() => new ConcurrencyLimit(size)).toThrow(RangeError);
  });
});

describe('ConcurrencyLimit with a bounded line', () => {
  it('refuses at once a task past the line, and takes one again when the line moves', async () => {
    const limit = new ConcurrencyLimit(1, 2);
    const tasks = [deferred(), deferred(), deferred()];
    const runs = tasks.map((task) => limit.run(() => task.promise));
    let ran = false;
    await expect(
      limit.run(() => {
        ran = true;
        return Promise.resolve();
      }),
    ).rejects.toBeInstanceOf(QueueFullError);
    expect(ran).toBe(false);
    expect([limit.active, limit.queued]).toEqual([1, 2]);

    tasks[0].finish();
    await settle();
    const next = deferred();
    runs.push(limit.run(() => next.promise));
    expect(limit.queued).toBe(2);
    for (const task of [...tasks, next]) task.finish();
    await Promise.all(runs);
  });
});
