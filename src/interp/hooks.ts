// Strict numeric and strict undef modes (upstream's NumericHook, SitedNumericHook,
// fixnum range, UndefHook): the handlers the ops marked `hook` in the op table
// run while a hook is installed. Without one the default handlers run unchanged.

import type { Chunk } from '../chunk/chunk.js';
import { FuseVMError } from '../errors.js';
import { Float, normInt, type Value } from '../values/value.js';
import { toFloat } from '../values/convert.js';
import * as A from './arith.js';
import type { Interpreter } from './interpreter.js';
import { OpFailure, type Handler } from './shapes.js';

/** The arithmetic or comparison that reached a numeric hook (upstream's NumOp). */
export type NumOp = 'Add' | 'Sub' | 'Mul' | 'Div' | 'Mod' | 'Pow' | 'Neg' | 'Lt' | 'Gt' | 'Le' | 'Ge' | 'Eq' | 'Ne';

/** Returns the result to push, or throws to end the run with a VMRuntimeError
 *  carrying the thrown message. `b` is Undef for Neg. */
export type NumericHook = (op: NumOp, a: Value, b: Value) => Value;

/** What a sited hook is told: the arithmetic and where it is. */
export interface NumericCall {
  readonly op: NumOp;
  readonly a: Value;
  readonly b: Value;
  /** The chunk running the op. */
  readonly chunk: Chunk;
  /** Upstream's u64 identity of that chunk (Chunk.identity). */
  readonly chunkId: bigint;
  /** The op's index in that chunk. */
  readonly ip: number;
}
export type SitedNumericHook = (call: NumericCall) => Value;

/** A read of a variable never assigned. `name` is the global's name; undefined for a slot. */
export interface UndefRead {
  readonly name: string | undefined;
  readonly index: number;
  readonly fromSlot: boolean;
  readonly chunk: Chunk;
  /** Upstream's u64 identity of the chunk (Chunk.identity). */
  readonly chunkId: bigint;
  readonly ip: number;
}
/** Returns the value to push (Undef keeps the default reading), or throws. */
export type UndefHook = (read: UndefRead) => Value;

/** What the VM has installed; one object shared by the VM and its backend. */
export interface Policy {
  numeric?: NumericHook;
  sited?: SitedNumericHook;
  /** Inclusive range kept as a native Int in strict numeric mode. */
  fixnum?: readonly [bigint, bigint];
  undef?: UndefHook;
}
export const strictNumeric = (p: Policy | undefined): boolean => p !== undefined && (p.numeric !== undefined || p.sited !== undefined);

/** Run a host hook; what it throws ends the run with its message. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FuseVMError || e instanceof OpFailure) throw e;
    throw new OpFailure(e instanceof Error ? e.message : String(e));
  }
}

function callNumeric(vm: Interpreter, op: NumOp, a: Value, b: Value, ip: number): Value {
  const p = vm.hooks.policy!;
  // The sited hook wins when both are set, as upstream.
  if (p.sited) {
    const sited = p.sited;
    return guarded(() => sited({ op, a, b, chunk: vm.chunk, chunkId: vm.chunk.identity, ip }));
  }
  const h = p.numeric!;
  return guarded(() => h(op, a, b));
}

const isInt = (v: Value): v is A.I64 => typeof v === 'number' || typeof v === 'bigint';
const isNative = (v: Value): boolean => isInt(v) || v instanceof Float;
const big = (x: A.I64): bigint => (typeof x === 'bigint' ? x : BigInt(x));
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** The exact integer result when it is an i64 inside the fixnum range, else undefined (delegate). */
function fixnum(vm: Interpreter, exact: bigint): A.I64 | undefined {
  if (exact < I64_MIN || exact > I64_MAX) return undefined;
  const r = vm.hooks.policy!.fixnum;
  if (r && (exact < r[0] || exact > r[1])) return undefined;
  return normInt(exact);
}

function strictArith(op: NumOp, exact: (x: bigint, y: bigint) => bigint | undefined, floatOp: (x: number, y: number) => number): Handler {
  return (vm, _args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n < 2) return; // a no-op on a short stack, as in the default mode
    const a = s[n - 2];
    const b = s[n - 1];
    let r: Value;
    if (isInt(a) && isInt(b)) {
      const e = exact(big(a), big(b));
      const f = e === undefined ? undefined : fixnum(vm, e);
      r = f === undefined ? callNumeric(vm, op, a, b, ip) : f;
    } else if (isNative(a) && isNative(b)) r = new Float(floatOp(toFloat(a), toFloat(b)));
    else r = callNumeric(vm, op, a, b, ip);
    s.length = n - 2;
    s.push(r);
  };
}

