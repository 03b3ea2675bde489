import { type DynamicModule, Module } from '@nestjs/common';
import { readBoolean } from '@api/config';
import { BenchController } from './bench.controller';

/**
 * The benchmark's baseline route, out of the production module graph: AppModule imports it, and it has a
 * controller only when the process starts with BENCH_MODE=true outside production (`npm run bench` does).
 */
@Module({})
export class BenchModule {
  static forEnvironment(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const enabled = env.NODE_ENV !== 'production' && readBoolean(env, 'BENCH_MODE', false);
    return { module: BenchModule, controllers: enabled ? [BenchController] : [] };
  }
}
