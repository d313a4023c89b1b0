// The whole-chunk tiers. Block compiles a chunk from its entry: one wasm
// function for the entry, one for each loop header (where the core re-enters
// compiled code after an exit) and one for each sub it calls (subs.ts), all in
// one module. Linear is the
// same compiler on a chunk with no control flow at all. Which ops a tier takes
// comes from the op table (tiersOf), never from lists here.

import type { Chunk } from '../chunk/chunk.js';
import { OP_SPECS } from '../ops/op.js';
import { tiersOf } from '../ops/table.js';
import { buildCfg } from './cfg.js';
import { emitEntry, type JitImports } from './emit.js';
import { KIND_NAMES, Kind, type State } from './kinds.js';
import { verifyChunk } from '../chunk/verify.js';
import { JIT_TABLE } from '../core/abi.js';
import { cachedModule, compileModule, nowNs, type CompiledModule } from './link.js';
import { JIT_PARAMS } from './params.js';
import { ModuleSubs } from './subs.js';
import { ModuleWriter, ValType } from './wasm-writer.js';

export type WholeChunkTier = 'linear' | 'block';

const takes = new WeakMap<Chunk, { linear: boolean; block: boolean }>();
/** Every op of the chunk is one the tier takes (worked out once per chunk). */
export function tierTakes(chunk: Chunk, tier: WholeChunkTier): boolean {
  let t = takes.get(chunk);
  if (!t) {
    const fits = chunk.ops.length > 0 && chunk.ops.length <= JIT_PARAMS.maxOps;
    const all = (tr: WholeChunkTier) => fits && chunk.ops.every((ins) => tiersOf(OP_SPECS.get(ins.op)!).includes(tr));
    takes.set(chunk, (t = { linear: all('linear'), block: all('block') }));
  }
  return t[tier];
}

/** The kinds a fresh run of the chunk starts with: every slot Undef, nothing on the stack. */
export function freshEntryState(chunk: Chunk): State {
  const n = Math.max(1, verifyChunk(chunk).slotCount);
  return { slots: new Array<Kind>(n).fill(Kind.U), stack: [], dirty: new Array<boolean>(n).fill(false), frames: [] };
}

const stateKey = (s: State) => s.slots.map((k) => KIND_NAMES[k][0]).join('') + '|' + s.stack.map((k) => KIND_NAMES[k][0]).join('');

/** The module bytes for `chunk` entered at `entryIp` with the kinds `entry`; null when the tier cannot take it.
 *  With `reentry`, also a function for each loop header, where the core comes back in after compiled code
 *  left a loop to it (interrupt slices, side exits); without, half the code to compile. With `unlimitedFuel`,
 *  code for runs whose fuel cannot run out (no fuel checks; see EmitOptions). */
export function emitChunkModule(chunk: Chunk, tier: WholeChunkTier, entryIp: number, entry: State, reentry = true, unlimitedFuel = false): { bytes: Uint8Array; entries: number[]; boxedLoops: boolean } | null {
  if (!tierTakes(chunk, tier) || entry.slots.length > JIT_PARAMS.maxSlots) return null;
  const w = new ModuleWriter();
  w.importMemory('env', 'memory');
  w.ownTable('t', JIT_TABLE.size);
  const imports: JitImports = { hostOp: w.type([ValType.i32], [ValType.i32]), boxInt: w.type([ValType.i64], [ValType.i64]) };
  const cfg = buildCfg(chunk, entryIp);
  if (!cfg) return null;
  const subs = new ModuleSubs(chunk, w, imports, unlimitedFuel);
  const main = emitEntry(chunk, cfg, entry, imports, entryIp, JIT_PARAMS.maxAnalysisRounds, { subs, unlimitedFuel });
  if (!main) return null;
  const entries = [entryIp];
  // A loop that holds a boxed value at its header (a slot changing kind, a host op's result): 'auto' traces it.
  const boxedLoops = [...main.headerStates.values()].some((st) => st.slots.includes(Kind.X) || st.stack.includes(Kind.X));
  // Sub functions took the indices before it: the entry's index is the next.
  w.export(`e${entryIp}`, w.func([], [ValType.i32], main.body));
  // Loop headers: where the core comes back in after it ran an op compiled code left to it.
  for (const [ip, st] of reentry ? main.headerStates : []) {
    if (ip === entryIp || entries.length >= JIT_PARAMS.maxEntries) continue;
    const hcfg = buildCfg(chunk, ip);
    // Memory holds everything when the core comes in; frames opened before are not this code's to close.
    const clean = { ...st, dirty: st.dirty.map(() => false), frames: [] };
    const f = hcfg && emitEntry(chunk, hcfg, clean, imports, ip, JIT_PARAMS.maxAnalysisRounds, { subs, unlimitedFuel });
    if (!f) continue;
    entries.push(ip);
    w.export(`e${ip}`, w.func([], [ValType.i32], f.body));
  }
  return { bytes: w.bytes(), entries, boxedLoops };
}

/** The compiled module for a chunk, entry and kinds: from the cache, or compiled now (`fresh`); null when not compilable. */
export function compileChunk(chunk: Chunk, tier: WholeChunkTier, entryIp: number, entry: State, reentry: boolean, unlimitedFuel = false): { module: CompiledModule; fresh: boolean } | null {
  // The chunk object's own last answer first (compared field by field: no key string, no hashing),
  // then the process-wide cache by content.
  const mine = lastOf.get(chunk);
  if (mine && mine.tier === tier && mine.entryIp === entryIp && mine.reentry === reentry && mine.unlimitedFuel === unlimitedFuel && sameKindsOf(mine.entry, entry))
    return mine.module ? { module: mine.module, fresh: false } : null;
  const sk = `${tier}:${entryIp}:${reentry ? 'r' : ''}${unlimitedFuel ? 'u' : ''}:${stateKey(entry)}`;
  const r = compileByContent(chunk, tier, entryIp, entry, sk, reentry, unlimitedFuel);
  lastOf.set(chunk, { tier, entryIp, reentry, unlimitedFuel, entry, module: r?.module });
  return r;
}
const sameKindsOf = (a: State, b: State): boolean =>
  a.slots.length === b.slots.length && a.stack.length === b.stack.length && a.slots.every((k, i) => k === b.slots[i]) && a.stack.every((k, i) => k === b.stack[i]);
const lastOf = new WeakMap<Chunk, { tier: WholeChunkTier; entryIp: number; reentry: boolean; unlimitedFuel: boolean; entry: State; module: CompiledModule | undefined }>();

function compileByContent(chunk: Chunk, tier: WholeChunkTier, entryIp: number, entry: State, sk: string, reentry: boolean, unlimitedFuel: boolean): { module: CompiledModule; fresh: boolean } | null {
  const key = `${chunk.hash}:${sk}`;
  const hit = cachedModule(key);
  if (hit) return { module: hit, fresh: false };
  if (refused.has(key)) return null;
  const t0 = nowNs();
  const out = emitChunkModule(chunk, tier, entryIp, entry, reentry, unlimitedFuel);
  if (!out) {
    if (refused.size >= 4096) refused.clear();
    refused.add(key);
    return null;
  }
  const module = compileModule(key, out.bytes, out.entries, t0);
  boxed.set(module, out.boxedLoops);
  return { module, fresh: true };
}
const boxed = new WeakMap<CompiledModule, boolean>();
/** Whether the module's code keeps boxed values at a loop header (see emitChunkModule). */
export const hasBoxedLoops = (m: CompiledModule): boolean => boxed.get(m) === true;
const refused = new Set<string>();
