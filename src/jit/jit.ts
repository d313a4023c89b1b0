// A VM's JIT: which tier compiles its chunk and when, installing the compiled
// entries into the core's hooks before a run, and the counters compiled code
// leaves in the header, gathered into `vm.jitStats()` after it. Three tiers in
// 'auto': Block for a chunk it takes whole in its specialised form (no loop
// whose slots or stack hold boxed values at its header: a slot that changes
// kind, a host op's result), traces (trace-jit.ts) for hot loops of any other
// chunk, the interpreter for cold code.

import type { Chunk } from '../chunk/chunk.js';
import { HEADER, type Regions } from '../core/abi.js';
import type { Core } from '../core/load.js';
import { compileChunk, hasBoxedLoops, tierTakes, type WholeChunkTier } from './block.js';
import { targetOf } from './cfg.js';
import { entryState, sameKinds } from './core-state.js';
import type { State } from './kinds.js';
import { install, type CompiledModule } from './link.js';
import { JIT_PARAMS } from './params.js';
import { TraceJit, type TraceEvent } from './trace-jit.js';

/** Which tier compiles: none, one forced, or the VM's choice ('auto': Block for chunks it takes). */
export type JitMode = 'off' | 'linear' | 'block' | 'trace' | 'auto';
export const JIT_MODES: readonly JitMode[] = ['off', 'linear', 'block', 'trace', 'auto'];

/** Runs of a chunk before a tier compiles it; 0 or 1: at the first run. */
export interface JitThresholds {
  linear?: number;
  block?: number;
  /** Back-edges through a loop header (and exits landing on one ip) before it is traced; default 50. */
  trace?: number;
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
  /** Root traces (at loop headers) and side traces (at hot exits) made, recordings given up, traces given up. */
  traces: number;
  sideTraces: number;
  traceAborts: number;
  traceBlacklisted: number;
}
export const emptyJitStats = (): JitStats => ({ compiled: 0, entered: 0, sideExits: 0, blacklisted: 0, opsCompiled: 0, compileNs: 0, traces: 0, sideTraces: 0, traceAborts: 0, traceBlacklisted: 0 });

/** Thrown for a JIT option that cannot be honoured. */
export class JitOptionError extends RangeError {
  override name = 'JitOptionError';
}

export function checkJitMode(mode: string): JitMode {
  if (!(JIT_MODES as readonly string[]).includes(mode)) throw new JitOptionError(`unknown jit mode ${JSON.stringify(mode)}: use ${JIT_MODES.map((m) => `'${m}'`).join(', ')}`);
  return mode as JitMode;
}

const runsOf = new WeakMap<Chunk, number>();
/** Guard misses per module over all runs, and the modules given up on. */
const missesOf = new WeakMap<CompiledModule, number>();
/** Chunks the JIT could not make code for (a CSP without 'wasm-unsafe-eval', …): interpreted from then on. */
const refusedChunks = new WeakSet<Chunk>();
const blacklist = new WeakSet<CompiledModule>();
/** Chunks whose compiled code left loops to the core: compiled again with loop-header entries to come back in. */
const leftLoops = new WeakSet<Chunk>();
/** 'auto': chunks the Block tier does not take whole in its specialised form, traced instead. */
const traced = new WeakSet<Chunk>();

interface Installed {
  module: CompiledModule;
  regions: Regions;
  chunk: Chunk;
  reentry: boolean;
  core: Core;
  /** The entries' table slots in that core, and the entry kinds the module was compiled for. */
  slots: number[];
  entry: State;
}

export class VmJit {
  readonly stats = emptyJitStats();
  #installed: Installed | undefined;
  /** The last install, kept for the next run of the same chunk on the same core (no lookups then);
   *  forgotten when the VM takes a core, as only then can another VM have written the core's memory. */
  #last: Installed | undefined;

  constructor(
    readonly mode: JitMode,
    readonly thresholds: JitThresholds = {},
    /** An interrupt poll runs the core in slices: compiled code leaves loops and must be able to come back. */
    readonly slices = false,
    /** No fuel limit and no slices: the code can leave out every fuel check. */
    readonly unlimitedFuel = false,
    readonly onTrace?: (e: TraceEvent) => void,
  ) {}
  #trace: TraceJit | undefined;
  /** The tracing tier ('trace', and 'auto' for the chunks Block does not take whole), made at the
   *  first traced run (most VMs never trace: a VM's cost stays that of the tiers it uses). */
  get trace(): TraceJit | undefined {
    return this.#trace;
  }
  /** This run is traced: the core's hot counters are on. */
  tracing = false;

