// Leaving compiled code, and running an op through the host in the middle of it: the state written
// back to the core's regions (spill), the ip and op count handed over (leave), a side exit (exit),
// and the host-op path that spills, calls hostOp(ip) and reloads what the op's spec says it leaves.

import { HEADER, HOST_OP, JIT_TABLE, STATUS, VALUE_BYTES } from '../core/abi.js';
import { OP_SPECS, stackCount } from '../ops/op.js';
import type { Pass } from './emit-pass.js';
import { box, isContainerTop } from './emit-values.js';
import { cloneState, Kind, type State } from './kinds.js';
import { Ins } from './wasm-writer.js';

export function storeHeaderI32(p: Pass, field: number, value: () => void): void {
  p.b.i32(0);
  value();
  p.b.i32Store(field);
}
/** Write the slots that differ from memory into the current frame's slots. */
export function spillSlots(p: Pass, st: State): void {
  const b = p.b;
  for (let k = 0; k < st.slots.length; k++) {
    if (!st.dirty[k]) continue;
    b.get(p.slotsBase);
    box(p, p.slotVal(st, k));
    b.i64Store(k * VALUE_BYTES);
  }
}
/** Write the slots that differ from memory and the whole stack into the core's regions. */
export function spill(p: Pass, st: State): void {
  const b = p.b;
  spillSlots(p, st);
  for (let d = 0; d < st.stack.length; d++) {
    b.get(p.stackBase);
    box(p, { kind: st.stack[d]!, local: p.stk(d, st.stack[d]!) });
    b.i64Store(d * VALUE_BYTES);
  }
  storeHeaderI32(p, HEADER.sp, () => p.spAt(st.stack.length));
  storeHeaderI32(p, HEADER.fp, () => b.get(p.fp));
}
/** Write ip (pushed by `ip`), the op count less `adj` ops charged ahead, this stretch's jitOps and exits. */
export function leave(p: Pass, ip: () => void, adj: number, side: boolean): void {
  const b = p.b;
  b.i32(0);
  ip();
  b.i32Store(HEADER.ip);
  const done = () => {
    p.opsVal();
    if (adj !== 0) b.i64(adj).op(Ins.i64Sub);
  };
  b.i32(0);
  done();
  b.i64Store(HEADER.ops);
  b.i32(0).i32(0).i64Load(HEADER.jitOps);
  done();
  b.get(p.opsEntry).op(Ins.i64Sub).op(Ins.i64Add).i64Store(HEADER.jitOps);
  if (side) b.i32(0).i32(0).i32Load(HEADER.jitExits).i32(1).op(Ins.i32Add).i32Store(HEADER.jitExits);
}
/** Leave to the core before op `ip` with state `st`; `adj` ops of this block were charged ahead. */
export function exit(p: Pass, ip: number, st: State, adj: number, side: boolean): void {
  if (p.analysing) return;
  if (p.inlineSite !== undefined) p.calleeExits.set(ip, p.inlineSite);
  spill(p, st);
  leave(p, () => p.b.i32(ip), adj, side);
  p.b.i32(STATUS.done).return();
}

/** Run op `ip` through the host, in place on the spilled state. Returns false when the path ends here. */
export function hostPath(p: Pass, ip: number, st: State, adj: number, dynamic: boolean): boolean {
  const b = p.b;
  const spec = OP_SPECS.get(p.chunk.ops[ip]!.op)!;
  const args = p.chunk.ops[ip]!.args;
  if (spec.writesSlots && !dynamic) p.hostWrites.add(p.blockId);
  const depth = st.stack.length;
  const pops = stackCount(spec.pop, args);
  const pushes = stackCount(spec.push, args);
  const base = pops === undefined ? 0 : depth - Math.min(depth, pops);
  const expected = pushes === undefined || pops === undefined ? -1 : base + pushes;
  if (!p.analysing) {
    spill(p, st);
    leave(p, () => b.i32(ip), adj, false);
    p.opsVal();
    b.i64(adj).op(Ins.i64Sub).set(p.opsEntry); // counted into jitOps already
    b.i32(ip).i32(JIT_TABLE.hostOp).callIndirect(p.imports.hostOp).set(p.r);
    // Not run (hand the run to the interpreter) or the run ended inside the op.
    b.get(p.r).i32(0).op(Ins.i32LtS);
    b.if();
    b.get(p.r).i32(HOST_OP.handOver).op(Ins.i32Eq);
    b.if();
    b.i32(STATUS.deopt).return(); // the header already says where and how many
    b.end();
    leave(p, () => b.i32(ip), adj - 1, false);
    b.i32(STATUS.hostStop).return();
    b.end();
    // Control went elsewhere, or the stack is not as the op's spec says: the core goes on from there.
    b.get(p.r).i32(ip + 1).op(Ins.i32Ne);
    if (expected >= 0) {
      b.i32(0).i32Load(HEADER.sp);
      p.spAt(expected);
      b.op(Ins.i32Ne).op(Ins.i32Or);
    }
    else b.i32(1).op(Ins.i32Or);
    b.if();
    leave(p, () => b.get(p.r), adj - 1, true);
    b.i32(STATUS.done).return();
    b.end();
  }
  if (expected < 0) return false;
  if (!dynamic) for (let k = 0; k < st.dirty.length; k++) st.dirty[k] = false;
  st.stack.length = base;
  for (let d = base; d < expected; d++) {
    if (!p.analysing) b.get(p.stackBase).i64Load(d * VALUE_BYTES);
    p.push(st, Kind.X);
  }
  if (spec.writesSlots) {
    for (let k = 0; k < st.slots.length; k++) {
      if (!p.analysing) b.get(p.slotsBase).i64Load(k * VALUE_BYTES).set(p.slot(k, Kind.X)!);
      st.slots[k] = Kind.X;
      if (!dynamic) st.dirty[k] = false;
    }
  }
  if (!p.analysing && (adj > 1 || p.succSpan > 0) && !p.opts.unlimitedFuel) {
    // The host may have charged fuel for the op's work: the rest, to the next check, must still fit.
    p.loadFuel();
    p.opsVal();
    b.i64(p.succSpan).op(Ins.i64Add).get(p.fuel).op(Ins.i64GtS);
    b.if();
    exit(p, ip + 1, st, adj - 1, true);
    b.end();
  }
  return true;
}

/** A value copied out of memory (GetSlot/GetVar/LoadConst/Dup of an Any): containers are copied by the host. */
export function pushBoxedCopy(p: Pass, ip: number, st: State, adj: number, load: () => void): void {
  const b = p.b;
  if (p.analysing) {
    p.push(st, Kind.X);
    return;
  }
  load();
  b.tee(p.t64);
  isContainerTop(p);
  b.if();
  const slow = cloneState(st);
  hostPath(p, ip, slow, adj, true);
  b.else();
  b.get(p.t64);
  p.push(st, Kind.X);
  b.end();
}
