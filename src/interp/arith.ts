// Integer and float arithmetic with upstream's meaning: i64 wrapping on the
// number|bigint Int representation, int/float promotion, Rust's powf edges.

import { Float, normInt, wrapI64, type Value } from '../values/value.js';
import { toFloat, toInt } from '../values/convert.js';
import { pow as libmPow } from '../values/libm.js';

export type I64 = number | bigint;

const big = (x: I64): bigint => (typeof x === 'bigint' ? x : BigInt(x));

export function addI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return wrapI64(big(a) + big(b));
}
export function subI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return wrapI64(big(a) - big(b));
}
export function mulI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r; // no -0 for an Int
  }
  return wrapI64(big(a) * big(b));
}
/** Truncating remainder; 0 for a zero divisor (and for MIN % -1, which Rust
 *  refuses outright). */
export function modI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return 0;
    const r = a % b;
    return r === 0 ? 0 : r;
  }
  const bb = big(b);
  if (bb === 0n) return 0;
  if (bb === -1n) return 0;
  return normInt(big(a) % bb);
}
export function negI(a: I64): I64 {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : wrapI64(-a);
}
export function andI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a & b;
  return wrapI64(big(a) & big(b));
}
export function orI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a | b;
  return wrapI64(big(a) | big(b));
}
export function xorI(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a ^ b;
  return wrapI64(big(a) ^ big(b));
}
export function notI(a: I64): I64 {
  if (typeof a === 'number' && (a | 0) === a) return ~a;
  return wrapI64(-big(a) - 1n);
}
/** a << (b & 63), wrapping. */
export function shlI(a: I64, b: I64): I64 {
  const s = Number(big(b) & 63n);
  if (typeof a === 'number' && s < 21 && Math.abs(a) < 2 ** 31) return a * (1 << s); // exact below 2^52
  return wrapI64(big(a) << BigInt(s));
}
/** a >> (b & 63), arithmetic. */
export function shrI(a: I64, b: I64): I64 {
  const s = Number(big(b) & 63n);
  if (typeof a === 'number' && (a | 0) === a) return s >= 32 ? (a < 0 ? -1 : 0) : a >> s;
  return normInt(big(a) >> BigInt(s));
}
export function cmpI(a: I64, b: I64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
export function absI(a: I64): I64 {
  return typeof a === 'number' ? Math.abs(a) : wrapI64(a < 0n ? -a : a);
}

/** Rust's f64::powf: glibc's pow (C99 edges: pow(1, NaN) = 1, pow(-1, ±∞) = 1), bits included. */
export function powF(a: number, b: number): number {
  return libmPow(a, b);
}

/** Round half to even (Rust's round_ties_even). */
export function roundTiesEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r === 0 && x < 0 ? -0 : r;
}

const isInt = (v: Value): v is I64 => typeof v === 'number' || typeof v === 'bigint';

/** The binary arithmetic shape of upstream's arith_int_fast: int op for two
 *  Ints, else the float op on both operands coerced to f64. */
export function arith(a: Value, b: Value, intOp: (x: I64, y: I64) => I64, floatOp: (x: number, y: number) => number): Value {
  if (isInt(a) && isInt(b)) return intOp(a, b);
  return new Float(floatOp(toFloat(a), toFloat(b)));
}

/** Numeric comparison: ints exactly, anything else through f64. */
export function numCmp(a: Value, b: Value, intCmp: (x: I64, y: I64) => boolean, floatCmp: (x: number, y: number) => boolean): boolean {
  if (isInt(a) && isInt(b)) return intCmp(a, b);
  return floatCmp(toFloat(a), toFloat(b));
}

/** gcd(|a|, |b|) over u64, returned as i64 (wrapping like `as i64`). */
export function gcdU(a: Value, b: Value): I64 {
  let x = absU(toInt(a));
  let y = absU(toInt(b));
  while (y !== 0n) [x, y] = [y, x % y];
  return wrapI64(x);
}
export function lcmU(a: Value, b: Value): I64 {
  const x = absU(toInt(a));
  const y = absU(toInt(b));
  if (x === 0n || y === 0n) return 0;
  let g = x,
    h = y;
  while (h !== 0n) [g, h] = [h, g % h];
  const l = (x / g) * y;
  return l > (1n << 63n) - 1n ? normInt((1n << 63n) - 1n) : normInt(l);
}
const absU = (v: I64): bigint => {
  const b = big(v);
  return b < 0n ? -b : b;
};

/** (product [+ c]) floored mod k, exact (i128 upstream), 0 when k is 0. */
export function floorRem(x: bigint, k: I64): I64 {
  const kk = big(k);
  if (kk === 0n) return 0;
  let r = x % kk;
  if (r !== 0n && r < 0n !== kk < 0n) r += kk;
  return normInt(r);
}
