// Upstream fusevm 0.17's results for every conformance chunk, on each backend.

import { describe, expect, it } from 'vitest';
import type { BackendName } from '../src/backend.js';
import { Chunk } from '../src/chunk/chunk.js';
import { VM } from '../src/vm.js';
import { SETS, judge, readCases } from './conformance-data.js';

const BACKENDS: BackendName[] = ['ts'];

describe.each(BACKENDS)('conformance on the %s backend', (backend) => {
  it.each(SETS)('%s', (set) => {
    const failures: string[] = [];
    let total = 0;
    for (const c of readCases(set)) {
      total++;
      let out = '';
      const vm = new VM(Chunk.fromJSON(c.chunkText), { backend, output: (s) => (out += s) });
      const why = judge(c.expect, vm.run(), out);
      if (why) failures.push(`${c.name}: ${why}`);
    }
    expect(total).toBeGreaterThan(1000);
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
