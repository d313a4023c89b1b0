// Double-double arithmetic (a value as an unevaluated sum hi + lo, about 106
// bits) and the elementary functions in it that libm.ts rounds to a double.
// glibc's exp, log, pow, sin, cos, tan, asin, acos, atan and atan2 round
// correctly for all but a few inputs in a thousand (measured: see libm.ts),
// so computing ~100 bits and rounding once reproduces their bits.

/** hi + lo with |lo| ≤ ulp(hi)/2. */
export type DD = readonly [number, number];

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/** a + b exactly, as a double-double (Knuth's TwoSum). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function fastTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}
/** a * b exactly, as a double-double (Dekker's product; inputs well inside range). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

export function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = fastTwoSum(s, e + t);
  return fastTwoSum(s2, e2 + f);
}
export const neg = (a: DD): DD => [-a[0], -a[1]];
export const sub = (a: DD, b: DD): DD => add(a, neg(b));
export function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return fastTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}
export function mulD(a: DD, b: number): DD {
  const [p, e] = twoProd(a[0], b);
  return fastTwoSum(p, e + a[1] * b);
}
export function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  const r = sub(a, mulD(b, q1));
  const q2 = r[0] / b[0];
  const r2 = sub(r, mulD(b, q2));
  const q3 = r2[0] / b[0];
  return add(fastTwoSum(q1, q2), [q3, 0]);
}
export function sqrt(a: DD): DD {
  if (a[0] <= 0) return [Math.sqrt(a[0]), 0];
  const x = Math.sqrt(a[0]);
  // One Newton step: x + (a - x²) / 2x.
  const r = sub(a, twoProd(x, x));
  return fastTwoSum(x, r[0] / (2 * x));
}
export const dd = (x: number): DD => [x, 0];
/** a × 2^k, exact while it stays normal. */
export const ldexp = (a: DD, k: number): DD => [a[0] * 2 ** k, a[1] * 2 ** k];

// Constants to ~107 bits (hi, lo).
export const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
export const PI: DD = [3.141592653589793, 1.2246467991473532e-16];
export const PI_2: DD = [1.5707963267948966, 6.123233995736766e-17];
export const PI_4: DD = [0.7853981633974483, 3.061616997868383e-17];
/** π/2 as three doubles for Cody–Waite reduction (each 53 bits, ~160 in all). */
const PIO2_1 = 1.5707963267948966, PIO2_2 = 6.123233995736766e-17, PIO2_3 = -1.4973849048591698e-33;
export const INV_LN2 = 1.4426950408889634;

// 1/n! and 1/(2n+1) as double-doubles, built once.
const INV_FACT: DD[] = [];
{
  let f: DD = [1, 0];
  for (let n = 0; n < 32; n++) {
    if (n > 0) f = div(f, [n, 0]);
    INV_FACT.push(f);
  }
}
const INV_ODD: DD[] = Array.from({ length: 40 }, (_, k) => div([1, 0], [2 * k + 1, 0]));

/** e^r for |r| ≤ ~0.35, as e^(r/256) by Taylor, squared 8 times (builds the table below). */
function expSmall(r: DD): DD {
  const s = ldexp(r, -8);
  let sum: DD = [0, 0];
  for (let n = 12; n >= 1; n--) sum = mul(add(sum, INV_FACT[n]!), s);
  // sum = e^s - 1; (1 + m)² - 1 = 2m + m² keeps the small part exact.
  for (let i = 0; i < 8; i++) sum = add(ldexp(sum, 1), mul(sum, sum));
  return add([1, 0], sum);
}

/** 2^(j/32) for j in 0..31, built once by the slower expSmall. */
const EXP2_32: DD[] = Array.from({ length: 32 }, (_, j) => expSmall(mulD(LN2, j / 32)));

