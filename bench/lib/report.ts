import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load';
import type { Timeline, TimelineBucket } from './timeline';

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
  /**
   * The floor (bench/floor): a bare Node `http` server answering each POST with one `EVALSHA`, measured in this
   * run; every row's `cpuFloorMultiple` is its API CPU per request over the floor's.
   */
  floor?: LoadResult;
  /** Crowds drawn over time in the HTML report. */
  timelines?: Timeline[];
}

/** A row's API CPU per request as a multiple of the floor's in the same run. */
export function floorMultiple(report: BenchReport, row: ScenarioRow): number | undefined {
  const floor = report.floor?.cpuUs;
  return row.cpuUs === undefined || floor === undefined || floor <= 0 ? undefined : row.cpuUs / floor;
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
    '× floor',
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
    fmt(floorMultiple(report, row), 1),
    fmt(row.ratio, 2),
    row.target ?? '',
    row.note ?? '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const render = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  console.log(`\n${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(render(line));
  if (report.floor?.cpuUs !== undefined) {
    console.log(
      `\nfloor (bare Node http + one EVALSHA): ${fmt(report.floor.cpuUs)} µs CPU per request, ${fmt(report.floor.rps)} req/s`,
    );
  }
  console.log('\nfigures:');
  for (const [name, value] of Object.entries(report.figures)) console.log(`  ${name}: ${value}`);
}

/** Writes `results-<time>.json`, `latest.json` and a self-contained `latest.html` under bench/results/. */
export function writeReport(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const rows = report.rows.map((row) => ({ ...row, cpuFloorMultiple: floorMultiple(report, row) }));
  const json = JSON.stringify({ ...report, rows }, null, 2);
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
        `<tr><td>${escape(row.scenario)}</td><td>${fmt(row.rps)}</td><td>${fmt(row.p50, 1)}</td><td>${fmt(row.p975, 1)}</td><td>${fmt(row.p99, 1)}</td><td>${fmt(row.errors)}</td><td>${fmt(row.non2xx)}</td><td>${fmt(row.cpuUs)}</td><td>${fmt(floorMultiple(report, row), 1)}</td><td>${fmt(row.ratio, 2)}</td><td>${escape(row.target ?? '')}</td><td>${escape(row.note ?? '')}</td></tr>`,
    )
    .join('\n');
  const figures = Object.entries(report.figures)
    .map(([name, value]) => `<tr><td>${escape(name)}</td><td>${escape(String(value))}</td></tr>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Flashline benchmark ${report.startedAt}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style></head>
<body><h1>Flashline benchmark</h1><p>${report.startedAt} · ${report.machine.cpus} CPUs · Node ${report.machine.node} · flags ${escape(JSON.stringify(report.flags))}</p>
${floorLine(report)}
<table><tr><th>scenario</th><th>req/s</th><th>p50 ms</th><th>p97.5 ms</th><th>p99 ms</th><th>errors</th><th>non-2xx</th><th>API CPU µs/req</th><th>× floor</th><th>ratio</th><th>target</th><th>note</th></tr>${table}</table>
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
<h2>Figures</h2><table>${figures}</table>
${(report.timelines ?? []).map(timelineChart).join('\n')}</body></html>`;
}

function floorLine(report: BenchReport): string {
  const floor = report.floor;
  if (floor?.cpuUs === undefined) return '<p>No floor measured in this run.</p>';
  return `<p>Floor (a bare Node <code>http</code> server answering each POST with one <code>EVALSHA</code>, same run): <b>${fmt(floor.cpuUs)} µs</b> CPU per request at ${fmt(floor.rps)} req/s; "× floor" is each row's API CPU per request over it.</p>`;
}

const STATUS_COLOURS: Record<string, string> = { '201': '#2e8b57', '409': '#9aa5b1', '200': '#4682b4' };
const LATENCY_COLOURS = { p50: '#4682b4', p90: '#e0a030', p99: '#e4572e' } as const;

/**
 * A crowd over time, three panels sharing the time axis: units left, answers per status, and the latency
 * percentiles of each bucket's answers. Plain SVG, no script, so the report stays one self-contained file.
 */
