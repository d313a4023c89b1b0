// The tracing tier's state machine, per VM over traces kept per chunk: the
// core's hot counters (ABI header `hot`) say "this ip is hot" (a loop header
// its back-edges reached, or an ip compiled code exited to that often); the
// dispatcher then installs a trace that fits the kinds there, or records one
// (trace-record.ts) and compiles it (trace-compile.ts). A trace whose entry
// guard misses returns STATUS.hot itself, with the state as it was. Variants per anchor by
// entry kinds; a trace whose entry guard misses maxGuardMisses times, or
// whose side exits no side trace takes over maxUnproductiveExits times, is
// given up (blacklisted); side traces start at hot exits and close at their
// root's anchor, in chains of at most maxSideChain. Tunables: params.ts.

import type { Chunk } from '../chunk/chunk.js';
import { HEADER, type Regions } from '../core/abi.js';
import type { Core } from '../core/load.js';
import { entryState, guardPasses } from './core-state.js';
import { joinInto, type State } from './kinds.js';
import { install, type CompiledModule } from './link.js';
import { JIT_PARAMS } from './params.js';
import { compileTrace, isLoopHeader } from './trace-compile.js';
import { ABORT, Recorder, type AbortReason, type PathOp, type RecordStart, type TraceKind } from './trace-record.js';

/** One event of the trace log (LuaJIT's -jv): what `onTrace` is given and `fusevm run --trace-log` prints. */
export type TraceEvent =
  | { event: 'start'; kind: TraceKind; anchor: number; root: number; chain: number }
  | { event: 'abort'; kind: TraceKind; anchor: number; reason: AbortReason; message: string }
  | { event: 'compile'; kind: TraceKind; anchor: number; id: number; ops: number; inlined: number; cached: boolean; ns: number }
  | { event: 'enter'; count: number }
  | { event: 'exit'; count: number }
  | { event: 'blacklist'; anchor: number; id?: number; why: 'guard misses' | 'unproductive exits' | 'aborts' | 'variants' };

/** One line of `--trace-log`. */
export function formatTraceEvent(e: TraceEvent): string {
  switch (e.event) {
    case 'start':
      return `trace start ${e.kind} at ${e.anchor}` + (e.kind === 'side' ? ` (root ${e.root}, chain ${e.chain})` : '');
    case 'abort':
      return `trace abort ${e.kind} at ${e.anchor}: ${e.reason} (${e.message})`;
    case 'compile':
      return `trace compile ${e.kind} at ${e.anchor}: trace ${e.id}, ${e.ops} ops recorded, ${e.inlined ? `${e.inlined} calls inlined, ` : ''}${e.cached ? 'cached' : `${(e.ns / 1e6).toFixed(3)} ms`}`;
    case 'enter':
      return `trace enter: ${e.count} entries this run`;
    case 'exit':
      return `trace exit: ${e.count} exits to the core this run`;
    case 'blacklist':
      return `trace blacklist at ${e.anchor}${e.id === undefined ? '' : ` (trace ${e.id})`}: ${e.why}`;
  }
}

export interface Trace {
  id: number;
  kind: TraceKind;
  anchor: number;
  root: number;
  chain: number;
  /** The recorded ips of its frame (a set, in order of first run). */
  ips: number[];
  /** The kinds its entry guard checks. */
  entry: State;
  /** The kinds recorded at the anchor (what metadata keeps; compiling them again gives `entry`). */
  recorded: State;
  module: CompiledModule;
  exits: Set<number>;
  /** The callee paths its calls are inlined along, by call site (an empty one: a compiled call there). */
  calls: Map<number, readonly PathOp[] | null>;
  /** Exits inside inlined callees: where the core goes on, and the call site. */
  calleeExits: Map<number, number>;
  misses: number;
  unproductive: number;
  dead: boolean;
}

/** The traces of one chunk (for one fuel mode: code without fuel checks is another trace). */
export class ChunkTraces {
  readonly traces: Trace[] = [];
  readonly aborts = new Map<number, number>();
  /** Anchors given up: never recorded again. */
  readonly closed = new Set<number>();
  variants(anchor: number): Trace[] {
    return this.traces.filter((t) => t.anchor === anchor && !t.dead);
  }
}
const tracesOf = [new WeakMap<Chunk, ChunkTraces>(), new WeakMap<Chunk, ChunkTraces>()];
export function chunkTraces(chunk: Chunk, unlimitedFuel: boolean): ChunkTraces {
  const m = tracesOf[unlimitedFuel ? 1 : 0]!;
  let t = m.get(chunk);
  if (!t) m.set(chunk, (t = new ChunkTraces()));
  return t;
}

