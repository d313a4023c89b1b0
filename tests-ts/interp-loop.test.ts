// The interpreter's inline paths (src/interp/fast-loop.ts) against its
// handlers alone: the same programs run both ways must agree on status,
// value, error, output, op count and the state left behind, at the value
// edges the inline paths test for (±2^31, ±2^53, i64, -0, NaN, Floats mixed
// with Ints, slots never set) and under small limits.

import { afterEach, describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { valueToJSONText } from '../src/chunk/json.js';
import { setInlinePaths } from '../src/interp/fast-loop.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float } from '../src/values/value.js';
import { VM, type VMOptions } from '../src/vm.js';
import { generateProgram, rng } from './random-programs.js';

afterEach(() => setInlinePaths(true));

function outcome(chunk: Chunk, inline: boolean, opts: VMOptions = {}, prep?: (vm: VM) => void) {
  setInlinePaths(inline);
  let out = '';
  const vm = new VM(chunk, { backend: 'ts', output: (s) => (out += s), ...opts });
  prep?.(vm);
  const r = vm.run();
  setInlinePaths(true);
  const text = (x: unknown) => valueToJSONText(x as never);
  return JSON.stringify({
    status: r.status,
    value: r.status === 'ok' ? text(r.value) : r.status === 'error' ? `${r.error.name}: ${r.error.message} @${r.error.ip}` : '',
    out,
    ops: vm.opsExecuted,
    stack: vm.stack.map(text),
    frames: vm.frames.map((f) => JSON.stringify(f, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? null : v))),
    globals: vm.globals.map(text),
  });
}

const EDGE_INTS: (number | bigint)[] = [0, 1, -1, 2, 3, 63, 64, -65, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 52, 2 ** 53 - 2, 2 ** 53 - 1, -(2 ** 53 - 1), 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)];
const EDGE_FLOATS = [0.5, -0, NaN, Infinity, -Infinity, 1e308, -2.5, 3];
const PLAIN: Instr[] = [
  Op.Add, Op.Sub, Op.Mul, Op.Mod, Op.Inc, Op.Dec, Op.NumEq, Op.NumNe, Op.NumLt, Op.NumGt, Op.NumLe, Op.NumGe,
  Op.BitAnd, Op.BitOr, Op.BitXor, Op.Shl, Op.Shr, Op.LogNot, Op.Pop, Op.Dup, Op.Swap, Op.Rot, Op.Nop,
  Op.LoadTrue, Op.LoadFalse, Op.LoadUndef, Op.PushFrame, Op.PopFrame, Op.Return,
];

/** A straight-line program with forward jumps only (so it ends), over edge values. */
function edgeProgram(seed: number): Chunk {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const b = new ChunkBuilder();
  const names = [b.addName('g0'), b.addName('g1')];
  const consts = [b.addConstant('12'), b.addConstant([1, 2]), b.addConstant(7), b.addConstant(new Float(-0.5))];
  const f = b.addName('f');
  const len = 10 + Math.floor(r() * 50);
  const ops: Instr[] = [];
  for (let k = 0; k < len; k++) {
    const x = r();
    const slot = Math.floor(r() * 4);
    const target = k + 1 + Math.floor(r() * 6); // forward, maybe past the end
    if (x < 0.2) ops.push(Op.LoadInt(pick(EDGE_INTS)));
    else if (x < 0.27) ops.push(Op.LoadFloat(pick(EDGE_FLOATS)));
    else if (x < 0.3) ops.push(Op.LoadConst(pick(consts)));
    else if (x < 0.6) ops.push(pick(PLAIN));
    else if (x < 0.68) ops.push(pick([Op.GetSlot(slot), Op.SetSlot(slot), Op.GetVar(pick(names)), Op.SetVar(pick(names)), Op.DeclareVar(pick(names))]));
    else if (x < 0.76) ops.push(pick([Op.PreIncSlot(slot), Op.PreIncSlotVoid(slot), Op.PreDecSlot(slot), Op.PostIncSlot(slot), Op.PostDecSlot(slot), Op.AddAssignSlotVoid(slot, (slot + 1) % 4)]));
    else if (x < 0.86) ops.push(pick([Op.Jump(target), Op.JumpIfTrue(target), Op.JumpIfFalse(target), Op.JumpIfTrueKeep(target), Op.JumpIfFalseKeep(target)]));
    else if (x < 0.92) ops.push(pick([Op.SlotLtIntJumpIfFalse(slot, pick([0, 3, 2 ** 31 - 1, -5]), target), Op.SlotIncLtIntJumpBack(slot, pick([0, 3, 100]), target)]));
    else if (x < 0.97) ops.push(Op.Call(f, Math.floor(r() * 3)));
    else ops.push(Op.ReturnValue);
  }
  for (const op of ops) b.emit(op, 1);
  const end = b.emit(Op.Jump(0), 1);
  // f: a few ops on its arguments, then back.
  b.addSubEntry(f, b.currentPos());
  for (const op of [Op.SetSlot(0), Op.GetSlot(0), Op.GetSlot(1), Op.Add, pick([Op.ReturnValue, Op.Return])]) b.emit(op, 2);
  b.patchJump(end, b.currentPos());
  b.emit(Op.LoadInt(pick(EDGE_INTS)), 1);
  return b.build();
}

