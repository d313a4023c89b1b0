// Upstream fusevm 0.17's results for every conformance chunk, on each backend,
// reported by op category (from the op table) so a failure points at a room.

import { describe, expect, it } from 'vitest';
import type { BackendName } from '../src/backend.js';
import { Chunk } from '../src/chunk/chunk.js';
import { OP_SPECS } from '../src/ops/op.js';
import { VM } from '../src/vm.js';
import { SETS, judge, readCases, type Case } from './conformance-data.js';

const BACKENDS: BackendName[] = ['wasm', 'ts'];

/** Matrix cases are named OP/…; sequences seq/…; random programs r<seed>. */
function groupOf(c: Case): string {
  const op = c.name.split('/')[0]!.replace(/\(.*$/, '').replace(/ #\d+$/, '');
  if (c.name.startsWith('seq/')) return 'op sequences';
  if (/^r\d+$/.test(c.name)) return 'random programs';
  return OP_SPECS.get(op)?.category ?? `unknown op ${op}`;
}

const groups = new Map<string, Case[]>();
for (const set of SETS) for (const c of readCases(set)) groups.set(groupOf(c), [...(groups.get(groupOf(c)) ?? []), c]);

describe.each(BACKENDS)('conformance on the %s backend', (backend) => {
  it('has the upstream sets', () => expect([...groups.values()].reduce((n, g) => n + g.length, 0)).toBeGreaterThan(39_000));
  it.each([...groups.keys()].sort())('%s', (group) => {
    const failures: string[] = [];
    for (const c of groups.get(group)!) {
      let out = '';
      const vm = new VM(Chunk.fromJSON(c.chunkText), { backend, output: (s) => (out += s) });
      const why = judge(c.expect, vm.run(), out);
      if (why) failures.push(`${c.name}: ${why}`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