export interface TraceCounters {
  traces: number;
  sideTraces: number;
  traceAborts: number;
  traceBlacklisted: number;
  compiled: number;
  compileNs: number;
}

export class TraceJit {
  recorder: Recorder | undefined;
  #chunk!: Chunk;
  #core!: Core;
  #r!: Regions;
  #set!: ChunkTraces;
  /** The trace each anchor's hook points at in this run. */
  readonly #hooked = new Map<number, Trace>();

  constructor(
    readonly stats: TraceCounters,
    readonly threshold: number,
    readonly unlimitedFuel: boolean,
    readonly onTrace: ((e: TraceEvent) => void) | undefined,
  ) {}

  #emit(e: TraceEvent): void {
    if (!this.onTrace) return;
    try {
      this.onTrace(e);
    } catch {
      // The log is an observer: a throw from it does not change the run.
    }
  }

  /** This run may run no compiled code from here on (a strict numeric or undef hook was installed mid-run). */
  #stopped = false;
  stop(): void {
    this.#stopped = true;
    this.recorder = undefined;
    if (!this.#core) return;
    const i32 = this.#core.view.refresh().i32;
    i32[HEADER.hooks >> 2] = 0;
    i32[HEADER.hot >> 2] = 0;
    this.#hooked.clear();
  }

  /** A fresh run: counters on, hooks at the anchors of the chunk's live traces. */
  beforeRun(chunk: Chunk, core: Core, r: Regions): void {
    this.#stopped = false;
    this.#chunk = chunk;
    this.#core = core;
    this.#r = r;
    this.#set = chunkTraces(chunk, this.unlimitedFuel);
    this.recorder = undefined;
    this.#hooked.clear();
    const i32 = core.view.refresh().i32;
    const n = chunk.ops.length;
    i32.fill(0, r.hooks >> 2, (r.hooks >> 2) + n);
    i32.fill(0, r.misses >> 2, (r.misses >> 2) + n);
    i32.fill(0, r.hot >> 2, (r.hot >> 2) + n);
    this.#arm(i32);
    i32[HEADER.jitMisses >> 2] = r.misses;
    i32[HEADER.hotThreshold >> 2] = Math.max(1, this.threshold);
    for (const t of this.#set.traces) if (!t.dead) this.#hook(t);
  }

  #arm(i32: Int32Array): void {
    if (this.#stopped) return;
    i32[HEADER.hooks >> 2] = this.#r.hooks;
    i32[HEADER.hot >> 2] = this.#r.hot;
  }

  #hook(t: Trace): void {
    if (this.#stopped) return;
    let slot = 0;
    try {
      slot = install(this.#core, t.module)[0]!;
    } catch {
      return;
    }
    const i32 = this.#core.view.refresh().i32;
    i32[(this.#r.hooks >> 2) + t.anchor] = slot;
    this.#hooked.set(t.anchor, t);
    // Installing may have evicted another module from the core's table (link.ts keeps a bounded number):
    // no hook may point at a slot that is free now, or taken by other code.
    const installed = this.#core.jit?.installed;
    for (const [anchor, h] of this.#hooked) {
      if (installed?.has(h.module)) continue;
      i32[(this.#r.hooks >> 2) + anchor] = 0;
      this.#hooked.delete(anchor);
    }
  }
  #unhook(anchor: number): void {
    this.#core.view.refresh().i32[(this.#r.hooks >> 2) + anchor] = 0;
    this.#hooked.delete(anchor);
  }

  #blacklist(t: Trace, why: 'guard misses' | 'unproductive exits'): void {
    t.dead = true;
    this.stats.traceBlacklisted++;
    this.#emit({ event: 'blacklist', anchor: t.anchor, id: t.id, why });
    if (this.#hooked.get(t.anchor) === t) {
      this.#unhook(t.anchor);
      const other = this.#set.variants(t.anchor).at(-1);
      if (other) this.#hook(other);
    }
  }

  /** Guard misses the hooked traces counted in the core: added up, given up on at maxGuardMisses.
   *  A miss at `switched`, where another variant fits the kinds the core holds, is no miss of the
   *  trace's own: the anchor's variants take turns (a loop run again from its start finds its Int
   *  variant hooked where the Float one ran last), and counting it would give each up in turn. */
  #gatherMisses(switched?: number): void {
    const i32 = this.#core.view.refresh().i32;
    for (const [anchor, t] of [...this.#hooked]) {
      const at = (this.#r.misses >> 2) + anchor;
      const m = i32[at]!;
      if (m === 0) continue;
      i32[at] = 0;
      if (anchor === switched) continue;
      t.misses += m;
      if (t.misses >= JIT_PARAMS.maxGuardMisses && !t.dead) this.#blacklist(t, 'guard misses');
    }
  }

  /** The core stopped with STATUS.hot: its counter at the header's ip reached the threshold. */
  onHot(): void {
    if (this.#stopped) return;
    const v = this.#core.view.refresh();
    const i32 = v.i32;
    const ip = i32[HEADER.ip >> 2]!;
    const sp = i32[HEADER.sp >> 2]!;
    const fp = i32[HEADER.fp >> 2]!;
    const set = this.#set;
    if (set.closed.has(ip) || fp < 1) return this.#gatherMisses();
    const have = entryState(v.u32, this.#r, sp, fp);
    const sibling = set.variants(ip).some((t) => !t.dead && this.#hooked.get(ip) !== t && guardPasses(t.entry, have));
    this.#gatherMisses(sibling ? ip : undefined);
    // Exits inside a callee a trace inlines, hot: the callee does not take the recorded path there, so
    // the trace is compiled again with a compiled call at that site (which follows every path natively).
    for (const t of this.#hooked.values()) {
      const site = t.calleeExits.get(ip);
      if (site !== undefined && !t.dead) return this.#uninline(t, site, ip);
    }
    const variants = set.variants(ip);
    let fit: Trace | undefined;
    for (const t of variants) if (guardPasses(t.entry, have)) fit = t; // the latest that fits
    if (fit) {
      // (A trace whose guard misses says so itself: it returns STATUS.hot, and we are here again.)
      if (this.#hooked.get(ip) !== fit) this.#hook(fit);
      return;
    }
    if (variants.length >= JIT_PARAMS.maxTraceVariants) return this.#close(ip);
    // An exit of a live trace (one still hooked, the lowest in its chain) starts a side trace; else a loop header a root one.
    let parent: Trace | undefined;
    for (const t of this.#hooked.values()) if (!t.dead && t.exits.has(ip) && (!parent || t.chain < parent.chain)) parent = t;
    let start: RecordStart;
    if (parent) {
      if (parent.chain + 1 > JIT_PARAMS.maxSideChain) return this.#unproductive(parent, ip);
      start = { kind: 'side', anchor: ip, root: parent.root, chain: parent.chain + 1, parent: parent.id, fp, entry: have };
    } else if (isLoopHeader(this.#chunk, ip)) start = { kind: 'root', anchor: ip, root: ip, chain: 0, fp, entry: have };
    else return; // an exit out of a loop: what runs there is the interpreter's (or an outer loop's trace)
    this.recorder = new Recorder(start);
    // While recording the core runs no compiled code and counts nothing.
    i32[HEADER.hooks >> 2] = 0;
    i32[HEADER.hot >> 2] = 0;
    this.#emit({ event: 'start', kind: start.kind, anchor: ip, root: start.root, chain: start.chain });
  }

  #uninline(t: Trace, site: number, ip: number): void {
    const calls = new Map(t.calls).set(site, []);
    const code = compileTrace(this.#chunk, t.anchor, t.root, new Set(t.ips), t.recorded, this.unlimitedFuel, calls);
    this.#rearm(ip);
    if (typeof code === 'string') return;
    t.dead = true;
    const n = this.add({ kind: t.kind, anchor: t.anchor, root: t.root, chain: t.chain, entry: t.recorded }, t.ips, code.module, code.entry, code.exits, code.fresh, calls, code.calleeExits);
    this.#emit({ event: 'compile', kind: n.kind, anchor: n.anchor, id: n.id, ops: n.ips.length, inlined: code.inlined, cached: !code.fresh, ns: code.fresh ? code.module.compileNs : 0 });
    if (this.#hooked.get(t.anchor) === t) this.#hook(n);
  }

  /** Count this ip again from zero (its next `threshold` arrivals make it hot once more). */
  #rearm(ip: number): void {
    this.#core.view.refresh().i32[(this.#r.hot >> 2) + ip] = 0;
  }

  #unproductive(t: Trace, ip: number): void {
    t.unproductive += Math.max(1, this.threshold);
    if (t.unproductive >= JIT_PARAMS.maxUnproductiveExits) this.#blacklist(t, 'unproductive exits');
    else this.#rearm(ip);
  }

  #close(ip: number): void {
    this.#set.closed.add(ip);
    this.#emit({ event: 'blacklist', anchor: ip, why: this.#set.variants(ip).length >= JIT_PARAMS.maxTraceVariants ? 'variants' : 'aborts' });
  }

  /** The core ran one op for the open recorder. */
  step(): void {
    const rec = this.recorder;
    if (!rec) return; // stopped meanwhile (see stop)
    const i32 = this.#core.view.refresh().i32;
    const r = rec.step(i32[HEADER.ip >> 2]!, i32[HEADER.fp >> 2]!);
    if (r === 'more') return;
    if (r === 'done') return this.#finish(rec);
    this.abort(r);
  }

  /** Give the open recording up (the run stopped, left the core, or the path is not one to trace). */
  abort(reason: AbortReason): void {
    const rec = this.recorder;
    if (!rec) return;
    this.recorder = undefined;
    this.#arm(this.#core.view.refresh().i32);
    const s = rec.start;
    this.stats.traceAborts++;
    this.#emit({ event: 'abort', kind: s.kind, anchor: s.anchor, reason, message: ABORT[reason] });
    // A side trace that could not be made: the exits that asked for it were unproductive.
    const parent = s.parent === undefined ? undefined : this.#set.traces[s.parent];
    if (parent && !parent.dead) this.#unproductive(parent, s.anchor);
    const n = (this.#set.aborts.get(s.anchor) ?? 0) + 1;
    this.#set.aborts.set(s.anchor, n);
    if (n >= JIT_PARAMS.maxTraceAborts) this.#close(s.anchor);
    else this.#rearm(s.anchor);
  }

  #finish(rec: Recorder): void {
    const s = rec.start;
    const v = this.#core.view.refresh();
    if (v.i32[HEADER.ip >> 2] === s.anchor) {
      // Back at the anchor: the kinds the loop leaves there join those it started with (a slot that
      // changed kind in the recorded iteration is Any at entry, not a guard that misses at once).
      const end = entryState(v.u32, this.#r, v.i32[HEADER.sp >> 2]!, v.i32[HEADER.fp >> 2]!);
      joinInto(s.entry, end);
    }
    const code = compileTrace(this.#chunk, s.anchor, s.root, rec.ips, s.entry, this.unlimitedFuel, rec.calls);
    if (typeof code === 'string') return this.abort(code);
    this.recorder = undefined;
    this.#arm(this.#core.view.refresh().i32);
    const t = this.add(s, [...rec.ips], code.module, code.entry, code.exits, code.fresh, rec.calls, code.calleeExits);
    this.#emit({ event: 'compile', kind: s.kind, anchor: s.anchor, id: t.id, ops: rec.path.length, inlined: code.inlined, cached: !code.fresh, ns: code.fresh ? code.module.compileNs : 0 });
    this.#hook(t);
  }

  /** Point at the chunk's set without a run (metadata import). */
  use(chunk: Chunk): void {
    this.#chunk = chunk;
    this.#set = chunkTraces(chunk, this.unlimitedFuel);
  }

  /** A compiled trace into the chunk's set (from a recording, or imported metadata). */
  add(s: Omit<RecordStart, 'fp'>, ips: number[], module: CompiledModule, entry: State, exits: readonly number[], fresh: boolean, calls: ReadonlyMap<number, readonly PathOp[] | null> = new Map(), calleeExits: Map<number, number> = new Map()): Trace {
    const set = this.#set;
    const t: Trace = { id: set.traces.length, kind: s.kind, anchor: s.anchor, root: s.root, chain: s.chain, ips, entry, recorded: s.entry, module, exits: new Set(exits), calls: new Map(calls), calleeExits, misses: 0, unproductive: 0, dead: false };
    set.traces.push(t);
    if (s.kind === 'side') this.stats.sideTraces++;
    else this.stats.traces++;
    if (fresh) {
      this.stats.compiled++;
      this.stats.compileNs += module.compileNs;
    }
    return t;
  }

  /** After the run: guard misses still in the core. */
  afterRun(): void {
    if (this.recorder) this.abort('runEnded');
    this.#gatherMisses();
  }

  /** The header's counters for the run just ended, as events. */
  runEvents(entered: number, exits: number): void {
    if (entered > 0) this.#emit({ event: 'enter', count: entered });
    if (exits > 0) this.#emit({ event: 'exit', count: exits });
  }
}
