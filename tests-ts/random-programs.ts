// A generator of random *terminating* programs for differential testing:
// structured code over Ints (small, at the core's ±2^47 edge, i64 edges),
// Floats (NaN, -0, ∞), strings, booleans, arrays; frame slots and globals;
// if/else; counted loops both unfused and fused (SlotIncLtIntJumpBack,
// AccumSumLoop, AddAssignSlotVoid, ConcatConstLoop); calls to subroutines
// (each may call only earlier ones, so nothing recurses); output. Every
// program ends with a value on the stack.

import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { Op, type Instr } from '../src/ops/op.js';

export { rng } from './prng.mjs';
import { rng } from './prng.mjs';

const INTS: (number | bigint)[] = [0, 1, -1, 2, 3, 7, 10, -5, 100, 255, 1000, 2 ** 31 - 1, -(2 ** 31), 2 ** 47 - 1, -(2 ** 47), 2 ** 47, 2 ** 53, -(2n ** 63n), 2n ** 63n - 1n];
/** Ints heavy at the core's inline edge (±2^47) and i64's (±2^63), with small ones to step across them. */
export const EDGE_INTS: (number | bigint)[] = [0, 1, -1, 2, 3, -3, 7, 2 ** 24 + 1,
  2 ** 47 - 2, 2 ** 47 - 1, 2 ** 47, 2 ** 47 + 1, -(2 ** 47) - 1, -(2 ** 47), -(2 ** 47) + 1, 2 ** 48, 2 ** 53 + 1, -(2 ** 53) - 1,
  2n ** 62n, -(2n ** 62n) - 1n, 2n ** 63n - 2n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 63n) + 1n, 3037000499, 3037000500];
const FLOATS = [0.5, -0, 1.5, -2.25, 1e-3, 1e300, NaN, Infinity, -Infinity, 3.0];
const STRINGS = ['', 'a', 'xyz', '10', '-3', '2.5', 'hello', ' 7 ', 'inf', 'NaN'];
const BINARY = [Op.Add, Op.Sub, Op.Mul, Op.Div, Op.Mod, Op.Pow, Op.Concat, Op.NumLt, Op.NumGt, Op.NumLe, Op.NumGe, Op.NumEq, Op.NumNe, Op.Spaceship, Op.StrEq, Op.StrLt, Op.StrCmp, Op.LogAnd, Op.LogOr, Op.BitAnd, Op.BitOr, Op.BitXor, Op.Shl, Op.Shr];
const UNARY = [Op.Negate, Op.Inc, Op.Dec, Op.LogNot, Op.BitNot, Op.StringLen];

/** Slots 0–3 hold data; 4–7 are loop counters, each owned by one loop nest level. */
const DATA_SLOTS = 4;
const COUNTER_BASE = 4;
const GLOBALS = ['g0', 'g1', 'g2'];
const ARRAY = 'arr';

export interface Features {
  strings: number;
  globals: number;
  calls: number;
  fused: number;
  loops: number;
}

