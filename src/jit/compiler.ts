// Upstream's `JitCompiler` surface in TS casing: whether a whole-chunk tier
// takes a chunk, and a run of it through that tier (on a VM of its own, the
// tier forced at the first run).

import type { RunResult } from '../backend.js';
import type { Chunk } from '../chunk/chunk.js';
import { VM, type VMOptions } from '../vm.js';
import { tierTakes } from './block.js';
import { buildCfg } from './cfg.js';

export class JitCompiler {
  constructor(readonly options: Omit<VMOptions, 'jit' | 'jitThresholds' | 'backend'> = {}) {}

  /** A straight-line chunk: no jumps, calls or frame ops, every op one the Linear tier takes. */
  isLinearEligible(chunk: Chunk): boolean {
    return tierTakes(chunk, 'linear') && buildCfg(chunk, 0) !== null;
  }
  /** Whether the Block tier compiles the chunk: its control flow is one it can follow. */
  isBlockEligible(chunk: Chunk): boolean {
    return tierTakes(chunk, 'block') && buildCfg(chunk, 0) !== null;
  }
  /** Run the chunk compiled by the Linear tier; undefined when the tier does not take it. */
  tryRunLinear(chunk: Chunk): RunResult | undefined {
    return this.isLinearEligible(chunk) ? this.#run(chunk, 'linear') : undefined;
  }
  /** Run the chunk compiled by the Block tier; undefined when the tier does not take it. */
  tryRunBlock(chunk: Chunk): RunResult | undefined {
    return this.isBlockEligible(chunk) ? this.#run(chunk, 'block') : undefined;
  }
  #run(chunk: Chunk, jit: 'linear' | 'block'): RunResult | undefined {
    const vm = new VM(chunk, { ...this.options, backend: 'wasm', jit, jitThresholds: { linear: 1, block: 1 } });
    try {
      const result = vm.run();
      return vm.jitStats().entered > 0 ? result : undefined;
    } finally {
      vm.dispose();
    }
  }
}