describe('inline paths and handlers agree', () => {
  it('on 1500 edge-valued programs, with and without small limits', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 1500; seed++) {
      const chunk = edgeProgram(seed);
      const limits =
        seed % 3 === 0 ? { fuel: 1 + (seed % 40), stackDepth: 2 + (seed % 5), callDepth: 1 + (seed % 3) }
        : seed % 3 === 1 ? { maxElements: 1 + (seed % 4), maxHeapBytes: 300 + (seed % 7) * 40 }
        : undefined;
      const a = outcome(chunk, true, { limits });
      const h = outcome(chunk, false, { limits });
      if (a !== h) bad.push(`seed ${seed}: inline ${a.slice(0, 400)}\n   handlers ${h.slice(0, 400)}`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('on 1000 of the differential programs, stopped part way by fuel or not', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const chunk = generateProgram(seed);
      const limits = seed % 2 === 0 ? { fuel: 5 + ((seed * 7919) % 400) } : undefined;
      const a = outcome(chunk, true, { limits });
      const h = outcome(chunk, false, { limits });
      if (a !== h) bad.push(`seed ${seed}: inline ${a.slice(0, 400)}\n   handlers ${h.slice(0, 400)}`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('where frames growing meet limits.maxHeapBytes or limits.maxElements, over a sweep of limits', () => {
    const b = new ChunkBuilder();
    for (let k = 0; k < 40; k++) for (const op of [Op.PushFrame, Op.LoadInt(k), Op.SetSlot(k * 3), Op.LoadInt(k), Op.SetSlot(k), Op.PopFrame]) b.emit(op, 1);
    b.emit(Op.LoadInt(1), 1);
    const chunk = b.build();
    const bad: string[] = [];
    const seen = new Set<string>();
    const sweep = [
      ...Array.from({ length: 120 }, (_, k) => ({ maxHeapBytes: 64 + k * 97 })),
      ...Array.from({ length: 60 }, (_, k) => ({ maxElements: 1 + k * 2 })),
    ];
    for (const limits of sweep) {
      const a = outcome(chunk, true, { limits });
      const h = outcome(chunk, false, { limits });
      seen.add(JSON.parse(a).status);
      if (a !== h) bad.push(`${JSON.stringify(limits)}: inline ${a.slice(0, 300)}\n   handlers ${h.slice(0, 300)}`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
    expect([...seen].sort()).toEqual(['error', 'ok']); // the sweep crosses the limit
  });

  it('with numeric and undef hooks installed, on 300 edge-valued programs', () => {
    const bad: string[] = [];
    const hook = (vm: VM) => {
      vm.setNumericHook((op, a, b) => `${op}:${valueToJSONText(a)}:${valueToJSONText(b)}`);
      vm.setUndefHook((read) => (read.fromSlot ? -1 : 'unset'));
    };
    for (let seed = 1; seed <= 300; seed++) {
      const chunk = edgeProgram(seed);
      const a = outcome(chunk, true, {}, hook);
      const h = outcome(chunk, false, {}, hook);
      if (a !== h) bad.push(`seed ${seed}: inline ${a.slice(0, 400)}\n   handlers ${h.slice(0, 400)}`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('an interrupt that halts the run lets the op it came before run, and no other', () => {
    const b = new ChunkBuilder();
    for (let k = 0; k < 50; k++) b.emit(Op.LoadInt(k), 1);
    const chunk = b.build();
    for (const inline of [true, false]) {
      setInlinePaths(inline);
      let vm!: VM;
      vm = new VM(chunk, { backend: 'ts', limits: { interrupt: () => (vm.requestHalt(), false), interruptEvery: 10 } });
      const r = vm.run();
      setInlinePaths(true);
      expect([r.status, vm.opsExecuted, vm.stack.length]).toEqual(['ok', 11, 10]);
    }
  });
});
