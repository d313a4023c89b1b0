// glibc 2.36's log (sysdeps/ieee754/dbl-64/e_log.c, ARM's optimized-routines)
// as its x86_64 FMA variant computes it: each product GCC fused (GCC 12's
// -fdump-tree-optimized of e_log-fma.c) is an fma here, and r = z·invc - 1 is
// the explicit __builtin_fma the source uses when FMA is fast.

import { fromWords, hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { LN2_HI, LN2_LO, POLY as A, POLY1 as B, TAB } from './libm-log-data.js';

const A0 = A[0]!, A1 = A[1]!, A2 = A[2]!, A3 = A[3]!, A4 = A[4]!;
const B0 = B[0]!, B1 = B[1]!, B2 = B[2]!, B3 = B[3]!, B4 = B[4]!, B5 = B[5]!;
const B6 = B[6]!, B7 = B[7]!, B8 = B[8]!, B9 = B[9]!, B10 = B[10]!;

export function log(x: number): number {
  // Close to 1 (1 - 2^-4 ≤ x < 1 + 0x1.09p-4): a polynomial in r = x - 1.
  if (x >= 0.9375 && x < 1.064697265625) {
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    const q = fma(fma(fma(B10, r3, fma(B9, r2, fma(B8, r, B7))), r3, fma(B6, r2, fma(B5, r, B4))), r3, fma(B3, r2, fma(B2, r, B1)));
    const w = r * 2 ** 27;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const rr = rhi * rhi;
    const hi = fma(rr, B0, r);
    let lo = fma(rr, B0, r - hi);
    lo = fma(B0 * rlo, r + rhi, lo);
    const y = fma(q, r3, lo);
    return hi + y;
  }
  let hx = hiWord(x);
  let lx = loWord(x);
  const top = hx >>> 16;
  if (((top - 0x0010) >>> 0) >= 0x7ff0 - 0x0010) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (top & 0x8000 || (top & 0x7ff0) === 0x7ff0) return NaN;
    // Subnormal: normalise.
    const xs = x * 2 ** 52;
    hx = (hiWord(xs) - (52 << 20)) | 0;
    lx = loWord(xs);
  }
  // x = 2^k z with z in [OFF, 2·OFF), OFF = 0x3fe6000000000000.
  const tmpHi = (hx - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  const z = fromWords((hx - (tmpHi & 0xfff00000)) | 0, lx);
  const invc = TAB[2 * i]!;
  const logc = TAB[2 * i + 1]!;
  const r = fma(z, invc, -1.0);
  const kd = k;
  const w = fma(LN2_HI, kd, logc);
  const hi = w + r;
  const lo = fma(LN2_LO, kd, w - hi + r);
  const r2 = r * r;
  const y = fma(r * r2, fma(fma(A4, r, A3), r2, fma(A2, r, A1)), fma(A0, r2, lo));
  return y + hi;
}
