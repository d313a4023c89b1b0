// The kinds of the values the core holds now (slots of the current frame and
// the stack), read from its memory: what an entry is compiled for, and the
// check that a run still has those kinds.

import { FLOAT_LIMIT, TAG, VALUE_BYTES, type Regions } from '../core/abi.js';
import { Kind, kindOfBox, type State } from './kinds.js';

/** The kind of the boxed value at byte address `addr`. */
const kindAt = (u32: Uint32Array, addr: number): Kind => kindOfBox(u32[(addr >> 2) + 1]!, u32[addr >> 2]!, TAG, FLOAT_LIMIT);
const slotsAt = (r: Regions, fp: number) => r.slots + Math.max(0, fp - 1) * r.slotsPerFrame * VALUE_BYTES;

/** The kinds of the current frame's slots and of the stack, as the core holds them now. */
export function entryState(u32: Uint32Array, r: Regions, sp: number, fp: number): State {
  const at = slotsAt(r, fp);
  const slots: Kind[] = [];
  for (let k = 0; k < r.slotsPerFrame; k++) slots.push(kindAt(u32, at + k * VALUE_BYTES));
  const stack: Kind[] = [];
  for (let d = 0; d < sp; d++) stack.push(kindAt(u32, r.stack + d * VALUE_BYTES));
  return { slots, stack, dirty: slots.map(() => false), frames: [] };
}

/** Whether the core's slots and stack now have the kinds of `st` (entryState without making one). */
export function sameKinds(u32: Uint32Array, r: Regions, sp: number, fp: number, st: State): boolean {
  if (sp !== st.stack.length || st.slots.length !== r.slotsPerFrame) return false;
  const at = slotsAt(r, fp);
  for (let k = 0; k < st.slots.length; k++) if (kindAt(u32, at + k * VALUE_BYTES) !== st.slots[k]) return false;
  for (let d = 0; d < sp; d++) if (kindAt(u32, r.stack + d * VALUE_BYTES) !== st.stack[d]) return false;
  return true;
}

/** Whether an entry guard for `want` passes on `have`: the same depth, each kind equal unless `want` takes Any. */
export function guardPasses(want: State, have: State): boolean {
  if (want.stack.length !== have.stack.length || want.slots.length !== have.slots.length) return false;
  for (let k = 0; k < want.slots.length; k++) if (want.slots[k] !== Kind.X && want.slots[k] !== have.slots[k]) return false;
  for (let d = 0; d < want.stack.length; d++) if (want.stack[d] !== Kind.X && want.stack[d] !== have.stack[d]) return false;
  return true;
}
