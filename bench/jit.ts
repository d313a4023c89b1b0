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
import { FunctionBody, ModuleWriter, ValType } from '../src/jit/wasm-writer.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float, type Value } from '../src/values/value.js';
import { VM } from '../src/vm.js';
import { WORKLOADS } from './workloads.js';

useEmbeddedCore(CORE_WASM_BASE64);

const ROWS = ['sum_1M_unfused', 'nested_loop_100x100', 'counter_loop_1k', 'counter_loop_10k', 'counter_loop_100k', 'loop_with_branch_1k', 'loop_with_branch_10k', 'loop_with_branch_100k', 'slot_mixed_x100', 'slot_bitwise_x200', 'slot_float_x200', 'unfused_sum_loop_10k', 'fib_iterative_35', 'fib_recursive_20', 'ackermann_3_4'];
const RUNS = 15;
const WARM = 5;
/** Warm-up lasts at least this long: V8 moves JS and wasm code to its optimising tier only after enough work. */
const WARM_MS = 150;
/** Each sample times a batch of runs lasting at least this long (a short run timed alone is mostly the clock). */
const SAMPLE_NS = 200_000;
const args = process.argv.slice(2);

const same = (got: Value, want: Value) =>
  want instanceof Float ? got instanceof Float && Math.abs(got.value - want.value) <= 1e-12 * Math.abs(want.value) : typeof want === 'object' ? true : got === want || (typeof got === 'bigint' && BigInt(want as number) === got);

/** Time per run: the median of RUNS samples, each the mean of a batch of runs, after a warm-up. */
function median(fn: () => unknown): { median: number; min: number } {
  const start = process.hrtime.bigint();
  let warm = 0;
  while (warm < WARM || Number(process.hrtime.bigint() - start) < WARM_MS * 1e6) {
    fn();
    warm++;
  }
  const batch = Math.max(1, Math.ceil(SAMPLE_NS / (Number(process.hrtime.bigint() - start) / warm)));
  const ns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) fn();
    ns.push(Number(process.hrtime.bigint() - t0) / batch);
  }
  ns.sort((a, b) => a - b);
  return { median: ns[ns.length >> 1]!, min: ns[0]! };
}

/** One VM, reset before each run (so the figure is the run, not making a VM; `npm run bench` has VM-per-call rows).
 *  Every result is checked; that compiled code ran is checked once the timing is done (a chunk with no
 *  loop has no trace, and a trace leaves its loop to the core by a side exit). */
