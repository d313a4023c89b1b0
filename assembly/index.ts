// The WebAssembly core: the dispatch loop over the host's compact encoding of
// a chunk, on NaN-boxed values in linear memory. It runs the numeric, slot,
// control-flow, call and fused ops itself; at any other op, or a value it
// does not hold (a string, an Int past ±2^47), it stops *before* the op with
// status DEOPT and the host's interpreter continues from the same state.
//
// Memory layout (byte offsets; the host sizes and places each region and
// writes the bases into the header — see src/core/layout.ts):
//   HEADER  0..63    ip, sp, fp, status, ops (i64), fuel (i64), region bases
//   CODE    [codeBase]   4 × i32 per op: opcode, a, b, c
//   CONSTS  [constBase]  u64 literals (LoadFloat, LoadInt beyond i32)
//   STACK   [stackBase]  u64 values, stackCap of them
//   FRAMES  [frameBase]  4 × i32 per frame: return ip, stack base, slot base, unused
//   SLOTS   [slotBase]   u64 values, slotsPerFrame per frame

import * as O from './opcodes.generated';
import { FALSE, TRUE, UNDEF, fitsInt, floatOf, intOf, isBool, isFloat, isInt, isNum, mkBool, mkFloat, mkInt, numOf, truthy } from './value';

// ── Header (i32 fields at fixed offsets) ──
export const H_IP: i32 = 0;
export const H_SP: i32 = 4;
export const H_FP: i32 = 8;
export const H_NOPS: i32 = 12;
export const H_OPS: i32 = 16; // i64 ops executed
export const H_FUEL: i32 = 24; // i64 ops allowed
export const H_CODE: i32 = 32;
export const H_CONST: i32 = 36;
export const H_STACK: i32 = 40;
export const H_STACKCAP: i32 = 44;
export const H_FRAMES: i32 = 48;
export const H_FRAMECAP: i32 = 52;
export const H_SLOTS: i32 = 56;
export const H_SLOTSPER: i32 = 60;

export const DONE: i32 = 0; // ran off the end of the ops
export const DEOPT: i32 = 1; // stopped before the op at ip: the host continues

// Int arithmetic on 48-bit payloads cannot overflow i64; a result that leaves
// 48 bits deopts so the host computes it exactly.
@inline function arith(op: i32, a: u64, b: u64): u64 {
  if (isInt(a) && isInt(b)) {
    const x = intOf(a), y = intOf(b);
    let r: i64 = 0;
    if (op == O.OP_Add) r = x + y;
    else if (op == O.OP_Sub) r = x - y;
    else {
      // |x|,|y| < 2^47: the product fits i64 only when it stays small; check by division.
      if (x != 0 && (abs<i64>(x) > 0x7fff_ffff || abs<i64>(y) > 0x7fff_ffff)) {
        const p = x * y;
        if (p / x != y) return 0;
        r = p;
      } else r = x * y;
    }
    return fitsInt(r) ? mkInt(r) : 0;
  }
  if (!isNum(a) || !isNum(b)) return 0;
  const f = numOf(a), g = numOf(b);
  return mkFloat(op == O.OP_Add ? f + g : op == O.OP_Sub ? f - g : f * g);
}

/** Numeric comparison result, or -1 when the core does not hold the operands. */
@inline function compare(op: i32, a: u64, b: u64): i32 {
  let lt: bool, gt: bool, eq: bool;
  if (isInt(a) && isInt(b)) {
    const x = intOf(a), y = intOf(b);
    lt = x < y; gt = x > y; eq = x == y;
  } else if (isNum(a) && isNum(b)) {
    const x = numOf(a), y = numOf(b);
    lt = x < y; gt = x > y; eq = x == y;
  } else return -1;
  if (op == O.OP_NumLt) return <i32>lt;
  if (op == O.OP_NumGt) return <i32>gt;
  if (op == O.OP_NumLe) return <i32>(lt || eq);
  if (op == O.OP_NumGe) return <i32>(gt || eq);
  if (op == O.OP_NumEq) return <i32>eq;
  return <i32>!eq; // NumNe
}

/** A slot's value as upstream's to_int, or NO_INT when the core cannot say. */
const NO_INT: i64 = i64.MIN_VALUE;
@inline function toInt(v: u64): i64 {
  if (isInt(v)) return intOf(v);
  if (v == UNDEF) return 0;
  if (isBool(v)) return <i64>(v & 1);
  if (isFloat(v)) {
    const f = floatOf(v);
    if (f != f) return 0;
    if (f >= 140737488355328.0 || f <= -140737488355328.0) return NO_INT;
    return <i64>f;
  }
  return NO_INT;
}

