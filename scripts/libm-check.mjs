// Measures how often src/values/libm.ts gives this machine's glibc bits:
//   node scripts/libm-check.mjs [N=1000000] [SEED=1] [fn ...]
// compiles scripts/libm-glibc.c, bundles libm.ts with esbuild, and for each
// function compares N inputs (scripts/libm-glibc.c says which) bit for bit
// (any NaN matches any NaN), printing the count and the first differences.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const [n = '1000000', seed = '1', ...fns] = process.argv.slice(2);
mkdirSync(`${root}build`, { recursive: true });
execFileSync('gcc', ['-O2', '-o', `${root}build/libm-glibc`, `${root}scripts/libm-glibc.c`, '-lm']);
await build({ entryPoints: [`${root}src/values/libm.ts`], bundle: true, format: 'esm', outfile: `${root}build/libm-bundle.mjs`, logLevel: 'warning' });
const L = await import(`${root}build/libm-bundle.mjs?${Date.now()}`);
const ALL = ['pow', 'exp', 'log', 'sin', 'cos', 'tan', 'atan', 'atan2', 'asin', 'acos', 'log10', 'log2', 'sinh', 'cosh', 'tanh', 'fmod'];
const TWO = new Set(['pow', 'atan2', 'fmod']);
let total = 0;
for (const f of fns.length ? fns : ALL) {
  const out = execFileSync(`${root}build/libm-glibc`, [f, n, seed, 'bin'], { maxBuffer: 1 << 30 });
  const d = new Float64Array(out.buffer, out.byteOffset, out.length / 8);
  const w = TWO.has(f) ? 3 : 2;
  // fmod is upstream's float %, which the interpreter and the core compute with JS's %.
  const fn = f === 'fmod' ? (a, b) => a % b : L[f];
  let bad = 0;
  const shown = [];
  const t0 = performance.now();
  for (let i = 0; i < d.length; i += w) {
    const want = d[i + w - 1];
    const got = w === 3 ? fn(d[i], d[i + 1]) : fn(d[i]);
    if (Object.is(got, want) || (got !== got && want !== want)) continue;
    bad++;
    if (shown.length < 4) shown.push(`${f}(${w === 3 ? `${d[i]}, ${d[i + 1]}` : d[i]}) = ${want}, ours ${got}`);
  }
  const ms = performance.now() - t0;
  total += bad;
  console.log(`${f.padEnd(6)} ${String(bad).padStart(7)} / ${d.length / w} differ  (${((ms * 1e6) / (d.length / w)).toFixed(0)} ns/call)`);
  for (const s of shown) console.log(`    ${s}`);
}
process.exitCode = total ? 1 : 0;
