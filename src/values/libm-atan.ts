// glibc 2.36's atan and atan2 (sysdeps/ieee754/dbl-64/s_atan.c, e_atan2.c,
// IBM's, without the slow paths) as the x86_64 FMA variants compute them:
// an odd polynomial near 0, else the Taylor expansion at the nearest point
// of the cij table, with 1/x or the quotient y/x carried in double length.
// Every product GCC fused (GCC 12's -fdump-tree-optimized of s_atan-fma.c
// and e_atan2-fma.c) is an fma here; products whose sum lies past a branch
// stay unfused, as GCC leaves them.

import { hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { CIJ } from './libm-atan-data.js';

// atnat.h / atnat2.h
const d3 = -0.33333333333333331;
const d5 = 0.19999999999998855;
const d7 = -0.14285714283953163;
const d9 = 0.11111109821886427;
const d11 = -0.090904243917279873;
const d13 = 0.076018365843807362;
const A = 1.2904777690891933e-8;
const B = 0.0625;
const C = 1;
const D = 16;
const E = 5805361265115136;
const hpi = 1.5707963267948966;
const hpi1 = 6.123233995736766e-17;
const opi = 3.1415926535897931;
const opi1 = 1.2246467991473532e-16;
const qpi = 0.78539816339744828;
const tqpi = 2.3561944901923448;
const two500 = 3.2733906078961419e150;
const twom500 = 3.0549363634996047e-151;
const TWO52 = 4503599627370496;

const copysign = (v: number, s: number): number => (hiWord(s) < 0 ? -Math.abs(v) : Math.abs(v));
/** d3 + v·(d5 + … + v·d13), as s_atan.c nests it (v first in each fma). */
const oddPoly = (v: number): number => fma(v, fma(v, fma(v, fma(v, fma(v, d13, d11), d9), d7), d5), d3);
/** The same polynomial as e_atan2.c nests it (the inner value first). */
const oddPoly2 = (v: number): number => fma(fma(fma(fma(fma(v, d13, d11), v, d9), v, d7), v, d5), v, d3);
/** cij[i][2] + v·(cij[i][3] + … + v·cij[i][6]). */
const tablePoly = (k: number, v: number): number =>
  fma(fma(fma(fma(CIJ[k + 6]!, v, CIJ[k + 5]!), v, CIJ[k + 4]!), v, CIJ[k + 3]!), v, CIJ[k + 2]!);
/** The row of the table point nearest u (1/16 ≤ u < 1). */
const row = (u: number): number => 7 * (Math.trunc(fma(u, 256, TWO52) - TWO52) - 16);

export function atan(x: number): number {
  const ux = hiWord(x);
  if ((ux & 0x7ff00000) === 0x7ff00000 && ((ux & 0x000fffff) | loWord(x)) !== 0) return x + x;
  const u = x < 0 ? -x : x;
  if (u < C) {
    if (u < B) {
      if (u < A) return x;
      const v = x * x;
      return fma(x * v, oddPoly(v), x);
    }
    const k = row(u);
    const z = u - CIJ[k]!;
    const yy = fma(z, fma(z, fma(z, fma(CIJ[k + 6]!, z, CIJ[k + 5]!), CIJ[k + 4]!), CIJ[k + 3]!), CIJ[k + 2]!);
    return copysign(fma(z, yy, CIJ[k + 1]!), x);
  }
  if (u < D) {
    const w = 1 / u;
    const t1 = u * w;
    const t2 = fma(u, w, -t1);
    const k = row(w);
    const z = fma(1 - t1 - t2, w, w - CIJ[k]!);
    const yy = fma(z, fma(z, fma(z, fma(CIJ[k + 6]!, z, CIJ[k + 5]!), CIJ[k + 4]!), CIJ[k + 3]!), CIJ[k + 2]!);
    return copysign(fma(-z, yy, hpi1) + (hpi - CIJ[k + 1]!), x);
  }
  if (u < E) {
    const w = 1 / u;
    const v = w * w;
    const t1 = u * w;
    const t2 = fma(u, w, -t1);
    const yy = w * v * oddPoly(v);
    const ww = (1 - t1 - t2) * w;
    // ESUB(hpi, w, t3, cor)
    const t3 = hpi - w;
    const cor = Math.abs(w) < hpi ? hpi - t3 - w : hpi - (w + t3);
    return copysign(t3 + (hpi1 + cor - ww - yy), x);
  }
  return x > 0 ? hpi : -hpi;
}

export function atan2(y: number, x: number): number {
  const ux = hiWord(x);
  const dx = loWord(x);
  if ((ux & 0x7ff00000) === 0x7ff00000 && ((ux & 0x000fffff) | dx) !== 0) return x + y;
  const uy = hiWord(y);
  const dy = loWord(y);
  if ((uy & 0x7ff00000) === 0x7ff00000 && ((uy & 0x000fffff) | dy) !== 0) return y + y;
  // y = ±0
  if (uy === 0 && dy === 0) return ux >= 0 ? 0 : opi;
  if (uy === (0x80000000 | 0) && dy === 0) return ux >= 0 ? -0 : -opi;
  // x = ±0
  if (x === 0) return uy >= 0 ? hpi : -hpi;
  // x = ±inf
  if (x === Infinity) {
    if (y === Infinity) return qpi;
    if (y === -Infinity) return -qpi;
    return uy >= 0 ? 0 : -0;
  }
  if (x === -Infinity) {
    if (y === Infinity) return tqpi;
    if (y === -Infinity) return -tqpi;
    return uy >= 0 ? opi : -opi;
  }
  // y = ±inf
  if (y === Infinity) return hpi;
  if (y === -Infinity) return -hpi;

  let ax = x < 0 ? -x : x;
  let ay = y < 0 ? -y : y;
  const de = (uy & 0x7ff00000) - (ux & 0x7ff00000);
  if (de >= 59768832) return y > 0 ? hpi : -hpi;
  if (de <= -59768832) {
    if (x > 0) return copysign(ay / ax, y);
    return y > 0 ? opi : -opi;
  }
  if (ax < twom500 || ay < twom500) {
    ax *= two500;
    ay *= two500;
  }
  if (ax > two500 || ay > two500) {
    ax *= twom500;
    ay *= twom500;
  }
  let u: number, du: number;
  if (ay < ax) {
    u = ay / ax;
    const v = ax * u;
    const vv = fma(ax, u, -v);
    du = (ay - v - vv) / ax;
  } else {
    u = ax / ay;
    const v = ay * u;
    const vv = fma(ay, u, -v);
    du = (ax - v - vv) / ay;
  }
  if (x > 0) {
    if (ay < ax) {
      // (i) atan(ay/ax)
      if (u < B) {
        const v = u * u;
        return copysign(u + fma(u * v, oddPoly2(v), du), y);
      }
      const k = row(u);
      const t3 = u - CIJ[k]!;
      const v = du + t3;
      const dv = Math.abs(t3) > Math.abs(du) ? t3 - v + du : du - v + t3;
      const t2 = CIJ[k + 2]!;
      const p = fma(fma(fma(CIJ[k + 6]!, v, CIJ[k + 5]!), v, CIJ[k + 4]!), v, CIJ[k + 3]!);
      const zz = fma(v, t2, fma(dv, t2, v * v * p));
      return copysign(CIJ[k + 1]! + zz, y);
    }
    // (ii) π/2 - atan(ax/ay)
    if (u < B) {
      const v = u * u;
      const zz = u * v * oddPoly2(v);
      const t2 = hpi - u;
      const cor = Math.abs(u) < hpi ? hpi - t2 - u : hpi - (u + t2);
      return copysign(t2 + (hpi1 + cor - du - zz), y);
    }
    const k = row(u);
    const v = u - CIJ[k]! + du;
    return copysign(fma(-tablePoly(k, v), v, hpi1) + (hpi - CIJ[k + 1]!), y);
  }
  if (ax < ay) {
    // (iii) π/2 + atan(ax/ay)
    if (u < B) {
      const v = u * u;
      const zz = v * u * oddPoly2(v);
      const t2 = u + hpi;
      const cor = Math.abs(u) < hpi ? hpi - t2 + u : u - t2 + hpi;
      return copysign(t2 + (hpi1 + cor + du + zz), y);
    }
    const k = row(u);
    const v = u - CIJ[k]! + du;
    return copysign(fma(tablePoly(k, v), v, hpi1) + (CIJ[k + 1]! + hpi), y);
  }
  // (iv) π - atan(ay/ax)
  if (u < B) {
    const v = u * u;
    const zz = v * u * oddPoly2(v);
    const t2 = opi - u;
    const cor = Math.abs(u) < opi ? opi - t2 - u : opi - (t2 + u);
    return copysign(t2 + (opi1 + cor - du - zz), y);
  }
  const k = row(u);
  const v = u - CIJ[k]! + du;
  return copysign(fma(-tablePoly(k, v), v, opi1) + (opi - CIJ[k + 1]!), y);
}
