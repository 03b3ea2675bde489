/** `npm run bench -- --processes 2 --duration 10 --connections 100 --crowd-runs 20` */
export interface BenchFlags {
  processes: number;
  /** Seconds of each measured run (three per scenario; the median is reported). */
  duration: number;
  connections: number;
  crowdShoppers: number;
  crowdUnits: number;
  crowdProcesses: number;
  crowdRuns: number;
  /** Seconds of the steady run that measures memory growth. */
  soakSeconds: number;
  bcryptRounds: number;
}

const DEFAULTS: BenchFlags = {
  processes: 2,
  duration: 8,
  connections: 64,
  crowdShoppers: 5000,
  crowdUnits: 100,
  crowdProcesses: 4,
  crowdRuns: 20,
  soakSeconds: 60,
  bcryptRounds: 10,
};

const toFlag = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseFlags(argv: string[]): BenchFlags {
  const flags = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof BenchFlags)[]) {
    const index = argv.indexOf(toFlag(key));
    if (index === -1) continue;
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${toFlag(key)} needs a positive integer`);
    flags[key] = value;
  }
  return flags;
}
