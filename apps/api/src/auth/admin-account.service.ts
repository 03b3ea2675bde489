import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, DEVELOPMENT_SECRETS } from '@api/config';
import { type EnsureResult, UsersService } from '@api/users';

const RETRY_DELAY_MS = 2000;

/**
 * Creates the admin account from `ADMIN_EMAIL` / `ADMIN_PASSWORD` when it is absent. Runs in the
 * background and retries, because the API must start (and report it on /api/health) while MongoDB is down.
 * Several processes starting at once are safe: the unique email index lets one insert win.
 */
@Injectable()
export class AdminAccount implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AdminAccount.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.isProduction && this.config.auth.adminPassword === DEVELOPMENT_SECRETS.ADMIN_PASSWORD) {
      // The password is the published development default, so naming it reveals nothing.
      this.logger.warn(
        `Using the default development admin: ${this.config.auth.adminEmail} / ${DEVELOPMENT_SECRETS.ADMIN_PASSWORD}`,
      );
    }
    void this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Idempotent; tests call it after wiping the database. */
  async ensure(): Promise<EnsureResult> {
    const { adminEmail, adminPassword } = this.config.auth;
    const result = await this.users.ensureUser({
      email: adminEmail,
      password: adminPassword,
      name: 'Administrator',
      role: 'admin',
    });
    if (result === 'created') this.logger.log(`Created the admin account ${adminEmail}`);
    if (result === 'exists-with-other-role') {
      this.logger.error(`${adminEmail} belongs to a non-admin account: no admin was created`);
    }
    return result;
  }

  private async attempt(): Promise<void> {
    try {
      await this.ensure();
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'could not ensure the admin account yet; retrying');
      this.timer = setTimeout(() => void this.attempt(), RETRY_DELAY_MS);
      this.timer.unref();
    }
  }
}
