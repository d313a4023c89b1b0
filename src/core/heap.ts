// The host side of the core's values: NaN-box and unbox between linear memory
// and TS Values, and the handle heap that holds what a u64 cannot (strings,
// Ints past ±2^47 the host made, arrays, hashes, …). Handles are reclaimed by a
// mark-sweep over the core's stack and slots, so a loop that makes a million
// strings keeps a flat heap. An Int past ±2^47 that the core made is a wide
// Int in one of the core's own cells (assembly/wide.ts): read here as the
// host's number|bigint, the same Int as a handle holding it.

import { Float, Ref, normInt, type Value } from '../values/value.js';
import { CANON_NAN_HI, CELLS, FLOAT_LIMIT, HEADER, INT_BITS, TAG } from './abi.js';

// High 16 bits of each tag, from the core ABI table (the diagram is in assembly/value.ts).
const { int: TAG_INT, bool: TAG_BOOL, undef: TAG_UNDEF, handle: TAG_HANDLE, container: TAG_CONTAINER, wide: TAG_WIDE } = TAG;
const TWO32 = 4294967296;
const INT_LIMIT = 2 ** (INT_BITS - 1);

/** Whether copying `v` must deep-copy it (upstream clones arrays and hashes). */
const NO_MARKS = new Uint8Array(0);
const isContainer = (v: Value): boolean => Array.isArray(v) || v instanceof Map || v instanceof Ref;

export class HandleHeap {
  #values: Value[] = [];
  readonly #free: number[] = [];
  #marks = NO_MARKS;
  /** Handles handed out since the last collection, and live after it. */
  #allocated = 0;
  #liveAfterGC = 0;

  get size(): number {
    return this.#values.length - this.#free.length;
  }

  alloc(v: Value): number {
    this.#allocated++;
    const h = this.#free.pop();
    if (h !== undefined) {
      this.#values[h] = v;
      return h;
    }
    this.#values.push(v);
    return this.#values.length - 1;
  }
  get(h: number): Value {
    return this.#values[h];
  }
  /** Time to collect: as many handles made since the last collection as survived it. */
  get due(): boolean {
    return this.#allocated > 4096 && this.#allocated > this.#liveAfterGC;
  }

  /** Mark-sweep: `markRoots` calls mark for each handle still reachable. */
  collect(markRoots: (mark: (h: number) => void) => void): void {
    const marks = this.beginMark();
    markRoots((h) => {
      marks[h] = 1;
    });
    this.sweep();
  }

