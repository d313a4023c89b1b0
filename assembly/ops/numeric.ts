// Numeric helpers of the dispatch loop: Int arithmetic as wrapping i64 on
// inline and wide Ints alike (a result past ±2^47 goes into a cell:
// assembly/wide.ts), comparisons and upstream's to_int, each saying when the
// host must decide.

import * as O from '../opcodes.generated';
import { UNDEF, floatOf, intOf, isBool, isFloat, isInt, mkFloat } from '../value';
import { anyIntOf, boxI64, isAnyInt } from '../wide';

// Add/Sub/Mul wrap like upstream's i64 (wasm's i64 ops wrap). Returns 0 (no
// value) when the host must compute it: an operand the core does not hold, or
// a wide result with no cell free.
@inline export function arith(op: i32, a: u64, b: u64): u64 {
  if (isInt(a) && isInt(b)) {
    // Inline: |x|,|y| < 2^47, so a sum never wraps; a product may, as i64 does.
    const x = intOf(a), y = intOf(b);
    const r: i64 = op == O.OP_Add ? x + y : op == O.OP_Sub ? x - y : x * y;
    return boxI64(r);
  }
  if (isAnyInt(a) && isAnyInt(b)) return arithWide(op, a, b);
  if (!isNum(a) || !isNum(b)) return 0;
  const f = numOf(a), g = numOf(b);
  return mkFloat(op == O.OP_Add ? f + g : op == O.OP_Sub ? f - g : f * g);
}

/** A number the core holds: an Int of either form or a Float. */
@inline export function isNum(v: u64): bool { return isFloat(v) || isAnyInt(v); }
/** A number as f64 (callers check isNum first); i64 → f64 rounds to nearest-even, as the host's Number(bigint). */
@inline export function numOf(v: u64): f64 { return isFloat(v) ? floatOf(v) : <f64>anyIntOf(v); }

/** Numeric comparison result, or -1 when the core does not hold the operands. */
@inline export function compare(op: i32, a: u64, b: u64): i32 {
  let lt: bool, gt: bool, eq: bool;
  if (isInt(a) && isInt(b)) {
    const x = intOf(a), y = intOf(b);
    lt = x < y; gt = x > y; eq = x == y;
  } else if (isAnyInt(a) && isAnyInt(b)) {
    return compareWide(op, a, b);
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

/** A value as upstream's to_int, or NO_INT when the core cannot say. (A wide i64::MIN reads as NO_INT too:
 *  that one Int goes to the host, which is exact.) */
export const NO_INT: i64 = i64.MIN_VALUE;
@inline export function toInt(v: u64): i64 {
  if (isAnyInt(v)) return anyIntOf(v);
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
  if (isNum(v)) return numOf(v);
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

/** Bitwise ops on two Ints, wrapping like i64 (the caller boxes the result). */
@inline export function bitwise(op: i32, x: i64, y: i64): i64 {
  if (op == O.OP_BitAnd) return x & y;
  if (op == O.OP_BitOr) return x | y;
  if (op == O.OP_BitXor) return x ^ y;
  const s = y & 63;
  if (op == O.OP_Shr) return x >> s;
  return x << s; // Shl
}

// The wide-Int paths of arith and compare, out of line: rare next to the
// inline Ints, and inlined at each of their call sites they made the
// dispatch loop's body (whose size sets how long V8 takes to compile it
// optimised: assembly/ops/cold.ts) 1–2 KB larger.

/** arith on two Ints of which at least one is wide. */
export function arithWide(op: i32, a: u64, b: u64): u64 {
  const x = anyIntOf(a), y = anyIntOf(b);
  return boxI64(op == O.OP_Add ? x + y : op == O.OP_Sub ? x - y : x * y);
}

/** compare on two Ints of which at least one is wide. */
export function compareWide(op: i32, a: u64, b: u64): i32 {
  const x = anyIntOf(a), y = anyIntOf(b);
  if (op == O.OP_NumLt) return <i32>(x < y);
  if (op == O.OP_NumGt) return <i32>(x > y);
  if (op == O.OP_NumLe) return <i32>(x <= y);
  if (op == O.OP_NumGe) return <i32>(x >= y);
  if (op == O.OP_NumEq) return <i32>(x == y);
  return <i32>(x != y); // NumNe
}
