// How often our float functions (src/values/libm.ts) and V8's Math give
// glibc's bits. Reference from scripts/libm-reference.py:
//   python3 scripts/libm-reference.py 50000 7 build/libm-100k.json
//   npx tsc -p tsconfig.json && node build/tsc/scripts/libm-agreement.js build/libm-100k.json

import { readFileSync } from 'node:fs';
import * as L from '../src/values/libm.js';

const dv = new DataView(new ArrayBuffer(8));
const fromBits = (h: string): number => (dv.setBigUint64(0, BigInt('0x' + h)), dv.getFloat64(0));
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

const OURS: Record<string, (...a: number[]) => number> = { ...(L as unknown as Record<string, (...a: number[]) => number>) };
const V8: Record<string, (...a: number[]) => number> = {
  exp: Math.exp, log: Math.log, log2: Math.log2, log10: Math.log10, sin: Math.sin, cos: Math.cos, tan: Math.tan,
  asin: Math.asin, acos: Math.acos, atan: Math.atan, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, pow: Math.pow, atan2: Math.atan2,
};

const ref = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { libc: string; cases: Record<string, string[][]> };
console.log(`reference: ${ref.libc}`);
console.log('function   inputs   ours≠glibc   Math≠glibc   first disagreement');
for (const [f, rows] of Object.entries(ref.cases)) {
  let ours = 0, v8 = 0;
  let first = '';
  for (const row of rows) {
    const args = row.slice(0, -1).map(fromBits);
    const want = fromBits(row[row.length - 1]!);
    const got = OURS[f]!(...args);
    if (!same(got, want)) {
      ours++;
      if (!first) first = `${f}(${args.join(', ')}) = ${want}, ours ${got}`;
    }
    if (!same(V8[f]!(...args), want)) v8++;
  }
  console.log(`${f.padEnd(9)} ${String(rows.length).padStart(7)} ${String(ours).padStart(12)} ${String(v8).padStart(12)}   ${first}`);
}
