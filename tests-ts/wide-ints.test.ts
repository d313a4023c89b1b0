// Wide Ints: an Int past ±2^47 that the core computes lives in one of its own
// i64 cells (assembly/wide.ts), so wrapping arithmetic there stays in the core.
// Whatever the form, the Int is upstream's wrapping i64: random programs heavy
// at ±2^47 and ±2^63 agree with the ts backend with the JIT off and on each
// tier, also cut short by fuel; chains run without a crossing; more live wide
// Ints than cells fall back to the host and stay exact; a cell read by the
// host is its own Int everywhere (arrays, hash keys, output, equality with a
// handle of the same Int).

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { CELLS } from '../src/core/abi.js';
import { Op, type Instr } from '../src/ops/op.js';
import { wrapI64 } from '../src/values/value.js';
import type { VMOptions } from '../src/vm.js';
import { outcome, reference } from './jit-harness.js';
import { EDGE_INTS, generateProgram } from './random-programs.js';
import { crossings } from './crossings.js';

const CASES = Number(process.env.WIDE_CASES ?? 600);
const LIMITS = { fuel: 200_000, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };
const TIERS: [string, VMOptions][] = [
  ['jit off', { backend: 'wasm', jit: 'off' }],
  ['block tier, threshold 1', { backend: 'wasm', jit: 'block', jitThresholds: { block: 1 } }],
  ['tracing, threshold 1', { backend: 'wasm', jit: 'trace', jitThresholds: { trace: 1 } }],
];

function chunkOf(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
}

const times = <T>(n: number, xs: T[]): T[] => Array.from({ length: n }, () => xs).flat();

