import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load';

export interface ScenarioRow extends Partial<LoadResult> {
  scenario: string;
  /** This scenario's req/s over the baseline's, measured in the same run. */
  ratio?: number;
  target?: string;
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; node: string };
  flags: object;
  rows: ScenarioRow[];
  figures: Record<string, number | string>;
}

const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined ? '' : value.toFixed(digits);

export function printTable(report: BenchReport): void {
  const header = [
    'scenario',
    'req/s',
    'p50 ms',
    'p97.5 ms',
    'p99 ms',
    'errors',
    'non-2xx',
    'CPU µs/req',
    'ratio',
    'target',
    'note',
  ];
  const lines = report.rows.map((row) => [
    row.scenario,
    fmt(row.rps),
    fmt(row.p50, 1),
    fmt(row.p975, 1),
    fmt(row.p99, 1),
    fmt(row.errors),
    fmt(row.non2xx),
    fmt(row.cpuUs),
    fmt(row.ratio, 2),
    row.target ?? '',
    row.note ?? '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const render = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  console.log(`\n${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(render(line));
  console.log('\nfigures:');
  for (const [name, value] of Object.entries(report.figures)) console.log(`  ${name}: ${value}`);
}

/** Writes `results-<time>.json`, `latest.json` and a self-contained `latest.html` under bench/results/. */
export function writeReport(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = JSON.stringify(report, null, 2);
  const files = [join(dir, `results-${stamp}.json`), join(dir, 'latest.json'), join(dir, 'latest.html')];
  writeFileSync(files[0], json);
  writeFileSync(files[1], json);
  writeFileSync(files[2], html(report));
  return files;
}

function barChart(title: string, bars: { label: string; value: number }[], unit: string): string {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rowHeight = 28;
  const rows = bars
    .map((bar, i) => {
      const width = Math.round((bar.value / max) * 520);
      const y = i * rowHeight + 30;
      return `<text x="0" y="${y + 15}" font-size="12">${escape(bar.label)}</text>
<rect x="200" y="${y}" width="${width}" height="20" fill="#e4572e"/>
<text x="${205 + width}" y="${y + 15}" font-size="12">${bar.value.toFixed(1)} ${unit}</text>`;
    })
    .join('\n');
  return `<h2>${escape(title)}</h2><svg width="860" height="${bars.length * rowHeight + 40}" role="img">${rows}</svg>`;
}

function html(report: BenchReport): string {
  const measured = report.rows.filter((row) => row.rps !== undefined);
  const table = report.rows
    .map(
      (row) =>
        `<tr><td>${escape(row.scenario)}</td><td>${fmt(row.rps)}</td><td>${fmt(row.p50, 1)}</td><td>${fmt(row.p975, 1)}</td><td>${fmt(row.p99, 1)}</td><td>${fmt(row.errors)}</td><td>${fmt(row.non2xx)}</td><td>${fmt(row.cpuUs)}</td><td>${fmt(row.ratio, 2)}</td><td>${escape(row.target ?? '')}</td><td>${escape(row.note ?? '')}</td></tr>`,
    )
    .join('\n');
  const figures = Object.entries(report.figures)
    .map(([name, value]) => `<tr><td>${escape(name)}</td><td>${escape(String(value))}</td></tr>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Flashline benchmark ${report.startedAt}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style></head>
<body><h1>Flashline benchmark</h1><p>${report.startedAt} · ${report.machine.cpus} CPUs · Node ${report.machine.node} · flags ${escape(JSON.stringify(report.flags))}</p>
<table><tr><th>scenario</th><th>req/s</th><th>p50 ms</th><th>p97.5 ms</th><th>p99 ms</th><th>errors</th><th>non-2xx</th><th>API CPU µs/req</th><th>ratio</th><th>target</th><th>note</th></tr>${table}</table>
${barChart(
  'Throughput per scenario',
  measured.map((row) => ({ label: row.scenario, value: row.rps ?? 0 })),
  'req/s',
)}
${barChart(
  'p99 latency per scenario',
  measured.map((row) => ({ label: row.scenario, value: row.p99 ?? 0 })),
  'ms',
)}
${barChart(
  'p50 latency per scenario',
  measured.map((row) => ({ label: row.scenario, value: row.p50 ?? 0 })),
  'ms',
)}
<h2>Figures</h2><table>${figures}</table></body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
