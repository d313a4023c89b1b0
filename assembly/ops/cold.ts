// The dispatch loop's cold cases: ops that are rarely the body of a hot loop
// (division, unary and logical ops, bitwise ops, float rounding, the fused
// AccumSumLoop that is a whole loop in one op), moved out of `run` so that
// `run` stays small. V8 runs `run` in its baseline tier (Liftoff, ~3× slower)
// until its optimised code is compiled in the background, and that compile
// time grows with the function's size (10 KB of body: ~13 ms on a quiet
// machine, ~40 ms on a busy one); a process's first long run pays for it
// (bench/SPEED-17.md). Each function here tiers up on its own, only when used.
//
// The two functions are big enough that Binaryen does not inline them back
// into their one caller (asc -O3 inlines a one-caller function up to 200 IR
// nodes); tests-ts/core-size.test.ts checks that the built core keeps them apart.
// The case bodies are those of the loop: -1 is the loop's `ok = false` (the
// host runs the op in place), anything else the new stack height.

import * as O from '../opcodes.generated';
import { VALUE_BYTES } from '../abi.generated';
import { NO_INT, bitwise, hasFloat, remInt, toFloat, toInt } from './numeric';
import { UNDEF, fitsInt, intOf, isInt, mkBool, mkFloat, mkInt, truthy } from '../value';
import { anyIntOf, boxI64, isAnyInt } from '../wide';

/** Run the cold stack op `op` on the `sp` values at `stack` (room for
 *  `stackCap`): the new stack height, or -1 to leave the op to the host. */
