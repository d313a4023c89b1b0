// Superinstructions on against off (src/ops/super.ts), in one process: each
// workload on the wasm core (JIT off) and the ts backend, the two settings
// timed in alternation, each figure the min over its rounds of the min of
// batched samples (the machine is noisy; see bench/timing.ts).
//
//   npm run bench:supers
//   npm run bench:supers -- --only sum_1M_unfused,fib_iterative_35 --rounds 3

import type { BackendName } from '../src/backend.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { setSuperinstructions } from '../src/ops/super.js';
import { VM } from '../src/vm.js';
import { fmtNs, time } from './timing.js';
import { WORKLOADS } from './workloads.js';
import { useEmbeddedCore } from '../src/core/load.js';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const DEFAULT = ['sum_1M_unfused', 'unfused_sum_loop_10k', 'nested_loop_100x100', 'fib_iterative_35', 'fib_recursive_20', 'ackermann_3_4', 'function_call_1k', 'jump_loop_10k', 'slot_read_write_10k', 'numeric_loop_200k', 'int_add_1k', 'dispatch_nop_1M'];
const only = new Set(arg('--only')?.split(',') ?? DEFAULT);
const ROUNDS = Number(arg('--rounds') ?? 3);

function runner(backend: BackendName, chunk: Chunk): () => unknown {
  return () => {
    const vm = new VM(chunk, { backend, jit: 'off' });
    const r = vm.run();
    vm.dispose();
    if (r.status === 'ok') return r.value;
    throw new Error(r.status === 'error' ? r.error.message : 'halted');
  };
}

console.log(`| workload | backend | off | on | on / off |\n|---|---|---:|---:|---:|`);
for (const w of WORKLOADS.filter((w) => only.has(w.name))) {
  for (const backend of ['wasm', 'ts'] as const) {
    const best = { on: Infinity, off: Infinity };
    for (let round = 0; round < ROUNDS; round++)
      for (const on of [false, true]) {
        setSuperinstructions(on);
        // A chunk built afresh per setting: the encodings are cached per chunk.
        const t = time(runner(backend, w.build()), w.expect, 7, 3);
        best[on ? 'on' : 'off'] = Math.min(best[on ? 'on' : 'off'], t.minNs);
      }
    setSuperinstructions(true);
    console.log(`| ${w.name} | ${backend} | ${fmtNs(best.off)} | ${fmtNs(best.on)} | ${(best.on / best.off).toFixed(2)}× |`);
  }
}
