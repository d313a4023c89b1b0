// Calls in compiled code: a Call of a known sub runs the sub's compiled
// function, with the frame in the core's frame region, and every way out of
// it (return, exit inside, a frame past the region, fuel, a short stack)
// gives the interpreter's value, error, output and op count. Also boxed
// values (slots whose kind changes) on their inline fast paths.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { WasmBackend } from '../src/core/backend.js';
import { Op, type Instr } from '../src/ops/op.js';
import { onTier, reference } from './jit-harness.js';

/** main: push `args`, Call sub 'f' with them, then `after`; the sub is `body` (its ReturnValue included). */
function withSub(args: Instr[], body: Instr[], after: Instr[] = []): Chunk {
  const b = new ChunkBuilder();
  const f = b.addName('f');
  b.addConstant('text');
  for (const op of args) b.emit(op, 1);
  b.emit(Op.Call(f, args.length), 1);
  for (const op of after) b.emit(op, 1);
  const jump = b.emit(Op.Jump(0), 1);
  b.addSubEntry(f, b.currentPos());
  for (const op of body) b.emit(op, 2);
  b.patchJump(jump, b.currentPos());
  return b.build();
}

/** fib(n) by recursion: the sub calls itself twice. */
function fib(n: number): Chunk {
  const b = new ChunkBuilder();
  const f = b.addName('fib');
  b.emit(Op.LoadInt(n), 1);
  b.emit(Op.Call(f, 1), 1);
  const jump = b.emit(Op.Jump(0), 1);
  b.addSubEntry(f, b.currentPos());
  for (const op of [Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(2), Op.NumLt]) b.emit(op, 2);
  const rec = b.emit(Op.JumpIfFalse(0), 2);
  for (const op of [Op.GetSlot(0), Op.ReturnValue]) b.emit(op, 3);
  b.patchJump(rec, b.currentPos());
  for (const op of [Op.GetSlot(0), Op.LoadInt(1), Op.Sub, Op.Call(f, 1), Op.GetSlot(0), Op.LoadInt(2), Op.Sub, Op.Call(f, 1), Op.Add, Op.ReturnValue]) b.emit(op, 4);
  b.patchJump(jump, b.currentPos());
  return b.build();
}

const agree = (c: Chunk, extra = {}) => {
  const got = onTier(c, 'block', extra);
  expect(got.seen).toEqual(reference(c, extra));
  return got;
};

describe('compiled calls', () => {
  it('run a recursive sub inside compiled code, every op of it compiled', () => {
    const { seen, jit } = agree(fib(15));
    expect(seen.value).toBe('{"Int":610}');
    expect(jit.opsCompiled).toBe(seen.ops);
    expect(jit.sideExits).toBe(0);
  });
  it('give the interpreter\'s error at its op when recursion passes the call depth', () => {
    for (const callDepth of [1, 2, 7, 19, 20, 21, 50]) {
      const { seen } = agree(fib(20), { limits: { callDepth } });
      if (callDepth < 19 || callDepth > 21) expect(seen.status).toBe(callDepth < 19 ? 'error' : 'ok');
    }
  });
  it('stop at the interpreter\'s op for every fuel inside and around subs', () => {
    const c = fib(6);
    const total = reference(c).ops;
    for (let fuel = 1; fuel <= total + 1; fuel++) agree(c, { limits: { fuel } });
  });
  it('take arguments and return values of every kind, big Ints among them', () => {
    const cases: [Instr[], Instr[]][] = [
      [[Op.LoadInt(2 ** 50)], [Op.LoadInt(3), Op.Mul, Op.ReturnValue]], // an Int past the inline range, in and out
      [[Op.LoadInt(2 ** 47 - 1)], [Op.LoadInt(1), Op.Add, Op.ReturnValue]],
      [[Op.LoadFloat(1.5), Op.LoadInt(2)], [Op.Mul, Op.ReturnValue]],
      [[Op.LoadTrue], [Op.LogNot, Op.ReturnValue]],
      [[Op.LoadConst(0)], [Op.LoadConst(0), Op.Concat, Op.ReturnValue]], // strings through the host inside the sub
      [[Op.LoadInt(1)], [Op.Pop, Op.Return]], // no value
      [[], [Op.ReturnValue]], // ReturnValue on an empty sub stack: Undef
      [[Op.LoadInt(4)], [Op.LoadInt(0), Op.NumGt, Op.JumpIfFalse(0), Op.LoadFloat(0.5), Op.ReturnValue]],
    ];
    for (const [args, body] of cases) agree(withSub(args, body, [Op.LoadInt(9), Op.MakeArray(2)]));
  });
  it('leave what lies under a sub\'s stack to the core, as the interpreter pops it', () => {
    // The sub pops more than its one argument: the caller's values go too.
    agree(withSub([Op.LoadInt(1), Op.LoadInt(2), Op.LoadInt(3)].slice(2), [Op.Pop, Op.Pop, Op.Add, Op.ReturnValue], [Op.MakeArray(3)]));
    agree(withSub([Op.LoadInt(5)], [Op.Pop, Op.Pop, Op.Dup, Op.Swap, Op.ReturnValue], [Op.MakeArray(2)]));
  });
  it('return kinds the call site did not expect through an exit at the op after the Call', () => {
    // The sub's result is an Int on one path and a string on another.
    const body = [Op.Dup, Op.LoadInt(0), Op.NumGt, Op.JumpIfFalse(0), Op.ReturnValue];
    for (const arg of [3, -3]) {
      const c = withSub([Op.LoadInt(arg)], body, [Op.LoadInt(1), Op.Add]);
      agree(c);
    }
  });
});

