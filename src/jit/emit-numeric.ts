// The numeric ops' own wasm: arithmetic, comparisons, logic and bit ops, and the fused slot
// increments, on unboxed Int/Float/Bool locals by kind; with a boxed operand, Add/Sub/Mul and the
// comparisons take emit-any.ts's run-time cases, the rest go to the host.

import { anyBinary } from './emit-any.js';
import { exit } from './emit-exits.js';
import type { Pass, Val } from './emit-pass.js';
import { asF64, asI64, NUMERIC, truth } from './emit-values.js';
import { Kind, type State } from './kinds.js';
import { Ins, ValType } from './wasm-writer.js';

/** The numeric value on top, popped; undefined (the op is the host's) on an empty stack or a boxed value. */
function unaryOperand(p: Pass, st: State): Val | undefined {
  if (st.stack.length === 0) return undefined;
  const v = p.top(st);
  if (!NUMERIC(v.kind)) return undefined;
  st.stack.pop();
  return v;
}

/** Arithmetic, comparison, logic and bit ops (native's rest); false when the kinds are not ones it specialises. */
export function numeric(p: Pass, ip: number, name: string, args: readonly (number | bigint)[], st: State, adj: number): boolean {
  const b = p.b;
  const depth = st.stack.length;
  const a0 = args[0];
  switch (name) {
    case 'Add':
    case 'Sub':
    case 'Mul': {
      if (depth < 2) return true; // upstream: a no-op on a short stack
      const x = p.top(st, 1), y = p.top(st);
      if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) {
        const [io, fo] = name === 'Add' ? [Ins.i64Add, Ins.f64Add] : name === 'Sub' ? [Ins.i64Sub, Ins.f64Sub] : [Ins.i64Mul, Ins.f64Mul];
        return anyBinary(p, ip, st, adj, io, fo, false);
      }
      st.stack.length -= 2;
      if (x.kind === Kind.I && y.kind === Kind.I) {
        p.get(x);
        p.get(y);
        b.op(name === 'Add' ? Ins.i64Add : name === 'Sub' ? Ins.i64Sub : Ins.i64Mul);
        p.push(st, Kind.I);
      } else {
        asF64(p, x);
        asF64(p, y);
        b.op(name === 'Add' ? Ins.f64Add : name === 'Sub' ? Ins.f64Sub : Ins.f64Mul);
        p.push(st, Kind.F);
      }
      return true;
    }
    case 'Div': {
      if (depth < 2) return false;
      const x = p.top(st, 1), y = p.top(st);
      if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
      if (!p.analysing) {
        // A zero divisor gives Undef: the core runs that case.
        asF64(p, y);
        b.f64(0).op(Ins.f64Eq);
        b.if();
        exit(p, ip, st, adj, true);
        b.end();
      }
      st.stack.length -= 2;
      asF64(p, x);
      asF64(p, y);
      b.op(Ins.f64Div);
      p.push(st, Kind.F);
      return true;
    }
    case 'Mod': {
      if (depth < 2) return true;
      const x = p.top(st, 1), y = p.top(st);
      if (x.kind !== Kind.I || y.kind !== Kind.I) return false;
      st.stack.length -= 2;
      // Truncating i64 remainder; 0 for a zero divisor and for -1 (MIN % -1 would trap).
      p.get(y);
      b.i64(1).op(Ins.i64Add).i64(1).op(Ins.i64LeU);
      b.if(ValType.i64);
      b.i64(0);
      b.else();
      p.get(x);
      p.get(y);
      b.op(Ins.i64RemS);
      b.end();
      p.push(st, Kind.I);
      return true;
    }
    case 'Negate': {
      const v = unaryOperand(p, st);
      if (!v) return false;
      if (v.kind === Kind.I) {
        b.i64(0);
        p.get(v);
        b.op(Ins.i64Sub);
        p.push(st, Kind.I);
      } else {
        asF64(p, v);
        b.op(Ins.f64Neg);
        p.push(st, Kind.F);
      }
      return true;
    }
    case 'Inc':
    case 'Dec':
    case 'BitNot':
    case 'AbsInt':
    case 'TruncInt': {
      const v = unaryOperand(p, st);
      if (!v) return false;
      if (name === 'AbsInt') {
        asI64(p, v);
        b.set(p.t64);
        b.i64(0).get(p.t64).op(Ins.i64Sub).get(p.t64).get(p.t64).i64(0).op(Ins.i64LtS).op(Ins.select);
      } else {
        asI64(p, v);
        if (name === 'Inc') b.i64(1).op(Ins.i64Add);
        else if (name === 'Dec') b.i64(1).op(Ins.i64Sub);
        else if (name === 'BitNot') b.i64(-1).op(Ins.i64Xor);
      }
      p.push(st, Kind.I);
      return true;
    }
    case 'SqrtFloat':
    case 'AbsFloat':
    case 'CeilFloat':
    case 'FloorFloat':
    case 'TruncFloat': {
      const v = unaryOperand(p, st);
      if (!v) return false;
      asF64(p, v);
      b.op({ SqrtFloat: Ins.f64Sqrt, AbsFloat: Ins.f64Abs, CeilFloat: Ins.f64Ceil, FloorFloat: Ins.f64Floor, TruncFloat: Ins.f64Trunc }[name]);
      p.push(st, Kind.F);
      return true;
    }
    case 'NumEq':
    case 'NumNe':
    case 'NumLt':
    case 'NumGt':
    case 'NumLe':
    case 'NumGe':
    case 'Spaceship': {
      if (depth < 2) return true;
      const x = p.top(st, 1), y = p.top(st);
      if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) {
        if (name === 'Spaceship') return false;
        const ops = { NumEq: [Ins.i64Eq, Ins.f64Eq], NumNe: [Ins.i64Ne, Ins.f64Ne], NumLt: [Ins.i64LtS, Ins.f64Lt], NumGt: [Ins.i64GtS, Ins.f64Gt], NumLe: [Ins.i64LeS, Ins.f64Le], NumGe: [Ins.i64GeS, Ins.f64Ge] }[name];
        return anyBinary(p, ip, st, adj, ops[0]!, ops[1]!, true);
      }
      st.stack.length -= 2;
      const ints = x.kind === Kind.I && y.kind === Kind.I;
      const load = () => {
        if (ints) {
          p.get(x);
          p.get(y);
        } else {
          asF64(p, x);
          asF64(p, y);
        }
      };
      if (name === 'Spaceship') {
        load();
        b.op(ints ? Ins.i64GtS : Ins.f64Gt);
        load();
        b.op(ints ? Ins.i64LtS : Ins.f64Lt);
        b.op(Ins.i32Sub).op(Ins.i64ExtendI32S);
        p.push(st, Kind.I);
        return true;
      }
      load();
      const table = ints
        ? { NumEq: Ins.i64Eq, NumNe: Ins.i64Ne, NumLt: Ins.i64LtS, NumGt: Ins.i64GtS, NumLe: Ins.i64LeS, NumGe: Ins.i64GeS }
        : { NumEq: Ins.f64Eq, NumNe: Ins.f64Ne, NumLt: Ins.f64Lt, NumGt: Ins.f64Gt, NumLe: Ins.f64Le, NumGe: Ins.f64Ge };
      b.op(table[name]);
      p.push(st, Kind.B);
      return true;
    }
    case 'LogNot': {
      const v = unaryOperand(p, st);
      if (!v) return false;
      truth(p, v);
      b.op(Ins.i32Eqz);
      p.push(st, Kind.B);
      return true;
    }
    case 'LogAnd':
    case 'LogOr': {
      if (depth < 2) return false;
      const x = p.top(st, 1), y = p.top(st);
      if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
      st.stack.length -= 2;
      truth(p, x);
      truth(p, y);
      b.op(name === 'LogAnd' ? Ins.i32And : Ins.i32Or);
      p.push(st, Kind.B);
      return true;
    }
    case 'BitAnd':
    case 'BitOr':
    case 'BitXor':
    case 'Shl':
    case 'Shr': {
      if (depth < 2) return false;
      const x = p.top(st, 1), y = p.top(st);
      if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
      st.stack.length -= 2;
      asI64(p, x);
      asI64(p, y);
      // wasm masks shift counts by 63, as upstream's `b & 63`
      b.op({ BitAnd: Ins.i64And, BitOr: Ins.i64Or, BitXor: Ins.i64Xor, Shl: Ins.i64Shl, Shr: Ins.i64ShrS }[name]);
      p.push(st, Kind.I);
      return true;
    }
    case 'PreIncSlot':
    case 'PreIncSlotVoid':
    case 'PreDecSlot':
    case 'PostIncSlot':
    case 'PostDecSlot': {
      const k = Number(a0);
      const v = p.slotVal(st, k);
      if (!NUMERIC(v.kind)) return false;
      const dec = name === 'PreDecSlot' || name === 'PostDecSlot';
      asI64(p, v);
      b.set(p.t64);
      b.get(p.t64).i64(1).op(dec ? Ins.i64Sub : Ins.i64Add);
      p.setSlot(st, k, Kind.I);
      if (name === 'PreIncSlot' || name === 'PreDecSlot') {
        b.get(p.slot(k, Kind.I)!);
        p.push(st, Kind.I);
      } else if (name !== 'PreIncSlotVoid') {
        b.get(p.t64);
        p.push(st, Kind.I);
      }
      return true;
    }
    case 'AddAssignSlotVoid': {
      const x = p.slotVal(st, Number(a0)), y = p.slotVal(st, Number(args[1]));
      if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
      asI64(p, x);
      asI64(p, y);
      b.op(Ins.i64Add);
      p.setSlot(st, Number(a0), Kind.I);
      return true;
    }
  }
  return false;
}
