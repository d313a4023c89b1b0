// Compiles one recorded trace into its own wasm module: the graph of the
// blocks the recording ran (buildCfg with `keep`), entered at the trace's
// anchor, emitted by the same emitter as the Block tier — entry guards on
// the slot and stack kinds and the stack depth, values unboxed in locals by
// kind, fuel charged per block, host ops through the host-op path with the
// state spilled, calls inlined along the callee paths the recording took
// (emit-inline.ts inlinePath; the deepest and any without a path compiled calls). Every edge off the
// path is a side exit: the slots and stack are written back and the core goes
// on at the untaken direction's op (and enters a side trace there, if any).

import type { Chunk } from '../chunk/chunk.js';
import { JIT_TABLE, STATUS } from '../core/abi.js';
import { buildCfg, targetOf } from './cfg.js';
import { emitEntry, type JitImports } from './emit.js';
import { KIND_NAMES, type State } from './kinds.js';
import { cachedModule, compileModule, nowNs, type CompiledModule } from './link.js';
import { JIT_PARAMS } from './params.js';
import { ModuleSubs } from './subs.js';
import type { AbortReason, PathOp } from './trace-record.js';
import { ModuleWriter, ValType } from './wasm-writer.js';

export interface TraceCode {
  module: CompiledModule;
  fresh: boolean;
  /** The kinds the entry guard checks (after the loop's own changes are joined in). */
  entry: State;
  /** Where its side exits land inside its root's loop (a side trace may start there); exits that
   *  leave the loop end the trace's work and start none. */
  exits: number[];
  /** Calls inlined into it. */
  inlined: number;
  /** Exits inside inlined callees: where the core goes on, and the call site inlined there. */
  calleeExits: Map<number, number>;
}

const loopsOf = new WeakMap<Chunk, Map<number, Set<number>>>();
/** The first ips of the blocks of the natural loop headed at `header` (those from which a back edge reaches it). */
export function naturalLoop(chunk: Chunk, header: number): Set<number> {
  let m = loopsOf.get(chunk);
  if (!m) loopsOf.set(chunk, (m = new Map()));
  let l = m.get(header);
  if (l) return l;
  l = new Set<number>();
  const cfg = buildCfg(chunk, header);
  if (cfg) {
    const h = cfg.blocks[cfg.at.get(header)!]!;
    const seen = new Set<number>([h.id]);
    const work = h.preds.filter((p) => cfg.blocks[p]!.rpo >= h.rpo);
    while (work.length) {
      const id = work.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      work.push(...cfg.blocks[id]!.preds);
    }
    for (const id of seen) l.add(cfg.blocks[id]!.start);
  }
  m.set(header, l);
  return l;
}

const headersOf = new WeakMap<Chunk, Set<number>>();
/** Whether `ip` is a loop header: the target of a jump at or after it (a root trace starts only there). */
export function isLoopHeader(chunk: Chunk, ip: number): boolean {
  let h = headersOf.get(chunk);
  if (!h) {
    h = new Set<number>();
    for (let j = 0; j < chunk.ops.length; j++) {
      const t = targetOf(chunk, j);
      if (t !== undefined && t <= j) h.add(t);
    }
    headersOf.set(chunk, h);
  }
  return h.has(ip);
}

const kindKey = (s: State) => s.slots.map((k) => KIND_NAMES[k][0]).join('') + '|' + s.stack.map((k) => KIND_NAMES[k][0]).join('');

/** The module for a trace anchored at `anchor` over the recorded `ips`, entered with the kinds `entry`. */
export function compileTrace(chunk: Chunk, anchor: number, root: number, ips: ReadonlySet<number>, entry: State, unlimitedFuel: boolean, calls: ReadonlyMap<number, readonly PathOp[] | null> = new Map()): TraceCode | AbortReason {
  if (entry.slots.length > JIT_PARAMS.maxSlots) return 'notCompiled';
  const key = `${chunk.hash}:trace3:${anchor}:${[...ips].sort((a, b) => a - b).join(',')}:${unlimitedFuel ? 'u' : ''}:${kindKey(entry)}:${[...calls].map(([at, p]) => `${at}=${p ? p.map((e) => `${e.ip}.${e.depth}`).join(',') : '-'}`).join(';')}`;
  const cfg = buildCfg(chunk, anchor, (ip) => ips.has(ip));
  if (!cfg) return 'noGraph';
  const exits = new Set<number>();
  const loop = naturalLoop(chunk, root);
  for (const b of cfg.blocks) {
    const t = b.term;
    const tos = t.kind === 'fall' || t.kind === 'jump' ? [t.to] : t.kind === 'branch' ? [t.taken, t.fall] : [];
    for (const to of tos) if (to < chunk.ops.length && !cfg.at.has(to) && loop.has(to)) exits.add(to);
  }
  const hit = cachedModule(key);
  const t0 = nowNs();
  const w = new ModuleWriter();
  w.importMemory('env', 'memory');
  w.ownTable('t', JIT_TABLE.size);
  const imports: JitImports = { hostOp: w.type([ValType.i32], [ValType.i32]), boxInt: w.type([ValType.i64], [ValType.i64]) };
  const subs = new ModuleSubs(chunk, w, imports, unlimitedFuel);
  const f = emitEntry(chunk, cfg, entry, imports, anchor, JIT_PARAMS.maxAnalysisRounds, { subs, unlimitedFuel, missStatus: STATUS.hot, inline: calls });
  if (!f) return 'notCompiled';
  if (hit) return { module: hit, fresh: false, entry: f.entryState, exits: [...exits], inlined: f.inlined, calleeExits: f.calleeExits };
  w.export(`e${anchor}`, w.func([], [ValType.i32], f.body));
  let module: CompiledModule;
  try {
    module = compileModule(key, w.bytes(), [anchor], t0);
  } catch {
    return 'refused';
  }
  return { module, fresh: true, entry: f.entryState, exits: [...exits], inlined: f.inlined, calleeExits: f.calleeExits };
}
