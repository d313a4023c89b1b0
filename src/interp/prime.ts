// Once per process, before its second run: a short private program through
// the run loop, so that V8 has seen every inline path with the common values
// before it optimises the loop, and one interpreter, frame and chunk kept
// alive for good. Without it the loop's optimised code is thrown away
// whenever a path runs for the first time, or a GC drops the hidden class of
// the last dead interpreter or frame (a new one of the same shape then gets
// a new class); re-optimising the big loop takes tens of milliseconds, which
// a program of a few thousand ops spends entirely unoptimised.
// Nothing of it is visible: its own chunk, VM state and do-nothing hooks.

import type { HostHooks, RunResult } from '../backend.js';
import { ChunkBuilder } from '../chunk/builder.js';
import type { Chunk } from '../chunk/chunk.js';
import { Op, type Instr } from '../ops/op.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { HeapMeter } from '../values/heap-size.js';
import { Float, type Value } from '../values/value.js';
import { Interpreter } from './interpreter.js';

/** Runs seen; priming waits for the second (a process that runs once gains nothing from it). */
let runs = 0;
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
  // Loop 8 times over slot 0: ints, big ints, floats, booleans on every inline path.
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
  const exit = b.emit(Op.SlotLtIntJumpIfFalse(0, 8, 0), 1);
  at([Op.Jump(top)]);
  b.patchJump(exit, b.currentPos());
  at([Op.LoadInt(0), Op.SetSlot(3)]);
  const inner = b.currentPos();
  at([Op.Nop, Op.SlotIncLtIntJumpBack(3, 8, inner), Op.GetSlot(0), Op.LoadInt(8), Op.NumLt, Op.JumpIfTrue(top)]);
  const end = b.emit(Op.Jump(0), 1);
  // f(x): x + 1.
  b.addSubEntry(f, b.currentPos());
  at([Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(1), Op.Add, Op.ReturnValue]);
  b.patchJump(end, b.currentPos());
  at([Op.PopFrame, Op.LoadInt(0)]);
  return b.build();
}

/** Ops that run their handlers (strings, collections, output), and the ends
 *  of a run: a Float, a big Int, a ReturnValue in the base frame. */
function handlerChunks(): Chunk[] {
  const b = new ChunkBuilder();
  const arr = b.addName('arr');
  const h = b.addName('h');
  const x = b.addConstant('x');
  const list = b.addConstant([1, 2]);
  for (let k = 0; k < 3; k++)
    for (const op of [
      Op.LoadConst(x), Op.LoadConst(x), Op.Concat, Op.LoadConst(x), Op.StrEq, Op.Pop,
      Op.DeclareArray(arr), Op.LoadInt(k), Op.ArrayPush(arr), Op.LoadInt(0), Op.ArrayGet(arr), Op.ArrayPop(arr), Op.ArrayLen(arr), Op.Pop, Op.Pop, Op.Pop,
      Op.DeclareHash(h), Op.LoadInt(k), Op.LoadConst(x), Op.HashSet(h), Op.LoadConst(x), Op.HashGet(h), Op.Pop,
      Op.LoadConst(list), Op.SetSlot(0), Op.GetSlot(0), Op.Dup, Op.Pop, Op.Pop,
      Op.LoadInt(7), Op.LoadInt(2), Op.Div, Op.Negate, Op.Pop, Op.LoadInt(1), Op.Print(1), Op.CallBuiltin(0, 0),
    ])
      b.emit(op, 1);
  b.emit(Op.LoadFloat(0.5), 1);
  const big = new ChunkBuilder();
  for (const op of [Op.LoadInt(2 ** 40), Op.LoadInt(2 ** 40), Op.Mul]) big.emit(op, 1);
  const ret = new ChunkBuilder();
  for (const op of [Op.LoadInt(2 ** 40), Op.ReturnValue]) ret.emit(op, 1);
  return [b.build(), big.build(), ret.build()];
}

/** Called before each run: primes the run loop at the second, once per process. */
export function primeRunLoop(): void {
  if (primed || ++runs < 2) return;
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
  const results: RunResult[] = [polled.run(), vm.run()];
  for (const c of handlerChunks())
    for (let k = 0; k < 2; k++) {
      const g = new Interpreter(c, hooks);
      results.push(g.run());
      pinned.push(c);
    }
  // The wasm backend's guest interpreter holds stacks, frames and globals of
  // other kinds; meeting them first here makes V8 widen those fields' types
  // now rather than discard the optimised loop when the guest first runs.
  const gen = new Interpreter(chunk, hooks);
  for (const stack of [[], [0.5], [1], [new Float(1)]] as Value[][]) gen.stack = stack;
  gen.frames = [{ returnIp: 0, stackBase: 0, slots: [] }];
  gen.globals = [0.5];
  gen.globals = new Proxy<Value[]>([], {}); // the guest's globals read the core's memory through a Proxy
  gen.globals = [];
  gen.core = { getSlot: () => undefined, setSlot: () => {}, heapRoots: () => true, collect: () => {} };
  gen.core = undefined;
  // Its counters, held once as a non-number, become tagged fields: a value of
  // another representation from the guest then changes no hidden class (as a
  // double representation would, and slow every store).
  for (const x of [undefined as unknown as number, 0]) {
    gen.ip = x;
    gen.opsExecuted = x;
    gen.extraFuel = x;
    gen.fuelCut = x;
    gen.lastStatus = x;
    gen.nextHeapCheck = x;
  }
  gen.finished = { value: 0.5 };
  gen.finished = undefined;
  results.push({ status: 'ok', value: 0.5 }, { status: 'ok', value: new Float(1) }, { status: 'ok', value: 1 });
  pinned.push(chunk, vm, polled, gen, results, new HeapMeter(1), { returnIp: 0, stackBase: 0, slots: [], entryIp: undefined }, { value: undefined });
}