  /** Start a collection: the mark bits, all clear, one per handle (set marks[h] for each handle still reachable, then sweep). */
  beginMark(): Uint8Array {
    const n = this.#values.length;
    if (this.#marks.length < n) this.#marks = new Uint8Array(n * 2);
    else this.#marks.fill(0, 0, n);
    return this.#marks;
  }

  /** Free every handle not marked since beginMark. */
  sweep(): void {
    const values = this.#values;
    const marks = this.#marks;
    // Trailing free handles are dropped so the table itself shrinks.
    let end = values.length;
    while (end > 0 && !marks[end - 1]) end--;
    values.length = end;
    // Freed from the top down, so the lowest is reused first.
    const free = this.#free;
    free.length = 0;
    let live = 0;
    for (let h = end - 1; h >= 0; h--) {
      if (marks[h]) live++;
      else {
        values[h] = undefined;
        free.push(h);
      }
    }
    this.#allocated = 0;
    this.#liveAfterGC = live;
  }

  /** The values by handle (for a layout's pool: see src/core/prepared.ts). */
  values(): Value[] {
    return this.#values.slice();
  }
  /** Empty the heap, then hold `values` as handles 0…n-1. */
  seed(values: readonly Value[]): void {
    this.clear();
    if (values.length === 0) return;
    this.#values = values.slice();
    this.#allocated = values.length;
  }

  clear(): void {
    if (this.#values.length === 0 && this.#allocated === 0) return;
    this.#values = [];
    this.#free.length = 0;
    this.#allocated = 0;
    this.#liveAfterGC = 0;
  }
}

/** Typed views on the core's memory, derived again after memory grows. */
export class CoreView {
  u32!: Uint32Array;
  f64!: Float64Array;
  i32!: Int32Array;
  i64!: BigInt64Array;
  #buffer: ArrayBuffer | undefined;

  constructor(
    readonly memory: WebAssembly.Memory,
    /** The heap of the VM using this view now (a core's view serves each VM laid on it in turn). */
    public heap: HandleHeap,
  ) {
    this.refresh();
  }

  refresh(): this {
    // memory.grow detaches the old buffer (its views read as length 0); only
    // then is it worth asking the memory for its buffer again.
    if (this.u32 !== undefined && this.u32.length !== 0) return this;
    const b = this.memory.buffer;
    if (b !== this.#buffer) {
      this.#buffer = b;
      this.u32 = new Uint32Array(b);
      this.f64 = new Float64Array(b);
      this.i32 = new Int32Array(b);
      this.i64 = new BigInt64Array(b, 0, b.byteLength >> 3);
    }
    return this;
  }

  /** The value at byte address `addr` (8-aligned). */
  read(addr: number): Value {
    const k = addr >>> 2;
    const hi = this.u32[k + 1]!;
    const tag = hi >>> 16;
    if (tag < FLOAT_LIMIT) return new Float(this.f64[addr >>> 3]!);
    const lo = this.u32[k]!;
    switch (tag) {
      case TAG_INT: {
        // An int32 as one (`| 0`), so V8 keeps it a small integer: a double-shaped number makes every array
        // and sum the handlers build from it take the slow path.
        const n = ((hi << 16) >> 16) * TWO32 + lo;
        return (n | 0) === n ? n | 0 : n;
      }
      case TAG_BOOL:
        return (lo & 1) === 1;
      case TAG_UNDEF:
        return undefined;
      case TAG_WIDE:
        return this.wideAt(lo);
      default:
        return this.heap.get(lo);
    }
  }

  /** The Int in the core's wide cell `cell` (the header names the region of the VM laid in the core). */
  wideAt(cell: number): number | bigint {
    return normInt(this.i64[((this.i32[HEADER.cells >> 2]! + CELLS.head) >>> 3) + cell]!);
  }

  /** Whether the value at `addr` is a wide Int (held in a core cell, not a handle). */
  isWide(addr: number): boolean {
    return this.u32[(addr >>> 2) + 1]! >>> 16 === TAG_WIDE;
  }

  write(addr: number, v: Value): void {
    const k = addr >>> 2;
    let tag: number;
    let payload: number;
    if (typeof v === 'number' && v >= -INT_LIMIT && v < INT_LIMIT) {
      const high = Math.floor(v / TWO32);
      this.u32[k] = v - high * TWO32;
      this.u32[k + 1] = ((TAG_INT << 16) | (high & 0xffff)) >>> 0;
      return;
    }
    if (v instanceof Float) {
      if (v.value !== v.value) {
        this.u32[k] = 0;
        this.u32[k + 1] = CANON_NAN_HI << 16; // the canonical NaN: never in the tagged space
      } else this.f64[addr >>> 3] = v.value;
      return;
    }
    if (typeof v === 'boolean') {
      tag = TAG_BOOL;
      payload = v ? 1 : 0;
    } else if (v === undefined) {
      tag = TAG_UNDEF;
      payload = 0;
    } else {
      tag = isContainer(v) ? TAG_CONTAINER : TAG_HANDLE;
      payload = this.heap.alloc(v);
    }
    this.u32[k] = payload;
    this.u32[k + 1] = (tag << 16) >>> 0;
  }

  /** The handle at `addr`, or -1 when the value there is not one. */
  handleAt(addr: number): number {
    const k = addr >>> 2;
    const tag = this.u32[k + 1]! >>> 16;
    return tag === TAG_HANDLE || tag === TAG_CONTAINER ? this.u32[k]! : -1;
  }
}
