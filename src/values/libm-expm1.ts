// glibc's expm1 (sysdeps/ieee754/dbl-64/s_expm1.c, fdlibm's) as the x86_64
// FMA variant computes it: Debian 12's glibc 2.36 carries the release
// branch's "x86_64: Add expm1 with FMA" (s_expm1-fma.c), and glibc's sinh,
// cosh and tanh call it. Each product GCC fused (GCC 12's
// -fdump-tree-optimized) is an fma here; the reduction's x·invln2 is not
// (its sum lies past a branch).

import { fromWords, hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';

const o_threshold = 7.09782712893383973096e2;
const ln2_hi = 6.9314718036912381649e-1;
const ln2_lo = 1.90821492927058770002e-10;
const invln2 = 1.442695040888963387;
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/** y with k added to its exponent (SET_HIGH_WORD(y, high + (k << 20))). */
const addExponent = (y: number, k: number): number => fromWords((hiWord(y) + (k << 20)) | 0, loWord(y));

export function expm1(x: number): number {
  let hx = hiWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | loWord(x)) !== 0) return x + x;
        return negative ? -1.0 : x;
      }
      if (x > o_threshold) return Infinity;
    }
    if (negative) return 1e-300 - 1.0;
  }
  let k: number;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5·ln2: reduce.
    let hi: number, lo: number;
    if (hx < 0x3ff0a2b2) {
      if (!negative) {
        hi = x - ln2_hi;
        lo = ln2_lo;
        k = 1;
      } else {
        hi = x + ln2_hi;
        lo = -ln2_lo;
        k = -1;
      }
    } else {
      k = Math.trunc(x * invln2 + (negative ? -0.5 : 0.5));
      const t = k;
      hi = fma(-t, ln2_hi, x);
      lo = t * ln2_lo;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x;
  } else k = 0;
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const R1 = fma(hxs, Q1, 1.0);
  const h2 = hxs * hxs;
  const R2 = fma(hxs, Q3, Q2);
  const h4 = h2 * h2;
  const R3 = fma(hxs, Q5, Q4);
  const r1 = fma(h4, R3, fma(h2, R2, R1));
  const t = fma(-hfx, r1, 3.0);
  let e = ((r1 - t) / fma(-x, t, 6.0)) * hxs;
  if (k === 0) return x - fma(x, e, -hxs);
  e = fma(e - c, x, -c);
  e -= hxs;
  if (k === -1) return fma(x - e, 0.5, -0.5);
  if (k === 1) {
    if (x < -0.25) return (e - (x + 0.5)) * -2.0;
    return fma(x - e, 2.0, 1.0);
  }
  if (k <= -2 || k > 56) return addExponent(1.0 - (e - x), k) - 1.0;
  if (k < 20) return addExponent(fromWords(0x3ff00000 - (0x200000 >> k), 0) - (e - x), k);
  const y = x - (e + fromWords((0x3ff - k) << 20, 0)) + 1.0;
  return addExponent(y, k);
}
