import { createHash, randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { AppConfig } from '@api/config/app-config';

/**
 * bcrypt with the configured cost. bcrypt reads only the first 72 bytes, and a 128-character password can
 * be 512 bytes: passwords are first reduced to a base64 SHA-256 digest (44 bytes, no NUL) so every
 * character counts.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  /** Hashes the dummy up front, so the first unknown-email login is not slower than the rest. */
  onModuleInit(): void {
    void this.dummy();
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(prehash(password), this.config.auth.bcryptRounds);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(prehash(password), hash);
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
