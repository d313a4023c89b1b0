// Superinstructions: frequent op sequences that both backends run in one
// dispatch, declared once here beside the op table. They are an internal
// encoding, never an op: a chunk, its JSON, op hash, verifier, disassembler
// and the JIT see the plain ops. At encode time only the HEAD op of a
// sequence (its first) is re-encoded; the ops after it keep their records, so
// a jump or a side exit into the middle runs the plain ops, and the host asked
// to run op ip still runs the chunk's op at ip.
//
// Exactness: the fused path runs only when every op of the sequence would take
// its backend's own fast path (fuel for all of them, stack room for the peak,
// slots in the frame, operands of the kinds handled, an inline result); it
// computes with the backend's own helpers for the plain ops and counts each op
// (opsExecuted and fuel as unfused). Otherwise the head op runs alone, as
// unfused, and the run goes on at the next op. A sequence may jump only at its
// last op, and the jump's bookkeeping (hot counters, compiled-code entry) is
// that op's. Counts behind the choice: bench/FUSION.md.
//
// (Type-only imports: scripts/gen-ops.mjs loads this file to number the core's
// head opcodes, assembly/opcodes.generated.ts.)

import type { OpSpec } from './table.js';

export interface SuperSpec {
  /** Internal name (the core's SUPER_<name>); never an op name. */
  readonly name: string;
  /** The sequence: the ops that may stand at each position. The head is one op
   *  (the one the backends run alone when the fused path does not apply). */
  readonly seq: readonly (readonly string[])[];
  readonly doc: string;
}

const ARITH = ['Add', 'Sub', 'Mul'] as const;
const CMP = ['NumLt', 'NumLe', 'NumGt', 'NumGe', 'NumEq', 'NumNe'] as const;
const BRANCH = ['JumpIfFalse', 'JumpIfTrue'] as const;

/** Every superinstruction. The four share one shape, so each backend runs
 *  them in one case: $a, then $b or an int32 literal, then a binary op
 *  (named in the head's spare operands), then a SetSlot or a branch. */
export const SUPERS = [
  { name: 'SlotSlotArithSet', seq: [['GetSlot'], ['GetSlot'], ARITH, ['SetSlot']], doc: '$c = $a (+|-|*) $b' },
  { name: 'SlotIntArithSet', seq: [['GetSlot'], ['LoadInt'], ARITH, ['SetSlot']], doc: '$c = $a (+|-|*) k' },
  { name: 'SlotSlotCmpBranch', seq: [['GetSlot'], ['GetSlot'], CMP, BRANCH], doc: 'branch on $a (<|<=|>|>=|==|!=) $b' },
  { name: 'SlotIntCmpBranch', seq: [['GetSlot'], ['LoadInt'], CMP, BRANCH], doc: 'branch on $a (<|<=|>|>=|==|!=) k' },
] as const satisfies readonly SuperSpec[];

/** The superinstruction whose sequence starts at `ip` in `ops` (op names), or
 *  -1. `excluded(ip)` marks ops that must run alone (a hook consults them); an
 *  op LoadInt's position takes only a literal within int32 (`int32(ip)`). */
export function superAt(ops: readonly string[], ip: number, int32: (ip: number) => boolean, excluded?: (ip: number) => boolean): number {
  next: for (let k = 0; k < SUPERS.length; k++) {
    const seq = (SUPERS[k] as SuperSpec).seq;
    if (ip + seq.length > ops.length) continue;
    for (let j = 0; j < seq.length; j++) {
      const name = ops[ip + j]!;
      if (!seq[j]!.includes(name) || excluded?.(ip + j) || (name === 'LoadInt' && !int32(ip + j))) continue next;
    }
    return k;
  }
  return -1;
}

/** The length of every sequence (the fused path counts this many ops). */
export const SUPER_LENGTH = 4;

/** The most values any sequence has on the stack above where it started,
 *  from the ops' pop/push in the op table (the fused path needs that room). */
export function superPeak(ops: readonly OpSpec[]): number {
  const byName = new Map(ops.map((s) => [s.name, s]));
  let peak = 0;
  for (const s of SUPERS as readonly SuperSpec[]) {
    let hi = 0;
    for (const alts of s.seq) {
      let step = -Infinity;
      for (const n of alts) {
        const { pop, push } = byName.get(n)!;
        if (typeof pop !== 'number' || typeof push !== 'number') throw new Error(`${s.name}: ${n} has a variable stack effect`);
        step = Math.max(step, push - pop);
      }
      hi += step;
      peak = Math.max(peak, hi);
    }
  }
  return peak;
}

let on = true;
/** Whether the backends encode superinstructions (an internal switch for the
 *  differential tests and the benchmarks; not public API). */
export function superinstructions(): boolean {
  return on;
}
export function setSuperinstructions(v: boolean): void {
  on = v;
}
