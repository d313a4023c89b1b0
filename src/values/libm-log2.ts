// glibc's log2 (sysdeps/ieee754/dbl-64/e_log2.c, ARM's optimized-routines)
// as the x86_64 FMA variant computes it: Debian 12's glibc 2.36 carries the
// release branch's "x86_64: Add log2 with FMA" (e_log2-fma.c), so log2 is an
// IFUNC there. Each product GCC fused (GCC 12's -fdump-tree-optimized) is an
// fma here, as are the source's explicit __builtin_fma calls.

import { fromWords, hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { INV_LN2_HI, INV_LN2_LO, POLY as A, POLY1 as B, TAB } from './libm-log2-data.js';

const A0 = A[0]!, A1 = A[1]!, A2 = A[2]!, A3 = A[3]!, A4 = A[4]!, A5 = A[5]!;
const B0 = B[0]!, B1 = B[1]!, B2 = B[2]!, B3 = B[3]!, B4 = B[4]!, B5 = B[5]!;
const B6 = B[6]!, B7 = B[7]!, B8 = B[8]!, B9 = B[9]!;
const NEAR_LO = 1 - (1 + 0x5b51 / 0x10000) / 32; // 1 - 0x1.5b51p-5
const NEAR_HI = 1 + (1 + 0x6ab2 / 0x10000) / 32; // 1 + 0x1.6ab2p-5

export function log2(x: number): number {
  if (x >= NEAR_LO && x < NEAR_HI) {
    if (x === 1) return 0;
    const r = x - 1.0;
    const hi = INV_LN2_HI * r;
    let lo = fma(INV_LN2_LO, r, fma(INV_LN2_HI, r, -hi));
    const r2 = r * r;
    const r4 = r2 * r2;
    const q = fma(B1, r, B0);
    const y = fma(q, r2, hi);
    lo = fma(q, r2, hi - y) + lo;
    const hiPart = fma(fma(fma(B9, r, B8), r2, fma(B7, r, B6)), r4, fma(fma(B5, r, B4), r2, fma(B3, r, B2)));
    lo = fma(hiPart, r4, lo);
    return y + lo;
  }
  let hx = hiWord(x);
  let lx = loWord(x);
  const top = hx >>> 16;
  if (((top - 0x0010) >>> 0) >= 0x7ff0 - 0x0010) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (top & 0x8000 || (top & 0x7ff0) === 0x7ff0) return NaN;
    const xs = x * 2 ** 52;
    hx = (hiWord(xs) - (52 << 20)) | 0;
    lx = loWord(xs);
  }
  // x = 2^k z with z in [OFF, 2·OFF), OFF = 0x3fe6000000000000.
  const tmpHi = (hx - 0x3fe60000) | 0;
  const i = (tmpHi >>> 14) & 63;
  const k = tmpHi >> 20;
  const z = fromWords((hx - (tmpHi & 0xfff00000)) | 0, lx);
  const invc = TAB[2 * i]!;
  const logc = TAB[2 * i + 1]!;
  const r = fma(invc, z, -1.0);
  const t1 = INV_LN2_HI * r;
  const t2 = fma(INV_LN2_LO, r, fma(INV_LN2_HI, r, -t1));
  const t3 = logc + k;
  const hi = t1 + t3;
  const lo = t3 - hi + t1 + t2;
  const r2 = r * r;
  const r4 = r2 * r2;
  const p = fma(fma(A5, r, A4), r4, fma(fma(A3, r, A2), r2, fma(A1, r, A0)));
  return fma(r2, p, lo) + hi;
}
