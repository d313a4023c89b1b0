// JIT benchmark: upstream's JIT workloads on the wasm core's interpreter, each
// whole-chunk tier (Linear where it takes the chunk, Block), the tracing tier
// and plain JS, in one process, every result checked (plus loops whose slots
// change kind, and loops over strings and hashes); then compile-to-first-call
// latency (encode + WebAssembly.Module + instantiate + install + the first
// run) of loop chunks never seen before, for Block and for a trace (record +
// compile). Writes bench/out/jit.{json,md}; with
// --publish also bench/JIT-RESULTS.md, which the README quotes.
//
//   npm run bench:jit [-- --publish]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { useEmbeddedCore } from '../src/core/load.js';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';
import { JitCompiler } from '../src/jit/compiler.js';
import type { JitMode } from '../src/jit/jit.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float, type Value } from '../src/values/value.js';
import { VM } from '../src/vm.js';
import { WORKLOADS } from './workloads.js';

useEmbeddedCore(CORE_WASM_BASE64);

const ROWS = ['sum_1M_unfused', 'nested_loop_100x100', 'counter_loop_1k', 'counter_loop_10k', 'counter_loop_100k', 'loop_with_branch_1k', 'loop_with_branch_10k', 'loop_with_branch_100k', 'slot_mixed_x100', 'slot_bitwise_x200', 'slot_float_x200', 'unfused_sum_loop_10k', 'fib_iterative_35', 'fib_recursive_20', 'ackermann_3_4'];
const RUNS = 15;
const WARM = 5;
const args = process.argv.slice(2);

const same = (got: Value, want: Value) =>
  want instanceof Float ? got instanceof Float && Math.abs(got.value - want.value) <= 1e-12 * Math.abs(want.value) : typeof want === 'object' ? true : got === want || (typeof got === 'bigint' && BigInt(want as number) === got);

function median(fn: () => unknown): { median: number; min: number } {
  for (let i = 0; i < WARM; i++) fn();
  const ns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ns.push(Number(process.hrtime.bigint() - t0));
  }
  ns.sort((a, b) => a - b);
  return { median: ns[ns.length >> 1]!, min: ns[0]! };
}

/** One VM, reset before each run (so the figure is the run, not making a VM; `npm run bench` has VM-per-call rows). */
function runner(chunk: Chunk, want: Value, jit: JitMode): () => void {
  const vm = new VM(chunk, { backend: 'wasm', jit, jitThresholds: { linear: 1, block: 1, trace: 1 } });
  return () => {
    vm.reset(chunk);
    const before = vm.jitStats().entered;
    const r = vm.run();
    if (r.status !== 'ok' || !same(r.value, want)) throw new Error(`wrong result ${JSON.stringify(r)}`);
    if (jit !== 'off' && jit !== 'trace' && vm.jitStats().entered === before) throw new Error('not compiled'); // (a chunk with no loop has no trace)
  };
}

