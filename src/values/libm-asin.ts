// glibc 2.36's asin and acos (sysdeps/ieee754/dbl-64/e_asin.c, IBM's,
// without the slow paths) as the x86_64 FMA variant (e_asin-fma.c) computes
// them: an odd polynomial near 0, Taylor expansions at table points up to
// 0.96875, and a square root by Newton steps from the inroot table beyond.
// Every product GCC fused there (GCC 12's -fdump-tree-optimized) is an fma.

import { hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { ASNCS, INROOT } from './libm-asin-data.js';

// uasncs.h
const f1 = 0.1666666666666641;
const f2 = 0.075000000002612269;
const f3 = 0.044642856142105974;
const f4 = 0.030382126858211931;
const f5 = 0.022355121102652562;
const f6 = 0.018138290340456505;
const rt0 = 0.99999999985999077;
const rt1 = 0.49999999949595542;
const rt2 = 0.3750175008673452;
const rt3 = 0.31252362655451865;
const t24 = 16777216;
const t27 = 134217728;
const hp0 = 1.5707963267948966;
const hp1 = 6.123233995736766e-17;

/** f1 + x2·(f2 + … + x2·f6). */
const fpoly = (x2: number): number => fma(fma(fma(fma(fma(x2, f6, f5), x2, f4), x2, f3), x2, f2), x2, f1);

/**
 * For 0.125 ≤ |x| < 0.96875: the first table index n and the index of the
 * highest coefficient (the constant term follows it, the value at the
 * point after that).
 */
let top = 0;
function tableIndex(k: number): number {
  let n: number;
  if (k < 0x3fe00000) {
    n = k < 0x3fd00000 ? 11 * ((k & 0x000fffff) >> 15) : 11 * ((k & 0x000fffff) >> 14) + 352;
    top = n + 6;
  } else if (k < 0x3fe80000) {
    n = 1056 + ((k & 0x000fe000) >> 11) * 3;
    top = n + 7;
  } else if (k < 0x3fed8000) {
    n = 992 + ((k & 0x000fe000) >> 13) * 13;
    top = n + 8;
  } else if (k < 0x3fee8000) {
    n = 884 + ((k & 0x000fe000) >> 13) * 14;
    top = n + 9;
  } else {
    n = 768 + ((k & 0x000fe000) >> 13) * 15;
    top = n + 10;
  }
  return n;
}
/** asin(|x|) - asncs[top + 2] from the Taylor expansion at asncs[n]. */
function tableTail(ax: number, n: number): number {
  const xx = ax - ASNCS[n]!;
  let q = ASNCS[top]!;
  for (let j = top - 1; j >= n + 2; j--) q = fma(q, xx, ASNCS[j]!);
  const p = fma(xx * xx, q, ASNCS[top + 1]!);
  return fma(ASNCS[n + 1]!, xx, p);
}

/** For 0.96875 ≤ |x| < 1, with z = (1 - |x|)/2: y + cc ≈ √z, p the series part. */
let nearY = 0, nearCc = 0, nearP = 0;
function nearOne(z: number, acos: boolean): void {
  const k = hiWord(z);
  let t = INROOT[(k & 0x001fffff) >> 14]! * 2 ** (511 - (k >> 21));
  const r = fma(-(t * t), z, 1.0);
  t = fma(fma(fma(r, rt3, rt2), r, rt1), r, rt0) * t;
  const c = z * t;
  const h = fma(-(t * 0.5), c, 1.5);
  const y = acos ? t27 * c + c - t27 * c : c + t24 - t24;
  nearCc = fma(-y, y, z) / fma(h, c, y);
  nearY = y;
  nearP = fpoly(z) * z;
}

export function asin(x: number): number {
  const m = hiWord(x);
  const k = 0x7fffffff & m;
  if (k < 0x3e500000) return x;
  if (k < 0x3fc00000) {
    const x2 = x * x;
    return fma(fpoly(x2), x * x2, x);
  }
  if (k < 0x3fef0000) {
    const n = tableIndex(k);
    const res = ASNCS[top + 2]! + tableTail(m > 0 ? x : -x, n);
    return m > 0 ? res : -res;
  }
  if (k < 0x3ff00000) {
    nearOne(0.5 * (m > 0 ? 1.0 - x : 1.0 + x), false);
    const y = nearY, cc = nearCc;
    const cor = fma(-((y + cc) * 2.0), nearP, hp1 - 2.0 * cc);
    const res = cor + (hp0 - 2.0 * y);
    return m > 0 ? res : -res;
  }
  if (k === 0x3ff00000 && loWord(x) === 0) return m > 0 ? hp0 : -hp0;
  if (k > 0x7ff00000 || (k === 0x7ff00000 && loWord(x) !== 0)) return x + x;
  return NaN;
}

export function acos(x: number): number {
  const m = hiWord(x);
  const k = 0x7fffffff & m;
  if (k < 0x3c880000) return hp0;
  if (k < 0x3fc00000) {
    const x2 = x * x;
    const r = hp0 - x;
    const cor = fma(-fpoly(x2), x * x2, hp0 - r - x + hp1);
    return r + cor;
  }
  if (k < 0x3fef0000) {
    const n = tableIndex(k);
    const t = tableTail(m > 0 ? x : -x, n);
    const c = ASNCS[top + 2]!;
    return m > 0 ? hp1 - t + (hp0 - c) : t + hp1 + (c + hp0);
  }
  if (k < 0x3ff00000) {
    nearOne(0.5 * (m > 0 ? 1.0 - x : 1.0 + x), true);
    const y = nearY, cc = nearCc;
    const py = nearP * (y + cc);
    if (m < 0) {
      const res = hp1 - cc - py + (hp0 - y);
      return res * 2.0;
    }
    return (y + (cc + py)) * 2.0;
  }
  if (k === 0x3ff00000 && loWord(x) === 0) return m > 0 ? 0 : 2.0 * hp0;
  if (k > 0x7ff00000 || (k === 0x7ff00000 && loWord(x) !== 0)) return x + x;
  return NaN;
}
