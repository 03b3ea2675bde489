/** The bench module's public API: other modules import from `@api/bench` only. */
export { BenchModule } from './bench.module';
