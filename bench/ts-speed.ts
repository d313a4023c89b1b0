// Interpreter speed of one backend over every workload, min of N batches (the
// machine is shared and noisy: the minimum is the least disturbed figure).
// Prints per-workload µs and the geometric mean; --json writes them for diffing.
// --rounds R passes over the whole list R times and keeps each row's best
// (a disturbance then has to hit the same row in every pass).
//
//   npm run bench:ts                          ts backend, every workload
//   npm run bench:ts -- --backend wasm --batches 7 --rounds 3 --only fib_recursive_20

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
const rounds = Number(opt('--rounds', '1'));
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
const list = WORKLOADS.filter((wl) => !only || only.has(wl.name));
for (let round = 0; round < rounds; round++) {
  for (const wl of list) {
    const chunk = wl.build();
    const run = () => {
      const vm = new VM(chunk, { backend, jit: 'off' });
      const r = vm.run();
      vm.dispose();
      if (r.status !== 'ok') throw new Error(`${wl.name}: ${r.status === 'error' ? r.error.message : 'halted'}`);
      return r.value;
    };
    check(run(), wl.expect);
    out[wl.name] = Math.min(out[wl.name] ?? Infinity, measure(run));
  }
}
let logSum = 0;
for (const wl of list) {
  const ns = out[wl.name]!;
  logSum += Math.log(ns);
  console.log(`${wl.name.padEnd(26)} ${(ns / 1e3).toFixed(2).padStart(12)} µs`);
}
const count = list.length;
console.log(`geomean over ${count}: ${(Math.exp(logSum / count) / 1e3).toFixed(2)} µs (${backend}, best of ${rounds} rounds × ${batches} batches)`);
if (json) writeFileSync(json, JSON.stringify({ backend, batches, rounds, ns: out }, null, 2) + '\n');