function strictCmp(op: NumOp, intCmp: (x: A.I64, y: A.I64) => boolean, floatCmp: (x: number, y: number) => boolean): Handler {
  return (vm, _args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n < 2) return;
    const a = s[n - 2];
    const b = s[n - 1];
    const r = isNative(a) && isNative(b) ? A.numCmp(a, b, intCmp, floatCmp) : callNumeric(vm, op, a, b, ip);
    s.length = n - 2;
    s.push(r);
  };
}

/** Div and Pow: float-only natively, so only a non-number delegates. */
function strictFloatOnly(op: NumOp, base: Handler): Handler {
  return (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 2 && !(isNative(s[n - 1]) && isNative(s[n - 2]))) {
      const b = vm.pop();
      const a = vm.pop();
      vm.push(callNumeric(vm, op, a, b, ip));
      return;
    }
    base(vm, args, ip);
  };
}

function strictStep(op: 'Add' | 'Sub', delta: 1n | -1n): Handler {
  return (vm, _args, ip) => {
    const v = vm.pop();
    const f = isInt(v) ? fixnum(vm, big(v) + delta) : undefined;
    vm.push(f !== undefined ? f : callNumeric(vm, op, v, 1, ip));
  };
}

/** The strict-numeric handler for each op the table marks `hook: 'numeric'`. */
export function strictNumericHandlers(base: Readonly<Record<string, Handler>>): Record<string, Handler> {
  return {
    Add: strictArith('Add', (x, y) => x + y, (x, y) => x + y),
    Sub: strictArith('Sub', (x, y) => x - y, (x, y) => x - y),
    Mul: strictArith('Mul', (x, y) => x * y, (x, y) => x * y),
    // 0 for a zero divisor as in the default mode; MIN % -1 overflows (Rust's checked_rem).
    Mod: strictArith('Mod', (x, y) => (y === 0n ? 0n : x === I64_MIN && y === -1n ? undefined : x % y), (x, y) => x % y),
    Div: strictFloatOnly('Div', base.Div!),
    Pow: strictFloatOnly('Pow', base.Pow!),
    Negate: (vm, _args, ip) => {
      const v = vm.pop();
      if (isInt(v)) {
        const f = fixnum(vm, -big(v));
        vm.push(f !== undefined ? f : callNumeric(vm, 'Neg', v, undefined, ip));
      } else if (v instanceof Float) vm.push(new Float(-v.value));
      else vm.push(callNumeric(vm, 'Neg', v, undefined, ip));
    },
    Inc: strictStep('Add', 1n),
    Dec: strictStep('Sub', -1n),
    NumEq: strictCmp('Eq', (x, y) => x === y, (x, y) => x === y),
    NumNe: strictCmp('Ne', (x, y) => x !== y, (x, y) => x !== y),
    NumLt: strictCmp('Lt', (x, y) => x < y, (x, y) => x < y),
    NumGt: strictCmp('Gt', (x, y) => x > y, (x, y) => x > y),
    NumLe: strictCmp('Le', (x, y) => x <= y, (x, y) => x <= y),
    NumGe: strictCmp('Ge', (x, y) => x >= y, (x, y) => x >= y),
  };
}

/** The strict-undef handlers: a read that finds Undef asks the hook. */
export function strictUndefHandlers(base: Readonly<Record<string, Handler>>): Record<string, Handler> {
  const read = (fromSlot: boolean, get: Handler): Handler => (vm, args, ip) => {
    get(vm, args, ip);
    const s = vm.stack;
    if (s[s.length - 1] !== undefined) return;
    const index = Number(args[0]!);
    const hook = vm.hooks.policy!.undef!;
    const name = fromSlot ? undefined : vm.chunk.names[index];
    s[s.length - 1] = guarded(() => hook({ name, index, fromSlot, chunk: vm.chunk, chunkId: vm.chunk.identity, ip }));
  };
  return { GetVar: read(false, base.GetVar!), GetSlot: read(true, base.GetSlot!) };
}
