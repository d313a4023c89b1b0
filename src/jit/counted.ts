// Counted loops: innermost loops whose op count compiled code can derive
// from an induction slot instead of adding to a counter in every iteration.
// A loop qualifies when one Int slot steps by ±1 exactly once per iteration,
// in a block every iteration runs, and nothing else in the loop writes it.
// Then the ops run since the loop was entered are
//   S × iterations + the ops of the blocks not every iteration runs
// where S is the ops of the blocks every iteration runs (their offsets along
// the loop are fixed), and iterations = ±(slot − its value at entry). The
// emitter keeps the second term in its op counter and works the first out
// only where the count is read: at exits, host calls and fuel checks (which
// it skips altogether when the fuel is unlimited).

import type { Chunk } from '../chunk/chunk.js';
import { OP_SPECS } from '../ops/op.js';
import type { Cfg } from './cfg.js';
import { Kind, type State } from './kinds.js';

export interface CountedLoop {
  /** The loop header's block id. */
  header: number;
  /** Every block of the loop, the header included. */
  body: Set<number>;
  /** Blocks every iteration runs (they dominate the latch), with their offsets in ops from the header's start. */
  offset: Map<number, number>;
  base: Set<number>;
  /** Ops of the blocks every iteration runs. */
  span: number;
  /** The induction slot, its step, and the ip of the op that steps it (in a base block). */
  slot: number;
  step: 1 | -1;
  stepIp: number;
  stepBlock: number;
}

const STEPS: Record<string, 1 | -1> = { PreIncSlotVoid: 1, PreIncSlot: 1, PostIncSlot: 1, PreDecSlot: -1, PostDecSlot: -1 };
/** Ops that read a slot operand without writing it (by operand position). */
const READS: Record<string, readonly number[]> = { GetSlot: [0], SlotLtIntJumpIfFalse: [0], AddAssignSlotVoid: [1] };

/** The counted loops of a compiled function, by header block id. */
export function countedLoops(chunk: Chunk, cfg: Cfg, states: readonly (State | undefined)[]): Map<number, CountedLoop> {
  const out = new Map<number, CountedLoop>();
  for (const h of cfg.blocks) {
    if (!h.loopHeader || !states[h.id]) continue;
    const latches = h.preds.filter((p) => cfg.blocks[p]!.rpo >= h.rpo);
    if (latches.length !== 1) continue;
    const latch = latches[0]!;
    // The natural loop: the header and what reaches the latch without passing it.
    const body = new Set<number>([h.id]);
    const work = [latch];
    while (work.length) {
      const id = work.pop()!;
      if (body.has(id)) continue;
      body.add(id);
      for (const p of cfg.blocks[id]!.preds) work.push(p);
    }
    const loop = qualify(chunk, cfg, states, h.id, latch, body);
    if (loop) out.set(h.id, loop);
  }
  return out;
}

function qualify(chunk: Chunk, cfg: Cfg, states: readonly (State | undefined)[], header: number, latch: number, body: Set<number>): CountedLoop | undefined {
  const len = (id: number) => cfg.blocks[id]!.end - cfg.blocks[id]!.start;
  // Innermost, and no op whose effects the derivation cannot follow.
  let step: { slot: number; step: 1 | -1; ip: number; block: number } | undefined;
  const writes = new Map<number, number>(); // slot → writes in the loop
  for (const id of body) {
    const blk = cfg.blocks[id]!;
    if (!states[id]) return undefined;
    if (id !== header && blk.loopHeader) return undefined;
    if (blk.term.kind === 'return' || blk.term.kind === 'exit') return undefined;
    for (let ip = blk.start; ip < blk.end; ip++) {
      const ins = chunk.ops[ip]!;
      const spec = OP_SPECS.get(ins.op)!;
      if (spec.frames) return undefined;
      if (spec.jit !== 'native' && spec.writesSlots) return undefined; // the host may write any slot
      const reads = READS[ins.op] ?? [];
      spec.operands.forEach((o, i) => {
        if (o.kind === 'slot' && !reads.includes(i)) writes.set(Number(ins.args[i]), (writes.get(Number(ins.args[i])) ?? 0) + 1);
      });
      const s = STEPS[ins.op];
      if (s !== undefined && !step) step = { slot: Number(ins.args[0]), step: s, ip, block: id };
    }
  }
  if (!step || writes.get(step.slot) !== 1) return undefined;
  for (const id of body) if (states[id]!.slots[step.slot] !== Kind.I) return undefined;
  // Blocks every iteration runs: the latch and its dominators up to the header, in order.
  const chain: number[] = [];
  for (let id = latch; ; id = cfg.blocks[id]!.idom) {
    chain.push(id);
    if (id === header) break;
  }
  chain.reverse();
  const base = new Set(chain);
  if (!base.has(step.block)) return undefined;
  const offset = new Map<number, number>();
  let at = 0;
  for (const id of chain) {
    offset.set(id, at);
    at += len(id);
  }
  // A block not every iteration runs sits after its nearest base dominator.
  for (const id of body) {
    if (base.has(id)) continue;
    let d = cfg.blocks[id]!.idom;
    while (!base.has(d)) d = cfg.blocks[d]!.idom;
    offset.set(id, offset.get(d)! + len(d));
  }
  return { header, body, offset, base, span: at, slot: step.slot, step: step.step, stepIp: step.ip, stepBlock: step.block };
}
