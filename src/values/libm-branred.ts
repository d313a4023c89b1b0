// glibc 2.36's __branred (sysdeps/ieee754/dbl-64/branred.c, IBM): x mod π/2
// for |x| ≥ 105414350 in double-double, with 2/π in 24-bit pieces. glibc
// compiles it once, without FMA, so every operation here rounds separately.

import { fromWords, hiWord } from './libm-bits.js';

const TOVERP = [
  10680707.0, 7228996.0, 1387004.0, 2578385.0, 16069853.0, 12639074.0, 9804092.0, 4427841.0, 16666979.0, 11263675.0,
  12935607.0, 2387514.0, 4345298.0, 14681673.0, 3074569.0, 13734428.0, 16653803.0, 1880361.0, 10960616.0, 8533493.0,
  3062596.0, 8710556.0, 7349940.0, 6258241.0, 3772886.0, 3769171.0, 3798172.0, 8675211.0, 12450088.0, 3874808.0,
  9961438.0, 366607.0, 15675153.0, 9132554.0, 7151469.0, 3571407.0, 2607881.0, 12013382.0, 4155038.0, 6285869.0,
  7677882.0, 13102053.0, 15825725.0, 473591.0, 9065106.0, 15363067.0, 6271263.0, 9264392.0, 5636912.0, 4652155.0,
  7056368.0, 13614112.0, 10155062.0, 1944035.0, 9527646.0, 15080200.0, 6658437.0, 6231200.0, 6832269.0, 16767104.0,
  5075751.0, 3212806.0, 1398474.0, 7579849.0, 6349435.0, 12618859.0, 4703257.0, 12806093.0, 14477321.0, 2786137.0,
  12875403.0, 9837734.0, 14528324.0, 13719321.0, 343717.0,
];
const SPLIT = 134217729;
const BIG = 6755399441055744; // 2^52 · 1.5
const BIG1 = 27021597764222976; // 2^54 · 1.5
const HP0 = fromWords(0x3ff921fb, 0x54442d18);
const HP1 = fromWords(0x3c91a626, 0x33145c07);
const MP1 = fromWords(0x3ff921fb, 0x58000000);
const MP2 = fromWords(0xbe4dde97 | 0, 0x40000000);

const r = new Float64Array(6);
let partB = 0, partBB = 0, partSum = 0;
/** One half of the split argument times 2/π: sets partB + partBB (fraction) and partSum (integer part). */
function part(x1: number): void {
  let sum = 0;
  let k = (hiWord(x1) >> 20) & 2047;
  k = Math.trunc((k - 450) / 24);
  if (k < 0) k = 0;
  let gor = fromWords(0x63f00000 - ((k * 24) << 20), 0); // 2^576 / 2^(24k)
  for (let i = 0; i < 6; i++) {
    r[i] = x1 * TOVERP[k + i]! * gor;
    gor *= 2 ** -24;
  }
  for (let i = 0; i < 3; i++) {
    const s = r[i]! + BIG - BIG;
    sum += s;
    r[i] = r[i]! - s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += r[5 - i]!;
  let bb = r[0]! - t + r[1]! + r[2]! + r[3]! + r[4]! + r[5]!;
  let s = t + BIG - BIG;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = t - b + bb;
  s = sum + BIG1 - BIG1;
  sum -= s;
  partB = b;
  partBB = bb;
  partSum = sum;
}

/** branred's result, head and tail (glibc returns them through pointers). */
export let reducedHead = 0;
export let reducedTail = 0;
/** x = n·π/2 + reducedHead + reducedTail: returns n mod 4. */
export function branred(x: number): number {
  x *= 2 ** -600;
  let t = x * SPLIT;
  const x1 = t - (t - x);
  const x2 = x - x1;
  part(x1);
  const b1 = partB, bb1 = partBB, sum1 = partSum;
  part(x2);
  const b2 = partB, bb2 = partBB, sum2 = partSum;
  let sum = sum1 + sum2;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? b1 - b + b2 : b2 - b + b1;
  if (b > 0.5) {
    b -= 1.0;
    sum += 1.0;
  } else if (b < -0.5) {
    b += 1.0;
    sum -= 1.0;
  }
  let s = b + (bb + bb1 + bb2);
  t = b - s + bb + (bb1 + bb2);
  b = s * SPLIT;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * HP0;
  bb = t1 * MP1 - b + t1 * MP2 + t2 * MP1 + (t2 * MP2 + s * HP1 + t * HP0);
  s = b + bb;
  t = b - s + bb;
  reducedHead = s;
  reducedTail = t;
  return Math.trunc(sum) & 3;
}
