// Frames as the core writes them: the frame record of a Call or PushFrame made by compiled code,
// a new frame's Undef slots, and going back to the frame below (Return, PopFrame, an inlined
// callee's end), its slots read back into their locals.

import { FRAME_RECORD, HEADER, VALUE_BYTES } from '../core/abi.js';
import { spillSlots } from './emit-exits.js';
import type { Pass, Val } from './emit-pass.js';
import { unbox, UNDEF_BITS } from './emit-values.js';
import { Kind, type State } from './kinds.js';
import { Ins } from './wasm-writer.js';

/** i32: the core's frame region is full (the core, and the interpreter behind it, then makes the frame). */
export function framesFull(p: Pass): void {
  p.b.get(p.fp).i32(0).i32Load(HEADER.frameCap).op(Ins.i32GeS);
}

/** Write the record of the frame opened at fp: its Return goes on at ip + 1, its stack starts at depth
 *  `base`. Leaves r at the record. */
export function frameRecord(p: Pass, ip: number, base: number): void {
  const b = p.b;
  b.i32(0).i32Load(HEADER.frames).get(p.fp).i32(FRAME_RECORD.bytes).op(Ins.i32Mul).op(Ins.i32Add).tee(p.r);
  b.i32(ip + 1).i32Store(FRAME_RECORD.returnIp);
  b.get(p.r);
  p.spAt(base);
  b.i32Store(FRAME_RECORD.stackBase);
}

/** Enter the frame whose record is written (the caller's slots already in memory): fp and the slots'
 *  base one frame up, its slots all Undef, in memory and in `st`. */
export function openFrame(p: Pass, base: number, st: State): void {
  if (!p.analysing) {
    const b = p.b;
    b.get(p.fp).i32(1).op(Ins.i32Add).set(p.fp);
    b.get(p.slotsBase).get(p.frameBytes).op(Ins.i32Add).set(p.slotsBase);
    for (let k = 0; k < st.slots.length; k++) b.get(p.slotsBase).i64(UNDEF_BITS).i64Store(k * VALUE_BYTES);
  }
  st.frames.push({ slots: st.slots, depth: base });
  st.slots = st.slots.map(() => Kind.U);
  st.dirty = st.dirty.map(() => false);
}

/** Open an inlined frame at a Call at `ip` (the core's Call: frame record, Undef slots; the caller's
 *  slots to memory first, since the callee's share their locals). */
export function pushFrame(p: Pass, ip: number, base: number, st: State): void {
  if (!p.analysing) {
    spillSlots(p, st);
    frameRecord(p, ip, base);
  }
  openFrame(p, base, st);
}

/** Back in the frame below (fp and the slots' base one frame down), its slots read back from memory
 *  into their locals, as the code left them there when it opened the frame above. */
export function restoreCaller(p: Pass, f: { slots: Kind[] }, st: State): void {
  if (!p.analysing) {
    const b = p.b;
    b.get(p.fp).i32(1).op(Ins.i32Sub).set(p.fp);
    b.get(p.slotsBase).get(p.frameBytes).op(Ins.i32Sub).set(p.slotsBase);
    for (let k = 0; k < f.slots.length; k++) {
      const l = p.slot(k, f.slots[k]!);
      if (!l) continue;
      b.get(p.slotsBase).i64Load(k * VALUE_BYTES).set(p.t64);
      unbox(p, f.slots[k]!);
      b.set(l);
    }
  }
  st.slots = f.slots;
  st.dirty = f.slots.map(() => false);
}

/** Close the innermost inlined frame as the core's Return/ReturnValue does. */
export function popFrame(p: Pass, withValue: boolean, st: State): void {
  const f = st.frames.pop()!;
  const v: Val | undefined = withValue ? (st.stack.length > 0 ? p.pop(st) : { kind: Kind.U, local: undefined }) : undefined;
  if (st.stack.length > f.depth) st.stack.length = f.depth;
  restoreCaller(p, f, st);
  if (v) {
    if (!p.analysing) p.get(v);
    p.push(st, v.kind);
  }
}
