// Numeric helpers of the dispatch loop: Int arithmetic on 48-bit payloads,
// comparisons and upstream's to_int, each saying when the host must decide.

import * as O from '../opcodes.generated';
import { UNDEF, fitsInt, floatOf, intOf, isBool, isFloat, isInt, isNum, mkFloat, mkInt, numOf } from '../value';

// Int arithmetic on 48-bit payloads cannot overflow i64; a result that leaves
// 48 bits returns 0 (no value) and the host computes it exactly.
@inline export function arith(op: i32, a: u64, b: u64): u64 {
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
@inline export function compare(op: i32, a: u64, b: u64): i32 {
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
export const NO_INT: i64 = i64.MIN_VALUE;
@inline export function toInt(v: u64): i64 {
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

/** Upstream's to_float for the kinds the core holds, NaN when it cannot say (a handle). */
@inline export function toFloat(v: u64): f64 {
  if (isInt(v)) return <f64>intOf(v);
  if (isFloat(v)) return floatOf(v);
  if (v == UNDEF) return 0;
  if (isBool(v)) return <f64>(v & 1);
  return NaN;
}
/** Whether toFloat can answer for v (every kind but a handle). */
@inline export function hasFloat(v: u64): bool {
  return isNum(v) || isBool(v) || v == UNDEF;
}

/** Int % Int as i64's wrapping rem with a zero divisor giving 0. */
@inline export function remInt(x: i64, y: i64): i64 {
  if (y == 0 || y == -1) return 0;
  return x % y;
}

/** Bitwise ops on two Ints; the result of a shift that leaves 48 bits is NO_INT. */
@inline export function bitwise(op: i32, x: i64, y: i64): i64 {
  if (op == O.OP_BitAnd) return x & y;
  if (op == O.OP_BitOr) return x | y;
  if (op == O.OP_BitXor) return x ^ y;
  const s = y & 63;
  if (op == O.OP_Shr) return x >> s;
  const r = x << s; // Shl, wrapping like i64
  return fitsInt(r) ? r : NO_INT;
}
