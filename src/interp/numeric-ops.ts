// Handlers for arithmetic, float math, comparisons, strings, truthiness and
// bit ops, as upstream's exec_op; the helpers that build the handler families
// (binArith, binCmp, floatUnary, …) keep each entry one line.

import { Float, type Value } from '../values/value.js';
import { compareStr, isTruthy, toFloat, toInt, valueLen } from '../values/convert.js';
import * as A from './arith.js';
import * as M from '../values/libm.js';
import type { Interpreter } from './interpreter.js';
import { type Handler } from './shapes.js';
/** Two-operand arithmetic that is a no-op with fewer than two values (upstream's arith_int_fast). */
function binArith(intOp: (x: A.I64, y: A.I64) => A.I64, floatOp: (x: number, y: number) => number): Handler {
  return (vm) => {
    const s = vm.stack;
    const n = s.length;
    if (n < 2) return;
    const b = s[n - 1];
    const a = s[n - 2];
    s.length = n - 1;
    s[n - 2] = A.arith(a, b, intOp, floatOp);
  };
}
/** Add and Sub keep their common case — two small ints — off the generic path. */
function fastIntArith(sign: 1 | -1, intOp: (x: A.I64, y: A.I64) => A.I64, floatOp: (x: number, y: number) => number): Handler {
  const slow = binArith(intOp, floatOp);
  return (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    const b = s[n - 1];
    const a = s[n - 2];
    if (typeof a === 'number' && typeof b === 'number' && n >= 2) {
      const r = a + sign * b;
      if (Number.isSafeInteger(r)) {
        s.length = n - 1;
        s[n - 2] = r === 0 ? 0 : r;
        return;
      }
    }
    slow(vm, args, ip);
  };
}
function binCmp(intCmp: (x: A.I64, y: A.I64) => boolean, floatCmp: (x: number, y: number) => boolean): Handler {
  return (vm) => {
    const s = vm.stack;
    if (s.length < 2) return;
    const b = s.pop();
    const a = s.pop();
    s.push(A.numCmp(a, b, intCmp, floatCmp));
  };
}
function strCmp(test: (c: number) => boolean): Handler {
  return (vm) => {
    const b = vm.str(vm.pop());
    const a = vm.str(vm.pop());
    vm.work(0, Math.min(a.length, b.length));
    vm.push(test(compareStr(a, b)));
  };
}
function floatUnary(f: (x: number) => number): Handler {
  return (vm) => vm.push(new Float(f(toFloat(vm.pop()))));
}
function bitOp(f: (x: A.I64, y: A.I64) => A.I64): Handler {
  return (vm) => {
    const b = toInt(vm.pop());
    const a = toInt(vm.pop());
    vm.push(f(a, b));
  };
}

const isIntV = (v: Value): v is A.I64 => typeof v === 'number' || typeof v === 'bigint';

function floorCorrectTop(vm: Interpreter, k: Value): void {
  const kk = typeof k === 'number' || typeof k === 'bigint' ? k : typeof k === 'boolean' ? (k ? 1 : 0) : undefined;
  if (kk === undefined || kk === 0) return;
  const s = vm.stack;
  const top = s[s.length - 1];
  if (isIntV(top)) {
    if (top !== 0 && top < 0 !== kk < 0) s[s.length - 1] = A.addI(top, kk);
  } else if (top instanceof Float) {
    const f = top.value;
    if (f !== 0 && f < 0 !== kk < 0) s[s.length - 1] = new Float(f + Number(kk));
    else if (f === 0) s[s.length - 1] = new Float(0);
  }
}

