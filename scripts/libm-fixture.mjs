// Writes tests-ts/data/libm-glibc.txt.gz, the values tests-ts/libm.test.ts
// checks bit for bit: for each float function upstream calls, this machine's
// glibc (scripts/libm-glibc.c) on N random inputs of its three kinds and on
// hand-picked edges (specials, and both sides of every branch threshold of
// the glibc code), and C's fma on 3N inputs (for libm-fma.ts). Each line: function, argument bits, result bits (hex).
//   node scripts/libm-fixture.mjs [N=1000] [SEED=2026]
// The first line records the glibc and the CPU flags the values came from.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const [n = '1000', seed = '2026'] = process.argv.slice(2);
mkdirSync(`${root}build`, { recursive: true });
execFileSync('gcc', ['-O2', '-o', `${root}build/libm-glibc`, `${root}scripts/libm-glibc.c`, '-lm']);

const dv = new DataView(new ArrayBuffer(8));
const hex = (x) => (dv.setFloat64(0, x), dv.getBigUint64(0).toString(16).padStart(16, '0'));
const fromBits = (b) => (dv.setBigUint64(0, BigInt.asUintN(64, b)), dv.getFloat64(0));
const bitsOf = (x) => (dv.setFloat64(0, x), dv.getBigUint64(0));
const fromWords = (hi, lo = 0) => fromBits((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
/** x and its neighbours one ulp either side (for finite non-zero x), both signs. */
const around = (...xs) =>
  xs.flatMap((x) => {
    const b = bitsOf(Math.abs(x));
    const near = [fromBits(b - 1n), Math.abs(x), fromBits(b + 1n)];
    return [...near, ...near.map((v) => -v)];
  });

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1, -1, 2, -2, 0.5, -0.5, 5e-324, -5e-324, fromWords(0x000fffff, 0xffffffff), 2 ** -1022, -(2 ** -1022), Number.MAX_VALUE, -Number.MAX_VALUE, Math.PI, -Math.PI, Math.PI / 2, Math.E, 10, 1e-10, 1e10, 1e22, -1e22, 1e300, 2 ** 1023];
const halfPis = Array.from({ length: 12 }, (_, i) => ((i + 1) * Math.PI) / 2);
const TRIG = [2 ** -26, 2 ** -27, 0.126, 0.85546875, fromWords(0x400368fd), fromWords(0x419921fb), 1e8, 0.0608, 0.787, 25, ...halfPis, 1e6 * Math.PI, 2 ** 60];
const EDGES = {
  exp: around(2 ** -54, 512, 1024, 709.782712893384, -745.1332191019411, -708.3964185322641, 0.5, 100),
  log: around(0.9375, 1.064697265625, 2 ** -1022, 2 ** -1030, 0.7, 1.4, 3),
  log2: around(1 - (1 + 0x5b51 / 0x10000) / 32, 1 + (1 + 0x6ab2 / 0x10000) / 32, 2 ** -1022, 2 ** -1030, 0.7, 3, 1024),
  log10: around(2 ** -1022, 2 ** -1040, 10, 100, 1e-5, 0.999),
  sin: around(...TRIG),
  cos: around(...TRIG),
  tan: around(...TRIG, 1.2589993048095494e-8),
  asin: around(2 ** -26, 0.125, 0.25, 0.5, 0.75, 0.921875, 0.953125, 0.96875, 1),
  acos: around(2.7755575615628914e-17, 2 ** -26, 0.125, 0.25, 0.5, 0.75, 0.921875, 0.953125, 0.96875, 1),
  atan: around(1.2904777690891933e-8, 0.0625, 1, 16, 5805361265115136, 1e300),
  sinh: around(2 ** -28, 1, 22, 709.782712893384, 710.4758600739439, 0.5),
  cosh: around(2 ** -55, 0.34657359027997264, 22, 709.782712893384, 710.4758600739439, 1),
  tanh: around(2 ** -55, 1, 22, 0.5),
};
const PAIR_X = [0, -0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, Infinity, -Infinity, NaN, 1e-320, -1e-320, 1e300, 5e-324, 10, 0.9999999999999999, 1.0000000000000002];
const PAIR_Y = [0, -0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, Infinity, -Infinity, NaN, 1e-20, 2 ** 63, -(2 ** 63), 1e300, 1075, -1075, 1.5, 2 ** 53, 2 ** 53 + 2];
const cross = (xs, ys) => xs.flatMap((x) => ys.map((y) => [x, y]));
const PAIRS = {
  pow: [...cross(PAIR_X, PAIR_Y), [2, 1.5], [2, -1074], [2, -1075], [2, 1023], [2, 1024], [-8, 1 / 3], [10, 308], [10, -323], [0.5, 1074]],
  atan2: [...cross(PAIR_X, PAIR_X), [1, 2 ** 60], [1, -(2 ** 60)], [2 ** 60, 1], [1e-300, 1e300], [1e300, 1e-300], [-1e-300, -1e300]],
  fmod: [...cross(PAIR_X, PAIR_X), [1e300, 3.7], [-1e308, 5e-324], [5.5, -2.25], [Number.MAX_VALUE, 2 ** -1022]],
};

// fmod: upstream's float % (Rust's %, C's fmod), which JS's % computes exactly.
const FNS = ['pow', 'exp', 'log', 'sin', 'cos', 'tan', 'atan', 'atan2', 'asin', 'acos', 'log10', 'log2', 'sinh', 'cosh', 'tanh', 'fmod'];
const ldd = execFileSync('ldd', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const flags = [...new Set(readFileSync('/proc/cpuinfo', 'utf8').match(/\b(fma|avx2)\b/g) ?? [])].sort().join(' ');
const lines = [`# ${ldd}; cpu flags: ${flags || 'none'}; N=${n} SEED=${seed}`];
for (const f of FNS) {
  const random = execFileSync(`${root}build/libm-glibc`, [f, n, seed, 'hex'], { encoding: 'utf8' });
  const edges = (PAIRS[f] ?? (EDGES[f] ?? []).concat(SPECIAL).map((x) => [x])).map((args) => args.map(hex).join(' ')).join('\n');
  const edged = execFileSync(`${root}build/libm-glibc`, [f, '-', 'hex'], { input: `${edges}\n`, encoding: 'utf8' });
  for (const line of (edged + random).trim().split('\n')) lines.push(`${f} ${line}`);
}
// The emulated fused multiply-add itself, against C's fma.
const fmas = execFileSync(`${root}build/libm-glibc`, ['fma', String(3 * Number(n)), seed, 'hex'], { encoding: 'utf8' });
for (const line of fmas.trim().split('\n')) lines.push(`fma ${line}`);
const out = `${root}tests-ts/data/libm-glibc.txt.gz`;
writeFileSync(out, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
console.log(`${out}: ${lines.length - 1} values`);