export function coldStackOp(op: i32, stack: i32, sp: i32, stackCap: i32): i32 {
  switch (op) {
    case O.OP_Div: {
      // pops (Undef when short); a zero divisor gives Undef
      const b2 = sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF;
      const a2 = sp > 1 ? load<u64>(stack + (sp - 2) * VALUE_BYTES) : UNDEF;
      if (!hasFloat(a2) || !hasFloat(b2)) return -1;
      const d = toFloat(b2);
      if (sp > 0) sp--;
      if (sp > 0) sp--;
      store<u64>(stack + sp * VALUE_BYTES, d == 0 ? UNDEF : mkFloat(toFloat(a2) / d)); sp++;
      return sp;
    }
    case O.OP_Mod: {
      if (sp < 2) return sp; // a no-op on a short stack, like Add
      const x = load<u64>(stack + (sp - 2) * VALUE_BYTES), y = load<u64>(stack + (sp - 1) * VALUE_BYTES);
      let r: u64 = 0;
      if (isInt(x) && isInt(y)) r = mkInt(remInt(intOf(x), intOf(y)));
      else if (isAnyInt(x) && isAnyInt(y)) {
        r = boxI64(remInt(anyIntOf(x), anyIntOf(y)));
        if (r == 0) return -1; // no cell free
      } else if (hasFloat(x) && hasFloat(y)) r = mkFloat(toFloat(x) % toFloat(y));
      else return -1;
      sp--; store<u64>(stack + (sp - 1) * VALUE_BYTES, r);
      return sp;
    }
    case O.OP_Negate: {
      const v = sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF;
      let r: u64 = 0;
      if (isAnyInt(v)) {
        r = boxI64(-anyIntOf(v)); // wrapping: -i64::MIN is i64::MIN
        if (r == 0) return -1;
      } else if (hasFloat(v)) r = mkFloat(-toFloat(v));
      else return -1;
      if (sp == 0) { if (sp >= stackCap) return -1; sp++; }
      store<u64>(stack + (sp - 1) * VALUE_BYTES, r);
      return sp;
    }
    case O.OP_Spaceship: {
      if (sp < 2) return sp;
      const x = load<u64>(stack + (sp - 2) * VALUE_BYTES), y = load<u64>(stack + (sp - 1) * VALUE_BYTES);
      let c: i64 = 0;
      if (isAnyInt(x) && isAnyInt(y)) { const i = anyIntOf(x), j = anyIntOf(y); c = i < j ? -1 : i > j ? 1 : 0; }
      else if (hasFloat(x) && hasFloat(y)) { const f = toFloat(x), g = toFloat(y); c = f < g ? -1 : f > g ? 1 : 0; }
      else return -1;
      sp--; store<u64>(stack + (sp - 1) * VALUE_BYTES, mkInt(c));
      return sp;
    }
    case O.OP_LogNot: {
      const t = truthy(sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF);
      if (t < 0) return -1;
      if (sp == 0) { if (sp >= stackCap) return -1; sp++; }
      store<u64>(stack + (sp - 1) * VALUE_BYTES, mkBool(t == 0));
      return sp;
    }
    case O.OP_LogAnd: case O.OP_LogOr: {
      const tb = truthy(sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF);
      const ta = truthy(sp > 1 ? load<u64>(stack + (sp - 2) * VALUE_BYTES) : UNDEF);
      if (ta < 0 || tb < 0) return -1;
      if (sp > 0) sp--;
      if (sp > 0) sp--;
      store<u64>(stack + sp * VALUE_BYTES, mkBool(op == O.OP_LogAnd ? ta == 1 && tb == 1 : ta == 1 || tb == 1)); sp++;
      return sp;
    }
    case O.OP_BitAnd: case O.OP_BitOr: case O.OP_BitXor: case O.OP_Shl: case O.OP_Shr: {
      const y = toInt(sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF);
      const x = toInt(sp > 1 ? load<u64>(stack + (sp - 2) * VALUE_BYTES) : UNDEF);
      if (x == NO_INT || y == NO_INT) return -1;
      const r = boxI64(bitwise(op, x, y));
      if (r == 0) return -1;
      if (sp > 0) sp--;
      if (sp > 0) sp--;
      store<u64>(stack + sp * VALUE_BYTES, r); sp++;
      return sp;
    }
    case O.OP_BitNot: case O.OP_AbsInt: case O.OP_TruncInt: {
      const x = toInt(sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF);
      if (x == NO_INT) return -1;
      const r = boxI64(op == O.OP_BitNot ? ~x : op == O.OP_AbsInt ? (x < 0 ? -x : x) : x);
      if (r == 0) return -1;
      if (sp == 0) { if (sp >= stackCap) return -1; sp++; }
      store<u64>(stack + (sp - 1) * VALUE_BYTES, r);
      return sp;
    }
    case O.OP_SqrtFloat: case O.OP_AbsFloat: case O.OP_CeilFloat: case O.OP_FloorFloat: case O.OP_TruncFloat: {
      // the correctly rounded ones: wasm and JS agree to the bit
      const v = sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF;
      if (!hasFloat(v)) return -1;
      const f = toFloat(v);
      const r = op == O.OP_SqrtFloat ? Math.sqrt(f) : op == O.OP_AbsFloat ? Math.abs(f) : op == O.OP_CeilFloat ? Math.ceil(f) : op == O.OP_FloorFloat ? Math.floor(f) : Math.trunc(f);
      if (sp == 0) { if (sp >= stackCap) return -1; sp++; }
      store<u64>(stack + (sp - 1) * VALUE_BYTES, mkFloat(r));
      return sp;
    }
  }
  return -1;
}

/** AccumSumLoop(a = sum slot, b = i slot, c = limit) on the frame's `slots`,
 *  both slots in range: false to leave the op to the host. */
export function accumSumLoop(slots: i32, a: i32, b: i32, c: i32): bool {
  let sum = toInt(load<u64>(slots + a * VALUE_BYTES));
  let i = toInt(load<u64>(slots + b * VALUE_BYTES));
  if (sum == NO_INT || i == NO_INT) return false;
  const lim = <i64>c;
  if (i < lim) {
    // closed form: the sum of i..lim-1; estimated in f64 first so the
    // exact i64 arithmetic below cannot overflow
    const cnt = lim - i;
    const est = <f64>cnt * (<f64>i + <f64>lim - 1.0) / 2.0;
    if (abs<f64>(est) + abs<f64>(<f64>sum) > 140737488355327.0) return false;
    const add = cnt % 2 == 0 ? (cnt / 2) * (i + lim - 1) : cnt * ((i + lim - 1) / 2);
    sum += add;
    i = lim;
  }
  if (!fitsInt(sum) || !fitsInt(i)) return false; // (toInt reads wide Ints too: those go to the host)
  store<u64>(slots + a * VALUE_BYTES, mkInt(sum));
  store<u64>(slots + b * VALUE_BYTES, mkInt(i));
  return true;
}
