// Arithmetic and comparisons with a boxed (Any) operand, in the interpreter's order of cases: two
// Ints wrap as i64, plain numbers go through f64, anything else (strings, handles, containers) runs
// through the host. Tested at run time where the kinds are not known when compiling.

import { cloneState, Kind, type State } from './kinds.js';
import type { Pass, Val } from './emit-pass.js';
import { hostPath } from './emit-exits.js';
import { anyAsF64, anyIsInt, anyIsPlain, asF64, asI64, box, boxInt, SHIFT } from './emit-values.js';
import { Ins, ValType } from './wasm-writer.js';

/** Emit an i32 condition over operands, each either known (true/false) or tested at run time; undefined when all are known. */
function all(p: Pass, parts: (boolean | (() => void))[]): boolean | (() => void) {
  if (parts.some((q) => q === false)) return false;
  const tests = parts.filter((q): q is () => void => typeof q === 'function');
  if (tests.length === 0) return true;
  return () => {
    tests.forEach((t, k) => {
      t();
      if (k > 0) p.b.op(Ins.i32And);
    });
  };
}
/** Add/Sub/Mul or a comparison with a boxed operand: two Ints wrap as i64 (the result boxed, a handle past the
 *  inline range), plain numbers go through f64, anything else through the host, as the interpreter's arith. */
export function anyBinary(p: Pass, ip: number, st: State, adj: number, intOp: number, floatOp: number, compare: boolean): boolean {
  const b = p.b;
  const x = p.top(st, 1), y = p.top(st);
  const d = st.stack.length - 2;
  const isInt = (v: Val) => (v.kind === Kind.X ? () => anyIsInt(p, v.local!) : v.kind === Kind.I);
  const isPlain = (v: Val) => (v.kind === Kind.X ? () => anyIsPlain(p, v.local!) : true);
  const i64Of = (v: Val) => (v.kind === Kind.X ? b.get(v.local!).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS) : asI64(p, v));
  const f64Of = (v: Val) => (v.kind === Kind.X ? anyAsF64(p, v.local!) : asF64(p, v));
  const ints = all(p, [isInt(x), isInt(y)]);
  const plain = all(p, [isPlain(x), isPlain(y)]);
  const result = compare ? Kind.B : Kind.X;
  const rt = compare ? ValType.i32 : ValType.i64;
  if (p.analysing) {
    const slow = cloneState(st);
    hostPath(p, ip, slow, adj, true);
    st.stack.length = d;
    p.push(st, result);
    return true;
  }
  const intCase = () => {
    i64Of(x);
    i64Of(y);
    b.op(intOp);
    if (!compare) {
      b.set(p.t64);
      boxInt(p, p.t64);
    }
  };
  const floatCase = () => {
    f64Of(x);
    f64Of(y);
    b.op(floatOp);
    if (!compare) {
      const f = p.stk(d, Kind.F)!; // the result's depth: free as scratch
      b.set(f);
      box(p, { kind: Kind.F, local: f });
    }
  };
  const hostCase = () => {
    const slow = cloneState(st);
    hostPath(p, ip, slow, adj, true);
    b.get(p.stk(d, Kind.X)!);
    if (compare) b.op(Ins.i32WrapI64).i32(1).op(Ins.i32And); // the interpreter's comparisons give a Bool
  };
  const cond = (c: boolean | (() => void), then: () => void, otherwise: () => void) => {
    if (c === true) return then();
    if (c === false) return otherwise();
    c();
    b.if(rt);
    then();
    b.else();
    otherwise();
    b.end();
  };
  cond(ints, intCase, () => cond(plain, floatCase, hostCase));
  st.stack.length = d;
  p.push(st, result);
  return true;
}
