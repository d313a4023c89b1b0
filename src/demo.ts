// `npm run demo`: a few example programs on each available backend, with
// their results and how long they took.

import type { BackendName } from './backend.js';
import { ChunkBuilder } from './chunk/builder.js';
import type { Chunk } from './chunk/chunk.js';
import { toStr } from './values/convert.js';
import { Op } from './ops/op.js';
import { VM } from './vm.js';
import { useEmbeddedCore } from './core/load.js';
import { CORE_WASM_BASE64 } from './core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

function fib(n: number): Chunk {
  const b = new ChunkBuilder();
  const fibName = b.addName('fib');
  b.emit(Op.LoadInt(n), 1);
  b.emit(Op.Call(fibName, 1), 1);
  const end = b.emit(Op.Jump(0), 1);
  b.addSubEntry(fibName, b.currentPos());
  for (const op of [Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(1), Op.NumLe]) b.emit(op, 2);
  const base = b.emit(Op.JumpIfTrue(0), 2);
  for (const op of [Op.GetSlot(0), Op.Dec, Op.Call(fibName, 1), Op.GetSlot(0), Op.LoadInt(2), Op.Sub, Op.Call(fibName, 1), Op.Add, Op.ReturnValue]) b.emit(op, 3);
  b.patchJump(base, b.currentPos());
  b.emit(Op.GetSlot(0), 4);
  b.emit(Op.ReturnValue, 4);
  b.patchJump(end, b.currentPos());
  return b.build();
}

function sumLoop(n: number): Chunk {
  const b = new ChunkBuilder();
  for (const op of [Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
  const loop = b.currentPos();
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0)]) b.emit(op, 2);
  b.emit(Op.SlotIncLtIntJumpBack(1, n, loop), 2);
  b.emit(Op.GetSlot(0), 3);
  return b.build();
}

function stringBuild(n: number): Chunk {
  const b = new ChunkBuilder();
  const ab = b.addConstant('ab');
  for (const op of [Op.LoadConst(ab), Op.SetSlot(0), Op.LoadInt(1), Op.SetSlot(1), Op.ConcatConstLoop(ab, 0, 1, n), Op.GetSlot(0), Op.StringLen]) b.emit(op, 1);
  return b.build();
}

const PROGRAMS: [string, Chunk][] = [
  ['fib_recursive(20)', fib(20)],
  ['sum of 0..1,000,000 (loop)', sumLoop(1_000_000)],
  ['"ab" × 10,000, length', stringBuild(10_000)],
];

const backends: BackendName[] = ['ts'];
for (const backend of ['wasm' as const]) {
  try {
    new VM(PROGRAMS[0]![1], { backend }).dispose();
    backends.unshift(backend);
  } catch {
    console.log(`(${backend} backend not available in this build)`);
  }
}

// Timed like `npm run bench`'s rows (warm-up runs, then the median and minimum
// of the timed runs, a fresh VM each), so the figures are comparable with its
// table: the first runs of a chunk pay V8's lazy compilation and tier-up of
// the core (the first fib_recursive(20) here takes ~40 ms, the tenth ~0.8 ms).
const WARMUP = 10;
const RUNS = 21;
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
console.log(`median (min) of ${RUNS} runs after ${WARMUP} warm-up, a fresh VM each, as npm run bench times its rows (its table: bench/RESULTS.md)`);
// The wasm core alone, then with the JIT as by default (it compiles a chunk after 10 runs: warm runs are compiled).
type Config = { backend: BackendName; jit: 'off' | 'auto'; label: string };
const configs = backends.flatMap((backend): Config[] =>
  backend === 'wasm' ? [{ backend, jit: 'off', label: 'wasm' }, { backend, jit: 'auto', label: 'jit' }] : [{ backend, jit: 'off', label: backend }],
);
for (const [what, chunk] of PROGRAMS) {
  for (const { backend, jit, label } of configs) {
    const times: number[] = [];
    let shown = '';
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const vm = new VM(chunk, { backend, jit });
      const t0 = performance.now();
      const r = vm.run();
      if (i >= WARMUP) times.push(performance.now() - t0);
      vm.dispose();
      shown = r.status === 'ok' ? toStr(r.value) : r.status === 'error' ? `error: ${r.error.message}` : 'halted';
    }
    times.sort((a, b) => a - b);
    console.log(`${what.padEnd(30)} ${label.padEnd(5)} = ${shown.padEnd(14)} ${fmt(times[RUNS >> 1]!)} (${fmt(times[0]!)})`);
  }
}
