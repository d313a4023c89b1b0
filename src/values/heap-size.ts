// An estimate of the bytes a set of values holds, for the maxHeapBytes limit:
// strings, arrays and hashes at roughly what V8 spends on them. A string is
// counted at every reference (upstream's values are copies, and JS gives no
// string identity); an array or hash once however often it is referenced.

import { Ref, type Value } from './value.js';

const OBJECT = 16;
const SLOT = 8;
const ENTRY = 40;

export class HeapMeter {
  bytes = 0;
  #seen = new Set<object>();
  constructor(readonly stopAbove: number) {}

  /** Add `v` (and what it holds); returns false once the total passes stopAbove. */
  add(v: Value): boolean {
    if (this.bytes > this.stopAbove) return false;
    if (typeof v === 'string') {
      this.bytes += OBJECT + v.length * 2;
      return this.bytes <= this.stopAbove;
    }
    if (typeof v !== 'object' || v === null) return true;
    if (this.#seen.has(v)) return true;
    this.#seen.add(v);
    if (Array.isArray(v)) {
      this.bytes += OBJECT + v.length * SLOT;
      for (const x of v) if (typeof x === 'object' || typeof x === 'string') if (!this.add(x)) return false;
    } else if (v instanceof Map) {
      this.bytes += OBJECT + v.size * ENTRY;
      for (const [k, x] of v) {
        this.bytes += k.length * 2;
        if (!this.add(x)) return false;
      }
    } else if (v instanceof Ref) {
      this.bytes += OBJECT;
      return this.add(v.value);
    } else this.bytes += OBJECT;
    return this.bytes <= this.stopAbove;
  }
}
