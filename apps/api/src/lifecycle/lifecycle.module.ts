import { Global, Module } from '@nestjs/common';
import { Lifecycle } from './lifecycle.service';

/** The process's draining state, for every module that must react to a shutdown (health, SSE, loops). */
@Global()
@Module({ providers: [Lifecycle], exports: [Lifecycle] })
export class LifecycleModule {}
