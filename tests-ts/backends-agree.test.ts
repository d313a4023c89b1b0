// Differential testing: random terminating programs (tests-ts/random-programs.ts)
// run on the wasm and ts backends must agree on status, value, error kind,
// output and ops executed. CI runs DIFF_CASES (default 3,000); any number:
//   DIFF_CASES=100000 npx vitest run tests-ts/backends-agree.test.ts

import { describe, expect, it } from 'vitest';
import { valueToJSONText } from '../src/chunk/json.js';
import { VM } from '../src/vm.js';
import { generateProgram, type Features } from './random-programs.js';

const CASES = Number(process.env.DIFF_CASES ?? 3000);
const LIMITS = { fuel: 200_000, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };

function runOn(backend: 'wasm' | 'ts', seed: number, limits: typeof LIMITS = LIMITS) {
  const chunk = generateProgram(seed);
  let out = '';
  const vm = new VM(chunk, { backend, output: (s) => (out += s), limits });
  const r = vm.run();
  const ops = vm.opsExecuted;
  vm.dispose();
  return {
    status: r.status,
    value: r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? `${r.error.name}: ${r.error.message}` : '',
    out,
    ops,
  };
}

describe('wasm and ts backends agree on random programs', () => {
  it(`${CASES} programs`, () => {
    const statuses: Record<string, number> = {};
    const disagreements: string[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const w = runOn('wasm', seed);
      const t = runOn('ts', seed);
      statuses[t.status] = (statuses[t.status] ?? 0) + 1;
      // The whole-heap limit is measured at points that depend on where the
      // op ran (core or interpreter): both must stop on it, not at the same op.
      const heapLimit = (x: typeof w) => x.status === 'error' && x.value.includes('limits.maxHeapBytes');
      if (heapLimit(w) && heapLimit(t)) continue;
      if (JSON.stringify(w) !== JSON.stringify(t))
        disagreements.push(`seed ${seed}: wasm ${JSON.stringify(w).slice(0, 300)} / ts ${JSON.stringify(t).slice(0, 300)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Mostly programs that finish with a value, not ones that fail early.
    expect(statuses.ok ?? 0).toBeGreaterThan(CASES * 0.8);
  }, Math.max(60_000, CASES * 40));

  it(`${Math.ceil(CASES / 3)} programs stopped part way by fuel, which both charge alike for work`, () => {
    const disagreements: string[] = [];
    let stopped = 0;
    for (let seed = 1; seed <= Math.ceil(CASES / 3); seed++) {
      // Fuel from 5 to ~300: many programs stop mid-way, some inside charged work.
      const limits = { ...LIMITS, fuel: 5 + ((seed * 7919) % 300) };
      const w = runOn('wasm', seed, limits);
      const t = runOn('ts', seed, limits);
      if (t.value.startsWith('FuelExhausted')) stopped++;
      if (JSON.stringify(w) !== JSON.stringify(t))
        disagreements.push(`seed ${seed}: wasm ${JSON.stringify(w).slice(0, 300)} / ts ${JSON.stringify(t).slice(0, 300)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(stopped).toBeGreaterThan(CASES / 30);
  }, Math.max(60_000, CASES * 40));

  it('covers strings, globals, calls, loops and fused ops', () => {
    const f: Features = { strings: 0, globals: 0, calls: 0, fused: 0, loops: 0 };
    for (let seed = 1; seed <= 200; seed++) generateProgram(seed, f);
    for (const [k, n] of Object.entries(f)) expect(n, k).toBeGreaterThan(50);
  });

  it('is reproducible by seed', () => {
    expect(generateProgram(42).toJSON()).toBe(generateProgram(42).toJSON());
    expect(generateProgram(42).toJSON()).not.toBe(generateProgram(43).toJSON());
  });
});
