// What values cost in V8, for the maxHeapBytes limit: measured constants, the
// hard size limits V8 aborts the process past, and a meter that walks a set
// of values (without recursion, so any depth) and adds up their bytes.
//
// Measured on Node 20 (V8 11.3, x64, pointer compression off) with
// `node --expose-gc` and process.memoryUsage().heapUsed around 200k-2M
// allocations each (bench/heap-costs.mjs):
//   small int array, pushed: 11.7 B/element; arrays of 0/1/2/4 elements:
//   32/55/64/80 B; elements that are Ints past 2^53 (bigints): +22 B each;
//   a one-byte string: 24 B + 1 B/char (two-byte: 2 B/char); a Map entry
//   with an Int value: 36 B + its key string; a frame's 65,536 slots pushed
//   one by one: 9.3 B/slot; WordSplit: 37 B/word.

import { Float, Ref, type Value } from './value.js';

/** An array (JSArray + its backing store header), before its elements. */
export const ARRAY_BYTES = 40;
/** One array element or frame slot (8 B, plus the slack of growth by 1.5×). */
export const ELEMENT_BYTES = 12;
/** A string before its characters (charged at 2 B each: two-byte strings). */
export const STRING_BYTES = 24;
export const CHAR_BYTES = 2;
/** One hash entry, before its key string. */
export const ENTRY_BYTES = 40;
/** A boxed value: a bigint Int, a Float, a Ref, a Status. */
export const BOX_BYTES = 24;

/** V8's largest array: past 134,217,725 elements it aborts the process, and
 *  growing by 1.5× from 89.5M elements goes past it ("invalid size"). */
export const MAX_ARRAY_LENGTH = 89_000_000;
/** V8's longest string (2^29 − 24 UTF-16 units); past it a RangeError. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

export const stringBytes = (length: number): number => STRING_BYTES + length * CHAR_BYTES;
export const arrayBytes = (length: number): number => ARRAY_BYTES + length * ELEMENT_BYTES;

/** Sizes of a value as a tree: what a deep copy of it makes. */
export interface TreeSize {
  bytes: number;
  /** Array elements and Ref targets. */
  elements: number;
  /** Hash entries. */
  entries: number;
  /** UTF-16 units of the strings in it (hash keys included). */
  chars: number;
  /** Of `bytes`, those of its strings (a copy shares them: strings are immutable). */
  stringBytes: number;
  /** The walk stopped early: the counts are a lower bound, the size past the limit. */
  truncated: boolean;
}

/** The size of `v` counted as a tree (a shared sub-value counts at each
 *  place, as a deep copy duplicates it); stops early (truncated) once its
 *  bytes pass `stopAbove` — not counting string bytes when `sharedStrings`
 *  (a copy shares its strings). */
export function treeSize(v: Value, stopAbove = Infinity, sharedStrings = false): TreeSize {
  const t: TreeSize = { bytes: 0, elements: 0, entries: 0, chars: 0, stringBytes: 0, truncated: false };
  if (typeof v !== 'object') {
    if (typeof v === 'string') {
      t.bytes = t.stringBytes = stringBytes(v.length);
      t.chars = v.length;
    } else if (typeof v === 'bigint') t.bytes = BOX_BYTES;
    return t;
  }
  const todo: Value[] = [v];
  while (todo.length) {
    if ((sharedStrings ? t.bytes - t.stringBytes : t.bytes) > stopAbove) {
      t.truncated = true;
      break;
    }
    const x = todo.pop();
    if (typeof x === 'string') {
      const b = stringBytes(x.length);
      t.bytes += b;
      t.stringBytes += b;
      t.chars += x.length;
    } else if (typeof x === 'bigint') t.bytes += BOX_BYTES;
    else if (typeof x !== 'object') continue;
    else if (Array.isArray(x)) {
      t.bytes += arrayBytes(x.length);
      t.elements += x.length;
      for (const e of x) if (typeof e === 'object' || typeof e === 'string' || typeof e === 'bigint') todo.push(e);
    } else if (x instanceof Map) {
      t.bytes += ARRAY_BYTES + x.size * ENTRY_BYTES;
      t.entries += x.size;
      for (const [k, e] of x) {
        const b = stringBytes(k.length);
        t.bytes += b;
        t.stringBytes += b;
        t.chars += k.length;
        if (typeof e === 'object' || typeof e === 'string' || typeof e === 'bigint') todo.push(e);
      }
    } else if (x instanceof Ref) {
      t.bytes += BOX_BYTES;
      t.elements++;
      todo.push(x.value);
    } else t.bytes += BOX_BYTES;
  }
  return t;
}

/** An estimate of the bytes a set of values holds. A string is counted at
 *  every reference (JS gives no string identity); an array or hash once
 *  however often it is referenced. */
export class HeapMeter {
  bytes = 0;
  #seen = new Set<object>();
  #todo: Value[] = [];
  constructor(readonly stopAbove: number) {}

  /** Bytes of a container that is not a Value (a frame's slot array). */
  addRaw(bytes: number): boolean {
    this.bytes += bytes;
    return this.bytes <= this.stopAbove;
  }

  /** Add `v` (and what it holds); returns false once the total passes stopAbove. */
  add(v: Value): boolean {
    if (this.bytes > this.stopAbove) return false;
    if (typeof v === 'string') {
      this.bytes += stringBytes(v.length);
      return this.bytes <= this.stopAbove;
    }
    if (typeof v === 'bigint' || v instanceof Float) {
      this.bytes += BOX_BYTES;
      return this.bytes <= this.stopAbove;
    }
    if (typeof v !== 'object' || v === null) return true;
    const todo = this.#todo;
    todo.push(v);
    while (todo.length) {
      if (this.bytes > this.stopAbove) {
        todo.length = 0;
        return false;
      }
      const x = todo.pop();
      if (typeof x === 'string') {
        this.bytes += stringBytes(x.length);
        continue;
      }
      if (typeof x !== 'object') {
        if (typeof x === 'bigint') this.bytes += BOX_BYTES;
        continue;
      }
      if (this.#seen.has(x)) continue;
      this.#seen.add(x);
      if (Array.isArray(x)) {
        this.bytes += arrayBytes(x.length);
        for (const e of x) if (typeof e === 'object' || typeof e === 'string' || typeof e === 'bigint') todo.push(e);
      } else if (x instanceof Map) {
        this.bytes += ARRAY_BYTES + x.size * ENTRY_BYTES;
        for (const [k, e] of x) {
          this.bytes += stringBytes(k.length);
          if (typeof e === 'object' || typeof e === 'string' || typeof e === 'bigint') todo.push(e);
        }
      } else if (x instanceof Ref) {
        this.bytes += BOX_BYTES;
        todo.push(x.value);
      } else this.bytes += BOX_BYTES;
    }
    return this.bytes <= this.stopAbove;
  }
}
