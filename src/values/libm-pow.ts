// glibc 2.36's pow (sysdeps/ieee754/dbl-64/e_pow.c, ARM's optimized-routines)
// as its x86_64 FMA variant computes it: log(x) in double-double from the
// pow table, times y with the product's error kept, then exp of the sum
// (expCore). Each product GCC fused (GCC 12's -fdump-tree-optimized of
// e_pow-fma.c) is an fma here; the rest rounds as there.

import { expCore } from './libm-exp.js';
import { fromWords, hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { LN2_HI, LN2_LO, POLY as A, TAB } from './libm-pow-data.js';

const A0 = A[0]!, A1 = A[1]!, A2 = A[2]!, A3 = A[3]!, A4 = A[4]!, A5 = A[5]!, A6 = A[6]!;

let logTail = 0;
/** log(x) as hi (returned) + logTail, for x given by its words (positive, normal). */
function logInline(hx: number, lx: number): number {
  // x = 2^k z with z in [OFF, 2·OFF), OFF = 0x3fe6955500000000.
  const tmpHi = (hx - 0x3fe69555) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  const z = fromWords((hx - (tmpHi & 0xfff00000)) | 0, lx);
  const invc = TAB[4 * i]!;
  const logc = TAB[4 * i + 2]!;
  const logctail = TAB[4 * i + 3]!;
  const r = fma(z, invc, -1.0);
  const kd = k;
  const t1 = fma(kd, LN2_HI, logc);
  const t2 = r + t1;
  const lo1 = fma(kd, LN2_LO, logctail);
  const lo2 = r + (t1 - t2);
  const ar = r * A0;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  const lo3 = fma(r, ar, -ar2);
  const lo4 = ar2 + (t2 - hi);
  const p = fma(ar2, fma(ar2, fma(r, A6, A5), fma(r, A4, A3)), fma(r, A2, A1));
  const lo = fma(ar3, p, lo4 + (lo3 + (lo1 + lo2)));
  const y = hi + lo;
  logTail = lo + (hi - y);
  return y;
}

/** 0 if y is not an integer, 1 if odd, 2 if even (y finite, non-zero). */
function checkint(y: number): number {
  if (!Number.isInteger(y)) return 0;
  return Math.abs(y) < 2 ** 53 && y % 2 !== 0 ? 1 : 2;
}
/** A signalling NaN (quiet bit clear): glibc returns x + y for those. */
function issignaling(x: number): boolean {
  const h = hiWord(x);
  return (h & 0x7ff00000) === 0x7ff00000 && (h & 0x80000) === 0 && ((h & 0xfffff) | loWord(x)) !== 0;
}

export function pow(x: number, y: number): number {
  let negative = false;
  let hx = hiWord(x);
  let lx = loWord(x);
  const hy = hiWord(y);
  let topx = hx >>> 20;
  const topy = hy >>> 20;
  if (((topx - 0x001) >>> 0) >= 0x7ff - 0x001 || (((topy & 0x7ff) - 0x3be) >>> 0) >= 0x43e - 0x3be) {
    // x < 2^-1022 (or negative), inf or nan; or |y| < 2^-65, |y| ≥ 2^63, or nan.
    if (y === 0 || !Number.isFinite(y)) {
      if (y === 0) return issignaling(x) ? x + y : 1.0;
      if (x === 1) return issignaling(y) ? x + y : 1.0;
      if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
      const ax = Math.abs(x);
      if (ax === 1) return 1.0;
      if (ax < 1 === y > 0) return 0.0;
      return y * y;
    }
    if (x === 0 || !Number.isFinite(x)) {
      let x2 = x * x;
      if (hx < 0 && checkint(y) === 1) x2 = -x2;
      return hy < 0 ? 1 / x2 : x2;
    }
    // x and y are non-zero finite.
    if (hx < 0) {
      const yint = checkint(y);
      if (yint === 0) return NaN;
      if (yint === 1) negative = true;
      hx &= 0x7fffffff;
      topx &= 0x7ff;
    }
    if ((((topy & 0x7ff) - 0x3be) >>> 0) >= 0x43e - 0x3be) {
      // y is not odd here, so the sign is positive.
      const ax = Math.abs(x);
      if (ax === 1) return 1.0;
      if ((topy & 0x7ff) < 0x3be) return ax > 1 ? 1.0 + y : 1.0 - y;
      return ax > 1 === hy >= 0 ? Infinity : 0;
    }
    if (topx === 0) {
      // Subnormal x: normalise so the exponent goes negative.
      const xs = Math.abs(x) * 2 ** 52;
      hx = ((hiWord(xs) & 0x7fffffff) - (52 << 20)) | 0;
      lx = loWord(xs);
    }
  }
  const hi = logInline(hx, lx);
  const lo = logTail;
  const ehi = y * hi;
  const elo = fma(y, lo, fma(y, hi, -ehi));
  // exp_inline: tiny and huge arguments first.
  const abstop = (hiWord(ehi) >>> 20) & 0x7ff;
  let large = false;
  if (((abstop - 0x3c9) >>> 0) >= 0x408 - 0x3c9) {
    if (abstop < 0x3c9) {
      const one = 1.0 + ehi;
      return negative ? -one : one;
    }
    if (abstop >= 0x409) {
      if (ehi < 0) return negative ? -0 : 0;
      return negative ? -Infinity : Infinity;
    }
    large = true;
  }
  return expCore(ehi, elo, negative, large);
}