  #startTracing(chunk: Chunk, core: Core, r: Regions): boolean {
    this.tracing = true;
    this.#trace ??= new TraceJit(this.stats, this.thresholds.trace ?? JIT_PARAMS.traceThreshold, this.unlimitedFuel, this.onTrace);
    this.#trace.beforeRun(chunk, core, r);
    return true;
  }

  get #tier(): WholeChunkTier | undefined {
    return this.mode === 'linear' ? 'linear' : this.mode === 'block' || this.mode === 'auto' ? 'block' : undefined;
  }

  /** The VM (re)took a core: other VMs may have used its memory since this one's last run there. */
  coreTaken(): void {
    this.#last = undefined;
  }

  /** Before a fresh run: count it, and once the chunk is hot, install its compiled entries in the core's hooks. */
  beforeRun(chunk: Chunk, core: Core, r: Regions): boolean {
    this.#installed = undefined;
    this.tracing = false;
    if (this.mode === 'auto' && !worthCompiling(chunk)) return false;
    if (this.mode === 'trace' || (this.mode === 'auto' && (traced.has(chunk) || !tierTakes(chunk, 'block')))) return this.#startTracing(chunk, core, r);
    // No hot counters on a run that is not traced (a core keeps its header between runs of one chunk).
    if (this.trace) core.view.refresh().i32[HEADER.hot >> 2] = 0;
    // The common case first: the same chunk again on the same core, its code still installed there
    // (a module compiled with loop-header entries also serves runs that need none).
    const last = this.#last;
    if (last !== undefined && last.chunk === chunk && last.core === core && last.regions === r && (last.reentry || !(this.slices || leftLoops.has(chunk))) && core.jit?.installed.has(last.module) && !blacklist.has(last.module)) {
      const v = core.view.refresh();
      if (sameKinds(v.u32, r, v.i32[HEADER.sp >> 2]!, v.i32[HEADER.fp >> 2]!, last.entry)) {
        this.#hook(v.i32, last, false);
        return true;
      }
    }
    const tier = this.#tier;
    if (!tier) return false;
    const runs = (runsOf.get(chunk) ?? 0) + 1;
    runsOf.set(chunk, runs);
    const threshold = (tier === 'linear' ? this.thresholds.linear : this.thresholds.block) ?? (tier === 'linear' ? JIT_PARAMS.linearThreshold : JIT_PARAMS.blockThreshold);
    if (runs < threshold || refusedChunks.has(chunk) || !tierTakes(chunk, tier)) return false;
    const v = core.view.refresh();
    const sp = v.i32[HEADER.sp >> 2]!;
    const fp = v.i32[HEADER.fp >> 2]!;
    const reentry = this.slices || leftLoops.has(chunk);
    const entry = entryState(v.u32, r, sp, fp);
    let c: ReturnType<typeof compileChunk>;
    let slots: number[];
    try {
      c = compileChunk(chunk, tier, 0, entry, reentry, this.unlimitedFuel);
      if (this.mode === 'auto' && (!c || hasBoxedLoops(c.module))) {
        traced.add(chunk);
        return this.#startTracing(chunk, core, r);
      }
      if (!c || blacklist.has(c.module)) return false;
      slots = install(core, c.module);
    } catch (e) {
      // A page whose CSP forbids compiling wasm at run time (no 'wasm-unsafe-eval'), or any other
      // failure to make code: the interpreter runs the chunk, as it would with the JIT off.
      if (!refusedChunks.has(chunk)) this.stats.blacklisted++;
      refusedChunks.add(chunk);
      void e;
      return false;
    }
    const m = c.module;
    if (c.fresh) {
      this.stats.compiled++;
      this.stats.compileNs += m.compileNs;
    }
    const inst: Installed = { module: m, regions: r, chunk, reentry, core, slots, entry };
    this.#last = inst;
    this.#hook(core.view.refresh().i32, inst, true);
    return true;
  }

  /** Point the core's hooks at the installed entries. The miss counters are cleared when `fresh`;
   *  after a run of this same install, afterRun left its entries' counters at zero. */
  #hook(i32: Int32Array, inst: Installed, fresh: boolean): void {
    const r = inst.regions;
    const n = inst.chunk.ops.length;
    // The regions may hold what an earlier chunk on this core left there.
    i32.fill(0, r.hooks >> 2, (r.hooks >> 2) + n);
    if (fresh) i32.fill(0, r.misses >> 2, (r.misses >> 2) + n);
    const entries = inst.module.entries;
    for (let k = 0; k < entries.length; k++) i32[(r.hooks >> 2) + entries[k]!] = inst.slots[k]!;
    i32[HEADER.hooks >> 2] = r.hooks;
    i32[HEADER.jitMisses >> 2] = r.misses;
    this.#installed = inst;
  }

  /** After a run: gather the header's counters; too many guard misses blacklist the module. */
  afterRun(core: Core): void {
    const v = core.view.refresh();
    const i32 = v.i32;
    const exits = i32[HEADER.jitExits >> 2]!;
    const entered = i32[HEADER.jitEntered >> 2]!;
    this.stats.entered += entered;
    this.stats.sideExits += exits;
    // ops in compiled code, from the counter's two words (no BigInt made); never negative
    this.stats.opsCompiled += v.u32[HEADER.jitOps >> 2]! + v.u32[(HEADER.jitOps >> 2) + 1]! * 4294967296;
    i32[HEADER.jitEntered >> 2] = 0;
    i32[HEADER.jitExits >> 2] = 0;
    i32[HEADER.jitOps >> 2] = 0;
    i32[(HEADER.jitOps >> 2) + 1] = 0;
    if (this.tracing) {
      this.trace!.afterRun();
      this.trace!.runEvents(entered, exits);
      // Off until the next run's beforeRun arms it (a core that goes to another chunk counts nothing).
      i32[HEADER.hot >> 2] = 0;
      return;
    }
    const inst = this.#installed;
    if (!inst) return;
    if (exits > 0 && !inst.reentry) leftLoops.add(inst.chunk);
    let misses = 0;
    for (const ip of inst.module.entries) {
      misses += i32[(inst.regions.misses >> 2) + ip]!;
      i32[(inst.regions.misses >> 2) + ip] = 0;
    }
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

const worth = new WeakMap<Chunk, boolean>();
/** 'auto' compiles a chunk with a loop or a call, or straight-line code of JIT_PARAMS.autoMinStraightOps ops. */
function worthCompiling(chunk: Chunk): boolean {
  let w = worth.get(chunk);
  if (w === undefined) {
    w = chunk.ops.length >= JIT_PARAMS.autoMinStraightOps;
    for (let ip = 0; !w && ip < chunk.ops.length; ip++) {
      const t = targetOf(chunk, ip);
      w = (t !== undefined && t <= ip) || chunk.ops[ip]!.op === 'Call';
    }
    worth.set(chunk, w);
  }
  return w;
}