const fmt = (ns: number) => (ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(1)} µs` : `${(ns / 1e6).toFixed(2)} ms`);
const ratio = (a?: number, b?: number) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '—');

interface Row {
  name: string;
  what: string;
  interp: number;
  linear?: number;
  block: number;
  trace: number;
  js?: number;
}

/** Loops the tracing tier is for: a slot that changes kind, host ops on strings and hashes inside the loop. */
function loopOf(n: number, body: (b: ChunkBuilder) => void, setup: (b: ChunkBuilder) => void, result: Instr[]): Chunk {
  const b = new ChunkBuilder();
  setup(b);
  for (const op of [Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
  const top = b.currentPos();
  for (const op of [Op.GetSlot(0), Op.LoadInt(n), Op.NumLt]) b.emit(op, 1);
  const exit = b.emit(Op.JumpIfFalse(0), 1);
  body(b);
  for (const op of [Op.PreIncSlotVoid(0), Op.Jump(top)]) b.emit(op, 1);
  b.patchJump(exit, b.currentPos());
  for (const op of result) b.emit(op, 1);
  return b.build();
}
const EXTRA = [
  {
    name: 'kind_change_10k',
    what: 'loop of 10k, a slot Int then Float from halfway',
    build: () => loopOf(10_000, (b) => {
      for (const op of [Op.GetSlot(0), Op.LoadInt(5000), Op.NumLt]) b.emit(op, 1);
      const f = b.emit(Op.JumpIfFalse(0), 1);
      for (const op of [Op.GetSlot(1), Op.LoadInt(1), Op.Add, Op.SetSlot(1)]) b.emit(op, 1);
      const j = b.emit(Op.Jump(0), 1);
      b.patchJump(f, b.currentPos());
      for (const op of [Op.GetSlot(1), Op.LoadFloat(0.5), Op.Add, Op.SetSlot(1)]) b.emit(op, 1);
      b.patchJump(j, b.currentPos());
    }, (b) => { for (const op of [Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1); }, [Op.GetSlot(1)]),
    js: () => { let s = 0; for (let i = 0; i < 10_000; i++) s += i < 5000 ? 1 : 0.5; return s; },
    expect: new Float(7500) as Value,
  },
  {
    name: 'string_loop_1k',
    what: 'loop of 1k concatenating a string',
    build: () => loopOf(1000, (b) => { for (const op of [Op.GetSlot(1), Op.LoadConst(0), Op.Concat, Op.SetSlot(1)]) b.emit(op, 1); }, (b) => { b.addConstant('ab'); for (const op of [Op.LoadConst(0), Op.SetSlot(1)]) b.emit(op, 1); }, [Op.GetSlot(1), Op.StringLen]),
    js: () => { let s = 'ab'; for (let i = 0; i < 1000; i++) s += 'ab'; return s.length; },
    expect: 2002 as Value,
  },
  {
    name: 'hash_loop_1k',
    what: 'loop of 1k, hash set and get per iteration',
    build: () => loopOf(1000, (b) => { for (const op of [Op.GetSlot(0), Op.LoadConst(0), Op.HashSet(0), Op.LoadConst(0), Op.HashGet(0), Op.SetSlot(1)]) b.emit(op, 1); }, (b) => { b.addName('h'); b.addConstant('k'); b.emit(Op.DeclareHash(0), 1); }, [Op.GetSlot(1)]),
    js: () => { const m = new Map<string, number>(); let x = 0; for (let i = 0; i < 1000; i++) { m.set('k', i); x = m.get('k')!; } return x; },
    expect: 999 as Value,
  },
];

function main(): void {
  const jc = new JitCompiler();
  const rows: Row[] = [];
  for (const name of [...ROWS, ...EXTRA.map((e) => e.name)]) {
    const w = WORKLOADS.find((x) => x.name === name) ?? EXTRA.find((x) => x.name === name);
    if (!w) throw new Error(`no workload ${name}`);
    const chunk = w.build();
    const row: Row = {
      name,
      what: w.what,
      interp: median(runner(chunk, w.expect, 'off')).median,
      linear: jc.isLinearEligible(chunk) ? median(runner(chunk, w.expect, 'linear')).median : undefined,
      block: median(runner(chunk, w.expect, 'block')).median,
      trace: median(runner(chunk, w.expect, 'trace')).median,
      js: w.js ? median(w.js).median : undefined,
    };
    rows.push(row);
    console.log(`${name.padEnd(24)} interp ${fmt(row.interp).padEnd(10)} linear ${(row.linear ? fmt(row.linear) : '—').padEnd(10)} block ${fmt(row.block).padEnd(10)} trace ${fmt(row.trace).padEnd(10)} js ${row.js ? fmt(row.js) : '—'}`);
  }
  const latency = firstCall('block');
  console.log(`compile to first call: median ${fmt(latency.median)}, p99 ${fmt(latency.p99)} (${latency.samples} loop chunks)`);
  const traceLatency = firstCall('trace');
  console.log(`record to first call (trace): median ${fmt(traceLatency.median)}, p99 ${fmt(traceLatency.p99)} (${traceLatency.samples} loop chunks)`);

  const meta = { command: `npm run bench:jit${args.length ? ' -- ' + args.join(' ') : ''}`, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, runs: RUNS, warmup: WARM, date: new Date().toISOString() };
  const md = [
    `Command: \`${meta.command}\` — Node ${meta.node}, ${meta.cpu}, ${meta.cores} cores; medians of ${RUNS} runs after ${WARM} warm-up of one VM reset before each run, the tier forced at the first run (threshold 1: so warm runs measure compiled code; a trace run interprets the loop's first iteration, up to its first back-edge); every result checked.`,
    '',
    '| workload | interpreter (wasm core) | Linear | Block | trace | plain JS | Block / JS | trace / JS | interpreter / trace |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${fmt(r.interp)} | ${r.linear ? fmt(r.linear) : '—'} | ${fmt(r.block)} | ${fmt(r.trace)} | ${r.js ? fmt(r.js) : '—'} | ${ratio(r.block, r.js)} | ${ratio(r.trace, r.js)} | ${ratio(r.interp, r.trace)} |`),
    '',
    `Compile to first call (encode, \`new WebAssembly.Module\`, instantiate, install, first run less a warm run) of ${latency.samples} loop chunks never compiled before: Block median ${fmt(latency.median)}, p99 ${fmt(latency.p99)}; trace (the core stepped through one iteration while recording, then the same) median ${fmt(traceLatency.median)}, p99 ${fmt(traceLatency.p99)}.`,
    '',
  ].join('\n');
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = here.includes(join('build', 'tsc')) ? join(here, '..', '..', '..', 'bench', 'out') : join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'jit.json'), JSON.stringify({ meta, rows, latency, traceLatency }, null, 2) + '\n');
  writeFileSync(join(outDir, 'jit.md'), md);
  if (args.includes('--publish')) writeFileSync(join(outDir, '..', 'JIT-RESULTS.md'), `# JIT benchmark results\n\n${md}`);
  console.log(`wrote ${join(outDir, 'jit.md')}`);
}