/** `loops` caps the iterations of each generated loop (below it, at random; default 6). */
/** `ints` are the Int literals it picks from (default: small ones and a few at each edge). */
export function generateProgram(seed: number, features?: Features, loops = 6, ints: readonly (number | bigint)[] = INTS): Chunk {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const b = new ChunkBuilder();
  const code: Instr[] = [];
  const emit = (op: Instr) => code.push(op) - 1;
  const here = () => code.length;
  const patch = (at: number, op: Instr) => {
    code[at] = op;
  };
  const strConst = STRINGS.map((s) => b.addConstant(s));
  const globals = GLOBALS.map((g) => b.addName(g));
  const arr = b.addName(ARRAY);
  const subs: { name: number; entry: number; argc: number }[] = [];
  const f = features;

  function expr(depth: number): void {
    const k = r();
    if (depth <= 0 || k < 0.35) return leaf();
    if (k < 0.7) {
      expr(depth - 1);
      expr(depth - 1);
      const op = pick(BINARY);
      if (op === Op.Concat && f) f.strings++;
      emit(op);
    } else if (k < 0.82) {
      expr(depth - 1);
      emit(pick(UNARY));
    } else if (k < 0.9) {
      const n = 1 + Math.floor(r() * 3);
      for (let i = 0; i < n; i++) expr(depth - 1);
      emit(Op.MakeArray(n));
    } else if (k < 0.95 && subs.length > 0) {
      const s = pick(subs);
      for (let i = 0; i < s.argc; i++) expr(depth - 1);
      emit(Op.Call(s.name, s.argc));
      if (f) f.calls++;
    } else {
      expr(depth - 1);
      emit(Op.ArrayGet(arr));
      if (f) f.globals++;
    }
  }

  function leaf(): void {
    const k = r();
    if (k < 0.3) emit(Op.LoadInt(pick(ints)));
    else if (k < 0.4) emit(Op.LoadFloat(pick(FLOATS)));
    else if (k < 0.52) {
      emit(Op.LoadConst(pick(strConst)));
      if (f) f.strings++;
    } else if (k < 0.57) emit(pick([Op.LoadTrue, Op.LoadFalse, Op.LoadUndef]));
    else if (k < 0.82) emit(Op.GetSlot(Math.floor(r() * DATA_SLOTS)));
    else if (k < 0.95) {
      emit(Op.GetVar(pick(globals)));
      if (f) f.globals++;
    } else emit(Op.ArrayLen(arr));
  }

  function block(n: number, depth: number, level: number): void {
    for (let i = 0; i < n; i++) stmt(depth, level);
  }

  function stmt(depth: number, level: number): void {
    const k = r();
    if (k < 0.3) {
      expr(3);
      emit(Op.SetSlot(Math.floor(r() * DATA_SLOTS)));
    } else if (k < 0.42) {
      expr(2);
      emit(Op.SetVar(pick(globals)));
      if (f) f.globals++;
    } else if (k < 0.5) {
      expr(1);
      emit(Op.ArrayPush(arr));
    } else if (k < 0.6 && depth > 0) {
      // if (e) { … } else { … }
      expr(2);
      const jf = emit(Op.Nop);
      block(1 + Math.floor(r() * 2), depth - 1, level);
      const jend = emit(Op.Nop);
      patch(jf, Op.JumpIfFalse(here()));
      block(Math.floor(r() * 2), depth - 1, level);
      patch(jend, Op.Jump(here()));
    } else if (k < 0.72 && depth > 0 && level < 4) {
      loop(depth, level);
    } else if (k < 0.8) {
      fused(level);
    } else if (k < 0.86) {
      const n = 1 + Math.floor(r() * 2);
      for (let i = 0; i < n; i++) expr(1);
      emit(chance(0.5) ? Op.PrintLn(n) : Op.Print(n));
    } else {
      const slot = Math.floor(r() * DATA_SLOTS);
      emit(pick([Op.PreIncSlot(slot), Op.PostDecSlot(slot), Op.PreIncSlotVoid(slot), Op.PostIncSlot(slot), Op.PreDecSlot(slot)]));
      if (code[code.length - 1]!.op !== 'PreIncSlotVoid') emit(Op.Pop);
    }
  }

  /** A counted loop on this level's counter slot, fused or not. */
  function loop(depth: number, level: number): void {
    const c = COUNTER_BASE + level;
    const n = Math.floor(r() * loops);
    if (f) f.loops++;
    emit(Op.LoadInt(0));
    emit(Op.SetSlot(c));
    if (chance(0.5)) {
      // while (c < n) { body; c++ }
      const top = here();
      emit(Op.GetSlot(c));
      emit(Op.LoadInt(n));
      emit(Op.NumLt);
      const jf = emit(Op.Nop);
      block(1 + Math.floor(r() * 3), depth - 1, level + 1);
      emit(Op.PreIncSlotVoid(c));
      emit(Op.Jump(top));
      patch(jf, Op.JumpIfFalse(here()));
    } else {
      // guard, body, fused back-edge
      const guard = emit(Op.Nop);
      const top = here();
      block(1 + Math.floor(r() * 3), depth - 1, level + 1);
      emit(Op.SlotIncLtIntJumpBack(c, n, top));
      patch(guard, Op.SlotLtIntJumpIfFalse(c, n, here()));
      if (f) f.fused++;
    }
  }

  function fused(level: number): void {
    const c = COUNTER_BASE + level;
    const a = Math.floor(r() * DATA_SLOTS);
    const k = r();
    if (f) f.fused++;
    if (k < 0.4) {
      emit(Op.LoadInt(Math.floor(r() * 5)));
      emit(Op.SetSlot(c));
      emit(Op.AccumSumLoop(a, c, Math.floor(r() * 50)));
    } else if (k < 0.7) {
      emit(Op.AddAssignSlotVoid(a, Math.floor(r() * DATA_SLOTS)));
    } else {
      emit(Op.LoadInt(0));
      emit(Op.SetSlot(c));
      emit(Op.ConcatConstLoop(pick(strConst), a, c, Math.floor(r() * 8)));
      if (f) f.strings++;
    }
  }

  // Layout: Jump over the subroutines, the subroutines, then main.
  const skip = emit(Op.Nop);
  const nSubs = Math.floor(r() * 3);
  for (let s = 0; s < nSubs; s++) {
    const name = b.addName(`f${s}`);
    const argc = Math.floor(r() * 3);
    const entry = here();
    for (let i = argc - 1; i >= 0; i--) emit(Op.SetSlot(i));
    block(1 + Math.floor(r() * 3), 2, 1);
    expr(2);
    emit(Op.ReturnValue);
    subs.push({ name, argc, entry });
  }
  patch(skip, Op.Jump(here()));
  emit(Op.DeclareArray(arr));
  for (const g of globals) {
    expr(1);
    emit(Op.SetVar(g));
  }
  block(4 + Math.floor(r() * 10), 3, 0);
  // The result: every data slot and global, and the array.
  for (let s = 0; s < DATA_SLOTS; s++) emit(Op.GetSlot(s));
  for (const g of globals) emit(Op.GetVar(g));
  emit(Op.ArrayLen(arr));
  emit(Op.MakeArray(DATA_SLOTS + globals.length + 1));

  for (const op of code) b.emit(op, 1);
  for (const s of subs) b.addSubEntry(s.name, s.entry);
  b.setSource(`random-program-${seed}`);
  return b.build();
}