function timelineChart(timeline: Timeline): string {
  const width = 860;
  const left = 60;
  const plot = width - left - 20;
  const panel = 120;
  const n = Math.max(1, timeline.buckets.length);
  const x = (i: number): number => left + (i / n) * plot;
  const barWidth = Math.max(1, plot / n - 1);
  const panels = [
    unitsPanel(timeline, x, panel),
    answersPanel(timeline.buckets, x, barWidth, panel),
    latencyPanel(timeline.buckets, x, panel),
  ];
  const seconds = (n * timeline.bucketMs) / 1000;
  const ticks = Array.from({ length: 11 }, (_, i) => i / 10)
    .map(
      (f) =>
        `<text x="${left + f * plot}" y="${3 * (panel + 30) + 12}" font-size="10" text-anchor="middle">${(f * seconds).toFixed(1)} s</text>`,
    )
    .join('');
  const body = panels
    .map((content, i) => `<g transform="translate(0 ${i * (panel + 30) + 20})">${content}</g>`)
    .join('');
  return `<h2>${escape(timeline.title)}</h2><svg width="${width}" height="${3 * (panel + 30) + 20}" role="img" aria-label="${escape(timeline.title)}">${body}${ticks}</svg>`;
}

function unitsPanel(timeline: Timeline, x: (i: number) => number, height: number): string {
  const y = (units: number): number => height - (units / Math.max(1, timeline.units)) * height;
  const points = timeline.buckets.map((b, i) => `${x(i + 1).toFixed(1)},${y(b.unitsLeft).toFixed(1)}`);
  return `${panelFrame(x, height, `units left (of ${timeline.units})`, timeline.units)}
<polyline fill="none" stroke="#e4572e" stroke-width="2" points="${x(0)},${y(timeline.units)} ${points.join(' ')}"/>`;
}

function answersPanel(
  buckets: readonly TimelineBucket[],
  x: (i: number) => number,
  barWidth: number,
  height: number,
): string {
  const statuses = [...new Set(buckets.flatMap((b) => Object.keys(b.answers)))].sort();
  const max = Math.max(1, ...buckets.map((b) => Object.values(b.answers).reduce((a, c) => a + c, 0)));
  const bars = buckets
    .map((bucket, i) => {
      let top = height;
      return statuses
        .map((status) => {
          const h = ((bucket.answers[status] ?? 0) / max) * height;
          top -= h;
          return h > 0
            ? `<rect x="${x(i).toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${STATUS_COLOURS[status] ?? '#c0392b'}"/>`
            : '';
        })
        .join('');
    })
    .join('');
  const legend = statuses
    .map(
      (status, i) =>
        `<rect x="${x(0) + 420 + i * 70}" y="-12" width="10" height="10" fill="${STATUS_COLOURS[status] ?? '#c0392b'}"/><text x="${x(0) + 434 + i * 70}" y="-3" font-size="10">${status === '0' ? 'network' : status}</text>`,
    )
    .join('');
  return `${panelFrame(x, height, 'answers per bucket, by status', max)}${legend}${bars}`;
}

function latencyPanel(buckets: readonly TimelineBucket[], x: (i: number) => number, height: number): string {
  const max = Math.max(1, ...buckets.map((b) => b.p99 ?? 0));
  const line = (key: keyof typeof LATENCY_COLOURS): string => {
    const points = buckets
      .map((b, i) =>
        b[key] === undefined
          ? ''
          : `${x(i + 0.5).toFixed(1)},${(height - ((b[key] ?? 0) / max) * height).toFixed(1)}`,
      )
      .filter(Boolean)
      .join(' ');
    return `<polyline fill="none" stroke="${LATENCY_COLOURS[key]}" stroke-width="1.5" points="${points}"/>`;
  };
  const legend = (Object.keys(LATENCY_COLOURS) as (keyof typeof LATENCY_COLOURS)[])
    .map(
      (key, i) =>
        `<rect x="${x(0) + 420 + i * 50}" y="-12" width="10" height="10" fill="${LATENCY_COLOURS[key]}"/><text x="${x(0) + 434 + i * 50}" y="-3" font-size="10">${key}</text>`,
    )
    .join('');
  return `${panelFrame(x, height, 'latency on the wire of the answers in each bucket (ms)', max)}${legend}${line('p50')}${line('p90')}${line('p99')}`;
}

function panelFrame(x: (i: number) => number, height: number, title: string, max: number): string {
  return `<text x="${x(0)}" y="-3" font-size="11">${escape(title)}</text>
<line x1="${x(0)}" y1="${height}" x2="840" y2="${height}" stroke="#888"/><line x1="${x(0)}" y1="0" x2="${x(0)}" y2="${height}" stroke="#888"/>
<text x="${x(0) - 4}" y="8" font-size="10" text-anchor="end">${max.toFixed(0)}</text><text x="${x(0) - 4}" y="${height}" font-size="10" text-anchor="end">0</text>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
