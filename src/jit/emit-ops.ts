// Lowering one op: its own wasm where the op table says `jit: 'native'` and the kinds fit, else
// the host-op path, or an exit for a frame op the code did not open. The stack, slot, variable,
// frame and call ops are here; arithmetic, comparisons and bit ops in emit-numeric.ts.

import { VALUE_BYTES } from '../core/abi.js';
import { OP_SPECS, stackCount } from '../ops/op.js';
import type { OpSpec } from '../ops/table.js';
import { Float } from '../values/value.js';
import { call } from './emit-calls.js';
import { exit, hostPath, pushBoxedCopy, spillSlots } from './emit-exits.js';
import { frameRecord, framesFull, openFrame, restoreCaller } from './emit-frames.js';
import { numeric } from './emit-numeric.js';
import type { Pass, Val } from './emit-pass.js';
import { box } from './emit-values.js';
import { Kind, type State } from './kinds.js';

// ── Ops ──
/** Lower the op at `ip` (not a block terminator). Returns false when the path ends. */
export function op(p: Pass, ip: number, st: State, adj: number): boolean {
  const ins = p.chunk.ops[ip]!;
  const spec = OP_SPECS.get(ins.op)!;
  if (spec.jit === 'native' && native(p, ip, ins.op, ins.args, spec, st, adj)) {
    if (!p.ended) return true;
    p.ended = false;
    return false;
  }
  if (spec.frames) {
    // A frame op compiled code cannot do itself (a frame it did not open): the core does it.
    exit(p, ip, st, adj, true);
    return false;
  }
  return hostPath(p, ip, st, adj, false);
}

/** Push a copy of `v` (Dup, GetSlot): a boxed value through pushBoxedCopy, as a container's copy is the host's. */
function pushCopy(p: Pass, ip: number, st: State, adj: number, v: Val): void {
  if (v.kind === Kind.X) pushBoxedCopy(p, ip, st, adj, () => p.get(v));
  else {
    p.get(v);
    p.push(st, v.kind);
  }
}

/** The op's own wasm; false when the kinds or stack height are not ones it specialises (the host runs it). */
export function native(p: Pass, ip: number, name: string, args: readonly (number | bigint)[], spec: OpSpec, st: State, adj: number): boolean {
  const b = p.b;
  const depth = st.stack.length;
  const a0 = args[0];
  // In a sub's function the caller's values lie under depth 0: what an op does on a short
  // stack is the host's to do there, on the whole stack.
  if (p.sub && name !== 'Call') {
    const pops = stackCount(spec.pop, args);
    if (pops === undefined || pops > depth) return false;
  }
  switch (name) {
    case 'Nop':
      return true;
    case 'LoadInt':
      b.i64(a0!);
      p.push(st, Kind.I);
      return true;
    case 'LoadFloat':
      b.f64(Number(a0));
      p.push(st, Kind.F);
      return true;
    case 'LoadTrue':
    case 'LoadFalse':
      b.i32(name === 'LoadTrue' ? 1 : 0);
      p.push(st, Kind.B);
      return true;
    case 'LoadUndef':
      p.push(st, Kind.U);
      return true;
    case 'LoadConst': {
      const k = Number(a0);
      if (k >= p.chunk.constants.length) return false;
      const c = p.chunk.constants[k];
      if (typeof c === 'number' || typeof c === 'bigint') {
        b.i64(c);
        p.push(st, Kind.I);
      } else if (c instanceof Float) {
        b.f64(c.value);
        p.push(st, Kind.F);
      } else if (typeof c === 'boolean') {
        b.i32(c ? 1 : 0);
        p.push(st, Kind.B);
      } else if (c === undefined) p.push(st, Kind.U);
      else pushBoxedCopy(p, ip, st, adj, () => b.get(p.pool).i64Load(k * VALUE_BYTES));
      return true;
    }
    case 'Pop':
      if (depth > 0) st.stack.pop();
      return true;
    case 'PushFrame': {
      if (!p.analysing) {
        // Past the core's frame region the core (and the interpreter behind it) takes the frame.
        framesFull(p);
        b.if();
        exit(p, ip, st, adj, true);
        b.end();
        frameRecord(p, ip, depth);
        // The frame left behind keeps its slots in memory; the new one starts all Undef.
        spillSlots(p, st);
      }
      openFrame(p, depth, st);
      return true;
    }
    case 'PopFrame': {
      const f = st.frames.pop();
      if (!f) return false; // a frame opened before this code: the core closes it
      restoreCaller(p, f, st);
      if (st.stack.length > f.depth) st.stack.length = f.depth;
      return true;
    }
    case 'Call':
      return call(p, ip, Number(a0), Number(args[1]), st, adj);
    case 'Dup': {
      if (depth === 0) {
        p.push(st, Kind.U);
        return true;
      }
      const v = p.top(st);
      pushCopy(p, ip, st, adj, v);
      return true;
    }
    case 'Dup2': {
      if (depth < 2) return true;
      const x = p.top(st, 1), y = p.top(st);
      if (x.kind === Kind.X || y.kind === Kind.X) return false;
      p.get(x);
      p.push(st, x.kind);
      p.get(y);
      p.push(st, y.kind);
      return true;
    }
    case 'Swap': {
      if (depth < 2) return true;
      const y = p.pop(st), x = p.pop(st);
      p.get(x);
      p.get(y);
      // y is on top of the wasm stack: it goes lower
      const ly = p.stk(depth - 2, y.kind), lx = p.stk(depth - 1, x.kind);
      if (ly) b.set(ly);
      if (lx) b.set(lx);
      st.stack.push(y.kind, x.kind);
      return true;
    }
    case 'Rot': {
      if (depth < 3) return true;
      const z = p.pop(st), y = p.pop(st), x = p.pop(st);
      p.get(y);
      p.get(z);
      p.get(x);
      const lx = p.stk(depth - 1, x.kind), lz = p.stk(depth - 2, z.kind), ly = p.stk(depth - 3, y.kind);
      if (lx) b.set(lx);
      if (lz) b.set(lz);
      if (ly) b.set(ly);
      st.stack.push(y.kind, z.kind, x.kind);
      return true;
    }
    case 'GetSlot': {
      const v = p.slotVal(st, Number(a0));
      pushCopy(p, ip, st, adj, v);
      return true;
    }
    case 'SetSlot': {
      const v: Val = depth > 0 ? p.pop(st) : { kind: Kind.U, local: undefined };
      p.get(v);
      p.setSlot(st, Number(a0), v.kind);
      return true;
    }
    case 'GetVar': {
      const k = Number(a0);
      if (k >= p.chunk.names.length) return false;
      pushBoxedCopy(p, ip, st, adj, () => b.get(p.globals).i64Load(k * VALUE_BYTES));
      return true;
    }
    case 'SetVar':
    case 'DeclareVar': {
      const k = Number(a0);
      if (k >= p.chunk.names.length) return false;
      const v: Val = depth > 0 ? p.pop(st) : { kind: Kind.U, local: undefined };
      b.get(p.globals);
      box(p, v);
      b.i64Store(k * VALUE_BYTES);
      return true;
    }
  }
  void spec;
  return numeric(p, ip, name, args, st, adj);
}
