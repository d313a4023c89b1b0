// The trace recorder: the path one iteration of a hot loop takes, seen by
// single-stepping the core (the backend runs it one op per slice while a
// recorder is open, so every op still runs in the core, with the
// interpreter's meaning, fuel and errors). It keeps the ips run in the frame
// the trace starts in and, per call site there, the path the first call took
// through the callee's frames (ips with their frame depth): the compiler
// inlines a call along that path. Abort reasons are a table.

import type { State } from './kinds.js';
import { JIT_PARAMS } from './params.js';

/** Why a recording (or the compile after it) gave up, by name; the text is what `--trace-log` prints. */
export const ABORT = {
  tooLong: 'the path ran past maxTraceSteps ops without closing',
  leftFrame: 'the path returned out of the frame it started in',
  runEnded: 'the run ended (or stopped) while recording',
  handedOver: 'the run left the core for the interpreter while recording',
  noGraph: 'the recorded path is not a graph compiled code can follow',
  notCompiled: 'the emitter did not take the path (kinds or stack heights it cannot follow)',
  refused: 'WebAssembly refused to compile the module (CSP or engine)',
} as const;
export type AbortReason = keyof typeof ABORT;

/** A root trace starts at a loop header; a side trace at a hot exit of another trace. */
export type TraceKind = 'root' | 'side';

export interface RecordStart {
  kind: TraceKind;
  /** Where the trace is entered. */
  anchor: number;
  /** The root trace's anchor (itself for a root): a side trace closes there. */
  root: number;
  /** Side traces from here to the root (0 for a root). */
  chain: number;
  /** A side trace: the id of the trace whose exit it starts at. */
  parent?: number;
  /** The frame it records in (the header's fp then), and the kinds there. */
  fp: number;
  entry: State;
}

/** One op of a callee's recorded path: its ip and its frame's depth below the trace's (1: the callee). */
export interface PathOp {
  ip: number;
  depth: number;
}

export class Recorder {
  /** The ips run in the trace's frame, in order (the anchor first). */
  readonly path: number[];
  readonly ips = new Set<number>();
  steps = 0;
  readonly startNs = performance.now();
  /** Per call site (a Call's ip in the trace's frame), the path its first call took, Return included
   *  (null: longer than maxInlinePath, not inlined). */
  readonly calls = new Map<number, PathOp[] | null>();
  #callee: PathOp[] | undefined;
  #site = -1;

  constructor(readonly start: RecordStart) {
    this.path = [start.anchor];
    this.ips.add(start.anchor);
  }

  /** After one op ran: the core is before op `ip` in frame `fp`. 'more', 'done', or why it gives up. */
  step(ip: number, fp: number): 'more' | 'done' | AbortReason {
    this.steps++;
    const s = this.start;
    if (fp < s.fp) return 'leftFrame';
    if (fp > s.fp) {
      if (!this.#callee) {
        this.#site = this.path[this.path.length - 1]!;
        this.#callee = [];
      }
      if (this.#callee.length <= JIT_PARAMS.maxInlinePath) this.#callee.push({ ip, depth: fp - s.fp });
    } else if (this.#callee) {
      if (!this.calls.has(this.#site)) this.calls.set(this.#site, this.#callee.length <= JIT_PARAMS.maxInlinePath ? this.#callee : null);
      this.#callee = undefined;
    }
    if (fp === s.fp) {
      if (ip === s.anchor || ip === s.root) return 'done';
      if (!this.ips.has(ip)) this.ips.add(ip);
      this.path.push(ip);
    }
    return this.steps >= JIT_PARAMS.maxTraceSteps ? 'tooLong' : 'more';
  }
}
