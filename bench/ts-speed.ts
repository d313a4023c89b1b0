// Interpreter speed of one backend over every workload, min of N batches (the
// machine is shared and noisy: the minimum is the least disturbed figure).
// Prints per-workload µs and the geometric mean; --json writes them for diffing.
//
//   npm run bench:ts                          ts backend, all 43 workloads
//   npm run bench:ts -- --backend wasm --batches 7 --only fib_recursive_20

import { writeFileSync } from 'node:fs';
import type { BackendName } from '../src/backend.js';
import { VM } from '../src/vm.js';
import { check } from './timing.js';
import { WORKLOADS } from './workloads.js';
import { useEmbeddedCore } from '../src/core/load.js';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const backend = opt('--backend', 'ts') as BackendName;
const batches = Number(opt('--batches', '5'));
const only = args.includes('--only') ? new Set(opt('--only', '').split(',')) : null;
const json = args.includes('--json') ? opt('--json', '') : null;

/** Nanoseconds per run: a batch runs for at least ~20 ms; the best batch counts. */
function measure(run: () => unknown): number {
  let reps = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) run();
    const dt = Number(process.hrtime.bigint() - t0);
    if (dt > 20e6 || reps > 1e6) break;
    reps *= 2;
  }
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / reps);
  }
  return best;
}

const out: Record<string, number> = {};
let logSum = 0;
let count = 0;
for (const wl of WORKLOADS) {
  if (only && !only.has(wl.name)) continue;
  const chunk = wl.build();
  const run = () => {
    const vm = new VM(chunk, { backend, jit: 'off' });
    const r = vm.run();
    vm.dispose();
    if (r.status !== 'ok') throw new Error(`${wl.name}: ${r.status === 'error' ? r.error.message : 'halted'}`);
    return r.value;
  };
  check(run(), wl.expect);
  const ns = measure(run);
  out[wl.name] = ns;
  logSum += Math.log(ns);
  count++;
  console.log(`${wl.name.padEnd(26)} ${(ns / 1e3).toFixed(2).padStart(12)} µs`);
}
console.log(`geomean over ${count}: ${(Math.exp(logSum / count) / 1e3).toFixed(2)} µs (${backend}, min of ${batches} batches)`);
if (json) writeFileSync(json, JSON.stringify({ backend, batches, ns: out }, null, 2) + '\n');
