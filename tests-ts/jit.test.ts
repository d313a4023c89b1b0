// The whole-chunk JIT tiers (Linear, Block) give the interpreter's answer:
// value, error, output and op count, on every conformance chunk and on random
// programs with the tier forced at the first run; limits hold inside compiled
// code; compiled modules validate, are cached and reused, and leave cores
// clean for the pool. DIFF_CASES sets the random-program count (default 3,000).

import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/backend.js';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { WasmBackend } from '../src/core/backend.js';
import { FuelExhausted, Interrupted } from '../src/errors.js';
import { emitChunkModule, freshEntryState } from '../src/jit/block.js';
import { JitCompiler } from '../src/jit/compiler.js';
import { JitOptionError, type JitMode } from '../src/jit/jit.js';
import { Op, OP_SPECS, type Instr } from '../src/ops/op.js';
import { OPS, tiersOf, type OpSpec } from '../src/ops/table.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { VM } from '../src/vm.js';
import { WORKLOADS } from '../bench/workloads.js';
import { SETS, judge, readCases } from './conformance-data.js';
import { generateProgram } from './random-programs.js';
import { FORCED, chunkOf, onTier, outcome, reference } from './jit-harness.js';

const CASES = Number(process.env.DIFF_CASES ?? 3000);

/** sum of 0..n-1 with unfused loop ops, as upstream's bench builds it. */
function sumLoop(n: number, step: Instr = Op.LoadInt(1)): Chunk {
  const b = new ChunkBuilder();
  for (const op of [Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
  const top = b.currentPos();
  for (const op of [Op.GetSlot(1), Op.LoadInt(n), Op.NumLt]) b.emit(op, 2);
  const exit = b.emit(Op.JumpIfFalse(0), 2);
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0), Op.GetSlot(1), step, Op.Add, Op.SetSlot(1), Op.Jump(top)]) b.emit(op, 3);
  b.patchJump(exit, b.currentPos());
  b.emit(Op.GetSlot(0), 4);
  return b.build();
}