/** Compile (or record and compile) to first call: loop chunks the cache has never seen (a distinct limit each). */
function firstCall(jit: 'block' | 'trace'): { median: number; p99: number; samples: number } {
  const lat: number[] = [];
  for (let k = 0; k < 300; k++) {
    const n = (jit === 'block' ? 1000 : 5000) + k;
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const top = b.currentPos();
    for (const op of [Op.GetSlot(1), Op.LoadInt(n), Op.NumLt]) b.emit(op, 1);
    const exit = b.emit(Op.JumpIfFalse(0), 1);
    for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0), Op.PreIncSlotVoid(1), Op.Jump(top)]) b.emit(op, 1);
    b.patchJump(exit, b.currentPos());
    b.emit(Op.GetSlot(0), 1);
    const chunk = b.build();
    void chunk.hash; // hashing the chunk is not the JIT's cost
    const vm = new VM(chunk, { jit, jitThresholds: { block: 1, trace: 1 } });
    // The first call of a loop of n iterations: run, minus what the same loop costs once compiled.
    const t0 = process.hrtime.bigint();
    const r = vm.run();
    const first = Number(process.hrtime.bigint() - t0);
    vm.reset(chunk);
    const t1 = process.hrtime.bigint();
    vm.run();
    const warm = Number(process.hrtime.bigint() - t1);
    if (r.status !== 'ok' || vm.jitStats().compiled !== 1) throw new Error('latency chunk not compiled');
    vm.dispose();
    if (k >= 20) lat.push(first - warm); // the first 20 warm up the compiler itself
  }
  lat.sort((a, b) => a - b);
  return { median: lat[lat.length >> 1]!, p99: lat[Math.floor(lat.length * 0.99)]!, samples: lat.length };
}

main();
