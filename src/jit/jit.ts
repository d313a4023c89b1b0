// A VM's JIT: which tier compiles its chunk and when, installing the compiled
// entries into the core's hooks before a run, and the counters compiled code
// leaves in the header, gathered into `vm.jitStats()` after it.

import type { Chunk } from '../chunk/chunk.js';
import { FLOAT_LIMIT, HEADER, TAG, VALUE_BYTES, type Regions } from '../core/abi.js';
import type { Core } from '../core/load.js';
import { compileChunk, tierTakes, type WholeChunkTier } from './block.js';
import { kindOfBox, type Kind, type State } from './kinds.js';
import { install, type CompiledModule } from './link.js';
import { JIT_PARAMS } from './params.js';

/** Which tier compiles: none, one forced, or the VM's choice ('auto': Block for chunks it takes). */
export type JitMode = 'off' | 'linear' | 'block' | 'trace' | 'auto';
export const JIT_MODES: readonly JitMode[] = ['off', 'linear', 'block', 'trace', 'auto'];

/** Runs of a chunk before a tier compiles it; 0 or 1: at the first run. */
export interface JitThresholds {
  linear?: number;
  block?: number;
}

export interface JitStats {
  /** Modules compiled for this VM (cache hits not counted). */
  compiled: number;
  /** Compiled entries run (their guards passed). */
  entered: number;
  /** Exits from compiled code back to the core before the chunk's end. */
  sideExits: number;
  /** Modules no longer installed after too many guard misses. */
  blacklisted: number;
  /** Ops executed inside compiled code. */
  opsCompiled: number;
  /** Time spent compiling (encoding and WebAssembly.Module), in ns. */
  compileNs: number;
}
export const emptyJitStats = (): JitStats => ({ compiled: 0, entered: 0, sideExits: 0, blacklisted: 0, opsCompiled: 0, compileNs: 0 });

/** Thrown for a JIT option that cannot be honoured. */
export class JitOptionError extends RangeError {
  override name = 'JitOptionError';
}

export function checkJitMode(mode: string): JitMode {
  if (!(JIT_MODES as readonly string[]).includes(mode)) throw new JitOptionError(`unknown jit mode ${JSON.stringify(mode)}: use ${JIT_MODES.map((m) => `'${m}'`).join(', ')}`);
  if (mode === 'trace') throw new JitOptionError("the tracing tier is not built yet: use jit 'block', 'linear' or 'auto'");
  return mode as JitMode;
}

const runsOf = new WeakMap<Chunk, number>();
/** Guard misses per module over all runs, and the modules given up on. */
const missesOf = new Map<CompiledModule, number>();
const blacklist = new WeakSet<CompiledModule>();
/** Chunks whose compiled code left loops to the core: compiled again with loop-header entries to come back in. */
const leftLoops = new WeakSet<Chunk>();

export class VmJit {
  readonly stats = emptyJitStats();
  #installed: { module: CompiledModule; regions: Regions; chunk: Chunk; reentry: boolean } | undefined;

  constructor(
    readonly mode: JitMode,
    readonly thresholds: JitThresholds = {},
    /** An interrupt poll runs the core in slices: compiled code leaves loops and must be able to come back. */
    readonly slices = false,
  ) {}

  get #tier(): WholeChunkTier | undefined {
    return this.mode === 'linear' ? 'linear' : this.mode === 'block' || this.mode === 'auto' ? 'block' : undefined;
  }

  /** Before a fresh run: count it, and once the chunk is hot, install its compiled entries in the core's hooks. */
  beforeRun(chunk: Chunk, core: Core, r: Regions): boolean {
    this.#installed = undefined;
    const tier = this.#tier;
    if (!tier) return false;
    const runs = (runsOf.get(chunk) ?? 0) + 1;
    runsOf.set(chunk, runs);
    const threshold = (tier === 'linear' ? this.thresholds.linear : this.thresholds.block) ?? (tier === 'linear' ? JIT_PARAMS.linearThreshold : JIT_PARAMS.blockThreshold);
    if (runs < threshold || !tierTakes(chunk, tier)) return false;
    const mem = core.exports.memory.buffer;
    const i32 = new Int32Array(mem);
    const entry = entryState(mem, r, i32[HEADER.sp >> 2]!, i32[HEADER.fp >> 2]!);
    const reentry = this.slices || leftLoops.has(chunk);
    const c = compileChunk(chunk, tier, 0, entry, reentry);
    if (!c || blacklist.has(c.module)) return false;
    const m = c.module;
    if (c.fresh) {
      this.stats.compiled++;
      this.stats.compileNs += m.compileNs;
    }
    const slots = install(core, m);
    const hooks = new Int32Array(core.exports.memory.buffer);
    // The regions may hold what an earlier chunk on this core left there.
    hooks.fill(0, r.hooks >> 2, (r.hooks >> 2) + chunk.ops.length);
    hooks.fill(0, r.misses >> 2, (r.misses >> 2) + chunk.ops.length);
    m.entries.forEach((ip, k) => (hooks[(r.hooks >> 2) + ip] = slots[k]!));
    hooks[HEADER.hooks >> 2] = r.hooks;
    hooks[HEADER.jitMisses >> 2] = r.misses;
    this.#installed = { module: m, regions: r, chunk, reentry };
    return true;
  }

  /** After a run: gather the header's counters; too many guard misses blacklist the module. */
  afterRun(core: Core): void {
    const mem = core.exports.memory.buffer;
    const i32 = new Int32Array(mem);
    const exits = i32[HEADER.jitExits >> 2]!;
    this.stats.entered += i32[HEADER.jitEntered >> 2]!;
    this.stats.sideExits += exits;
    this.stats.opsCompiled += Number(new BigInt64Array(mem, HEADER.jitOps, 1)[0]!);
    i32[HEADER.jitEntered >> 2] = 0;
    i32[HEADER.jitExits >> 2] = 0;
    new BigInt64Array(mem, HEADER.jitOps, 1)[0] = 0n;
    const inst = this.#installed;
    if (!inst) return;
    if (exits > 0 && !inst.reentry) leftLoops.add(inst.chunk);
    let misses = 0;
    for (const ip of inst.module.entries) misses += i32[(inst.regions.misses >> 2) + ip]!;
    if (misses > 0) {
      const total = (missesOf.get(inst.module) ?? 0) + misses;
      missesOf.set(inst.module, total);
      if (total >= JIT_PARAMS.maxGuardMisses && !blacklist.has(inst.module)) {
        blacklist.add(inst.module);
        missesOf.delete(inst.module);
        this.stats.blacklisted++;
      }
    }
  }
}

/** The kinds of the current frame's slots and of the stack, as the core holds them now. */
function entryState(mem: ArrayBuffer, r: Regions, sp: number, fp: number): State {
  const u32 = new Uint32Array(mem);
  const kindAt = (addr: number) => {
    const lo = u32[addr >> 2]!;
    const hi = u32[(addr >> 2) + 1]!;
    return kindOfBox(hi >>> 16, (BigInt(hi) << 32n) | BigInt(lo), TAG, FLOAT_LIMIT);
  };
  const slotsAt = r.slots + Math.max(0, fp - 1) * r.slotsPerFrame * VALUE_BYTES;
  const slots: Kind[] = [];
  for (let k = 0; k < r.slotsPerFrame; k++) slots.push(kindAt(slotsAt + k * VALUE_BYTES));
  const stack: Kind[] = [];
  for (let d = 0; d < sp; d++) stack.push(kindAt(r.stack + d * VALUE_BYTES));
  return { slots, stack, dirty: slots.map(() => false), frames: [] };
}