function timed(chunk: Chunk, want: Value, jit: JitMode): number {
  const vm = new VM(chunk, { backend: 'wasm', jit, jitThresholds: { linear: 1, block: 1, trace: 1 } });
  const t = median(() => {
    vm.reset(chunk);
    const r = vm.run();
    if (r.status !== 'ok' || !same(r.value, want)) throw new Error(`wrong result ${JSON.stringify(r)}`);
  }).median;
  const s = vm.jitStats();
  if ((jit === 'block' || jit === 'linear') && (s.entered === 0 || s.sideExits !== 0)) throw new Error(`${jit}: compiled code did not run the chunk (${JSON.stringify(s)})`);
  return t;
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
      interp: timed(chunk, w.expect, 'off'),
      linear: jc.isLinearEligible(chunk) ? timed(chunk, w.expect, 'linear') : undefined,
      block: timed(chunk, w.expect, 'block'),
      trace: timed(chunk, w.expect, 'trace'),
      js: w.js ? median(w.js).median : undefined,
    };
    rows.push(row);
    console.log(`${name.padEnd(24)} interp ${fmt(row.interp).padEnd(10)} linear ${(row.linear ? fmt(row.linear) : '—').padEnd(10)} block ${fmt(row.block).padEnd(10)} trace ${fmt(row.trace).padEnd(10)} js ${row.js ? fmt(row.js) : '—'}`);
  }
  const latency = firstCall('block');
  console.log(`compile to first call: median ${fmt(latency.median)}, p99 ${fmt(latency.p99)} (${latency.samples} loop chunks); encode + Module median ${fmt(latency.encodeAndModule)}; V8's floor (one tiny function: Module + Instance + first call) ${fmt(latency.v8Floor)}`);
  const traceLatency = firstCall('trace');
  console.log(`record to first call (trace): median ${fmt(traceLatency.median)}, p99 ${fmt(traceLatency.p99)} (${traceLatency.samples} loop chunks)`);

  const meta = { command: `npm run bench:jit${args.length ? ' -- ' + args.join(' ') : ''}`, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, samples: RUNS, warmupMs: WARM_MS, sampleNs: SAMPLE_NS, date: new Date().toISOString() };
  const md = [
    `Command: \`${meta.command}\` — Node ${meta.node}, ${meta.cpu}, ${meta.cores} cores; medians of ${RUNS} samples, each the mean of a batch of runs lasting at least ${SAMPLE_NS / 1000} µs, after at least ${WARM_MS} ms and ${WARM} runs of warm-up; one VM reset before each run, the tier forced at the first run (threshold 1: so warm runs measure compiled code; a trace run interprets the loop's first iteration, up to its first back-edge); every result checked.`,
    '',
    '| workload | interpreter (wasm core) | Linear | Block | trace | plain JS | Block / JS | trace / JS | interpreter / trace |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${fmt(r.interp)} | ${r.linear ? fmt(r.linear) : '—'} | ${fmt(r.block)} | ${fmt(r.trace)} | ${r.js ? fmt(r.js) : '—'} | ${ratio(r.block, r.js)} | ${ratio(r.trace, r.js)} | ${ratio(r.interp, r.trace)} |`),
    '',
    `Compile to first call (encode, \`new WebAssembly.Module\`, instantiate, install, first run less a warm run) of ${latency.samples} loop chunks never compiled before: Block median ${fmt(latency.median)}, p99 ${fmt(latency.p99)}, of which encoding and \`new WebAssembly.Module\` (jitStats().compileNs) median ${fmt(latency.encodeAndModule)}; trace (the core stepped through one iteration while recording, then the same) median ${fmt(traceLatency.median)}, p99 ${fmt(traceLatency.p99)}. V8's own floor in the same loop, a module of one function returning a constant compiled, instantiated and called once: median ${fmt(latency.v8Floor)}.`,
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

/** A module importing env.memory, with a table of two and one export `e` returning k (a distinct module
 *  per k), written by the JIT's own writer. */
function tinyModule(k: number): Uint8Array<ArrayBuffer> {
  const w = new ModuleWriter();
  w.importMemory('env', 'memory');
  w.ownTable('t', 2);
  w.export('e', w.func([], [ValType.i32], new FunctionBody(0).i32(k)));
  return w.bytes() as Uint8Array<ArrayBuffer>;
}

/** Compile (or record and compile) to first call: loop chunks the cache has never seen (a distinct limit each).
 *  Beside each, V8's own floor in the same conditions: a module of one tiny function (importing a memory,
 *  with a table of two, like ours) compiled, instantiated and called once. */
function firstCall(jit: 'block' | 'trace'): { median: number; p99: number; samples: number; encodeAndModule: number; v8Floor: number } {
  const lat: number[] = [];
  const encodeAndModule: number[] = [];
  const floor: number[] = [];
  const floorMemory = new WebAssembly.Memory({ initial: 1 });
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
    const stats = vm.jitStats();
    if (r.status !== 'ok' || stats.compiled !== 1) throw new Error('latency chunk not compiled');
    vm.dispose();
    const t2 = process.hrtime.bigint();
    const tiny = new WebAssembly.Instance(new WebAssembly.Module(tinyModule(k)), { env: { memory: floorMemory } });
    if ((tiny.exports.e as () => number)() !== k) throw new Error('floor module gave a wrong answer');
    const tinyNs = Number(process.hrtime.bigint() - t2);
    if (k >= 20) {
      // the first 20 warm up the compiler itself
      lat.push(first - warm);
      encodeAndModule.push(stats.compileNs);
      floor.push(tinyNs);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  lat.sort((a, b) => a - b);
  return { median: lat[lat.length >> 1]!, p99: lat[Math.floor(lat.length * 0.99)]!, samples: lat.length, encodeAndModule: med(encodeAndModule), v8Floor: med(floor) };
}

main();
