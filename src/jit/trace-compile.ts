// Compiles one recorded trace into its own wasm module: the graph of the
// blocks the recording ran (buildCfg with `keep`), entered at the trace's
// anchor, emitted by the same emitter as the Block tier — entry guards on
// the slot and stack kinds and the stack depth, values unboxed in locals by
// kind, fuel charged per block, host ops through the host-op path with the
// state spilled, calls of known subs as compiled calls. Every edge off the
// path is a side exit: the slots and stack are written back and the core goes
// on at the untaken direction's op (and enters a side trace there, if any).

import type { Chunk } from '../chunk/chunk.js';
import { JIT_TABLE } from '../core/abi.js';
import { buildCfg } from './cfg.js';
import { emitEntry, type JitImports } from './emit.js';
import { KIND_NAMES, type State } from './kinds.js';
import { cachedModule, compileModule, nowNs, type CompiledModule } from './link.js';
import { JIT_PARAMS } from './params.js';
import { ModuleSubs } from './subs.js';
import type { AbortReason } from './trace-record.js';
import { ModuleWriter, ValType } from './wasm-writer.js';

export interface TraceCode {
  module: CompiledModule;
  fresh: boolean;
  /** The kinds the entry guard checks (after the loop's own changes are joined in). */
  entry: State;
  /** Where its side exits land (ips on no recorded block's start). */
  exits: number[];
}

const kindKey = (s: State) => s.slots.map((k) => KIND_NAMES[k][0]).join('') + '|' + s.stack.map((k) => KIND_NAMES[k][0]).join('');

/** The module for a trace anchored at `anchor` over the recorded `ips`, entered with the kinds `entry`. */
export function compileTrace(chunk: Chunk, anchor: number, ips: ReadonlySet<number>, entry: State, unlimitedFuel: boolean): TraceCode | AbortReason {
  if (entry.slots.length > JIT_PARAMS.maxSlots) return 'notCompiled';
  const key = `${chunk.hash}:trace:${anchor}:${[...ips].sort((a, b) => a - b).join(',')}:${unlimitedFuel ? 'u' : ''}:${kindKey(entry)}`;
  const cfg = buildCfg(chunk, anchor, (ip) => ips.has(ip));
  if (!cfg) return 'noGraph';
  const exits = new Set<number>();
  for (const b of cfg.blocks) {
    const t = b.term;
    const tos = t.kind === 'fall' || t.kind === 'jump' ? [t.to] : t.kind === 'branch' ? [t.taken, t.fall] : [];
    for (const to of tos) if (to < chunk.ops.length && !cfg.at.has(to)) exits.add(to);
  }
  const hit = cachedModule(key);
  const t0 = nowNs();
  const w = new ModuleWriter();
  w.importMemory('env', 'memory');
  w.ownTable('t', JIT_TABLE.size);
  const imports: JitImports = { hostOp: w.type([ValType.i32], [ValType.i32]), boxInt: w.type([ValType.i64], [ValType.i64]) };
  const subs = new ModuleSubs(chunk, w, imports, unlimitedFuel);
  const f = emitEntry(chunk, cfg, entry, imports, anchor, JIT_PARAMS.maxAnalysisRounds, { subs, unlimitedFuel });
  if (!f) return 'notCompiled';
  if (hit) return { module: hit, fresh: false, entry: f.entryState, exits: [...exits] };
  w.export(`e${anchor}`, w.func([], [ValType.i32], f.body));
  let module: CompiledModule;
  try {
    module = compileModule(key, w.bytes(), [anchor], t0);
  } catch {
    return 'refused';
  }
  return { module, fresh: true, entry: f.entryState, exits: [...exits] };
}
