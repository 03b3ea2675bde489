import { createHash, randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { AppConfig } from '@api/config';
import { DomainError } from '@api/common/errors';
import { ConcurrencyLimit, QueueFullError } from './concurrency-limit';

/** Seconds a refused login is told to wait: the line drains in about that (a hash takes ~0.1-0.3 s). */
const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * bcrypt with the configured cost. bcrypt reads only the first 72 bytes, and a 128-character password can
 * be 512 bytes: passwords are first reduced to a base64 SHA-256 digest (44 bytes, no NUL) so every
 * character counts.
 *
 * At most `PASSWORD_HASH_CONCURRENCY` hashes run at once per process (default 1); further logins wait in
 * line. bcrypt runs on libuv's thread pool (4 threads), and four costly hashes per process would take the
 * CPU from the requests being served: the benchmark's login storm took the baseline's p99 to 3 to 4 times
 * its idle value with them, and to about 1.7 times with one (for a third fewer logins per second). The pool
 * also runs at a lower priority (THREAD_POOL_NICE, see main.ts), which brought it to about 1.1 times.
 *
 * The line is bounded (`PASSWORD_HASH_QUEUE_LIMIT`): past it a login or registration is refused at once
 * with 503 SERVICE_UNAVAILABLE and `Retry-After`, instead of waiting seconds behind a storm of guesses.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;
  private readonly slots: ConcurrencyLimit;

  constructor(private readonly config: AppConfig) {
    this.slots = new ConcurrencyLimit(
      config.auth.passwordHashConcurrency,
      config.auth.passwordHashQueueLimit,
    );
  }

  /** Hashes the dummy up front, so the first unknown-email login is not slower than the rest. */
  onModuleInit(): void {
    void this.dummy();
  }

  hash(password: string): Promise<string> {
    return this.inLine(() => bcrypt.hash(prehash(password), this.config.auth.bcryptRounds));
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.inLine(() => bcrypt.compare(prehash(password), hash));
  }

  private async inLine<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(task);
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'Too many sign-ins at once: try again shortly.',
        undefined,
        {
          'Retry-After': String(BUSY_RETRY_AFTER_SECONDS),
        },
      );
    }
  }

  /**
   * Spends the same time as {@link verify} when there is no hash to compare with (unknown email), so the
   * response time does not reveal which emails are registered.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.verify(password, await this.dummy());
    return false;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}

function prehash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('base64');
}
