import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';

/** Provides the validated {@link AppConfig} everywhere; tests override the provider with their own values. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: (): AppConfig => loadConfig(process.env) }],
  exports: [AppConfig],
})
export class ConfigModule {}
