// Values in the emitted code: the conversions upstream's ops make (to_float, to_int, truthiness),
// boxing an unboxed local into the core's NaN-boxed u64 (assembly/value.ts draws the layout) and
// unboxing one, and the tests on a boxed value the fast paths for Any take before the host's.

import { CANON_NAN_HI, FLOAT_LIMIT, INT_BITS, JIT_TABLE, TAG } from '../core/abi.js';
import type { Pass, Val } from './emit-pass.js';
import { Kind } from './kinds.js';
import { Ins, ValType, type Local } from './wasm-writer.js';

export const SHIFT = BigInt(64 - INT_BITS);
export const TAG_SHIFT = 48n;
const PAYLOAD = (1n << BigInt(INT_BITS)) - 1n;
const tagBits = (hi: number) => BigInt.asIntN(64, BigInt(hi) << TAG_SHIFT);
const TAG_INT_BITS = tagBits(TAG.int);
const TAG_BOOL_BITS = tagBits(TAG.bool);
export const UNDEF_BITS = tagBits(TAG.undef);
const CANON_NAN = tagBits(CANON_NAN_HI);
const FLOAT_LIMIT_BITS = tagBits(FLOAT_LIMIT);
export const NUMERIC = (k: Kind) => k !== Kind.X;

// ── Value conversions (upstream's to_float, to_int, truthiness, boxing) ──
export function asF64(p: Pass, v: Val): void {
  const b = p.b;
  if (v.kind === Kind.F) b.get(v.local!);
  else if (v.kind === Kind.I) b.get(v.local!).op(Ins.f64ConvertI64S);
  else if (v.kind === Kind.B) b.get(v.local!).op(Ins.f64ConvertI32U);
  else b.f64(0);
}
export function asI64(p: Pass, v: Val): void {
  const b = p.b;
  if (v.kind === Kind.I) b.get(v.local!);
  else if (v.kind === Kind.F) b.get(v.local!).i64TruncSatF64();
  else if (v.kind === Kind.B) b.get(v.local!).op(Ins.i64ExtendI32U);
  else b.i64(0);
}
export function truth(p: Pass, v: Val): void {
  const b = p.b;
  if (v.kind === Kind.I) b.get(v.local!).op(Ins.i64Eqz).op(Ins.i32Eqz);
  else if (v.kind === Kind.F) b.get(v.local!).f64(0).op(Ins.f64Ne); // NaN is truthy
  else if (v.kind === Kind.B) b.get(v.local!);
  else if (v.kind === Kind.X) anyTruth(p, v.local!); // a plain value: the caller has checked
  else b.i32(0);
}
/** The core's boxed u64 for a value (an Int past the inline range becomes a host handle). */
export function box(p: Pass, v: Val): void {
  const b = p.b;
  switch (v.kind) {
    case Kind.U:
      b.i64(UNDEF_BITS);
      return;
    case Kind.B:
      b.get(v.local!).op(Ins.i64ExtendI32U).i64(TAG_BOOL_BITS).op(Ins.i64Or);
      return;
    case Kind.X:
      b.get(v.local!);
      return;
    case Kind.F:
      b.get(v.local!).op(Ins.i64ReinterpretF64).i64(CANON_NAN).get(v.local!).get(v.local!).op(Ins.f64Eq).op(Ins.select);
      return;
    case Kind.I:
      boxInt(p, v.local!);
  }
}
/** An Int boxed as the core holds it: inline within the 48 bits, else an exact handle from the host. */
export function boxInt(p: Pass, l: Local): void {
  const b = p.b;
  b.get(l).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS).get(l).op(Ins.i64Eq);
  b.if(ValType.i64);
  b.get(l).i64(PAYLOAD).op(Ins.i64And).i64(TAG_INT_BITS).op(Ins.i64Or);
  b.else();
  b.get(l).i32(JIT_TABLE.boxInt).callIndirect(p.imports.boxInt);
  b.end();
}
/** Push the unboxed value of kind `k` from the boxed u64 in t64. */
export function unbox(p: Pass, k: Kind): void {
  const b = p.b;
  if (k === Kind.I) b.get(p.t64).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS);
  else if (k === Kind.F) b.get(p.t64).op(Ins.f64ReinterpretI64);
  else if (k === Kind.B) b.get(p.t64).op(Ins.i32WrapI64).i32(1).op(Ins.i32And);
  else if (k === Kind.X) b.get(p.t64);
}
/** i32: whether the boxed u64 in t64 is of kind k. */
export function isKind(p: Pass, k: Kind): void {
  const b = p.b;
  if (k === Kind.F) b.get(p.t64).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
  else if (k === Kind.U) b.get(p.t64).i64(UNDEF_BITS).op(Ins.i64Eq);
  else if (k === Kind.X) b.i32(1);
  else b.get(p.t64).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(k === Kind.I ? TAG.int : TAG.bool).op(Ins.i64Eq);
}

// ── Boxed values (Any) on their fast paths: the interpreter's own order of cases ──
/** i32: the boxed u64 in `l` is an inline Int. */
export function anyIsInt(p: Pass, l: Local): void {
  p.b.get(l).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.int).op(Ins.i64Eq);
}
/** i32: the boxed u64 in `l` is a number the code converts itself (a Float, an inline Int, a Bool or Undef); strings, handles and containers are the host's. */
export function anyIsPlain(p: Pass, l: Local): void {
  const b = p.b;
  b.get(l).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
  b.get(l).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.int).op(Ins.i64Eq).op(Ins.i32Or);
  b.get(l).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.bool).op(Ins.i64Eq).op(Ins.i32Or);
  b.get(l).i64(UNDEF_BITS).op(Ins.i64Eq).op(Ins.i32Or);
}
/** f64 of a plain boxed value (to_float): the Float, the Int converted, a Bool as 0/1, Undef as 0. */
export function anyAsF64(p: Pass, l: Local): void {
  const b = p.b;
  b.get(l).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
  b.if(ValType.f64);
  b.get(l).op(Ins.f64ReinterpretI64);
  b.else();
  anyIsInt(p, l);
  b.if(ValType.f64);
  b.get(l).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS).op(Ins.f64ConvertI64S);
  b.else();
  b.get(l).i64(1).op(Ins.i64And).op(Ins.f64ConvertI64U); // Bool's low bit; Undef's is 0
  b.end();
  b.end();
}
/** Truthiness of a plain boxed value: a Float non-zero (NaN too), an Int non-zero, a Bool true; Undef false. */
export function anyTruth(p: Pass, l: Local): void {
  const b = p.b;
  b.get(l).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
  b.if(ValType.i32);
  b.get(l).op(Ins.f64ReinterpretI64).f64(0).op(Ins.f64Ne);
  b.else();
  anyIsInt(p, l);
  b.if(ValType.i32);
  b.get(l).i64(TAG_INT_BITS).op(Ins.i64Ne);
  b.else();
  b.get(l).op(Ins.i32WrapI64).i32(1).op(Ins.i32And);
  b.end();
  b.end();
}

/** i32: whether the boxed u64 on top of the wasm stack is a container (copying it is the host's job). */
export function isContainerTop(p: Pass): void {
  p.b.i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.container).op(Ins.i64Eq);
}
