/**
 * `npm test`: every check the project has, in order, stopping at the first failure.
 *
 *   format      npm run format:check    Prettier
 *   lint        npm run lint            ESLint, no warnings allowed
 *   typecheck   npm run typecheck       tsc over the API, storefront, contracts and scripts
 *   audit       npm audit --omit=dev --audit-level=high
 *                                       production dependencies; skipped, with the reason, when the
 *                                       registry offers no audit endpoint (see scripts/lib/npm-audit.ts)
 *   docker      npm run lint:docker     compose file and Dockerfiles (compose-go, BuildKit's parser and lint;
 *                                       also `docker compose config` when the compose plugin is present)
 *   api         npm run test:api        Jest against real Redis / FerretDB / stripe-mock (services:start)
 *   storefront  npm run test:storefront Angular unit tests in headless Chromium
 *   e2e         npm run test:e2e        Playwright against the running stack
 *
 * Nothing is installed by hand: test:api and test:e2e start the services (scripts/services.ts), and
 * test:storefront and test:e2e first make sure Debian's Chromium is there (scripts/browser.ts: apt-get when
 * missing, else a failure at once naming the command that fixes it).
 *
 * Options (repeatable, comma-separated lists allowed; a step is named as above or by its npm script):
 *   --only <step>   run only these steps        e.g. npm test -- --only api,e2e
 *   --skip <step>   run all but these steps     e.g. npm test -- --skip e2e
 *   --list          print the steps and exit
 * Prints each step's duration and a summary; exits with the failing step's code.
 */
import { spawn } from 'node:child_process';
import { runDependencyAudit } from './lib/npm-audit';
import { errorMessage, formatDuration, paint, ScriptError } from './lib/proc';

interface Step {
  name: string;
  /** The npm script it runs (`npm run <script>`), or, for a step with its own `run`, its command. */
  script: string;
  /** A step judged here instead of by an npm script's exit code. */
  run?: () => Promise<StepRun>;
}

/** How a step ended: its exit code, or the reason it checked nothing (reported as skipped, not passed). */
interface StepRun {
  code: number;
  skipped?: string;
}

const auditStep: Step = {
  name: 'audit',
  script: 'npm audit --omit=dev --audit-level=high',
  run: async () => {
    const verdict = await runDependencyAudit();
    if (verdict.outcome === 'skipped') return { code: 0, skipped: verdict.reason };
    const mark = verdict.outcome === 'passed' ? paint('green', 'audit:') : paint('red', 'audit:');
    console.log(`${mark} ${verdict.summary}`);
    return { code: verdict.outcome === 'passed' ? 0 : 1 };
  },
};

const STEPS: readonly Step[] = [
  { name: 'format', script: 'format:check' },
  { name: 'lint', script: 'lint' },
  { name: 'typecheck', script: 'typecheck' },
  auditStep,
  { name: 'docker', script: 'lint:docker' },
  { name: 'api', script: 'test:api' },
  { name: 'storefront', script: 'test:storefront' },
  { name: 'e2e', script: 'test:e2e' },
];

/** `skipped`: not selected; `unchecked`: ran but could check nothing (its reason says why). */
type Outcome = 'passed' | 'failed' | 'skipped' | 'unchecked' | 'not run';

interface Result {
  step: Step;
  outcome: Outcome;
  ms?: number;
  code?: number;
  reason?: string;
}

/** The command line a step runs, as printed. */
const commandOf = (step: Step): string => (step.run ? step.script : `npm run ${step.script}`);

function findStep(name: string): Step {
  const step = STEPS.find((candidate) => candidate.name === name || candidate.script === name);
  if (!step) {
    throw new ScriptError(`unknown step "${name}"; steps: ${STEPS.map((s) => s.name).join(', ')}`, 2);
  }
  return step;
}

const USAGE =
  'usage: npm test [-- --only <step>[,<step>]] [--skip <step>[,<step>]] [--list]\n' +
  `steps, in order: ${STEPS.map((s) => s.name).join(', ')}`;

type Command = { kind: 'run'; selected: Set<Step> } | { kind: 'list' } | { kind: 'help' };

function parseArgs(argv: readonly string[]): Command {
  const only = new Set<Step>();
  const skip = new Set<Step>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--list') return { kind: 'list' };
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const match = /^(--only|--skip)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new ScriptError(`unknown argument "${arg}"\n${USAGE}`, 2);
    const value = match[2] ?? argv[++i];
    if (!value) throw new ScriptError(`${match[1]} needs a step name\n${USAGE}`, 2);
    const into = match[1] === '--only' ? only : skip;
    for (const name of value.split(',').filter(Boolean)) into.add(findStep(name));
  }
  return {
    kind: 'run',
    selected: new Set(STEPS.filter((s) => (only.size === 0 || only.has(s)) && !skip.has(s))),
  };
}

/**
 * The steps' environment. CI=true is kept (tools use it to disable watch mode and prompts). FORCE_COLOR
 * set to an empty string or together with NO_COLOR makes Node print a warning in every child: settle it.
 */
function stepEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NG_CLI_ANALYTICS: 'false' };
  if (env['FORCE_COLOR'] === '') delete env['FORCE_COLOR'];
  if (env['FORCE_COLOR'] !== undefined && env['NO_COLOR'] !== undefined) delete env['NO_COLOR'];
  return env;
}

let current: ReturnType<typeof spawn> | undefined;
let interrupted: NodeJS.Signals | undefined;

function runStep(step: Step): Promise<StepRun> {
  if (step.run) return step.run();
  return runScript(step).then((code) => ({ code }));
}

function runScript(step: Step): Promise<number> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', step.script], { stdio: 'inherit', env: stepEnv() });
    current = child;
    child.on('error', (err) => {
      console.error(paint('red', `could not run npm: ${err.message}`));
      done(127);
    });
    child.on('close', (code, signal) => {
      current = undefined;
      done(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

function printSummary(results: readonly Result[], totalMs: number): void {
  const marks: Record<Outcome, string> = {
    passed: paint('green', 'pass'),
    failed: paint('red', 'FAIL'),
    skipped: paint('gray', 'skip'),
    unchecked: paint('yellow', 'skip'),
    'not run': paint('gray', '----'),
  };
  console.log(paint('bold', '\nSummary'));
  for (const { step, outcome, ms, code, reason } of results) {
    const details: Partial<Record<Outcome, string>> = {
      failed: ` (exit code ${code})`,
      'not run': ' (not run)',
      unchecked: ` (${reason})`,
    };
    const detail = details[outcome] ?? '';
    const time = ms === undefined ? '' : formatDuration(ms);
    console.log(`  ${marks[outcome]}  ${step.name.padEnd(11)} ${time.padStart(10)}${detail}`);
  }
  console.log(`  total ${formatDuration(totalMs)}`);
}

async function main(): Promise<number> {
  const command = parseArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command.kind === 'list') {
    for (const step of STEPS) console.log(`${step.name.padEnd(11)} ${commandOf(step)}`);
    return 0;
  }
  const { selected } = command;
  if (selected.size === 0) throw new ScriptError(`--only/--skip leave no step to run\n${USAGE}`, 2);
  // Ctrl-C reaches the running step too (same process group); wait for it to end, then report.
  process.on('SIGINT', () => (interrupted = 'SIGINT'));
  process.on('SIGTERM', () => {
    interrupted = 'SIGTERM';
    current?.kill('SIGTERM');
  });

  const started = Date.now();
  const results: Result[] = STEPS.map((step) => ({
    step,
    outcome: selected.has(step) ? 'not run' : 'skipped',
  }));
  let failed: Result | undefined;
  for (const result of results) {
    if (result.outcome === 'skipped') continue;
    if (failed || interrupted) break;
    const { step } = result;
    console.log(paint('bold', `\n▶ ${step.name}: ${commandOf(step)}`));
    const stepStarted = Date.now();
    const { code, skipped } = await runStep(step);
    result.ms = Date.now() - stepStarted;
    result.code = code;
    result.outcome = code !== 0 || interrupted ? 'failed' : skipped ? 'unchecked' : 'passed';
    result.reason = skipped;
    if (result.outcome === 'passed') {
      console.log(paint('green', `✔ ${step.name} passed in ${formatDuration(result.ms)}`));
    } else if (result.outcome === 'unchecked') {
      console.log(paint('yellow', `⚠ ${step.name} skipped: ${skipped}`));
    } else {
      failed = result;
      console.error(
        paint('red', `✖ ${step.name} failed`) +
          ` (${commandOf(step)}, exit code ${code}${interrupted ? `, ${interrupted}` : ''}) ` +
          `after ${formatDuration(result.ms)}`,
      );
    }
  }
  printSummary(results, Date.now() - started);
  // The plain closing line CI readers look for, counting steps.
  const count = (outcome: string): number => results.filter((result) => result.outcome === outcome).length;
  const unchecked = results.filter((result) => result.outcome === 'unchecked');
  const skippedNote = unchecked.map((result) => `${result.step.name}: ${result.reason}`).join('; ');
  console.log(
    `${count('passed')} passed, ${count('failed')} failed` +
      (unchecked.length > 0 ? `, ${unchecked.length} skipped (${skippedNote})` : ''),
  );
  if (failed) {
    console.error(
      paint('red', `\nnpm test failed at step "${failed.step.name}" (${commandOf(failed.step)}).`),
    );
    return failed.code || 1;
  }
  const which = selected.size === STEPS.length ? '' : 'selected ';
  const names = unchecked.map((result) => result.step.name).join(', ');
  const verdict =
    unchecked.length > 0
      ? `All ${which}steps passed, except ${names}: skipped, nothing checked.`
      : `All ${which}steps passed.`;
  console.log(paint('green', `\n${verdict}`));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(paint('red', `test: ${errorMessage(err)}`));
    process.exit(err instanceof ScriptError ? err.exitCode : 1);
  },
);
