import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/*
 * Modules reach each other only through what they export: `@api/<module>` (its index.ts), or for the shared
 * kernel `@api/common/<room>`; files of one module import each other relatively. A deep import
 * (`@api/holds/holds.store`) ties a module to another's internals; a module importing its own barrel, or two
 * modules importing each other, can leave a class `undefined` when Nest's decorators read it (the barrels
 * load each other half-way). This scan keeps them out.
 */

/** A source file: its path under `src/` (`holds/holds.store.ts`) and its text. */
type Sources = ReadonlyMap<string, string>;

/** What an `import … from` or `export … from` statement names; anchored to a line start, so text is skipped. */
const SPECIFIER = /^(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm;

/** The unit a path belongs to: its top folder, `common/<room>` in the shared kernel, `<root>` at the top. */
function unitOf(path: string): string {
  const parts = path.split('/');
  if (parts.length === 1) return '<root>';
  return parts[0] === 'common' ? `common/${parts[1]}` : parts[0];
}

/** The `src/`-relative path an import names, or undefined for a package (`@nestjs/common`). */
function targetOf(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('@api/')) return specifier.slice('@api/'.length);
  if (specifier.startsWith('.')) return normalize(join(dirname(file), specifier));
  return undefined;
}

/** The unit a target lies in; a bare unit path (`holds`, `common/auth`) is that unit's barrel. */
function targetUnitOf(target: string, units: ReadonlySet<string>): string {
  return units.has(target) ? target : unitOf(target);
}

interface Scan {
  violations: string[];
  /** unit -> the units it imports. */
  dependencies: Map<string, Set<string>>;
}

/** What is wrong with `file` importing `specifier` (`target`, in `unit`), or undefined when nothing is. */
function problemOf(file: string, specifier: string, target: string, unit: string): string | undefined {
  const own = unitOf(file);
  if (unit === own) {
    if (own === '<root>') return undefined;
    if (target === own || target === `${own}/index`) return `${file}: imports its own barrel '${specifier}'`;
    if (specifier.startsWith('@api/'))
      return `${file}: '${specifier}' is in its own module: import it relatively`;
    return undefined;
  }
  if (unit === '<root>' || specifier === `@api/${unit}`) return undefined;
  return `${file}: '${specifier}' instead of '@api/${unit}'`;
}

function scan(sources: Sources): Scan {
  const units = new Set([...sources.keys()].filter((path) => path.includes('/')).map(unitOf));
  const violations: string[] = [];
  const dependencies = new Map<string, Set<string>>();
  for (const [file, text] of sources) {
    const own = unitOf(file);
    for (const [, specifier] of text.matchAll(SPECIFIER)) {
      const target = targetOf(file, specifier);
      if (target === undefined) continue;
      const unit = targetUnitOf(target, units);
      const problem = problemOf(file, specifier, target, unit);
      if (problem) violations.push(problem);
      if (unit === own || unit === '<root>') continue;
      const uses = dependencies.get(own) ?? new Set<string>();
      dependencies.set(own, uses.add(unit));
    }
  }
  return { violations, dependencies };
}

/** One cycle among the units (`a -> b -> a`), or undefined when they form none. */
function cycleIn(dependencies: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (unit: string): string | undefined => {
    const at = path.indexOf(unit);
    if (at >= 0) return [...path.slice(at), unit].join(' -> ');
    if (done.has(unit)) return undefined;
    path.push(unit);
    for (const next of dependencies.get(unit) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(unit);
    return undefined;
  };
  for (const unit of dependencies.keys()) {
    const cycle = visit(unit);
    if (cycle) return cycle;
  }
  return undefined;
}

function readSources(root: string): Sources {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.ts'),
  );
  return new Map(files.map((file) => [file.split('\\').join('/'), readFileSync(join(root, file), 'utf8')]));
}

describe('module boundaries (apps/api/src)', () => {
  const { violations, dependencies } = scan(readSources(__dirname));

  it('imports another module only through its barrel, `@api/<module>`, and never its own', () => {
    expect(violations).toEqual([]);
  });

  it('has no cycle between modules', () => {
    expect(cycleIn(dependencies)).toBeUndefined();
  });

  it('catches each kind of import it forbids, and a cycle, in a made-up tree', () => {
    // Double quotes, so that a text search for this file's own imports does not find these.
    const made = scan(
      new Map([
        ['holds/index.ts', 'export * from "./holds.store";'],
        ['holds/holds.store.ts', 'import { Clock } from "@api/holds";\nimport { X } from "@api/orders";'],
        ['orders/index.ts', 'export { X } from "./x";'],
        [
          'orders/x.ts',
          'import { HoldsStore } from "@api/holds/holds.store";\nimport { Y } from "@api/orders/y";',
        ],
        ['orders/y.ts', ''],
        ['common/http/sse.ts', 'import { DomainError } from "../errors/domain-error";'],
        ['common/errors/domain-error.ts', ''],
      ]),
    );
    expect(made.violations).toEqual([
      "holds/holds.store.ts: imports its own barrel '@api/holds'",
      "orders/x.ts: '@api/holds/holds.store' instead of '@api/holds'",
      "orders/x.ts: '@api/orders/y' is in its own module: import it relatively",
      "common/http/sse.ts: '../errors/domain-error' instead of '@api/common/errors'",
    ]);
    expect(cycleIn(made.dependencies)).toBe('holds -> orders -> holds');
  });
});
