// Once per process, before the first run: a short private program through
// the run loop, so that V8 has seen every inline path with the common values
// before it optimises the loop, and one interpreter, frame and chunk kept
// alive for good. Without it the loop's optimised code is thrown away
// whenever a path runs for the first time, or a GC drops the hidden class of
// the last dead interpreter or frame (a new one of the same shape then gets
// a new class); re-optimising the big loop takes tens of milliseconds, which
// a program of a few thousand ops spends entirely unoptimised.
// Nothing of it is visible: its own chunk, VM state and do-nothing hooks.

import type { HostHooks } from '../backend.js';
import { ChunkBuilder } from '../chunk/builder.js';
import type { Chunk } from '../chunk/chunk.js';
import { Op, type Instr } from '../ops/op.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { HeapMeter } from '../values/heap-size.js';
import { Interpreter } from './interpreter.js';

let primed = false;
/** What is kept alive (see the file comment). */
const pinned: unknown[] = [];

function primingChunk(): Chunk {
  const b = new ChunkBuilder();
  const g = b.addName('g');
  const f = b.addName('f');
  const s = b.addConstant('s');
  const at = (ops: Instr[]) => {
    for (const op of ops) b.emit(op, 1);
  };
  // Loop 20 times over slot 0: ints, big ints, floats, booleans on every inline path.
  // Slots set out of order (a frame grows over a gap), then the loop's own.
  at([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(3), Op.PopFrame, Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetVar(g), Op.LoadFloat(0.5), Op.SetSlot(1), Op.LoadInt(1), Op.SetSlot(2)]);
  const top = b.currentPos();
  at([
    Op.GetSlot(0), Op.LoadInt(3), Op.Add, Op.LoadInt(2), Op.Sub, Op.LoadInt(5), Op.Mul, Op.LoadInt(7), Op.Mod, Op.Inc, Op.Dec,
    Op.LoadInt(2 ** 40), Op.Add, Op.LoadInt(2 ** 40), Op.Sub, Op.Pop,
    Op.GetSlot(1), Op.LoadFloat(1.5), Op.Add, Op.LoadInt(1), Op.Mul, Op.LoadFloat(0.25), Op.Sub, Op.LoadInt(2), Op.Add, Op.SetSlot(1),
    Op.GetSlot(0), Op.GetSlot(1), Op.NumLt, Op.GetSlot(1), Op.GetSlot(0), Op.NumGe, Op.LogNot, Op.Swap, Op.Pop, Op.Pop,
    Op.GetSlot(0), Op.LoadInt(100), Op.NumEq, Op.Pop, Op.GetSlot(0), Op.LoadInt(100), Op.NumNe, Op.Pop,
    Op.GetSlot(0), Op.LoadInt(100), Op.NumGt, Op.Pop, Op.GetSlot(0), Op.LoadInt(100), Op.NumLe, Op.Pop,
    Op.GetSlot(0), Op.LoadInt(0xff), Op.BitAnd, Op.LoadInt(3), Op.Shl, Op.LoadInt(0x12), Op.BitXor, Op.LoadInt(1), Op.BitOr, Op.LoadInt(2), Op.Shr, Op.Pop,
    Op.GetVar(g), Op.LoadInt(1), Op.Add, Op.SetVar(g), Op.LoadConst(s), Op.Dup, Op.Pop, Op.Pop,
    Op.LoadTrue, Op.LoadFalse, Op.LoadUndef, Op.Rot, Op.Pop, Op.Pop, Op.Pop,
    Op.GetSlot(0), Op.Call(f, 1), Op.Pop, Op.PushFrame, Op.Nop, Op.PopFrame,
    Op.PreIncSlot(2), Op.PostDecSlot(2), Op.PreDecSlot(2), Op.PostIncSlot(2), Op.Pop, Op.Pop, Op.Pop, Op.Pop, Op.AddAssignSlotVoid(2, 2),
  ]);
  at([Op.LoadTrue, Op.JumpIfFalseKeep(0)]); // not taken
  const keep = b.emit(Op.JumpIfTrueKeep(0), 1); // taken
  at([Op.Nop]);
  b.patchJump(keep, b.currentPos());
  at([Op.JumpIfFalse(0)]); // pops true: not taken
  at([Op.LoadInt(1)]);
  const taken = b.emit(Op.JumpIfTrue(0), 1); // pops 1: taken
  b.patchJump(taken, b.currentPos());
  at([Op.PreIncSlotVoid(0)]);
  const exit = b.emit(Op.SlotLtIntJumpIfFalse(0, 20, 0), 1);
  at([Op.Jump(top)]);
  b.patchJump(exit, b.currentPos());
  at([Op.LoadInt(0), Op.SetSlot(3)]);
  const inner = b.currentPos();
  at([Op.Nop, Op.SlotIncLtIntJumpBack(3, 20, inner), Op.GetSlot(0), Op.LoadInt(20), Op.NumLt, Op.JumpIfTrue(top)]);
  const end = b.emit(Op.Jump(0), 1);
  // f(x): x + 1.
  b.addSubEntry(f, b.currentPos());
  at([Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(1), Op.Add, Op.ReturnValue]);
  b.patchJump(end, b.currentPos());
  at([Op.PopFrame, Op.LoadInt(0)]);
  return b.build();
}

/** Prime the run loop, once (a no-op after the first call). */
export function primeRunLoop(): void {
  if (primed) return;
  primed = true;
  const hooks: HostHooks = { output: () => {}, readLine: () => undefined, builtin: () => undefined };
  const chunk = primingChunk();
  const vm = new Interpreter(chunk, hooks);
  for (let k = 0; k < 2; k++) {
    vm.reset(chunk);
    vm.run();
    vm.measureHeap(0); // as the loop does every few thousand ops
  }
  // The loop's stop for limits, taken often: an interrupt poll every 64 ops.
  const polled = new Interpreter(chunk, hooks, undefined, { ...DEFAULT_LIMITS, interrupt: () => false, interruptEvery: 64 });
  const results = [polled.run(), vm.run()];
  pinned.push(chunk, vm, polled, results, new HeapMeter(1), { returnIp: 0, stackBase: 0, slots: [], entryIp: undefined }, { value: undefined });
}