/** e^x as [mantissa, k] with the value mantissa × 2^k (k may be huge; the caller scales). */
export function expDD(x: DD): { m: DD; k: number } {
  // x = n·ln2/32 + r, |r| ≤ ln2/64: e^x = 2^(n >> 5) · 2^((n & 31)/32) · e^r.
  const n = Math.round(x[0] * INV_LN2 * 32);
  // r = x - n·ln2/32 in double-double (n·ln2 exact to ~160 bits by three parts).
  let r = sub(x, twoProd(n, LN2[0] / 32));
  r = sub(r, twoProd(n, LN2[1] / 32));
  r = sub(r, [(n * 5.707708438416212e-34) / 32, 0]); // ln2's third part
  // e^r - 1 by Taylor: 12 terms reach 2^-106 for |r| ≤ 0.0109.
  let sum: DD = [0, 0];
  for (let i = 12; i >= 1; i--) sum = mul(add(sum, INV_FACT[i]!), r);
  const j = n & 31;
  const t = EXP2_32[j]!;
  return { m: add(t, mul(t, sum)), k: (n - j) / 32 };
}

/** ln(x) for a finite x > 0 (subnormals included), ~2^-100 relative. */
export function logDD(x: number): DD {
  const { e, lnm } = logParts(x);
  return e === 0 ? lnm : add(mulD(LN2, e), lnm);
}
/** x = m·2^e with m in [√½, √2): e and ln m. */
export function logParts(x: number): { e: number; lnm: DD } {
  let e = 0;
  if (x < 2 ** -1022) {
    x *= 2 ** 54;
    e = -54;
  }
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, x);
  const hiw = bits.getUint32(0);
  e += (hiw >>> 20) - 1023;
  bits.setUint32(0, (hiw & 0x000fffff) | (1023 << 20));
  let m = bits.getFloat64(0); // in [1, 2)
  if (m > Math.SQRT2) {
    m /= 2;
    e++;
  }
  // ln m = ln c + 2·atanh(s), s = (m-c)/(m+c), c = m rounded to 1/64 (m-c is
  // exact by Sterbenz; |s| ≤ 0.0056, so 8 terms of the series reach 2^-106).
  const j = Math.round(m * 64);
  const c = j / 64;
  const lnm = add(LOG_C[j - 45]!, atanhTwice(div([m - c, 0], twoSum(m, c)), 8));
  return { e, lnm };
}

/** 2·atanh(s) by its series, `terms` odd powers past s. */
function atanhTwice(s: DD, terms: number): DD {
  const s2 = mul(s, s);
  let sum: DD = [0, 0];
  for (let k = terms; k >= 1; k--) sum = mul(add(sum, INV_ODD[k]!), s2);
  return ldexp(mul(s, add([1, 0], sum)), 1);
}
/** ln(j/64) for j in 45..91 (c in [√½, √2] rounded to 1/64), by the long series. */
const LOG_C: DD[] = Array.from({ length: 47 }, (_, i) => {
  const c = (45 + i) / 64;
  return atanhTwice(div([c - 1, 0], twoSum(c, 1)), 26);
});

/** sin of |r| ≤ ~π/4 by Taylor (14 terms reach 2^-106). */
function sinSmall(r: DD): DD {
  const r2 = mul(r, r);
  let s: DD = [0, 0];
  for (let n = 14; n >= 1; n--) s = mul(add(s, mulD(INV_FACT[2 * n + 1]!, n % 2 === 1 ? -1 : 1)), r2);
  return mul(r, add([1, 0], s));
}
/** cos of |r| ≤ ~π/4 by Taylor. */
function cosSmall(r: DD): DD {
  const r2 = mul(r, r);
  let c: DD = [0, 0];
  for (let n = 14; n >= 1; n--) c = mul(add(c, mulD(INV_FACT[2 * n]!, n % 2 === 1 ? -1 : 1)), r2);
  return add([1, 0], c);
}
function sinCosSmall(r: DD): { sin: DD; cos: DD } {
  return { sin: sinSmall(r), cos: cosSmall(r) };
}

