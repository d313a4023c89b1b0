// Benchmark runner: every workload on each backend and as plain JavaScript,
// in one process, checked against its expected value on every run. Prints a
// table and writes bench/out/results.{json,md} and bench/out/chart.svg.
//
//   npm run bench              all workloads, 15 batched samples each
//   npm run bench -- --quick   the quick set, 5 timed runs each
//   npm run bench -- --only fib_recursive_20,sum_1M_unfused
//   npm run bench -- --quick --publish   also writes bench/RESULTS.md and bench/chart.svg

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../src/backend.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { VM } from '../src/vm.js';
import { VMPool } from '../src/pool.js';
import type { Value } from '../src/values/value.js';
import { SAMPLE_NS, WARM_MS, fmtNs, time as timeRuns, type Timing } from './timing.js';
import { chartSVG } from './chart.js';
import { WORKLOADS, type Workload } from './workloads.js';
import { useEmbeddedCore } from '../src/core/load.js';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

export interface Row {
  name: string;
  what: string;
  results: Partial<Record<BackendName | 'js', Timing | { error: string }>>;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1]!.split(',')) : null;
const RUNS = quick ? 5 : 15;
const WARM = quick ? 2 : 5;

/** Set by a row's first wasm run: the core's linear memory when the run ended. */
let lastLinearMemory: number | undefined;

function time(fn: () => unknown, want: Value): Timing {
  lastLinearMemory = undefined;
  return timeRuns(fn, want, RUNS, WARM, () => lastLinearMemory);
}

function runOn(backend: BackendName, chunk: Chunk, how: 'fresh' | 'pool' = 'fresh'): () => Value {
  if (how === 'pool') {
    const pool = new VMPool({ backend, jit: 'off' });
    return () => {
      const r = pool.with(chunk, (vm) => {
        const out = vm.run();
        if (backend === 'wasm' && lastLinearMemory === undefined) lastLinearMemory = vm.memoryUsage().linearMemoryUsed;
        return out;
      });
      if (r.status === 'ok') return r.value;
      throw new Error(r.status === 'error' ? r.error.message : 'halted');
    };
  }
  return () => {
    const vm = new VM(chunk, { backend, jit: 'off' });
    const r = vm.run();
    // (Asked once per row: every run lays out the same, and asking costs more than a short run.)
    if (backend === 'wasm' && lastLinearMemory === undefined) lastLinearMemory = vm.memoryUsage().linearMemoryUsed;
    vm.dispose();
    if (r.status === 'ok') return r.value;
    throw new Error(r.status === 'error' ? r.error.message : 'halted');
  };
}

function available(backend: BackendName): boolean {
  try {
    const vm = new VM(WORKLOADS[0]!.build(), { backend });
    vm.dispose();
    return true;
  } catch {
    return false;
  }
}

function main(): void {
  const backends = (['wasm', 'ts'] as const).filter(available);
  const rows: Row[] = [];
  const list = WORKLOADS.filter((w: Workload) => (only ? only.has(w.name) : !quick || w.quick));
  for (const wl of list) {
    const chunk = wl.build();
    const row: Row = { name: wl.name, what: wl.what, results: {} };
    for (const b of backends) {
      try {
        row.results[b] = time(runOn(b, chunk, wl.vm), wl.expect);
      } catch (e) {
        row.results[b] = { error: (e as Error).message.split('\n')[0]! };
      }
    }
    if (wl.js) {
      try {
        row.results.js = time(wl.js, wl.expect);
      } catch (e) {
        row.results.js = { error: (e as Error).message };
      }
    }
    rows.push(row);
    console.log(line(row, backends));
  }
  const here = dirname(fileURLToPath(import.meta.url));
  // build/tsc/bench → repo bench/out; src run → bench/out
  const outDir = here.includes(join('build', 'tsc')) ? join(here, '..', '..', '..', 'bench', 'out') : join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  const meta = {
    command: `npm run bench${args.length ? ' -- ' + args.join(' ') : ''}`,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    runs: RUNS,
    warmup: WARM,
    date: new Date().toISOString(),
  };
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ meta, backends, rows }, null, 2) + '\n');
  writeFileSync(join(outDir, 'results.md'), markdown(meta, backends, rows));
  writeFileSync(join(outDir, 'chart.svg'), chartSVG(rows, backends));
  console.log(`\nwrote ${join(outDir, 'results.json')}, results.md, chart.svg`);
  if (args.includes('--publish')) {
    // The copies the README links to, committed with the code they measured.
    const benchDir = join(outDir, '..');
    writeFileSync(join(benchDir, 'RESULTS.md'), `# Benchmark results\n\n${markdown(meta, backends, rows)}\n![median time per run](chart.svg)\n`);
    writeFileSync(join(benchDir, 'chart.svg'), chartSVG(rows, backends));
    console.log(`published ${join(benchDir, 'RESULTS.md')} and chart.svg`);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const med = (t: Timing | { error: string } | undefined) => (t && 'medianNs' in t ? t.medianNs : undefined);

function ratio(a?: number, b?: number): string {
  return a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
}

function line(r: Row, backends: readonly BackendName[]): string {
  const cells = [...backends, 'js' as const].map((b) => {
    const t = r.results[b];
    return `${b} ${t ? ('error' in t ? 'ERROR ' + t.error : fmtNs(t.medianNs)) : '—'}`;
  });
  return `${r.name.padEnd(24)} ${cells.map((c) => c.padEnd(22)).join(' ')}`;
}

function markdown(meta: Record<string, unknown>, backends: readonly BackendName[], rows: Row[]): string {
  const head = ['workload', ...backends.map((b) => `${b} median (min)`), 'plain JS median', ...backends.map((b) => `${b} / JS`)];
  if (backends.length === 2) head.push('ts / wasm');
  head.push(...backends.map((b) => `${b} JS-heap growth`));
  if (backends.includes('wasm')) head.push('wasm linear memory');
  const out = [
    `Command: \`${meta.command}\` — Node ${meta.node}, ${meta.cpu}, ${meta.cores} cores, ${meta.memoryGiB} GiB; medians of ${meta.runs} samples, each the mean of a batch of runs lasting at least ${SAMPLE_NS / 1000} µs, after at least ${meta.warmup} runs and ${WARM_MS} ms of warm-up (so V8's optimising tiers have the code); a fresh VM per run (disposed after it) unless the row says VMPool; every run's result checked. JS-heap growth: heap used after ${meta.runs} more runs minus before, both after a full GC (run with --expose-gc), apart from the timed samples. Wasm linear memory: the bytes of the core's memory the chunk's layout uses (header, code, stack, frames, slots, constant pool); strings and collections live on the JS heap as handles.`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const r of rows) {
    const cells = [r.what];
    for (const b of backends) {
      const t = r.results[b];
      cells.push(!t ? '—' : 'error' in t ? `error: ${t.error}` : `${fmtNs(t.medianNs)} (${fmtNs(t.minNs)})`);
    }
    const js = r.results.js;
    cells.push(!js ? '—' : 'error' in js ? 'error' : fmtNs(js.medianNs));
    for (const b of backends) cells.push(ratio(med(r.results[b]), med(js)));
    if (backends.length === 2) cells.push(ratio(med(r.results.ts), med(r.results.wasm)));
    for (const b of backends) {
      const t = r.results[b];
      cells.push(t && 'heapGrowth' in t ? kb(t.heapGrowth) : '—');
    }
    if (backends.includes('wasm')) {
      const t = r.results.wasm;
      cells.push(t && 'linearMemory' in t && t.linearMemory !== undefined ? kb(t.linearMemory) : '—');
    }
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

main();