export function run(): i32 {
  const code = load<i32>(H_CODE);
  const consts = load<i32>(H_CONST);
  const stack = load<i32>(H_STACK);
  const stackCap = load<i32>(H_STACKCAP);
  const frames = load<i32>(H_FRAMES);
  const frameCap = load<i32>(H_FRAMECAP);
  const slotsBase = load<i32>(H_SLOTS);
  const slotsPer = load<i32>(H_SLOTSPER);
  const n = load<i32>(H_NOPS);
  let ip = load<i32>(H_IP);
  let sp = load<i32>(H_SP); // values on the stack
  let fp = load<i32>(H_FP); // frames open
  let ops = load<i64>(H_OPS);
  const fuel = load<i64>(H_FUEL);
  let slots = slotsBase + (fp - 1) * slotsPer * 8;
  let status = DONE;

  while (ip < n) {
    if (ops >= fuel) { status = DEOPT; break; }
    const p = code + ip * 16;
    const op = load<i32>(p);
    const a = load<i32>(p, 4);
    const b = load<i32>(p, 8);
    const c = load<i32>(p, 12);
    let next = ip + 1;
    let ok = true;
    switch (op) {
      case O.OP_Nop: break;
      case O.OP_LoadInt: {
        // a: 0 = inline i32 in b; 1 = i64 in the constant area at index b
        const v: i64 = a == 0 ? <i64>b : load<i64>(consts + b * 8);
        if (!fitsInt(v) || sp >= stackCap) { ok = false; break; }
        store<u64>(stack + sp * 8, mkInt(v)); sp++;
        break;
      }
      case O.OP_LoadFloat: {
        if (sp >= stackCap) { ok = false; break; }
        store<u64>(stack + sp * 8, mkFloat(load<f64>(consts + b * 8))); sp++;
        break;
      }
      case O.OP_LoadTrue: case O.OP_LoadFalse: case O.OP_LoadUndef: {
        if (sp >= stackCap) { ok = false; break; }
        store<u64>(stack + sp * 8, op == O.OP_LoadTrue ? TRUE : op == O.OP_LoadFalse ? FALSE : UNDEF); sp++;
        break;
      }
      case O.OP_Pop: if (sp > 0) sp--; break;
      case O.OP_Dup: {
        if (sp >= stackCap) { ok = false; break; }
        store<u64>(stack + sp * 8, sp > 0 ? load<u64>(stack + (sp - 1) * 8) : UNDEF); sp++;
        break;
      }
      case O.OP_Swap: {
        if (sp >= 2) {
          const x = load<u64>(stack + (sp - 1) * 8);
          store<u64>(stack + (sp - 1) * 8, load<u64>(stack + (sp - 2) * 8));
          store<u64>(stack + (sp - 2) * 8, x);
        }
        break;
      }
      case O.OP_Rot: {
        if (sp >= 3) {
          const x = load<u64>(stack + (sp - 3) * 8);
          store<u64>(stack + (sp - 3) * 8, load<u64>(stack + (sp - 2) * 8));
          store<u64>(stack + (sp - 2) * 8, load<u64>(stack + (sp - 1) * 8));
          store<u64>(stack + (sp - 1) * 8, x);
        }
        break;
      }
      case O.OP_GetSlot: {
        if (sp >= stackCap || a >= slotsPer || fp == 0) { ok = false; break; }
        store<u64>(stack + sp * 8, load<u64>(slots + a * 8)); sp++;
        break;
      }
      case O.OP_SetSlot: {
        if (a >= slotsPer || fp == 0) { ok = false; break; }
        store<u64>(slots + a * 8, sp > 0 ? load<u64>(stack + (--sp) * 8) : UNDEF);
        break;
      }
      case O.OP_Add: case O.OP_Sub: case O.OP_Mul: {
        if (sp < 2) break; // upstream: a no-op on a short stack
        const r = arith(op, load<u64>(stack + (sp - 2) * 8), load<u64>(stack + (sp - 1) * 8));
        if (r == 0) { ok = false; break; }
        sp--; store<u64>(stack + (sp - 1) * 8, r);
        break;
      }
      case O.OP_NumLt: case O.OP_NumGt: case O.OP_NumLe: case O.OP_NumGe: case O.OP_NumEq: case O.OP_NumNe: {
        if (sp < 2) break;
        const r = compare(op, load<u64>(stack + (sp - 2) * 8), load<u64>(stack + (sp - 1) * 8));
        if (r < 0) { ok = false; break; }
        sp--; store<u64>(stack + (sp - 1) * 8, mkBool(r != 0));
        break;
      }
      case O.OP_Inc: case O.OP_Dec: {
        const v = sp > 0 ? load<u64>(stack + (sp - 1) * 8) : UNDEF;
        const i = toInt(v);
        if (i == NO_INT || sp == 0) { ok = false; break; }
        const r = op == O.OP_Inc ? i + 1 : i - 1;
        if (!fitsInt(r)) { ok = false; break; }
        store<u64>(stack + (sp - 1) * 8, mkInt(r));
        break;
      }
      case O.OP_Jump: next = a; break;
      case O.OP_JumpIfTrue: case O.OP_JumpIfFalse: {
        const v = sp > 0 ? load<u64>(stack + (--sp) * 8) : UNDEF;
        if (truthy(v) == (op == O.OP_JumpIfTrue)) next = a;
        break;
      }
      case O.OP_JumpIfTrueKeep: case O.OP_JumpIfFalseKeep: {
        const v = sp > 0 ? load<u64>(stack + (sp - 1) * 8) : UNDEF;
        if (truthy(v) == (op == O.OP_JumpIfTrueKeep)) next = a;
        break;
      }
      case O.OP_Call: case O.OP_PushFrame: {
        // Call: b = entry ip resolved by the host (-1: none), c = argc.
        if (fp >= frameCap || (op == O.OP_Call && (b < 0 || c > sp))) { ok = false; break; }
        const f = frames + fp * 16;
        store<i32>(f, next);
        store<i32>(f, op == O.OP_Call ? sp - c : sp, 4);
        fp++;
        slots = slotsBase + (fp - 1) * slotsPer * 8;
        for (let k = 0; k < slotsPer; k++) store<u64>(slots + k * 8, UNDEF);
        if (op == O.OP_Call) next = b;
        break;
      }
      case O.OP_Return: case O.OP_ReturnValue: case O.OP_PopFrame: {
        // The base frame's Return restarts at op 0 upstream; the host handles that.
        if (fp <= 1) { ok = false; break; }
        const v = op == O.OP_ReturnValue ? (sp > 0 ? load<u64>(stack + (--sp) * 8) : UNDEF) : 0;
        fp--;
        const f = frames + fp * 16;
        const base = load<i32>(f, 4);
        if (base < sp) sp = base;
        if (op != O.OP_PopFrame) next = load<i32>(f);
        slots = slotsBase + (fp - 1) * slotsPer * 8;
        if (op == O.OP_ReturnValue) { store<u64>(stack + sp * 8, v); sp++; }
        break;
      }
      case O.OP_PreIncSlot: case O.OP_PreIncSlotVoid: case O.OP_PreDecSlot: case O.OP_PostIncSlot: case O.OP_PostDecSlot: {
        if (a >= slotsPer || fp == 0 || sp >= stackCap) { ok = false; break; }
        const old = toInt(load<u64>(slots + a * 8));
        if (old == NO_INT) { ok = false; break; }
        const nv = op == O.OP_PreDecSlot || op == O.OP_PostDecSlot ? old - 1 : old + 1;
        if (!fitsInt(nv)) { ok = false; break; }
        store<u64>(slots + a * 8, mkInt(nv));
        if (op == O.OP_PreIncSlot || op == O.OP_PreDecSlot) { store<u64>(stack + sp * 8, mkInt(nv)); sp++; }
        else if (op == O.OP_PostIncSlot || op == O.OP_PostDecSlot) { store<u64>(stack + sp * 8, mkInt(old)); sp++; }
        break;
      }
      case O.OP_SlotLtIntJumpIfFalse: {
        if (a >= slotsPer || fp == 0) { ok = false; break; }
        const v = toInt(load<u64>(slots + a * 8));
        if (v == NO_INT) { ok = false; break; }
        if (v >= <i64>b) next = c;
        break;
      }
      case O.OP_SlotIncLtIntJumpBack: {
        if (a >= slotsPer || fp == 0) { ok = false; break; }
        const v = toInt(load<u64>(slots + a * 8));
        if (v == NO_INT || !fitsInt(v + 1)) { ok = false; break; }
        store<u64>(slots + a * 8, mkInt(v + 1));
        if (v + 1 < <i64>b) next = c;
        break;
      }
      case O.OP_AddAssignSlotVoid: {
        if (a >= slotsPer || b >= slotsPer || fp == 0) { ok = false; break; }
        const x = toInt(load<u64>(slots + a * 8)), y = toInt(load<u64>(slots + b * 8));
        if (x == NO_INT || y == NO_INT || !fitsInt(x + y)) { ok = false; break; }
        store<u64>(slots + a * 8, mkInt(x + y));
        break;
      }
      case O.OP_AccumSumLoop: {
        // a = sum slot, b = i slot, c = limit
        if (a >= slotsPer || b >= slotsPer || fp == 0) { ok = false; break; }
        let sum = toInt(load<u64>(slots + a * 8));
        let i = toInt(load<u64>(slots + b * 8));
        if (sum == NO_INT || i == NO_INT) { ok = false; break; }
        const lim = <i64>c;
        if (i < lim) {
          // closed form: the sum of i..lim-1; estimated in f64 first so the
          // exact i64 arithmetic below cannot overflow
          const cnt = lim - i;
          const est = <f64>cnt * (<f64>i + <f64>lim - 1.0) / 2.0;
          if (abs<f64>(est) + abs<f64>(<f64>sum) > 140737488355327.0) { ok = false; break; }
          const add = cnt % 2 == 0 ? (cnt / 2) * (i + lim - 1) : cnt * ((i + lim - 1) / 2);
          sum += add;
          i = lim;
        }
        if (!fitsInt(sum)) { ok = false; break; }
        store<u64>(slots + a * 8, mkInt(sum));
        store<u64>(slots + b * 8, mkInt(i));
        break;
      }
      default: ok = false;
    }
    if (!ok) { status = DEOPT; break; }
    ops++;
    ip = next;
  }
  store<i32>(H_IP, ip);
  store<i32>(H_SP, sp);
  store<i32>(H_FP, fp);
  store<i64>(H_OPS, ops);
  return status;
}
