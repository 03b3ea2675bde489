import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { StreamCommand, StreamMatch, StreamReply } from './stream-protocol';

const CLIENT = join(__dirname, 'stream-client.ts');

/** What every stream of every client process saw for one watch. */
export interface WatchResult {
  /** Epoch ms, one per stream that saw a matching message. */
  times: number[];
  /** Streams that saw none before the timeout. */
  missing: number;
}

/**
 * Load-generator processes (stream-client.ts) holding sale streams for the bench: on 2 cores one process
 * cannot hold 10,000 sockets and read them all in time, and a process's file descriptors are limited
 * (`ulimit -n`), so the streams are spread over several.
 */
export class StreamClients {
  private nextId = 1;

  private constructor(private readonly children: ChildProcess[]) {}

  static start(processes: number): StreamClients {
    const children = Array.from({ length: processes }, () =>
      fork(CLIENT, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    return new StreamClients(children);
  }

  /** Opens `count` streams of `url + path`, spread evenly; statuses counted (200 once its first message came). */
  async open(url: string, path: string, count: number, concurrency = 128): Promise<Record<string, number>> {
    const shares = this.children.map((_, i) => Math.floor((count + i) / this.children.length));
    const replies = await Promise.all(
      this.children.map((child, i) =>
        this.ask(
          child,
          { type: 'open', url, path, count: shares[i], concurrency },
          (r) => r.type === 'opened',
        ),
      ),
    );
    const statuses: Record<string, number> = {};
    for (const reply of replies) {
      if (reply.type !== 'opened') continue;
      for (const [status, n] of Object.entries(reply.statuses))
        statuses[status] = (statuses[status] ?? 0) + n;
    }
    return statuses;
  }

  /**
   * Arms a watch on every stream, resolving once every client has armed it (so a change made after this
   * resolves is seen by the watch); the returned function waits for the result.
   */
  async watch(match: StreamMatch, timeoutMs: number): Promise<() => Promise<WatchResult>> {
    const id = this.nextId++;
    const results = this.children.map((child) =>
      this.ask(child, { type: 'watch', id, match, timeoutMs }, (r) => r.type === 'seen' && r.id === id),
    );
    await Promise.all(
      this.children.map((child) => this.reply(child, (r) => r.type === 'armed' && r.id === id)),
    );
    return async () => {
      const seen = await Promise.all(results);
      return {
        times: seen.flatMap((r) => (r.type === 'seen' ? r.times : [])),
        missing: seen.reduce((sum, r) => sum + (r.type === 'seen' ? r.missing : 0), 0),
      };
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || !child.connected) return;
        const exited = once(child, 'exit');
        child.send({ type: 'close' } satisfies StreamCommand);
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }),
    );
  }

  private ask(
    child: ChildProcess,
    command: StreamCommand,
    isAnswer: (reply: StreamReply) => boolean,
  ): Promise<StreamReply> {
    const answer = this.reply(child, isAnswer);
    child.send(command);
    return answer;
  }

  private reply(child: ChildProcess, isAnswer: (reply: StreamReply) => boolean): Promise<StreamReply> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: StreamReply): void => {
        if (!isAnswer(reply)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(reply);
      };
      const onExit = (): void => reject(new Error('a stream client exited'));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }
}