describe.each(['block', 'linear'] as const)('%s tier on the conformance sets', (tier) => {
  it.each(SETS)('%s gives upstream results with every chunk compiled at its first run', (set) => {
    const failures: string[] = [];
    let compiled = 0;
    for (const c of readCases(set)) {
      let out = '';
      const vm = new VM(Chunk.fromJSON(c.chunkText), { backend: 'wasm', jit: tier, jitThresholds: FORCED, output: (s) => (out += s) });
      const why = judge(c.expect, vm.run(), out);
      if (why) failures.push(`${c.name}: ${why}`);
      if (vm.jitStats().entered > 0) compiled++;
      vm.dispose();
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(compiled).toBeGreaterThan(0);
  }, 600_000);
});

// Fuel limited (every check in place) and unlimited (counted loops run their unchecked copy).
describe.each([
  ['block', 200_000],
  ['block', Infinity],
  ['linear', 200_000],
] as const)('%s tier on random programs, fuel %s', (tier, fuel) => {
  it(`${CASES} programs agree with the ts backend in status, value, error, output and op count`, () => {
    const limits = { fuel, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };
    const disagreements: string[] = [];
    let entered = 0;
    let opsCompiled = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const chunk = generateProgram(seed);
      const want = reference(chunk, { limits });
      const got = onTier(chunk, tier, { limits });
      entered += got.jit.entered;
      opsCompiled += got.jit.opsCompiled;
      const heapLimit = (x: typeof want) => x.status === 'error' && x.value.includes('limits.maxHeapBytes');
      if (heapLimit(want) && heapLimit(got.seen)) continue;
      if (JSON.stringify(got.seen) !== JSON.stringify(want)) disagreements.push(`seed ${seed}: ${tier} ${JSON.stringify(got.seen).slice(0, 300)} / ts ${JSON.stringify(want).slice(0, 300)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    if (tier === 'block') {
      expect(entered).toBeGreaterThan(CASES / 2);
      expect(opsCompiled).toBeGreaterThan(0);
    }
  }, Math.max(120_000, CASES * 60));
});

describe('compiled code', () => {
  it('runs a numeric loop whole inside one entry, with the interpreter op count', () => {
    const c = sumLoop(100_000);
    const { seen, jit } = onTier(c, 'block');
    expect(seen).toEqual(reference(c));
    expect(seen.value).toBe('{"Int":4999950000}');
    expect(jit).toMatchObject({ compiled: 1, entered: 1, sideExits: 0, opsCompiled: seen.ops });
  });

  it('keeps Bool as Bool, NaN truthy, and slots it does not touch as they were', () => {
    const c = chunkOf([Op.LoadConst(0), Op.SetSlot(2), Op.LoadFloat(NaN), Op.JumpIfFalse(6), Op.LoadInt(1), Op.LoadInt(2), Op.NumLt, Op.GetSlot(2), Op.MakeArray(2)], (b) => b.addConstant('keep me'));
    const { seen } = onTier(c, 'block');
    expect(seen).toEqual(reference(c));
    expect(seen.value).toBe('{"Array":[{"Bool":true},{"Str":"keep me"}]}');
  });

  it('is exact past the core inline Int range and at i64 wrap-around', () => {
    // i = 2^46; loop: i = i * 3 + 1 (wraps as i64), 60 times
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(2 ** 46), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const top = b.currentPos();
    for (const op of [Op.GetSlot(0), Op.LoadInt(3), Op.Mul, Op.LoadInt(1), Op.Add, Op.SetSlot(0), Op.SlotIncLtIntJumpBack(1, 60, top), Op.GetSlot(0)]) b.emit(op, 1);
    const c = b.build();
    const { seen, jit } = onTier(c, 'block');
    expect(seen).toEqual(reference(c));
    expect(jit.opsCompiled).toBe(seen.ops);
  });

  it('follows a slot that changes kind inside the loop (Int, then Float) through the host path', () => {
    const c = sumLoop(1000, Op.LoadFloat(0.5));
    const { seen, jit } = onTier(c, 'block');
    expect(seen).toEqual(reference(c));
    expect(jit.entered).toBeGreaterThan(0);
  });

  it('leaves a zero divisor to the core (Div gives Undef) and goes on', () => {
    const c = chunkOf([Op.LoadInt(1), Op.LoadInt(0), Op.Div, Op.LoadInt(6), Op.LoadFloat(4), Op.Div, Op.MakeArray(2)]);
    const { seen, jit } = onTier(c, 'block');
    expect(seen).toEqual(reference(c));
    expect(seen.value).toBe('{"Array":["Undef",{"Float":1.5}]}');
    expect(jit.sideExits).toBe(1);
  });

  it('runs strings and arrays through the host path from inside compiled code', () => {
    const c = chunkOf([Op.LoadInt(0), Op.SetSlot(0), Op.LoadConst(0), Op.SetSlot(1), Op.GetSlot(1), Op.LoadConst(1), Op.Concat, Op.SetSlot(1), Op.SlotIncLtIntJumpBack(0, 50, 4), Op.GetSlot(1), Op.StringLen], (b) => {
      b.addConstant('');
      b.addConstant('ab');
    });
    const { seen, jit } = onTier(c, 'block');
    expect(seen).toEqual(reference(c));
    expect(seen.value).toBe('{"Int":100}');
    expect(jit).toMatchObject({ entered: 1, sideExits: 0 });
  });

  it('stops at the same op with the same error when fuel runs out inside a compiled loop', () => {
    const c = sumLoop(1_000_000);
    for (const fuel of [1, 5, 13, 100, 12_345]) {
      const want = reference(c, { limits: { fuel } });
      const { seen } = onTier(c, 'block', { limits: { fuel } });
      expect(seen, `fuel ${fuel}`).toEqual(want);
      expect(seen.value).toMatch(/^FuelExhausted/);
    }
  });

  it('runs out of fuel at the interpreter\'s op on random programs cut short anywhere', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const chunk = generateProgram(seed);
      const full = reference(chunk, { limits: { fuel: 200_000 } });
      const fuel = 1 + ((seed * 7919) % Math.max(1, full.ops));
      const want = reference(chunk, { limits: { fuel } });
      const got = onTier(chunk, 'block', { limits: { fuel } }).seen;
      if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`seed ${seed} fuel ${fuel}: ${JSON.stringify(got).slice(0, 200)} / ${JSON.stringify(want).slice(0, 200)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('polls the interrupt inside a compiled loop (through the fuel slices)', () => {
    let polls = 0;
    const vm = new VM(sumLoop(10_000_000), { jit: 'block', jitThresholds: FORCED, limits: { interrupt: () => ++polls > 3, interruptEvery: 1000 } });
    const r = vm.run();
    expect(r.status === 'error' && r.error instanceof Interrupted).toBe(true);
    expect(vm.opsExecuted).toBe(4000);
    expect(vm.jitStats().entered).toBeGreaterThan(0);
    const f = new VM(sumLoop(10_000_000), { jit: 'block', jitThresholds: FORCED, limits: { fuel: 777 } }).run();
    expect(f.status === 'error' && f.error instanceof FuelExhausted).toBe(true);
  });

  it('compiles a chunk once: a fresh VM on it reuses the module and its core', () => {
    const c = sumLoop(321);
    const first = onTier(c, 'block');
    const again = onTier(c, 'block');
    expect(first.jit.compiled).toBe(1);
    expect(again.jit).toMatchObject({ compiled: 0, entered: 1 });
    expect(again.seen).toEqual(first.seen);
  });

  it('reinstalls compiled code after reset, and a reset to another chunk runs clean', () => {
    const a = sumLoop(50);
    const other = chunkOf([Op.LoadInt(7), Op.Nop, Op.LoadInt(1), Op.Add]);
    const vm = new VM(a, { jit: 'block', jitThresholds: FORCED });
    expect(vm.run()).toEqual({ status: 'ok', value: 1225 });
    vm.reset(a);
    expect(vm.run()).toEqual({ status: 'ok', value: 1225 });
    vm.reset(other);
    expect(vm.run()).toEqual({ status: 'ok', value: 8 });
    expect(vm.jitStats().entered).toBe(3);
    vm.dispose();
  });

  it('a hook set between two runs of the same chunk reaches its ops (the reset of the same chunk re-encodes)', () => {
    // 2 + "3" coerces; under a numeric hook the hook answers for it.
    const b = new ChunkBuilder();
    const three = b.addConstant('3');
    for (const op of [Op.LoadInt(2), Op.LoadConst(three), Op.Add]) b.emit(op, 1);
    const c = b.build();
    const vm = new VM(c, { jit: 'block', jitThresholds: FORCED });
    const plain = new VM(c, { backend: 'ts' }).run();
    expect(vm.run()).toEqual(plain);
    const seen: string[] = [];
    vm.setNumericHook((op) => {
      seen.push(op);
      return 0;
    });
    vm.reset(c);
    const hooked = vm.run();
    vm.setNumericHook(undefined);
    vm.reset(c);
    expect(vm.run()).toEqual(plain);
    const ts = new VM(c, { backend: 'ts' });
    const tsSeen: string[] = [];
    ts.setNumericHook((op) => {
      tsSeen.push(op);
      return 0;
    });
    expect(hooked).toEqual(ts.run());
    expect(seen).toEqual(tsSeen);
    expect(seen.length).toBeGreaterThan(0);
    vm.dispose();
  });

  it("'auto' leaves short straight-line chunks to the core and compiles loops, calls and long straight code", () => {
    const jitOf = (c: Chunk) => outcome(c, { jit: 'auto', jitThresholds: FORCED }).jit.compiled;
    expect(jitOf(chunkOf([Op.LoadInt(40), Op.LoadInt(2), Op.Add]))).toBe(0);
    expect(jitOf(sumLoop(12))).toBe(1);
    expect(jitOf(chunkOf([Op.LoadInt(0), ...Array.from({ length: 40 }, () => [Op.LoadInt(1), Op.Add]).flat()]))).toBe(1);
    // and the answer is the interpreter's either way
    const short = chunkOf([Op.LoadInt(40), Op.LoadInt(2), Op.Add]);
    expect(new VM(short, { jit: 'auto', jitThresholds: FORCED }).run()).toEqual(new VM(short, { jit: 'off' }).run());
  });

  it('waits for the threshold of runs before compiling, and compiles nothing when off', () => {
    const c = sumLoop(77);
    const stats = [1, 2, 3].map(() => outcome(c, { jit: 'block', jitThresholds: { block: 3 } }).jit.entered);
    expect(stats).toEqual([0, 0, 1]);
    expect(outcome(c, { jit: 'off' }).jit).toEqual({ compiled: 0, entered: 0, sideExits: 0, blacklisted: 0, opsCompiled: 0, compileNs: 0, traces: 0, sideTraces: 0, traceAborts: 0, traceBlacklisted: 0 });
  });

  it('falls back to the interpreter when code cannot be made (a CSP without wasm-unsafe-eval)', () => {
    const c = sumLoop(4321);
    new VM(c).dispose(); // the core itself is compiled already
    const Module = WebAssembly.Module;
    (WebAssembly as { Module: unknown }).Module = function () {
      throw new WebAssembly.CompileError('WebAssembly.Module(): Compiling or instantiating WebAssembly module violates the following Content Security policy directive');
    };
    try {
      const { seen, jit } = onTier(c, 'block');
      expect(seen).toEqual(reference(c));
      expect(jit).toMatchObject({ compiled: 0, entered: 0, blacklisted: 1 });
    } finally {
      (WebAssembly as { Module: unknown }).Module = Module;
    }
  });

  it('refuses an unknown jit mode with a typed error, and takes every mode it lists', () => {
    expect(() => new VM(sumLoop(1), { jit: 'fast' as JitMode })).toThrow(JitOptionError);
    for (const jit of ['off', 'linear', 'block', 'trace', 'auto'] as const) expect(new VM(sumLoop(1), { jit }).run().status).toBe('ok');
  });

  it('turns a status no one knows, returned by compiled code, into a typed error', () => {
    const be = new WasmBackend(chunkOf([Op.Nop, Op.LoadInt(1)]), { output: () => {}, readLine: () => undefined, builtin: () => undefined }, () => undefined, DEFAULT_LIMITS);
    // (func (export "f") (result i32) i32.const 7)
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 10, 6, 1, 4, 0, 0x41, 7, 0x0b]);
    be.installCompiled(0, new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as () => number);
    const r = be.run() as RunResult;
    expect(r.status).toBe('error');
    expect(r.status === 'error' && r.error.message).toMatch(/unknown status 7/);
  });
});

describe('JitCompiler (upstream surface)', () => {
  const jc = new JitCompiler();
  it('takes straight-line chunks in the Linear tier and anything it can follow in the Block tier', () => {
    const line = chunkOf([Op.LoadInt(40), Op.LoadInt(2), Op.Add]);
    expect(jc.isLinearEligible(line)).toBe(true);
    expect(jc.tryRunLinear(line)).toEqual({ status: 'ok', value: 42 });
    const loop = sumLoop(10);
    expect(jc.isLinearEligible(loop)).toBe(false);
    expect(jc.tryRunLinear(loop)).toBeUndefined();
    expect(jc.isBlockEligible(loop)).toBe(true);
    expect(jc.tryRunBlock(loop)).toEqual({ status: 'ok', value: 45 });
  });
  it('runs upstream benchmark workloads in the Block tier with their expected values', () => {
    for (const w of WORKLOADS.filter((x) => x.quick)) {
      const r = jc.tryRunBlock(w.build());
      if (r) expect(r, w.name).toEqual({ status: 'ok', value: w.expect });
    }
  });
});

describe('the op table says how compiled code runs each op', () => {
  /** A chunk with three Ints on the stack, then the op with plain operands. */
  function probe(name: string): Chunk {
    const spec = OP_SPECS.get(name)!;
    const b = new ChunkBuilder();
    b.addConstant(5);
    b.addName('g');
    b.addBlockRange(0, 1);
    b.addSubChunk(chunkOf([Op.LoadInt(9)]));
    for (const op of [Op.LoadInt(1), Op.LoadInt(2), Op.LoadInt(3)]) b.emit(op, 1);
    if (name === 'PopFrame') b.emit(Op.PushFrame, 1); // a frame the code itself opened
    // A call of sub 'g' (ips 5–8, ending in ReturnValue); Returns are probed inside it, at ip 8.
    if (spec.jump === 'return' || name === 'Call') {
      b.emit(Op.Call(0, 2), 1);
      b.emit(Op.Jump(9), 1);
      b.addSubEntry(0, 5);
      for (const op of [Op.LoadInt(1), Op.LoadInt(2), Op.LoadInt(3)]) b.emit(op, 1);
      if (name === 'Call') {
        b.emit(Op.ReturnValue, 1);
        return b.build();
      }
    }
    const args = spec.operands.map((o) => (o.kind === 'target' ? 4 : o.kind === 'float' ? 1.5 : o.kind === 'count' || o.kind === 'argc' ? 2 : o.kind === 'limit' ? 3 : 0));
    const make = (Op as unknown as Record<string, Instr | ((...a: number[]) => Instr)>)[name]!;
    b.emit(typeof make === 'function' ? make(...args) : make, 1);
    return b.build();
  }
  const hostCalls = (c: Chunk) => {
    let n = 0;
    const orig = WasmBackend.prototype.hostOp;
    WasmBackend.prototype.hostOp = function (ip: number) {
      n++;
      return orig.call(this, ip);
    };
    try {
      const vm = new VM(c, { jit: 'block', jitThresholds: FORCED, output: () => {} });
      vm.run();
      const entered = vm.jitStats().entered;
      vm.dispose();
      return { n, entered };
    } finally {
      WasmBackend.prototype.hostOp = orig;
    }
  };
  it.each(OPS.filter((s) => s.jit === 'native').map((s) => s.name))('%s (native) runs without the host on Ints', (name) => {
    const r = hostCalls(probe(name));
    expect(r.entered).toBe(1);
    expect(r.n).toBe(0);
  });
  it.each(OPS.filter((s) => s.jit === 'host' && !s.name.startsWith('Extended')).map((s) => s.name))('%s (host) runs through hostOp from compiled code', (name) => {
    const r = hostCalls(probe(name));
    expect(r.entered).toBe(1);
    expect(r.n).toBeGreaterThan(0);
  });
  it('derives each op\'s tiers from its jit form', () => {
    for (const s of OPS as readonly OpSpec[]) {
      expect(tiersOf(s).includes('block'), s.name).toBe(true);
      expect(tiersOf(s).includes('linear'), s.name).toBe(s.jit !== 'exit' && s.jump === undefined);
    }
  });
});

describe('emitted modules', () => {
  it('validate (binaryen) for every workload and for random programs', () => {
    const chunks = [...WORKLOADS.map((w) => w.build()), ...Array.from({ length: 200 }, (_, k) => generateProgram(k + 1))];
    let n = 0;
    for (const c of chunks) {
      const out = emitChunkModule(c, 'block', 0, freshEntryState(c));
      if (!out) continue;
      n++;
      expect(WebAssembly.validate(out.bytes as Uint8Array<ArrayBuffer>)).toBe(true);
      const m = binaryen.readBinary(out.bytes);
      m.setFeatures(binaryen.Features.All);
      expect(m.validate()).toBe(1);
      m.dispose();
    }
    expect(n).toBeGreaterThan(150);
  });

  // Golden text: UPDATE_GOLDEN=1 npx vitest run tests-ts/jit.test.ts rewrites them after a deliberate change.
  const golden: [string, Chunk][] = [
    ['sum-loop', sumLoop(1000)],
    ['straight-line', chunkOf([Op.LoadInt(40), Op.LoadFloat(2.5), Op.Add, Op.LoadTrue, Op.MakeArray(2)])],
  ];
  it.each(golden)('%s matches its golden text', (name, chunk) => {
    const out = emitChunkModule(chunk, 'block', 0, freshEntryState(chunk))!;
    const m = binaryen.readBinary(out.bytes);
    const text = m.emitText();
    m.dispose();
    const file = new URL(`./golden/${name}.wat`, import.meta.url);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
