// `npm run bench:reader -- [--reports N] [--keep]`: reports read per second, on one core, over a
// folder of generated annual reports in every format (2021, 2019, legacy coded and uncoded) and
// layout (space-aligned and "|" text, one word per line, HTML pages, DOCX), both scripts, UTF-8
// and GB18030, with faults (broken sums, blanks, page numbers, wrapped labels) — plus the real
// reports kept as test fixtures. Each file is read from disk, decoded and read as `gongkai
// read-report` does; every generated report's figures are compared with what was written.
// The figure is per second of this thread's CPU time (the machine may be shared); wall-clock time
// is printed beside it. The last line printed is one JSON object.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPath } from '../src/features/reader/reading.js';
import { figuresOf } from '../test/helpers/reader.js';
import { type Fault, type Layout, type ReportSpec, writeReport } from '../test/helpers/reportWriter.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt('reports', 300);
const keep = args.includes('--keep');

const formats = [
  { format: 'national2021', year: 2023 },
  { format: 'national2019', year: 2020 },
  { format: 'legacy', year: 2011 },
  { format: 'legacy', year: 2012, uncoded: true },
] as const;
// Text layouts dominate what researchers collect (PDF extractions, saved pages); DOCX is rarer.
const layouts: Layout[] = ['spaces', 'spaces', 'pipes', 'raw', 'html', 'html', 'docx'];
const faults: Fault[][] = [[], ['pageBreaks', 'wrapped'], ['brokenSum', 'blanks'], ['proseMismatch']];
const agencies = ['示例市交通运输局', '示例县人民政府', '示例区教育局', '示例市卫生健康委员会', '示例镇人民政府'];

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-reader-'));
const expected = new Map<string, Record<string, unknown>>();
const kindOf = new Map<string, string>();
console.log(`writing ${N} reports to ${dir} …`);
for (let i = 0; i < N; i++) {
  const f = formats[i % formats.length]!;
  const layout = layouts[Math.floor(i / formats.length) % layouts.length]!;
  const spec: ReportSpec = {
    agency: agencies[i % agencies.length]!,
    year: f.year + (i % 3),
    format: f.format,
    ...('uncoded' in f ? { uncoded: true } : {}),
    layout,
    traditional: i % 2 === 1,
    gbk: layout !== 'docx' && i % 5 === 0,
    faults: (faults[i % faults.length] ?? []).filter((x) => f.format !== 'legacy' || x !== 'proseMismatch'),
    seed: 1000 + i,
  };
  // The year must stay in the format's range.
  if (spec.format === 'national2019') spec.year = 2019 + (i % 2);
  if (spec.format === 'national2021') spec.year = 2021 + (i % 4);
  const w = await writeReport(spec);
  writeFileSync(join(dir, w.name), w.bytes);
  expected.set(w.name, w.expected);
  kindOf.set(w.name, layout === 'html' ? 'html' : layout === 'docx' ? 'docx' : 'text');
}
const realDir = new URL('../test/fixtures/reports/', import.meta.url).pathname;
const files = [
  ...readdirSync(dir).map((f) => join(dir, f)),
  ...readdirSync(realDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(realDir, f)),
];

async function pass() {
  const byKind = new Map<string, { n: number; ms: number }>();
  let wrong = 0;
  let figures = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (const file of files) {
    const t0 = process.cpuUsage();
    const r = await readPath(file);
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    const k = byKind.get(r.kind) ?? { n: 0, ms: 0 };
    k.n++;
    k.ms += ms;
    byKind.set(r.kind, k);
    figures += r.reading.figures.length;
    const name = file.slice(file.lastIndexOf('/') + 1);
    const want = expected.get(name);
    if (want && JSON.stringify(Object.entries(figuresOf(r.reading)).sort()) !== JSON.stringify(Object.entries(want).sort())) wrong++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - started, byKind, wrong, figures };
}

// The first pass loads OpenCC's dictionaries and warms the JIT; of three more the fastest counts
// (on a shared machine the others measure the neighbours too).
await pass();
const runs = [await pass(), await pass(), await pass()];
const r = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const perSecond = (n: number, ms: number) => Math.round((n * 1000) / ms);
const rate = perSecond(files.length, r.ms);
// CPU time of this one thread, so that other work on a shared machine does not count.
console.log(`read ${files.length} reports (${r.figures} figures) in ${(r.ms / 1000).toFixed(2)} s of CPU on one core: ${rate} reports/s`);
console.log(
  `  (wall clock ${(r.wallMs / 1000).toFixed(2)} s: ${perSecond(files.length, r.wallMs)} reports/s; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
);
for (const [kind, k] of r.byKind)
  console.log(
    `  ${kind.padEnd(5)} ${String(k.n).padStart(4)} reports  ${perSecond(k.n, k.ms)} reports/s  (${(k.ms / k.n).toFixed(1)} ms each)`,
  );
console.log(`  passes: ${runs.map((x) => perSecond(files.length, x.ms)).join(', ')} reports/s (best counts)`);
console.log(`  generated reports read back to other figures than written: ${r.wrong}`);
if (!keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
console.log(
  JSON.stringify({
    bench: 'reader',
    reports: files.length,
    cpuSeconds: Number((r.ms / 1000).toFixed(3)),
    reportsPerSecond: rate,
    wallReportsPerSecond: perSecond(files.length, r.wallMs),
    target: 200,
    byKind: Object.fromEntries([...r.byKind].map(([k, v]) => [k, { reports: v.n, perSecond: perSecond(v.n, v.ms) }])),
    wrongReadings: r.wrong,
  }),
);
