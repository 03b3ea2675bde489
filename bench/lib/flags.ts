/**
 * `npm run bench -- --processes 2 --duration 10 --connections 100 --crowd-runs 20 --only reserve,sold-out`;
 * `--skip-build` runs the API as last built (to compare two builds); `--profile` has each API process write
 * a V8 CPU profile (see PROFILES_DIR in bench.ts).
 */
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
  /** Scenarios to run (the baseline always runs: every ratio needs it); all of them by default. */
  only: ReadonlySet<Scenario>;
  skipBuild: boolean;
  /** Each API process writes a `.cpuprofile` when it exits. */
  profile: boolean;
}

/** What `--only` accepts, comma-separated: for iterating on one part; a full run is the default. */
export const SCENARIOS = [
  'reserve',
  'sold-out',
  'crowd',
  'purchase',
  'scale-out',
  'login-storm',
  'memory',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

type NumericFlag = Exclude<keyof BenchFlags, 'only' | 'skipBuild' | 'profile'>;

const DEFAULTS: Record<NumericFlag, number> = {
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
  const flags: BenchFlags = {
    ...DEFAULTS,
    only: new Set(SCENARIOS),
    skipBuild: argv.includes('--skip-build'),
    profile: argv.includes('--profile'),
  };
  for (const key of Object.keys(DEFAULTS) as NumericFlag[]) {
    const index = argv.indexOf(toFlag(key));
    if (index === -1) continue;
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${toFlag(key)} needs a positive integer`);
    flags[key] = value;
  }
  const only = argv.indexOf('--only');
  if (only !== -1) flags.only = parseScenarios(argv[only + 1] ?? '');
  return flags;
}

function parseScenarios(list: string): Set<Scenario> {
  const names = list.split(',').filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of: ${SCENARIOS.join(', ')}`);
  }
  return new Set(names as Scenario[]);
}

/** Whether every scenario runs (docs/performance.md's figures come only from such a run). */
export const isFullRun = (flags: BenchFlags): boolean => flags.only.size === SCENARIOS.length;
