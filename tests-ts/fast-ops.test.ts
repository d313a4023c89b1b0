// The wasm backend's host-op crossing (src/core/fast-ops.ts, src/core/globals.ts):
// the host runs on past a host op through the ops after it, and the guest's
// globals mirror the core's region. Whatever the crossing does, the result,
// error, output and op count must be the ts backend's — at every fuel limit
// (the run-on must stop where the core would), every interrupt period, and
// with the JIT installing code (then a host op runs one op only).

import { describe, expect, it } from 'vitest';
import { valueToJSONText } from '../src/chunk/json.js';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { Op } from '../src/ops/op.js';
import { VM, type VMOptions } from '../src/vm.js';
import { crossings } from './crossings.js';

function chunkOf(build: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  build(b);
  return b.build();
}

/** Host ops with plain ops between them, in a loop: arrays, hashes, strings, big Ints, globals. */
const CHUNKS: Record<string, Chunk> = {
  arrayLoop: chunkOf((b) => {
    const arr = b.addName('arr');
    const x = b.addName('x');
    for (const op of [Op.DeclareArray(arr), Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetVar(x)]) b.emit(op, 1);
    const top = 6;
    for (const op of [
      Op.GetSlot(0), Op.ArrayPush(arr), Op.GetSlot(0), Op.ArrayGet(arr), Op.GetVar(x), Op.Add, Op.SetVar(x),
      Op.PreIncSlotVoid(0), Op.GetSlot(0), Op.LoadInt(40), Op.NumLt, Op.JumpIfTrue(top),
      Op.ArrayLen(arr), Op.GetVar(x), Op.Add,
    ]) b.emit(op, 1);
  }),
  hashStrings: chunkOf((b) => {
    const h = b.addName('h');
    const k = b.addConstant('key');
    const s = b.addConstant('ab');
    b.emit(Op.DeclareHash(h), 1);
    for (let i = 0; i < 20; i++) {
      for (const op of [Op.LoadInt(i), Op.LoadConst(k), Op.LoadInt(i), Op.Concat, Op.HashSet(h), Op.LoadConst(s), Op.LoadConst(s), Op.StrEq, Op.Pop, Op.LoadConst(k), Op.HashGet(h), Op.Pop]) b.emit(op, 1);
    }
    for (const op of [Op.LoadConst(k), Op.LoadInt(19), Op.Concat, Op.HashGet(h), Op.LoadConst(s), Op.LoadInt(30), Op.StringRepeat, Op.Concat]) b.emit(op, 1);
  }),
  bigInts: chunkOf((b) => {
    b.emit(Op.LoadInt(1), 1);
    for (let i = 0; i < 60; i++) for (const op of [Op.LoadInt(3), Op.Mul, Op.LoadInt(7), Op.Add, Op.LoadInt(2), Op.Sub, Op.Dup, Op.LoadInt(0), Op.NumGt, Op.Pop]) b.emit(op, 1);
  }),
  rangeAndOutput: chunkOf((b) => {
    const a = b.addName('a');
    for (const op of [Op.LoadInt(0), Op.LoadInt(99), Op.Range, Op.SetArray(a), Op.LoadInt(5), Op.ArrayGet(a), Op.PrintLn(1), Op.ArrayLen(a), Op.LoadInt(3), Op.Mul, Op.Dup, Op.PrintLn(1)]) b.emit(op, 1);
  }),
};

function outcome(chunk: Chunk, opts: VMOptions) {
  let out = '';
  const vm = new VM(chunk, { ...opts, output: (s) => (out += s) });
  const r = vm.run();
  const res = {
    status: r.status,
    value: r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? `${r.error.name}: ${r.error.message}` : '',
    out,
    ops: vm.opsExecuted,
    globals: valueToJSONText([...vm.globals]),
  };
  vm.dispose();
  return res;
}

