// glibc 2.36's sin and cos (sysdeps/ieee754/dbl-64/s_sin.c, IBM's, without
// the slow paths since 2.28) as the x86_64 FMA variant (s_sin-fma.c)
// computes them: table values at the nearest of 110 points plus short
// polynomials, every product GCC fused there (GCC 12's -fdump-tree-optimized)
// an fma here. Arguments past 105414350 go through branred (no FMA).

import { branred, reducedHead, reducedTail } from './libm-branred.js';
import { hiWord, loWord } from './libm-bits.js';
import { fma } from './libm-fma.js';
import { SINCOSTAB as TAB } from './libm-sin-data.js';

// usncs.h
const s1 = -0.16666666666666666;
const s2 = 0.0083333333333323288;
const s3 = -0.00019841269834414642;
const s4 = 2.755729806860771e-6;
const s5 = -2.5022014848318398e-8;
const big = 52776558133248;
const hp0 = 1.5707963267948966;
const hp1 = 6.123233995736766e-17;
const mp1 = 1.5707963407039642;
const mp2 = -1.3909067564377153e-8;
const pp3 = -4.9789962314799099e-17;
const pp4 = -1.9034889620193266e-25;
const hpinv = 0.63661977236758138;
const toint = 6755399441055744;
// s_sin.c
const sn3 = -0.16666666666666488;
const sn5 = 0.0083333321428572232;
const cs2 = 0.5;
const cs4 = -0.041666666666666442;
const cs6 = 0.0013888887400793761;

const copysign = (v: number, s: number): number => (hiWord(s) < 0 ? -Math.abs(v) : Math.abs(v));

/** cos(x + dx) from the table entry nearest |x|. */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = big + ax;
  x = ax - (u - big) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, sn5, sn3), x);
  const c = xx * fma(xx, fma(xx, cs6, cs4), cs2);
  const k = loWord(u) << 2;
  const sn = TAB[k]!, ssn = TAB[k + 1]!, cs = TAB[k + 2]!, ccs = TAB[k + 3]!;
  const cor = fma(-s, sn, fma(-c, cs, fma(-s, ssn, ccs)));
  return cs + cor;
}

/** sin(x + dx): Taylor below 0.126, else from the table entry nearest |x|. */
function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const p = fma(xx, fma(xx, fma(xx, fma(xx, s5, s4), s3), s2), s1);
    const t = fma(xx, fma(p, x, -(0.5 * dx)), dx);
    return x + t;
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = big + ax;
  x = ax - (u - big);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, sn5, sn3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, cs6, cs4), cs2));
  const k = loWord(u) << 2;
  const sn = TAB[k]!, ssn = TAB[k + 1]!, cs = TAB[k + 2]!, ccs = TAB[k + 3]!;
  const cor = fma(s, cs, fma(-c, sn, fma(s, ccs, ssn)));
  return copysign(sn + cor, xold);
}

let redTail = 0;
let reducedN = 0;
/** x = n·π/2 + a + redTail for |x| < 105414350: returns a, leaves n mod 4 in reducedN. */
function reduceSincos(x: number): number {
  const t = fma(x, hpinv, toint);
  const xn = t - toint;
  const y = fma(-xn, mp2, fma(-xn, mp1, x));
  reducedN = loWord(t) & 3;
  const t2 = fma(-xn, pp3, y);
  let db = fma(-xn, pp3, y - t2);
  const b = fma(-xn, pp4, t2);
  db = db + fma(-xn, pp4, t2 - b);
  redTail = db;
  return b;
}

function doSincos(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

export function sin(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) return copysign(doCos(hp0 - Math.abs(x), hp1), x);
  if (k < 0x419921fb) {
    const a = reduceSincos(x);
    return doSincos(a, redTail, reducedN);
  }
  if (k < 0x7ff00000) {
    const n = branred(x);
    return doSincos(reducedHead, reducedTail, n);
  }
  return NaN;
}

export function cos(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1.0;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = hp0 - Math.abs(x);
    const a = y + hp1;
    const da = y - a + hp1;
    return doSin(a, da);
  }
  if (k < 0x419921fb) {
    const a = reduceSincos(x);
    return doSincos(a, redTail, reducedN + 1);
  }
  if (k < 0x7ff00000) {
    const n = branred(x);
    return doSincos(reducedHead, reducedTail, n + 1);
  }
  return NaN;
}
