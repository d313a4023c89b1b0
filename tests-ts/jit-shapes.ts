// Loop shapes the JIT tests run on every tier: counters, sums, branches,
// host ops and output inside, a slot changing kind, an early exit, big Ints,
// nested loops. Each ends by leaving its slots on the stack.

import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { Op, type Instr } from '../src/ops/op.js';

type Emit = (b: ChunkBuilder) => void;
/** slot 0 from `from`, stepping with `step` while `cond` holds, running `body` each time; then slots 0, 1, 2. */
export function loop(from: number, step: Instr, cond: Instr[], body: Emit, setup: Instr[] = []): Chunk {
  const b = new ChunkBuilder();
  b.addConstant('ab');
  for (const op of [...setup, Op.LoadInt(from), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
  const top = b.currentPos();
  for (const op of cond) b.emit(op, 2);
  const exit = b.emit(Op.JumpIfFalse(0), 2);
  body(b);
  b.emit(step, 3);
  if (step.op === 'PreIncSlot' || step.op === 'PostIncSlot' || step.op === 'PreDecSlot' || step.op === 'PostDecSlot') b.emit(Op.Pop, 3);
  b.emit(Op.Jump(top), 3);
  b.patchJump(exit, b.currentPos());
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.GetSlot(2), Op.MakeArray(3)]) b.emit(op, 4);
  return b.build();
}
export const ops = (list: Instr[]): Emit => (b) => list.forEach((op) => b.emit(op, 3));
export const below = (n: number) => [Op.GetSlot(0), Op.LoadInt(n), Op.NumLt];
const above = (n: number) => [Op.GetSlot(0), Op.LoadInt(n), Op.NumGt];
/** if (slot0 % m == 0) { then } [else { otherwise }] */
export const ifMod = (m: number, then: Instr[], otherwise: Instr[] = []): Emit => (b) => {
  for (const op of [Op.GetSlot(0), Op.LoadInt(m), Op.Mod, Op.LoadInt(0), Op.NumEq]) b.emit(op, 3);
  const skip = b.emit(Op.JumpIfFalse(0), 3);
  for (const op of then) b.emit(op, 3);
  const join = otherwise.length ? b.emit(Op.Jump(0), 3) : undefined;
  b.patchJump(skip, b.currentPos());
  for (const op of otherwise) b.emit(op, 3);
  if (join !== undefined) b.patchJump(join, b.currentPos());
};
export const addTo1 = [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)];

export const SHAPES: [string, Chunk][] = [
  ['counter', loop(0, Op.PreIncSlotVoid(0), below(300), ops([]))],
  ['sum', loop(0, Op.PreIncSlotVoid(0), below(300), ops(addTo1))],
  ['down', loop(300, Op.PreDecSlot(0), above(0), ops(addTo1))],
  ['post-inc', loop(-5, Op.PostIncSlot(0), below(200), ops(addTo1))],
  ['step first', loop(0, Op.Nop, below(100), (b) => { b.emit(Op.PreIncSlotVoid(0), 3); ops(addTo1)(b); })],
  ['if then', loop(0, Op.PreIncSlotVoid(0), below(200), ifMod(3, [Op.GetSlot(1), Op.LoadInt(7), Op.Add, Op.SetSlot(1)]))],
  ['if else', loop(0, Op.PreIncSlotVoid(0), below(200), ifMod(4, [Op.LoadInt(1), Op.SetSlot(2)], [Op.GetSlot(2), Op.LoadInt(2), Op.Mul, Op.SetSlot(2)]))],
  ['host op inside', loop(0, Op.PreIncSlotVoid(0), below(60), ops([Op.GetSlot(2), Op.LoadConst(0), Op.Concat, Op.SetSlot(2)]))],
  ['output inside', loop(0, Op.PreIncSlotVoid(0), below(20), ifMod(5, [Op.GetSlot(0), Op.Print(1)]))],
  ['kind change inside', loop(0, Op.PreIncSlotVoid(0), below(100), ifMod(50, [Op.LoadFloat(0.5), Op.SetSlot(1)], addTo1))],
  ['early exit', loop(0, Op.PreIncSlotVoid(0), below(1000), (b) => {
    for (const op of [Op.GetSlot(0), Op.LoadInt(77), Op.NumEq]) b.emit(op, 3);
    b.emit(Op.JumpIfTrue(1000), 3); // past the end: the run ends there
    ops(addTo1)(b);
  })],
  ['big ints', loop(2 ** 47 - 50, Op.PreIncSlotVoid(0), below(2 ** 47 + 50), ops(addTo1))],
  ['nested', (() => {
    // an outer loop over slot 3 (not counted: it holds a loop) around a counted one over slot 0
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(0), Op.SetSlot(3), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const outer = b.currentPos();
    for (const op of [Op.GetSlot(3), Op.LoadInt(10), Op.NumLt]) b.emit(op, 1);
    const done = b.emit(Op.JumpIfFalse(0), 1);
    for (const op of [Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
    const inner = b.currentPos();
    for (const op of below(20)) b.emit(op, 2);
    const next = b.emit(Op.JumpIfFalse(0), 2);
    for (const op of [...addTo1, Op.PreIncSlotVoid(0), Op.Jump(inner)]) b.emit(op, 2);
    b.patchJump(next, b.currentPos());
    for (const op of [Op.PreIncSlotVoid(3), Op.Jump(outer)]) b.emit(op, 1);
    b.patchJump(done, b.currentPos());
    b.emit(Op.GetSlot(1), 1);
    return b.build();
  })()],
];