describe('boxed values in compiled code', () => {
  /** sum of 0..n-1 into a slot that starts Undef: Undef + Int is a Float, so the slot's kind changes in the loop. */
  function undefSum(n: number): Chunk {
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const top = b.currentPos();
    for (const op of [Op.GetSlot(1), Op.LoadInt(n), Op.NumLt]) b.emit(op, 1);
    const exit = b.emit(Op.JumpIfFalse(0), 1);
    for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0), Op.PreIncSlotVoid(1), Op.Jump(top)]) b.emit(op, 1);
    b.patchJump(exit, b.currentPos());
    b.emit(Op.GetSlot(0), 1);
    return b.build();
  }
  it('add, compare and branch on them without the host while they hold plain numbers', () => {
    let calls = 0;
    const orig = WasmBackend.prototype.hostOp;
    WasmBackend.prototype.hostOp = function (ip: number) {
      calls++;
      return orig.call(this, ip);
    };
    try {
      const { seen, jit } = agree(undefSum(1000));
      expect(seen.value).toBe('{"Float":499500.0}');
      expect(jit.opsCompiled).toBe(seen.ops);
    } finally {
      WasmBackend.prototype.hostOp = orig;
    }
    expect(calls).toBe(0);
  });
  it('give the host what is not a plain number: strings, big Ints, containers', () => {
    for (const start of [Op.LoadConst(0), Op.LoadInt(2 ** 60), Op.MakeArray(0), Op.LoadTrue, Op.LoadFloat(Number.NaN)]) {
      const b = new ChunkBuilder();
      b.addConstant('7');
      for (const op of [start, Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
      const top = b.currentPos();
      for (const op of [Op.GetSlot(1), Op.LoadInt(5), Op.NumLt]) b.emit(op, 1);
      const exit = b.emit(Op.JumpIfFalse(0), 1);
      for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Mul, Op.GetSlot(0), Op.NumGe]) b.emit(op, 1);
      const early = b.emit(Op.JumpIfTrue(0), 1);
      for (const op of [Op.PreIncSlotVoid(1), Op.Jump(top)]) b.emit(op, 1);
      b.patchJump(exit, b.currentPos());
      b.patchJump(early, b.currentPos());
      b.emit(Op.GetSlot(0), 1);
      b.emit(Op.GetSlot(1), 1);
      agree(b.build(), { limits: { fuel: 10_000 } });
    }
  });
});
