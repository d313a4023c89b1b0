// glibc 2.36's exp (sysdeps/ieee754/dbl-64/e_exp.c, ARM's optimized-routines)
// as its x86_64 FMA variant computes it: every product GCC fused into the sum
// that uses it (read from GCC 12's -fdump-tree-optimized of e_exp-fma.c) is
// an fma here, every other operation rounds as it does there. pow's final
// step (exp_inline in e_pow.c) is the same code with a tail and a sign, so
// both share expCore.

import { fromWords, hiWord, loWord } from './libm-bits.js';
import { INV_LN2_N, NEG_LN2_HI_N, NEG_LN2_LO_N, POLY, SHIFT, TAB } from './libm-exp-data.js';
import { fma } from './libm-fma.js';

const C2 = POLY[0]!;
const C3 = POLY[1]!;
const C4 = POLY[2]!;
const C5 = POLY[3]!;
const TWO_1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;

/**
 * sign · e^(x + xtail) for |x| below 1024 and not tiny (the callers handle
 * those): `large` says |x| ≥ 512, where the result may overflow or underflow
 * and glibc's specialcase scales it in two steps.
 */
export function expCore(x: number, xtail: number, negative: boolean, large: boolean): number {
  // x = k·ln2/N + r; kd + Shift rounds z to an integer in its low bits.
  const kd0 = fma(INV_LN2_N, x, SHIFT);
  const ki = loWord(kd0) | 0;
  const kd = kd0 - SHIFT;
  let r = fma(NEG_LN2_LO_N, kd, fma(NEG_LN2_HI_N, kd, x));
  r = xtail + r;
  const idx = 2 * (ki & 127);
  // sbits = T[idx + 1] + ((ki + sign_bias) << 45): only the high word moves.
  const t1 = TAB[idx + 1]!;
  let sbitsHi = (hiWord(t1) + ((ki + (negative ? 0x40000 : 0)) << 13)) | 0;
  const sbitsLo = loWord(t1);
  const tail = TAB[idx]!;
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(C5, r, C4), fma(r2, fma(C3, r, C2), r + tail));
  if (!large) {
    const scale = fromWords(sbitsHi, sbitsLo);
    return fma(tmp, scale, scale);
  }
  if (ki >= 0) {
    // k > 0: the exponent of scale may have overflowed by up to 460.
    sbitsHi = (sbitsHi - (1009 << 20)) | 0;
    const scale = fromWords(sbitsHi, sbitsLo);
    return TWO_1009 * fma(tmp, scale, scale);
  }
  // k < 0: round to the final precision before scaling into the subnormals.
  sbitsHi = (sbitsHi + (1022 << 20)) | 0;
  const scale = fromWords(sbitsHi, sbitsLo);
  const st = tmp * scale;
  let y = scale + st;
  if (Math.abs(y) < 1) {
    const one = y < 0 ? -1 : 1;
    let lo = st + (scale - y);
    const hi = y + one;
    lo = lo + (y + (one - hi));
    y = hi + lo - one;
    if (y === 0) y = sbitsHi < 0 ? -0 : 0;
  }
  return TWO_M1022 * y;
}

export function exp(x: number): number {
  const abstop = (hiWord(x) >>> 20) & 0x7ff;
  let large = false;
  // 0x3c9 is the exponent of 2^-54, 0x408 of 512, 0x409 of 1024.
  if (((abstop - 0x3c9) >>> 0) >= 0x408 - 0x3c9) {
    if (abstop < 0x3c9) return 1.0 + x;
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return x < 0 ? 0 : Infinity;
    }
    large = true;
  }
  return expCore(x, 0, false, large);
}