/** x reduced mod π/2: x = k·π/2 + r, |r| ≤ ~π/4, and k mod 4. */
export function reduceHalfPi(x: number): { r: DD; q: number } {
  if (Math.abs(x) <= PI_4[0]) return { r: [x, 0], q: 0 };
  if (Math.abs(x) < 2 ** 20) {
    const k = Math.round(x / PIO2_1);
    let r = sub([x, 0], twoProd(k, PIO2_1));
    r = sub(r, twoProd(k, PIO2_2));
    r = sub(r, twoProd(k, PIO2_3));
    return { r, q: ((k % 4) + 4) % 4 };
  }
  return reduceBig(x);
}

// 2/π to 1280 bits, for the reduction of large arguments (Payne–Hanek).
const TWO_OVER_PI = BigInt(
  '0xa2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e006492eea09d1921cfe1deb1cb129a73ee88235f52ebb4484e99c7026b45f7e413991d639835339f49c845f8bbdf9283b1ff897ffde05980fef2f118b5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d7527bac7ebe5f17b3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b6babf0cfbc209af4361d',
);
const TWO_OVER_PI_BITS = 1280;

/** Reduce a large |x| exactly with integer arithmetic on 2/π's bits. */
function reduceBig(x: number): { r: DD; q: number } {
  const negative = x < 0;
  const ax = Math.abs(x);
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, ax);
  const e = ((bits.getUint32(0) >>> 20) & 0x7ff) - 1075; // ax = m · 2^e
  const m = (BigInt(bits.getUint32(0) & 0x000fffff) << 32n) | BigInt(bits.getUint32(4)) | (1n << 52n);
  // ax · 2/π = m · T · 2^(e - BITS); keep its low 2 integer bits and 192
  // fraction bits (a result can sit ~2^-61 from a quarter turn).
  const shift = BigInt(TWO_OVER_PI_BITS - e);
  const prod = m * TWO_OVER_PI;
  const FRAC = 192n;
  const window = (prod >> (shift - FRAC)) & ((1n << (FRAC + 2n)) - 1n);
  let q = Number(window >> FRAC);
  let frac = window & ((1n << FRAC) - 1n);
  // Round to the nearest quarter turn: a fraction past ½ belongs to the next.
  if (frac >> (FRAC - 1n)) {
    frac -= 1n << FRAC;
    q = (q + 1) & 3;
  }
  // r = frac · 2^-192 · π/2 in double-double.
  const fh = Number(frac);
  const fl = Number(frac - BigInt(fh));
  let r = mul(fastTwoSum(fh * 2 ** -192, fl * 2 ** -192), PI_2);
  if (negative) {
    r = neg(r);
    q = (4 - q) & 3;
  }
  return { r, q };
}

export function sinDD(x: number): DD {
  const { r, q } = reduceHalfPi(x);
  return q === 0 ? sinSmall(r) : q === 1 ? cosSmall(r) : q === 2 ? neg(sinSmall(r)) : neg(cosSmall(r));
}
export function cosDD(x: number): DD {
  const { r, q } = reduceHalfPi(x);
  return q === 0 ? cosSmall(r) : q === 1 ? neg(sinSmall(r)) : q === 2 ? neg(cosSmall(r)) : sinSmall(r);
}
export function tanDD(x: number): DD {
  const { r, q } = reduceHalfPi(x);
  const sc = sinCosSmall(r);
  return q % 2 === 0 ? div(sc.sin, sc.cos) : neg(div(sc.cos, sc.sin));
}

/** atan(u) for |u| ≤ 1 (a double-double), by one Newton step on tan from Math.atan. */
function atanSmall(u: DD): DD {
  const y0 = Math.atan(u[0]);
  const { sin, cos } = sinCosSmall([y0, 0]);
  const t = div(sin, cos);
  // atan(u) = y0 + atan((u - t) / (1 + u·t)); the argument is ~2^-53, so atan(d) = d - d³/3.
  const d = div(sub(u, t), add([1, 0], mul(u, t)));
  return add([y0, 0], sub(d, mulD(mul(mul(d, d), d), 1 / 3)));
}
/** atan of a double-double of any size. */
export function atanDD(u: DD): DD {
  if (Math.abs(u[0]) <= 1) return atanSmall(u);
  const inv = atanSmall(div([1, 0], u));
  return u[0] > 0 ? sub(PI_2, inv) : sub(neg(PI_2), inv);
}