describe('random programs at ±2^47 and ±2^63', () => {
  for (const [name, opts] of TIERS) {
    it(`${CASES} programs, ${name}: as the ts backend in status, value, error, output and op count`, () => {
      const bad: string[] = [];
      let ok = 0;
      for (let seed = 1; seed <= CASES; seed++) {
        const chunk = generateProgram(seed, undefined, 6, EDGE_INTS);
        const want = reference(chunk, { limits: LIMITS });
        const got = outcome(chunk, { ...opts, limits: LIMITS }).seen;
        if (want.status === 'ok') ok++;
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`seed ${seed}: ${JSON.stringify(got).slice(0, 300)} / ts ${JSON.stringify(want).slice(0, 300)}`);
      }
      expect(bad.slice(0, 5)).toEqual([]);
      expect(ok).toBeGreaterThan(CASES * 0.8);
    }, 300_000);
  }
  it(`${Math.ceil(CASES / 2)} programs cut short by fuel, each tier: as the ts backend`, () => {
    const bad: string[] = [];
    let stopped = 0;
    for (let seed = 1; seed <= Math.ceil(CASES / 2); seed++) {
      const chunk = generateProgram(seed, undefined, 6, EDGE_INTS);
      const limits = { ...LIMITS, fuel: 5 + ((seed * 7919) % 300) };
      const want = reference(chunk, { limits });
      if (want.value.startsWith('FuelExhausted')) stopped++;
      for (const [name, opts] of TIERS) {
        const got = outcome(chunk, { ...opts, limits }).seen;
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`seed ${seed} ${name}: ${JSON.stringify(got).slice(0, 300)} / ts ${JSON.stringify(want).slice(0, 300)}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(stopped).toBeGreaterThan(CASES / 20);
  }, 300_000);
});

describe('wrapping i64 in the core', () => {
  // x = x * 3 + 7 - 2, a hundred times: past 2^47 after 30 steps, wrapping past 2^63 after 40.
  const chain = chunkOf([Op.LoadInt(1), ...times(100, [Op.LoadInt(3), Op.Mul, Op.LoadInt(7), Op.Add, Op.LoadInt(2), Op.Sub])]);
  let want = 1n;
  for (let i = 0; i < 100; i++) want = BigInt.asIntN(64, want * 3n + 5n);

  it('runs a chain past 2^63 exactly, with no crossing to the host', () => {
    for (const [, opts] of TIERS) expect(outcome(chain, opts).seen.value).toBe(`{"Int":${want}}`);
    expect(reference(chain).value).toBe(`{"Int":${want}}`);
    expect(crossings(chain)).toBe(0);
  });

  it('wraps at the i64 edges: MAX + 1, MIN - 1, MIN * -1, -MIN, and back into the inline range', () => {
    const MAX = 2n ** 63n - 1n, MIN = -(2n ** 63n);
    const cases: [Instr[], bigint][] = [
      [[Op.LoadInt(MAX), Op.LoadInt(1), Op.Add], MIN],
      [[Op.LoadInt(MIN), Op.LoadInt(1), Op.Sub], MAX],
      [[Op.LoadInt(MIN), Op.LoadInt(-1), Op.Mul], MIN],
      [[Op.LoadInt(MIN), Op.Negate], MIN],
      [[Op.LoadInt(MAX), Op.Inc], MIN],
      [[Op.LoadInt(MIN), Op.Dec], MAX],
      [[Op.LoadInt(MAX), Op.LoadInt(MAX), Op.Mul], 1n],
      [[Op.LoadInt(2 ** 47), Op.LoadInt(1), Op.Sub], 2n ** 47n - 1n],
      [[Op.LoadInt(MAX), Op.LoadInt(MIN), Op.Add], -1n],
      [[Op.LoadInt(2 ** 40), Op.LoadInt(2 ** 40), Op.Mul], 0n], // 2^80 wraps to 0
      [[Op.LoadInt(1), Op.LoadInt(63), Op.Shl], MIN],
      [[Op.LoadInt(MIN), Op.LoadInt(7), Op.Mod], MIN % 7n],
      [[Op.LoadInt(MAX), Op.LoadInt(MAX - 1n), Op.Spaceship], 1n],
      [[Op.PushFrame, Op.LoadInt(MAX), Op.SetSlot(0), Op.PostIncSlot(0), Op.GetSlot(0), Op.Sub], -1n],
      // A fused loop whose counter is already past its limit leaves a wide counter as it is.
      [[Op.PushFrame, Op.LoadInt(2 ** 47), Op.SetSlot(1), Op.AccumSumLoop(0, 1, 5), Op.GetSlot(1)], 2n ** 47n],
      [[Op.PushFrame, Op.LoadInt(MAX), Op.SetSlot(1), Op.AccumSumLoop(0, 1, 1), Op.GetSlot(1)], MAX],
    ];
    const show = (ops: Instr[]) => JSON.stringify(ops, (_, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const [ops, r] of cases) {
      const c = chunkOf(ops);
      expect(reference(c).value, show(ops)).toBe(`{"Int":${wrapI64(r)}}`);
      for (const [name, opts] of TIERS) expect(outcome(c, opts).seen, `${name} ${show(ops)}`).toEqual(reference(c));
    }
  });

  it('compares a cell with an inline Int, another cell, a Float and a host handle of the same Int', () => {
    const big = 2n ** 62n + 1n;
    for (const [ops, want] of [
      [[Op.LoadInt(2 ** 47 - 1), Op.LoadInt(1), Op.Add, Op.LoadInt(2 ** 47 - 1), Op.NumGt], true],
      [[Op.LoadInt(big), Op.LoadInt(big - 1n), Op.LoadInt(1), Op.Add, Op.NumEq], true],
      [[Op.LoadInt(2 ** 53 + 1), Op.LoadFloat(2 ** 53), Op.NumEq], true], // through f64, ties to even
      [[Op.LoadInt(big), Op.LoadConst(0), Op.NumEq], true], // a cell and a handle
      [[Op.LoadInt(big), Op.LoadConst(0), Op.StrEq], true],
    ] as [Instr[], boolean][]) {
      const c = chunkOf(ops, (b) => b.addConstant(big));
      expect(reference(c).value).toBe(`{"Bool":${want}}`);
      for (const [, opts] of TIERS) expect(outcome(c, opts).seen).toEqual(reference(c));
    }
  });

  it('hands a cell to the host as its own Int: arrays, hash keys, output, JSON', () => {
    const c = chunkOf(
      [Op.DeclareHash(1), Op.LoadInt(2 ** 47), Op.LoadInt(5), Op.Mul, Op.Dup, Op.PrintLn(1), Op.Dup, Op.LoadInt(2n ** 62n), Op.MakeArray(2), Op.SetVar(0),
       Op.LoadConst(0), Op.Swap, Op.HashSet(1), Op.LoadInt(2 ** 47 * 5), Op.HashGet(1), Op.GetVar(0), Op.MakeArray(2)],
      (b) => { b.addName('a'); b.addName('h'); b.addConstant('v'); },
    );
    const want = reference(c);
    expect(want.status).toBe('ok');
    for (const [, opts] of TIERS) expect(outcome(c, opts).seen).toEqual(want);
  });
});

describe('the cell region', () => {
  it('holds more live wide Ints than it has cells: the rest go to the host, all exact', () => {
    // CELLS.count + 200 wide Ints live on the stack at once, then summed.
    const n = CELLS.count + 200;
    const c = chunkOf([...Array.from({ length: n }, (_, i) => [Op.LoadInt(2 ** 47), Op.LoadInt(i), Op.Add]).flat(), ...times(n - 1, [Op.Add])]);
    const want = reference(c);
    expect(want.value).toBe(`{"Int":${BigInt(n) * 2n ** 47n + BigInt((n * (n - 1)) / 2)}}`);
    for (const [, opts] of TIERS) expect(outcome(c, opts).seen).toEqual(want);
    expect(crossings(c)).toBeGreaterThan(0);
  });

  it('sweeps cells no longer held, keeping those in slots, globals and the stack, with no crossing', () => {
    // A loop making 20 × CELLS.count wide Ints, one held in a slot, one in a global, one on the stack throughout.
    const c = chunkOf(
      [
        Op.PushFrame, Op.LoadInt(2n ** 62n), Op.SetSlot(0), Op.LoadInt(-(2n ** 61n)), Op.SetVar(0), Op.LoadInt(2n ** 50n), Op.LoadInt(0), Op.SetSlot(1),
        // top (8): slot2 = i * 2^48 + 1 (a new wide Int each time), then ±1 steps of it
        Op.GetSlot(1), Op.LoadInt(2 ** 48), Op.Mul, Op.LoadInt(1), Op.Add, Op.SetSlot(2), Op.PreIncSlotVoid(2), Op.GetSlot(2), Op.Pop,
        Op.PreIncSlotVoid(1), Op.GetSlot(1), Op.LoadInt(20 * CELLS.count), Op.NumLt, Op.JumpIfTrue(8),
        Op.GetSlot(0), Op.Add, Op.GetVar(0), Op.Add, Op.GetSlot(2), Op.Add,
      ],
      (b) => b.addName('g'),
    );
    const want = reference(c);
    const i = BigInt(20 * CELLS.count - 1);
    expect(want.value).toBe(`{"Int":${wrapI64(2n ** 50n + 2n ** 62n - 2n ** 61n + i * 2n ** 48n + 2n)}}`);
    for (const [, opts] of TIERS) expect(outcome(c, opts).seen).toEqual(want);
    expect(crossings(c)).toBe(0);
  });
});
