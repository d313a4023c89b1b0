// Upstream's coercions (src/value.rs): to_int, to_float, to_str, is_truthy,
// and the string parsing and float printing Rust does. Pure functions: the
// interpreter and the wasm core's host imports both call these, so a value
// converts one way whichever backend runs.

import { Float, NativeFn, Obj, Ref, Status, normInt, type Value } from './value.js';

const INT_RE = /^[+-]?[0-9]+$/;
const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Rust's `str::parse::<i64>()`: sign and ASCII digits only, no overflow. */
export function parseI64(s: string): number | bigint | undefined {
  if (!INT_RE.test(s)) return undefined;
  if (s.length < 16) return Number(s) + 0; // "-0" is Int 0: an i64 has no -0
  const b = BigInt(s);
  return b < I64_MIN || b > I64_MAX ? undefined : normInt(b);
}

/** Rust's `str::parse::<f64>()`: decimal with optional exponent, or
 *  inf/infinity/nan in any case; no surrounding spaces, no hex. */
export function parseF64(s: string): number | undefined {
  if (FLOAT_RE.test(s)) return Number(s);
  const m = SPECIAL_RE.exec(s);
  if (!m) return undefined;
  if (m[2]!.toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/** Rust's `f64 as i64`: truncate, saturate, NaN → 0. */
export function f64ToI64(f: number): number | bigint {
  if (Number.isNaN(f)) return 0;
  const t = Math.trunc(f);
  if (Number.isSafeInteger(t)) return t + 0; // -0.5 truncates to -0: an i64 has no -0
  if (t >= 9223372036854775807) return I64_MAX;
  if (t <= -9223372036854775808) return I64_MIN;
  return normInt(BigInt(t));
}

export function toInt(v: Value): number | bigint {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseI64(v) ?? 0;
    case 'undefined':
      return 0;
  }
  if (v instanceof Float) return f64ToI64(v.value);
  if (v instanceof Status) return v.code;
  if (Array.isArray(v)) return v.length;
  return 0;
}

export function toFloat(v: Value): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseF64(v) ?? 0;
    case 'undefined':
      return 0;
  }
  if (v instanceof Float) return v.value;
  if (v instanceof Status) return v.code;
  return 0;
}

/** Rust's `Display` for f64: shortest round-trip digits, never exponent
 *  notation, `inf`/`-inf`/`NaN`, and "-0" for negative zero. */
export function formatF64(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return 'inf';
  if (f === -Infinity) return '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const s = String(f);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // Expand d.ddde±x into plain digits.
  const neg = s[0] === '-';
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = '0.' + '0'.repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return neg ? '-' + out : out;
}

export function toStr(v: Value): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? '1' : '';
    case 'undefined':
      return '';
  }
  if (v instanceof Float) return formatF64(v.value);
  if (Array.isArray(v)) return arrayToStr(v);
  if (v instanceof Map) return '(hash)';
  if (v instanceof Status) return String(v.code);
  if (v instanceof Ref) return '(ref)';
  if (v instanceof NativeFn) return `(builtin:${v.id})`;
  if (v instanceof Obj) return `(obj:${v.id})`;
  return '';
}

/** An array's string form, its elements joined by spaces (nested arrays
 *  flattened the same way), built without recursion so any depth works. */
function arrayToStr(a: Value[]): string {
  const parts: string[] = [];
  // Each entry: an array and the index of its next element.
  const todo: [Value[], number][] = [[a, 0]];
  while (todo.length) {
    const top = todo[todo.length - 1]!;
    const [arr, i] = top;
    if (i >= arr.length) {
      todo.pop();
      continue;
    }
    top[1] = i + 1;
    // As join: a separator between siblings, whatever they hold.
    if (i > 0) parts.push(' ');
    const x = arr[i];
    if (Array.isArray(x)) todo.push([x, 0]);
    else parts.push(toStr(x));
  }
  return parts.join('');
}

/** Shell truthiness: 0, 0.0, "", "0", undef, empty array/hash are false;
 *  Status is true when 0. */
export function isTruthy(v: Value): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return true; // a bigint Int is never 0 (normalised)
    case 'string':
      return v !== '' && v !== '0';
    case 'undefined':
      return false;
  }
  if (v instanceof Float) return v.value !== 0; // NaN is truthy, as in Rust
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Status) return v.code === 0;
  return true;
}

/** Length in UTF-8 bytes, as Rust's `String::len`. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Upstream's `Value::len`: bytes of a string, elements of an array or hash,
 *  else the byte length of the string form. */
export function valueLen(v: Value): number {
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  return utf8Length(toStr(v));
}

/** Compare two strings in UTF-8 byte order (= code point order), as Rust's
 *  `str` ordering does; JS `<` compares UTF-16 units, which differs past U+FFFF. */
export function compareStr(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1; // a surrogate encodes a code point above every BMP unit
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** A deep copy where upstream clones (arrays and hashes are values there). */
export function cloneValue(v: Value): Value {
  if (typeof v !== 'object') return v; // scalars and strings are immutable: the fast path
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return v.slice();
  // Any depth, without recursion: each container is made empty, then filled
  // from a work list of (copy, key, original element).
  const shell = (x: Value): Value => (Array.isArray(x) ? new Array<Value>(x.length) : x instanceof Map ? new Map<string, Value>() : x instanceof Ref ? new Ref(undefined) : x);
  const root = shell(v);
  const todo: [Value, Value][] = [[root, v]];
  while (todo.length) {
    const [copy, orig] = todo.pop()!;
    if (Array.isArray(orig)) {
      const c = copy as Value[];
      for (let i = 0; i < orig.length; i++) {
        const x = orig[i];
        if (typeof x !== 'object') c[i] = x;
        else {
          const y = (c[i] = shell(x));
          if (y !== x) todo.push([y, x]);
        }
      }
    } else if (orig instanceof Map) {
      const c = copy as Map<string, Value>;
      for (const [k, x] of orig) {
        const y = typeof x === 'object' ? shell(x) : x;
        c.set(k, y);
        if (y !== x) todo.push([y, x]);
      }
    } else if (orig instanceof Ref) {
      const x = orig.value;
      const y = typeof x === 'object' ? shell(x) : x;
      (copy as Ref).value = y;
      if (y !== x) todo.push([y, x]);
    }
  }
  return root;
}

/** Upstream's `PartialEq` for Value: same variant and equal contents (so
 *  Int(1) ≠ Float(1.0), and a NaN Float equals nothing, itself included). */
export function valueEquals(a: Value, b: Value): boolean {
  // Pairs still to compare, so nesting of any depth needs no recursion.
  const todo: [Value, Value][] = [[a, b]];
  while (todo.length) {
    const [x, y] = todo.pop()!;
    if (!shallowEquals(x, y, todo)) return false;
  }
  return true;
}

function shallowEquals(a: Value, b: Value, todo: [Value, Value][]): boolean {
  if (a === b) return !(a instanceof Float) || !Number.isNaN(a.value);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Float) return b instanceof Float && a.value === b.value;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) todo.push([a[i], b[i]]);
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k)) return false;
      todo.push([v, b.get(k)]);
    }
    return true;
  }
  if (a instanceof Status) return b instanceof Status && a.code === b.code;
  if (a instanceof Ref) {
    if (!(b instanceof Ref)) return false;
    todo.push([a.value, b.value]);
    return true;
  }
  if (a instanceof NativeFn) return b instanceof NativeFn && a.id === b.id;
  if (a instanceof Obj) return b instanceof Obj && a.id === b.id;
  return false;
}
