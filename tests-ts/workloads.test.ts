// Upstream's benchmark workloads (bench/workloads.ts) give upstream's results.

import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../bench/workloads.js';
import { VM } from '../src/vm.js';

describe('benchmark workloads on the ts backend', () => {
  it.each(WORKLOADS.filter((w) => w.quick).map((w) => [w.name, w] as const))('%s', (_name, w) => {
    const r = new VM(w.build()).run();
    expect(r).toEqual({ status: 'ok', value: w.expect });
  });
});
