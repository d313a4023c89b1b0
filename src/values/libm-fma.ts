// Fused multiply-add, a·b + c rounded once, as the FMA instruction computes
// it. glibc's x86_64 libm picks, on CPUs with FMA and AVX2 (as the reference
// machine has), variants of exp, log, log2, pow, sin, cos, tan, atan, atan2,
// asin, acos and expm1 compiled with -mfma, where GCC fused a product into
// the addition that uses it; reproducing their bits needs the same fused
// operations here.
//
// Fast path: Dekker's exact product p + pl, then c + p + pl summed with one
// rounding by Boldo and Melquiond's emulation (TwoSum, then the small parts
// added rounding to odd, then one rounding to nearest). Outside the range
// where those steps are exact (huge, tiny or subnormal operands) the sum is
// formed exactly in BigInt and rounded.

const SPLIT = 134217729; // 2^27 + 1
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: [low word, high word]

export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  const ac = Math.abs(c);
  // Where every step below is exact: no overflow in the splitting or the
  // sums, no underflow in the product's error. NaNs, zeros and the rest go
  // to fmaSpecial.
  if (!(ap < 2 ** 1000 && ap > 2 ** -900 && ac < 2 ** 1000 && ac > 2 ** -900 && Math.abs(a) < 2 ** 995 && Math.abs(b) < 2 ** 995)) {
    return fmaSpecial(a, b, c, p, ac);
  }
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - p + ah * bl + al * bh + al * bl;
  // (s, e) = TwoSum(p, c)
  const s = p + c;
  let bb = s - p;
  const e = p - (s - bb) + (c - bb);
  // p + c = s exactly: one rounding of s + pl is the answer (also when pl = 0).
  if (e === 0) return s + pl;
  // v = RO(e + pl): TwoSum, then step to the odd neighbour if inexact.
  let v = e + pl;
  bb = v - e;
  const f = e - (v - bb) + (pl - bb);
  if (f !== 0) {
    f64[0] = v;
    if ((u32[0]! & 1) === 0) {
      // Away from zero if f has v's sign, toward zero otherwise.
      if (v > 0 === f > 0) {
        u32[0] = u32[0]! + 1;
      } else if (u32[0] === 0) {
        u32[0] = 0xffffffff;
        u32[1] = u32[1]! - 1;
      } else u32[0] = u32[0]! - 1;
      v = f64[0]!;
    }
  }
  return s + v;
}

/** fma outside the fast path's range: infinities, NaNs, zeros, huge or tiny operands. */
function fmaSpecial(a: number, b: number, c: number, p: number, ac: number): number {
  // An infinite or NaN factor: the product is that (or NaN), as p is.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return p + c;
  // Finite factors: an infinite or NaN addend decides, even where a·b overflows.
  if (!Number.isFinite(c)) return c;
  // An exact zero product, or a zero addend with the product rounded once.
  if (a === 0 || b === 0) return p + c;
  if (ac === 0 && Math.abs(p) > 2 ** -900 && Math.abs(p) < Infinity) return p + c;
  return fmaExact(a, b, c);
}

/** x as m · 2^e with integer m. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const hi = u32[1]!;
  const lo = u32[0]!;
  const ex = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (ex !== 0) m |= 1n << 52n;
  if (hi >>> 31) m = -m;
  return [m, ex === 0 ? -1074 : ex - 1075];
}

/** a·b + c exactly, rounded to nearest even (subnormals and overflow included). */
function fmaExact(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  let mp = ma * mb;
  const ep = ea + eb;
  let m3 = mc;
  if (mp === 0n) return a * b + c;
  if (m3 === 0n) return a * b;
  const e = Math.min(ep, ec);
  mp <<= BigInt(ep - e);
  m3 <<= BigInt(ec - e);
  const n = mp + m3;
  if (n === 0n) return 0;
  return roundToDouble(n, e);
}

/** n · 2^e rounded to nearest even double. */
function roundToDouble(n: bigint, e: number): number {
  const neg = n < 0n;
  let m = neg ? -n : n;
  const len = m.toString(2).length;
  // Exponent of the leading bit: len - 1 + e. Keep 53 bits, or fewer in the subnormals.
  const lead = len - 1 + e;
  const lsb = Math.max(lead - 52, -1074);
  const shift = lsb - e;
  if (shift > 0) {
    const s = BigInt(shift);
    const rem = m & ((1n << s) - 1n);
    m >>= s;
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
  } else {
    m <<= BigInt(-shift);
  }
  // Now value = m · 2^lsb with m < 2^54.
  let q = Number(m);
  let k = lsb;
  if (q >= 2 ** 53) {
    q /= 2;
    k += 1;
  }
  if (k + 52 > 1023) return neg ? -Infinity : Infinity;
  // q · 2^k exactly: q < 2^53, k ≥ -1074; split the scaling so no step rounds.
  let r = q;
  if (k < -1000) r = r * 2 ** -52 * 2 ** (k + 52);
  else if (k > 900) r = r * 2 ** 900 * 2 ** (k - 900);
  else r = r * 2 ** k;
  return neg ? -r : r;
}
