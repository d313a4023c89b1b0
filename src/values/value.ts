// The Value type as the TypeScript side holds it: plain JS values where one
// fits upstream's variant exactly, small classes where it does not.
//
//   upstream          here
//   Undef             undefined
//   Bool(b)           boolean
//   Int(i64)          number when a safe integer (|n| < 2^53), else bigint —
//                     always normalised, so one Int has one representation
//   Float(f64)        Float            (a number alone would read as an Int)
//   Str(s)            string
//   Array(Vec)        Value[]
//   Hash(HashMap)     Map<string, Value>
//   Status(i32)       Status
//   Ref(Box<Value>)   Ref
//   NativeFn(u16)     NativeFn
//   Obj(u32)          Obj

import { valueLen } from './convert.js';

/** A 64-bit float value. Boxed so that Float(2) and Int(2) stay distinct. */
export class Float {
  constructor(readonly value: number) {}
}
/** A shell exit status (i32); truthy when 0. */
export class Status {
  constructor(readonly code: number) {}
}
/** A reference to another value. */
export class Ref {
  constructor(public value: Value) {}
}
/** A builtin function handle (u16). */
export class NativeFn {
  constructor(readonly id: number) {}
}
/** An opaque handle into a frontend's object heap (u32). */
export class Obj {
  constructor(readonly id: number) {}
}

export type Value =
  | undefined
  | boolean
  | number
  | bigint
  | Float
  | string
  | Value[]
  | Map<string, Value>
  | Status
  | Ref
  | NativeFn
  | Obj;

/** Upstream's variant names, as serde writes them. */
export type ValueKind = 'Undef' | 'Bool' | 'Int' | 'Float' | 'Str' | 'Array' | 'Hash' | 'Status' | 'Ref' | 'NativeFn' | 'Obj';

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** The one representation of an i64: a number when safe, else a bigint. */
export function normInt(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/** Wrap any integer to i64 (two's complement) and normalise it. */
export function wrapI64(n: bigint): number | bigint {
  return normInt(BigInt.asIntN(64, n));
}

export function kindOf(v: Value): ValueKind {
  switch (typeof v) {
    case 'undefined':
      return 'Undef';
    case 'boolean':
      return 'Bool';
    case 'number':
    case 'bigint':
      return 'Int';
    case 'string':
      return 'Str';
  }
  if (v instanceof Float) return 'Float';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Map) return 'Hash';
  if (v instanceof Status) return 'Status';
  if (v instanceof Ref) return 'Ref';
  if (v instanceof NativeFn) return 'NativeFn';
  return 'Obj';
}

function checkRange(what: string, n: number, lo: number, hi: number): number {
  if (!Number.isInteger(n) || n < lo || n > hi) throw new RangeError(`${what} out of range: ${n}`);
  return n;
}

/** Constructors in upstream's names (`Value.int(42)`), each checking its range. */
export const Value = {
  undef: (): Value => undefined,
  bool: (b: boolean): Value => b,
  int(n: number | bigint): number | bigint {
    if (typeof n === 'number') {
      if (!Number.isSafeInteger(n)) throw new RangeError(`Value.int needs a safe integer or a bigint, got ${n}`);
      return n;
    }
    if (n < I64_MIN || n > I64_MAX) throw new RangeError(`Value.int out of i64 range: ${n}`);
    return normInt(n);
  },
  float: (f: number): Float => new Float(f),
  str: (s: string): string => s,
  array: (items: Value[]): Value[] => items,
  hash: (entries: Map<string, Value> | Record<string, Value>): Map<string, Value> =>
    entries instanceof Map ? entries : new Map(Object.entries(entries)),
  status: (code: number): Status => new Status(checkRange('Status', code, -0x8000_0000, 0x7fff_ffff)),
  ref: (v: Value): Ref => new Ref(v),
  nativeFn: (id: number): NativeFn => new NativeFn(checkRange('NativeFn id', id, 0, 0xffff)),
  obj: (id: number): Obj => new Obj(checkRange('Obj id', id, 0, 0xffff_ffff)),
  kindOf,
  /** Upstream's Value::len: UTF-8 bytes of a string, elements of an array or
   *  hash, else the byte length of the string form. */
  len: (v: Value): number => valueLen(v),
  isEmpty: (v: Value): boolean => valueLen(v) === 0,
} as const;