describe('host ops run on in one crossing', () => {
  for (const [name, chunk] of Object.entries(CHUNKS)) {
    it(`${name}: as the ts backend at every fuel limit up to the run's own`, () => {
      const full = outcome(chunk, { backend: 'ts' });
      expect(full.status).toBe('ok');
      expect(outcome(chunk, { backend: 'wasm', jit: 'off' })).toEqual(full);
      for (let fuel = 1; fuel <= full.ops + 1; fuel++) {
        const t = outcome(chunk, { backend: 'ts', limits: { fuel } });
        const w = outcome(chunk, { backend: 'wasm', jit: 'off', limits: { fuel } });
        expect(w, `fuel ${fuel}`).toEqual(t);
      }
    });
    it(`${name}: as the ts backend under interrupt polls and with the JIT installing code`, () => {
      const full = outcome(chunk, { backend: 'ts' });
      for (const every of [1, 7, 64]) {
        let polls = 0;
        const interrupt = () => ++polls > 5;
        const t = outcome(chunk, { backend: 'ts', limits: { interrupt, interruptEvery: every } });
        polls = 0;
        const w = outcome(chunk, { backend: 'wasm', jit: 'off', limits: { interrupt, interruptEvery: every } });
        expect(w, `interruptEvery ${every}`).toEqual(t);
      }
      expect(outcome(chunk, { backend: 'wasm', jit: 'auto', jitThreshold: 1 } as VMOptions)).toEqual(full);
      expect(outcome(chunk, { backend: 'wasm', jit: 'trace', jitThreshold: 1 } as VMOptions)).toEqual(full);
    });
  }
  it('host ops with a few plain ops between them cost one crossing, not one per host op', () => {
    const unrolled = chunkOf((b) => {
      const arr = b.addName('arr');
      b.emit(Op.DeclareArray(arr), 1);
      for (let i = 0; i < 200; i++) for (const op of [Op.LoadInt(i), Op.ArrayPush(arr)]) b.emit(op, 1);
      for (let i = 0; i < 200; i++) for (const op of [Op.LoadInt(i), Op.ArrayGet(arr), Op.Pop]) b.emit(op, 1);
      b.emit(Op.ArrayLen(arr), 1);
    });
    expect(crossings(unrolled)).toBe(1);
    expect(crossings(CHUNKS.hashStrings!)).toBe(1);
    expect(crossings(CHUNKS.bigInts!)).toBeLessThanOrEqual(2);
  });
  it('learns to leave long runs of plain slot work between host ops to the core', () => {
    // arrayLoop's body has more slot work between its host ops than a crossing costs: once
    // learnt, each host op is a crossing of its own again (and the answers stay the ts backend's).
    const n = crossings(CHUNKS.arrayLoop!);
    expect(n).toBeGreaterThan(40);
    expect(outcome(CHUNKS.arrayLoop!, { backend: 'wasm', jit: 'off' })).toEqual(outcome(CHUNKS.arrayLoop!, { backend: 'ts' }));
  });
  it('does not run on while tracing counts the core\'s back edges', () => {
    const unrolledLoop = CHUNKS.hashStrings!;
    expect(crossings(unrolledLoop, { jit: 'trace' } as VMOptions)).toBeGreaterThan(1);
  });
  it('stops where the core must take over: a value below the host op on the stack, a frame op', () => {
    // Concat reads a value pushed before the crossing began: the core runs Concat's crossing afresh.
    const c = chunkOf((b) => {
      const s = b.addConstant('x');
      for (const op of [Op.LoadConst(s), Op.LoadConst(s), Op.LoadInt(2), Op.StringRepeat, Op.Concat, Op.PushFrame, Op.LoadConst(s), Op.LoadInt(3), Op.StringRepeat, Op.PopFrame, Op.Concat]) b.emit(op, 1);
    });
    expect(outcome(c, { backend: 'wasm', jit: 'off' })).toEqual(outcome(c, { backend: 'ts' }));
    expect(crossings(c)).toBeGreaterThan(1);
  });
});

describe('globals mirror the core region', () => {
  it('core writes, host writes and grown globals agree with the ts backend', () => {
    const c = chunkOf((b) => {
      const x = b.addName('x');
      const y = b.addName('y');
      const a = b.addName('a');
      for (const op of [
        Op.LoadInt(1), Op.SetVar(x), Op.DeclareArray(a), Op.GetVar(x), Op.ArrayPush(a), // host reads x after the core wrote it
        Op.LoadConst(b.addConstant('s')), Op.SetVar(y), Op.GetVar(y), Op.LoadInt(2), Op.StringRepeat, Op.SetVar(x), // host writes x
        Op.GetVar(x), Op.StringLen, Op.SetVar(y), Op.GetVar(y), Op.ArrayPush(a), Op.ArrayLen(a), Op.GetArray(a),
        Op.LoadInt(9), Op.SetVar(7), Op.GetVar(7), // past the chunk's names: host side only
      ]) b.emit(op, 1);
    });
    const t = outcome(c, { backend: 'ts' });
    expect(t.status).toBe('ok');
    expect(outcome(c, { backend: 'wasm', jit: 'off' })).toEqual(t);
  });
});