export const NUMERIC_OPS: Record<string, Handler> = {
  Add: fastIntArith(1, A.addI, (x, y) => x + y),
  Sub: fastIntArith(-1, A.subI, (x, y) => x - y),
  Mul: binArith(A.mulI, (x, y) => x * y),
  Div: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    const d = toFloat(b);
    vm.push(d === 0 ? undefined : new Float(toFloat(a) / d));
  },
  Mod: binArith(A.modI, (x, y) => x % y),
  Pow: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(new Float(A.powF(toFloat(a), toFloat(b))));
  },
  Negate: (vm) => {
    const v = vm.pop();
    if (typeof v === 'number' || typeof v === 'bigint') vm.push(A.negI(v));
    else vm.push(new Float(-toFloat(v)));
  },
  Inc: (vm) => vm.push(A.addI(toInt(vm.pop()), 1)),
  Dec: (vm) => vm.push(A.subI(toInt(vm.pop()), 1)),
  Concat: (vm) => {
    const b = vm.str(vm.pop());
    const a = vm.str(vm.pop());
    vm.newString(a.length + b.length);
    vm.push(a + b);
  },
  StringRepeat: (vm) => {
    const count = toInt(vm.pop());
    const s = vm.str(vm.pop());
    const c = count > 0 && s.length > 0 ? Number(count) : 0;
    vm.newString(s.length * c);
    vm.push(s.repeat(c));
  },
  StringLen: (vm) => {
    const v = vm.pop();
    if (typeof v === 'string') vm.work(0, v.length); // UTF-8 length: a scan
    vm.push(Array.isArray(v) || v instanceof Map ? valueLen(v) : valueLen(vm.str(v)));
  },
  PowFloat: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(new Float(A.powF(toFloat(a), toFloat(b))));
  },
  SqrtFloat: floatUnary(Math.sqrt),
  SinFloat: floatUnary(M.sin),
  CosFloat: floatUnary(M.cos),
  ExpFloat: floatUnary(M.exp),
  Atan2Float: (vm) => {
    const x = toFloat(vm.pop());
    const y = toFloat(vm.pop());
    vm.push(new Float(M.atan2(y, x)));
  },
  LogFloat: floatUnary(M.log),
  AbsFloat: floatUnary(Math.abs),
  TruncInt: (vm) => vm.push(toInt(vm.pop())),
  CeilFloat: floatUnary(Math.ceil),
  FloorFloat: floatUnary(Math.floor),
  TruncFloat: floatUnary(Math.trunc),
  RoundFloat: floatUnary(A.roundTiesEven),
  TanFloat: floatUnary(M.tan),
  AsinFloat: floatUnary(M.asin),
  AcosFloat: floatUnary(M.acos),
  AtanFloat: floatUnary(M.atan),
  SinhFloat: floatUnary(M.sinh),
  CoshFloat: floatUnary(M.cosh),
  TanhFloat: floatUnary(M.tanh),
  Log2Float: floatUnary(M.log2),
  Log10Float: floatUnary(M.log10),
  AbsInt: (vm) => vm.push(A.absI(toInt(vm.pop()))),
  GcdInt: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(A.gcdU(a, b));
  },
  LcmInt: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(A.lcmU(a, b));
  },
  TimeInt: (vm) => vm.push(Math.floor(Date.now() / 1000)),
  MulModFloor: (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 3 && s.slice(n - 3).every(isIntV)) {
      const k = s.pop() as A.I64;
      const b = s.pop() as A.I64;
      const a = s.pop() as A.I64;
      s.push(A.floorRem(BigInt(a) * BigInt(b), k));
      return;
    }
    const k = vm.pop();
    NUMERIC_OPS.Mul!(vm, args, ip);
    vm.push(k);
    NUMERIC_OPS.Mod!(vm, args, ip);
    floorCorrectTop(vm, k);
  },
  MulAddModFloor: (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 4 && s.slice(n - 4).every(isIntV)) {
      const k = s.pop() as A.I64;
      const c = s.pop() as A.I64;
      const b = s.pop() as A.I64;
      const a = s.pop() as A.I64;
      s.push(A.floorRem(BigInt(a) * BigInt(b) + BigInt(c), k));
      return;
    }
    const k = vm.pop();
    const c = vm.pop();
    NUMERIC_OPS.Mul!(vm, args, ip);
    vm.push(c);
    NUMERIC_OPS.Add!(vm, args, ip);
    vm.push(k);
    NUMERIC_OPS.Mod!(vm, args, ip);
    floorCorrectTop(vm, k);
  },

  NumEq: binCmp((x, y) => x === y, (x, y) => x === y),
  NumNe: binCmp((x, y) => x !== y, (x, y) => x !== y),
  NumLt: binCmp((x, y) => x < y, (x, y) => x < y),
  NumGt: binCmp((x, y) => x > y, (x, y) => x > y),
  NumLe: binCmp((x, y) => x <= y, (x, y) => x <= y),
  NumGe: binCmp((x, y) => x >= y, (x, y) => x >= y),
  Spaceship: (vm) => {
    const s = vm.stack;
    if (s.length < 2) return;
    const b = s.pop();
    const a = s.pop();
    if (isIntV(a) && isIntV(b)) s.push(A.cmpI(a, b));
    else {
      const x = toFloat(a);
      const y = toFloat(b);
      s.push(x < y ? -1 : x > y ? 1 : 0);
    }
  },
  StrEq: strCmp((c) => c === 0),
  StrNe: strCmp((c) => c !== 0),
  StrLt: strCmp((c) => c < 0),
  StrGt: strCmp((c) => c > 0),
  StrLe: strCmp((c) => c <= 0),
  StrGe: strCmp((c) => c >= 0),
  StrCmp: (vm) => {
    const b = vm.str(vm.pop());
    const a = vm.str(vm.pop());
    vm.work(0, Math.min(a.length, b.length));
    vm.push(compareStr(a, b));
  },

  RubyTruthy: (vm) => {
    const v = vm.pop();
    vm.push(!(v === undefined || v === false));
  },
  LogNot: (vm) => vm.push(!isTruthy(vm.pop())),
  LogAnd: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(isTruthy(a) && isTruthy(b));
  },
  LogOr: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(isTruthy(a) || isTruthy(b));
  },
  BitAnd: bitOp(A.andI),
  BitOr: bitOp(A.orI),
  BitXor: bitOp(A.xorI),
  BitNot: (vm) => vm.push(A.notI(toInt(vm.pop()))),
  Shl: bitOp(A.shlI),
  Shr: bitOp(A.shrI),
};
