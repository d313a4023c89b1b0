// Trace metadata, as upstream's TraceMetadata: what a chunk's traces were
// recorded from (anchor, kind, chain, the recorded ips, the kinds at the
// anchor, the callee paths its calls are inlined along), as a plain
// JSON-serialisable object keyed by the chunk's op hash.
// Importing it into a fresh VM compiles those traces again without recording;
// metadata from a chunk whose op hash differs is refused with a typed error.

import type { Chunk } from '../chunk/chunk.js';
import { FuseVMError } from '../errors.js';
import { KIND_NAMES, Kind, type State } from './kinds.js';
import { compileTrace } from './trace-compile.js';
import { chunkTraces, type TraceCounters, TraceJit } from './trace-jit.js';
import type { PathOp, TraceKind } from './trace-record.js';

export interface TraceMetadataEntry {
  kind: TraceKind;
  anchor: number;
  root: number;
  chain: number;
  ips: number[];
  /** Kinds at the anchor when recorded, one letter each (U B I F A). */
  slots: string;
  stack: string;
  /** Per call site, the callee path its calls are inlined along, as [ip, frame depth] pairs (null: too
   *  long to inline; empty: a compiled call). Absent: only straight-line subs are inlined. */
  calls?: { site: number; path: [number, number][] | null }[];
}
export interface TraceMetadata {
  format: 'fusevm-traces';
  version: 1;
  /** The chunk's op hash (upstream's op_hash), as a decimal string. */
  opHash: string;
  traces: TraceMetadataEntry[];
}

/** Metadata that does not belong to the chunk (another op hash) or is not metadata at all. */
export class TraceMetadataError extends FuseVMError {
  override name = 'TraceMetadataError';
}

const LETTERS = KIND_NAMES.map((n) => (n === 'Any' ? 'A' : n[0]!));
const letters = (ks: readonly Kind[]) => ks.map((k) => LETTERS[k]).join('');
function kinds(s: unknown): Kind[] {
  if (typeof s !== 'string') throw new TraceMetadataError('trace metadata: kinds must be a string of U, B, I, F, A');
  return [...s].map((c) => {
    const k = LETTERS.indexOf(c);
    if (k < 0) throw new TraceMetadataError(`trace metadata: unknown kind letter ${JSON.stringify(c)}`);
    return k as Kind;
  });
}

/** The live traces of `chunk` (for the fuel mode given) as metadata. */
export function exportTraces(chunk: Chunk, unlimitedFuel: boolean): TraceMetadata {
  const set = chunkTraces(chunk, unlimitedFuel);
  return {
    format: 'fusevm-traces',
    version: 1,
    opHash: chunk.opHash.toString(),
    traces: set.traces.filter((t) => !t.dead).map((t) => ({ kind: t.kind, anchor: t.anchor, root: t.root, chain: t.chain, ips: [...t.ips], slots: letters(t.recorded.slots), stack: letters(t.recorded.stack), calls: [...t.calls].map(([site, p]) => ({ site, path: p && p.map((o): [number, number] => [o.ip, o.depth]) })) })),
  };
}

/** Compile the traces of `meta` for `chunk` and add them to its set; returns how many were added. */
export function importTraces(chunk: Chunk, meta: unknown, unlimitedFuel: boolean, stats: TraceCounters): number {
  const m = meta as Partial<TraceMetadata> | null;
  if (!m || typeof m !== 'object' || m.format !== 'fusevm-traces' || m.version !== 1 || !Array.isArray(m.traces)) throw new TraceMetadataError('not fusevm trace metadata (format "fusevm-traces", version 1)');
  if (m.opHash !== chunk.opHash.toString()) throw new TraceMetadataError(`trace metadata is for a chunk with op hash ${String(m.opHash)}, not this one's ${chunk.opHash}`);
  const n = chunk.ops.length;
  const entries = m.traces.map((e) => {
    const ok = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < n;
    if (!e || (e.kind !== 'root' && e.kind !== 'side') || !ok(e.anchor) || !ok(e.root) || !Number.isInteger(e.chain) || !Array.isArray(e.ips) || !e.ips.every(ok))
      throw new TraceMetadataError('trace metadata: a trace entry is malformed');
    const slots = kinds(e.slots);
    const entry: State = { slots, stack: kinds(e.stack), dirty: slots.map(() => false), frames: [] };
    const calls = new Map<number, PathOp[] | null>();
    if (e.calls !== undefined) {
      const pair = (o: unknown) => Array.isArray(o) && o.length === 2 && ok(o[0]) && Number.isInteger(o[1]) && o[1] > 0;
      if (!Array.isArray(e.calls) || !e.calls.every((c) => c && ok(c.site) && (c.path === null || (Array.isArray(c.path) && c.path.every(pair)))))
        throw new TraceMetadataError('trace metadata: a trace entry\'s calls are malformed');
      for (const c of e.calls) calls.set(c.site, c.path && c.path.map(([ip, depth]) => ({ ip, depth })));
    }
    return { e, entry, calls };
  });
  const jit = new TraceJit(stats, 1, unlimitedFuel, undefined);
  jit.use(chunk);
  const set = chunkTraces(chunk, unlimitedFuel);
  let added = 0;
  for (const { e, entry, calls } of entries) {
    if (set.traces.some((t) => !t.dead && t.anchor === e.anchor && t.ips.join() === e.ips.join() && letters(t.recorded.slots) === e.slots && letters(t.recorded.stack) === e.stack)) continue;
    const code = compileTrace(chunk, e.anchor, e.root, new Set(e.ips), entry, unlimitedFuel, calls);
    if (typeof code === 'string') continue; // not compilable here: recorded again when it gets hot
    jit.add({ kind: e.kind, anchor: e.anchor, root: e.root, chain: e.chain, entry }, [...e.ips], code.module, code.entry, code.exits, code.fresh, calls, code.calleeExits);
    added++;
  }
  return added;
}
