// The float functions upstream calls (Rust's f64 methods, which on Linux are
// glibc's libm), giving glibc's bits rather than V8's: one implementation for
// both backends and every JIT tier (the wasm core and compiled code send
// these ops to the host). Each function is glibc 2.36's own algorithm and
// tables, as Debian 12's build runs them on an x86_64 CPU with FMA and AVX2:
// glibc's IFUNCs then pick variants compiled with -mfma, in which GCC fused
// products into sums, and those fused operations are an exact fma here
// (libm-fma.ts). One file per glibc source: libm-exp.ts, libm-log.ts,
// libm-log2.ts, libm-pow.ts, libm-sin.ts, libm-tan.ts, libm-atan.ts,
// libm-asin.ts, libm-expm1.ts; log10 and the hyperbolics, fdlibm's formulas
// on those, are below. fmod needs nothing: JS's % is fmod, exactly.
// scripts/libm-check.mjs compares with this machine's glibc on millions of
// inputs; tests-ts/libm.test.ts checks a committed fixture of glibc's values.

import { acos, asin } from './libm-asin.js';
import { atan, atan2 } from './libm-atan.js';
import { fromWords, hiWord, loWord } from './libm-bits.js';
import { exp } from './libm-exp.js';
import { expm1 } from './libm-expm1.js';
import { log } from './libm-log.js';
import { log2 } from './libm-log2.js';
import { pow } from './libm-pow.js';
import { cos, sin } from './libm-sin.js';
import { tan } from './libm-tan.js';

export { acos, asin, atan, atan2, cos, exp, log, log2, pow, sin, tan };

// fdlibm's log10 as glibc keeps it: k·log10(2) in two parts plus log(m)/ln10.
const IVLN10 = fromWords(0x3fdbcb7b, 0x1526e50e);
const LOG10_2HI = fromWords(0x3fd34413, 0x509f6000);
const LOG10_2LO = fromWords(0x3d59fef3, 0x11f12b36);
export function log10(x: number): number {
  let hx = hiWord(x);
  const lx = loWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= 2 ** 54;
    hx = hiWord(x) | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  const i = k < 0 ? 1 : 0;
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = k + i;
  const z = y * LOG10_2LO + IVLN10 * log(fromWords(hx, loWord(x)));
  return z + y * LOG10_2HI;
}

// fdlibm's hyperbolics as glibc keeps them (e_sinh.c, e_cosh.c, s_tanh.c,
// compiled without FMA), on glibc's exp and expm1.
export function sinh(x: number): number {
  const jx = hiWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x + x;
  const h = jx < 0 ? -0.5 : 0.5;
  const ax = Math.abs(x);
  if (ix < 0x40360000) {
    if (ix < 0x3e300000) return x;
    const t = expm1(ax);
    if (ix < 0x3ff00000) return h * (2 * t - (t * t) / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ix < 0x40862e42) return h * exp(ax);
  if (ix < 0x408633ce || (ix === 0x408633ce && loWord(x) <= 0x8fb9f87d)) {
    const w = exp(0.5 * ax);
    const t = h * w;
    return t * w;
  }
  return x * 1e307;
}
export function cosh(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  const ax = Math.abs(x);
  if (ix < 0x40360000) {
    if (ix < 0x3fd62e43) {
      if (ix < 0x3c800000) return 1;
      const t = expm1(ax);
      const w = 1 + t;
      return 1 + (t * t) / (w + w);
    }
    const t = exp(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862e42) return 0.5 * exp(ax);
  if (ix < 0x408633ce || (ix === 0x408633ce && loWord(x) <= 0x8fb9f87d)) {
    const w = exp(0.5 * ax);
    const t = 0.5 * w;
    return t * w;
  }
  if (ix >= 0x7ff00000) return x * x;
  return Infinity;
}
export function tanh(x: number): number {
  const jx = hiWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1;
  let z: number;
  if (ix < 0x40360000) {
    if (x === 0) return x;
    if (ix < 0x3c800000) return x * (1 + x);
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else z = 1 - 1e-300;
  return jx >= 0 ? z : -z;
}
