// Hostile chunks (tests-ts/hostile-cases.ts), each run in its own child
// process on both backends (and the wasm one with the Block JIT tier, and with tracing forced), under a V8 heap cap and a watchdog: each must end
// in the expected result or typed error, the same on both backends, with the
// child's peak RSS within a small multiple of maxHeapBytes.

import { describe, expect, it } from 'vitest';
import { CASES } from './hostile-cases.js';
import { runHostile, type ChildReport } from './hostile-runner.js';

const MiB = 1 << 20;
/** The RSS a child may reach: Node and fusevm loaded, plus three times the heap limit. */
const BASE_RSS = 160 * MiB;
const RSS_PER_HEAP_BYTE = 3;

describe('hostile chunks, each in a child process', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const heap = c.limits?.maxHeapBytes ?? 2 ** 30;
    // V8's own cap well above what the limit allows, so only fusevm's limit can stop the run.
    const heapMiB = Math.max(1024, Math.ceil((4 * heap) / MiB));
    const reports = (['wasm', 'ts', 'wasm+block', 'wasm+trace'] as const).map((config) => runHostile(c, config, heapMiB));
    const outcome = (r: ChildReport) => (r.status === 'error' || r.status === 'threw' ? r.error : r.status);
    for (const r of reports) {
      expect(outcome(r), r.message).toBe(c.expect);
      // Runs that end at once (refused sizes) are far below this; the rest stay under it.
      expect(r.maxRssBytes).toBeLessThan(BASE_RSS + RSS_PER_HEAP_BYTE * Math.min(heap, 2 ** 30));
    }
    // Fuel is charged the same on both backends, so runs it ends (or that end
    // by themselves) agree on the op count; where a heap measurement ends one,
    // the estimate's timing may differ by a few ops.
    if (c.expect === 'FuelExhausted' || c.expect === 'ok') for (const r of reports) expect(r.ops).toBe(reports[1]!.ops);
  }, 600_000);
});
