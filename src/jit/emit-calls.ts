// Calls in compiled code: a Call made as a wasm call of the callee's compiled function (subs.ts
// makes one per entry and argument kinds), or inlined along a path (emit-inline.ts), its frame
// written by emit-frames.ts as the core's Call writes it; a sub's Return handing SUB_RETURNED back.

import { HEADER, STATUS, VALUE_BYTES } from '../core/abi.js';
import { SUB_RETURNED } from './emit.js';
import type { Pass, Val } from './emit-pass.js';
import { exit, leave, spill, storeHeaderI32 } from './emit-exits.js';
import { framesFull, frameRecord } from './emit-frames.js';
import { inlinePath } from './emit-inline.js';
import { box, isKind, unbox, UNDEF_BITS } from './emit-values.js';
import { inlinable, leafBody, straightPath } from './inline.js';
import { Kind, type State } from './kinds.js';
import { Ins } from './wasm-writer.js';

// ── Calls ──
/** Call of the sub registered for name `nameIdx` with `argc` arguments: a wasm call of the sub's function
 *  for these argument kinds, after writing what the core's Call writes (the state, the frame, Undef slots).
 *  False when compiled code does not make this call (no entry, too few values): the core does. */
export function call(p: Pass, ip: number, nameIdx: number, argc: number, st: State, adj: number): boolean {
  const entry = p.chunk.findSub(nameIdx);
  const depth = st.stack.length;
  if (entry === undefined || entry >= p.chunk.ops.length || argc > depth || !p.opts.subs) return false;
  if (p.opts.inline && !p.sub) {
    const path = p.opts.inline.get(ip);
    if (path?.length === 0) return compiledCall(p, ip, entry, argc, st, adj); // a site given up on (trace-jit)
    if (path && inlinable(p.chunk, entry, path)) return inlinePath(p, ip, path, argc, st, adj);
    const end = leafBody(p.chunk, entry);
    if (end !== undefined) return inlinePath(p, ip, straightPath(entry, end), argc, st, adj);
  }
  return compiledCall(p, ip, entry, argc, st, adj);
}
export function compiledCall(p: Pass, ip: number, entry: number, argc: number, st: State, adj: number): boolean {
  const depth = st.stack.length;
  if (!p.opts.subs) return false;
  const fn = p.opts.subs.request(entry, st.stack.slice(depth - argc), st.slots.length);
  if (!fn) return false;
  const b = p.b;
  const base = depth - argc;
  if (!p.analysing) {
    spill(p, st);
    // Past the core's frame region the core (and the interpreter behind it) makes the call.
    framesFull(p);
    b.if();
    leave(p, () => b.i32(ip), adj, true);
    b.i32(STATUS.done).return();
    b.end();
    leave(p, () => b.i32(entry), adj - 1, false); // the Call itself has run
    frameRecord(p, ip, base);
    b.i32(0).get(p.fp).i32(1).op(Ins.i32Add).i32Store(HEADER.fp);
    b.get(p.slotsBase).get(p.frameBytes).op(Ins.i32Add).set(p.r);
    for (let k = 0; k < st.slots.length; k++) b.get(p.r).i64(UNDEF_BITS).i64Store(k * VALUE_BYTES);
    b.call(fn.index).tee(p.r).i32(SUB_RETURNED).op(Ins.i32Ne);
    b.if();
    b.get(p.r).return(); // it left to the core (or the run ended): everything is in memory
    b.end();
    // Back from its Return: the op count and fuel are the sub's; the rest of this block is charged ahead.
    b.i32(0).i64Load(HEADER.ops).tee(p.opsEntry).i64(adj - 1).op(Ins.i64Add).set(p.ops);
    p.loadFuel();
  }
  for (let k = 0; k < st.dirty.length; k++) st.dirty[k] = false;
  st.stack.length = base;
  const pushes = fn.ret === 'none' ? 0 : 1;
  if (!p.analysing) {
    // The sub left what it was compiled to leave (the sp, the value's kind), or the core goes on from here.
    b.i32(0).i32Load(HEADER.sp);
    p.spAt(base + pushes);
    b.op(Ins.i32Ne);
    if (pushes) {
      b.get(p.stackBase).i64Load(base * VALUE_BYTES).set(p.t64);
      isKind(p, fn.ret as Kind);
      b.op(Ins.i32Eqz).op(Ins.i32Or);
    }
    if ((adj > 1 || p.succSpan > 0) && !p.opts.unlimitedFuel) b.get(p.ops).i64(p.succSpan).op(Ins.i64Add).get(p.fuel).op(Ins.i64GtS).op(Ins.i32Or);
    b.if();
    leave(p, () => b.i32(ip + 1), adj - 1, true);
    b.i32(STATUS.done).return();
    b.end();
  }
  if (pushes) {
    const k = fn.ret as Kind;
    if (!p.analysing && k !== Kind.U) unbox(p, k);
    p.push(st, k);
  }
  return true;
}

/** Return/ReturnValue ending a block. A sub's function leaves its frame as the core's Return does and
 *  gives SUB_RETURNED to its compiled caller; anywhere else (the base frame, a frame opened before this
 *  code or by PushFrame inside it) the core runs the op. */
export function ret(p: Pass, ip: number, st: State): void {
  if (!p.sub || st.frames.length > 0) return exit(p, ip, st, 1, true);
  const withValue = p.chunk.ops[ip]!.op === 'ReturnValue';
  const v: Val | undefined = withValue ? (st.stack.length > 0 ? p.top(st) : { kind: Kind.U, local: undefined }) : undefined;
  if (p.analysing) {
    if (st.stack.length === 0 && withValue) {
      // ReturnValue on an empty sub stack pops the caller's value: the core's to do.
      p.returns.add(Kind.X);
      return;
    }
    p.returns.add(v ? v.kind : 'none');
    return;
  }
  if (withValue && st.stack.length === 0) return exit(p, ip, st, 1, true);
  const b = p.b;
  if (v) {
    b.get(p.stackBase);
    box(p, v);
    b.i64Store(0);
  }
  storeHeaderI32(p, HEADER.sp, () => p.spAt(v ? 1 : 0));
  storeHeaderI32(p, HEADER.fp, () => b.get(p.fp).i32(1).op(Ins.i32Sub));
  b.i32(0).get(p.ops).i64Store(HEADER.ops);
  b.i32(0).i32(0).i64Load(HEADER.jitOps).get(p.ops).get(p.opsEntry).op(Ins.i64Sub).op(Ins.i64Add).i64Store(HEADER.jitOps);
  b.i32(SUB_RETURNED).return();
}
