// glibc 2.36's tan (sysdeps/ieee754/dbl-64/s_tan.c, IBM's, without the slow
// paths) as the x86_64 FMA variant (s_tan-fma.c) computes it: a polynomial
// near 0, else tan from the nearest point of the xfg table; cot (for odd
// quadrants) by a double-length division. Every product GCC fused there
// (GCC 12's -fdump-tree-optimized) is an fma here, dla.h's MUL12 included.

import { branred, reducedHead, reducedTail } from './libm-branred.js';
import { hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { XFG } from './libm-tan-data.js';

// utan.h
const d3 = 0.33333333333333331;
const d5 = 0.1333333333332673;
const d7 = 0.053968254110954329;
const d9 = 0.021869380598167253;
const d11 = 0.0088965463495349235;
const e0 = 0.3333333333332254;
const e1 = 0.13333354920669913;
const mfftnhf = -15.5;
const g1 = 1.2589993048095494e-8;
const g2 = 0.060799986124038696;
const g3 = 0.78699970245361328;
const g4 = 25;
const g5 = 100000000;
const gy2 = 0.060799986124038696;
const mp1 = 1.5707963407039642;
const mp2 = -1.3909067564377153e-8;
const mp3 = -4.9789962505147994e-17;
const pp3 = -4.9789962314799099e-17;
const pp4 = -1.9034889620193266e-25;
const hpinv = 0.63661977236758138;
const toint = 6755399441055744;

/** d3·x³ + … + d11·x¹¹ + dx on top of x, as (II), (VI), (VIII) and (X) compute it. */
const poly = (a: number, da: number): number => {
  const a2 = a * a;
  const t2 = fma(a2, fma(a2, fma(a2, fma(a2, d11, d9), d7), d5), d3);
  return fma(a * a2, t2, da);
};

/** tan or -cot of a + da (|a| ≤ 0.787 after reduction; n odd: -cot). */
function reduced(a: number, da: number, n: number): number {
  let ya: number, yya: number, sy: number;
  if (a < 0) {
    ya = -a;
    yya = -da;
    sy = -1;
  } else {
    ya = a;
    yya = da;
    sy = 1;
  }
  if (ya <= gy2) {
    const t2 = poly(a, da);
    if (!n) return a + t2;
    // -cot: EADD(a, t2, b, db), then DIV2(1, 0, b, db) with MUL12 as fma.
    const b = a + t2;
    const db = Math.abs(a) > Math.abs(t2) ? a - b + t2 : t2 - b + a;
    const c = 1.0 / b;
    const u = c * b;
    const uu = fma(c, b, -u);
    const cc = fma(-db, c, 1.0 - u - uu + 0.0) / b;
    const z = c + cc;
    const zz = c - z + cc;
    return -(z + zz);
  }
  const i = Math.trunc(fma(ya, 256, mfftnhf));
  const z = yya + (ya - XFG[4 * i]!);
  const z2 = z * z;
  const pz = fma(z * z2, fma(z2, e1, e0), z);
  const fi = XFG[4 * i + 1]!;
  const gi = XFG[4 * i + 2]!;
  const num = pz * (fi + gi);
  if (n) return -sy * (gi - num / (pz + fi));
  return sy * (fi + num / (gi - pz));
}

export function tan(x: number): number {
  const ux = hiWord(x);
  if ((ux & 0x7ff00000) === 0x7ff00000) return x - x;
  const w = x < 0 ? -x : x;
  // (I) |x| ≤ 1.259e-8
  if (w <= g1) return x;
  // (II) |x| ≤ 0.0608
  if (w <= g2) return poly(x, x);
  // (III) |x| ≤ 0.787
  if (w <= g3) {
    const i = Math.trunc(fma(w, 256, mfftnhf));
    const z = w - XFG[4 * i]!;
    const z2 = z * z;
    const s = x < 0 ? -1 : 1;
    const pz = fma(z * z2, fma(z2, e1, e0), z);
    const fi = XFG[4 * i + 1]!;
    const gi = XFG[4 * i + 2]!;
    return s * (fi + ((fi + gi) * pz) / (gi - pz));
  }
  // |x| ≤ 25: reduction by algorithm i
  if (w <= g4) {
    const t = fma(x, hpinv, toint);
    const xn = t - toint;
    const t1 = fma(-xn, mp2, fma(-xn, mp1, x));
    const n = loWord(t) & 1;
    const a = fma(-xn, mp3, t1);
    const da = fma(-xn, mp3, t1 - a);
    return reduced(a, da, n);
  }
  // |x| ≤ 1e8: reduction by algorithm ii
  if (w <= g5) {
    const t0 = fma(x, hpinv, toint);
    const xn = t0 - toint;
    const t1 = fma(-xn, mp2, fma(-xn, mp1, x));
    const n = loWord(t0) & 1;
    const t = fma(-xn, pp3, t1);
    let da = fma(-xn, pp3, t1 - t);
    const a = fma(-xn, pp4, t);
    da = da + fma(-xn, pp4, t - a);
    const s = a + da;
    const ss = Math.abs(a) > Math.abs(da) ? a - s + da : da - s + a;
    return reduced(s, ss, n);
  }
  // Larger: branred
  const n = branred(x) & 1;
  const a = reducedHead;
  const da = reducedTail;
  const s = a + da;
  const ss = Math.abs(a) > Math.abs(da) ? a - s + da : da - s + a;
  return reduced(s, ss, n);
}
