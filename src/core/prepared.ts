// What laying a chunk into the core's memory writes, computed once per chunk
// and limits: the regions, the header words, the boxed constant pool and
// globals, the base frame's Undef slots. A VM then lays itself with a few
// typed-array copies instead of a field-by-field write (the per-VM cost).

import type { Chunk } from '../chunk/chunk.js';
import type { Limits } from '../limits.js';
import type { Value } from '../values/value.js';
import { CELLS, HEADER, HEADER_SIZE, PAGE, TAG, VALUE_BYTES, placeRegions, type Regions } from './abi.js';
import { encodeChunk, type EncodedChunk } from './encode.js';
import { CoreView, HandleHeap } from './heap.js';

export interface Prepared {
  readonly enc: EncodedChunk;
  readonly regions: Regions;
  /** Wasm pages the layout needs. */
  readonly pages: number;
  /** The header as laid before a run (HEADER_SIZE bytes as i32 words). */
  readonly header: Int32Array;
  /** The pool then the globals, boxed, then the wide-Int cells' allocation record (none taken), as u32 words from regions.pool. */
  readonly data: Uint32Array;
  /** The values the pool's handles name, in handle order: a fresh heap seeded
   *  with them gives every pool handle the number `data` holds. */
  readonly handles: readonly Value[];
  /** The base frame's slots, all Undef, as u32 words. */
  readonly baseSlots: Uint32Array;
  /** limits.fuel as the header's i64. */
  readonly fuel: bigint;
}

const I64_MAX = (1n << 63n) - 1n;
const cache = new WeakMap<Chunk, { limits: Limits; prepared: Prepared }>();

/** The fuel as the core's header holds it (Infinity: never stops). */
export const fuelWord = (fuel: number): bigint => (fuel === Infinity ? I64_MAX : BigInt(Math.floor(fuel)));

/** The layout of `chunk` under `limits`, from the cache when the limits that
 *  shape it (stack and call depth, fuel) are the ones last seen for it. */
export function prepare(chunk: Chunk, limits: Limits): Prepared {
  const hit = cache.get(chunk);
  if (hit && (hit.limits === limits || (hit.limits.stackDepth === limits.stackDepth && hit.limits.callDepth === limits.callDepth && hit.limits.fuel === limits.fuel))) return hit.prepared;
  const prepared = build(chunk, limits);
  cache.set(chunk, { limits, prepared });
  return prepared;
}

function build(chunk: Chunk, limits: Limits): Prepared {
  const enc = encodeChunk(chunk);
  const r = placeRegions(chunk.ops.length, enc.consts.length, enc.slotsPerFrame, limits.stackDepth, limits.callDepth, chunk.constants.length, chunk.names.length);
  const fuel = fuelWord(limits.fuel);
  const hb = new ArrayBuffer(HEADER_SIZE);
  const h = new DataView(hb);
  const i32 = (off: number, v: number) => h.setInt32(off, v, true);
  // ip, sp, ops, hooks and the JIT's counters start at 0 (the buffer's zeros).
  i32(HEADER.fp, 1); // the base frame
  i32(HEADER.nOps, chunk.ops.length);
  h.setBigInt64(HEADER.fuel, fuel, true);
  i32(HEADER.code, r.code);
  i32(HEADER.consts, r.consts);
  i32(HEADER.stack, r.stack);
  i32(HEADER.stackCap, r.stackCap);
  i32(HEADER.frames, r.frames);
  i32(HEADER.frameCap, r.frameCap);
  i32(HEADER.slots, r.slots);
  i32(HEADER.slotsPerFrame, r.slotsPerFrame);
  i32(HEADER.jitMisses, r.misses);
  i32(HEADER.pool, r.pool);
  i32(HEADER.poolCount, chunk.constants.length);
  i32(HEADER.globals, r.globals);
  i32(HEADER.globalCount, chunk.names.length);
  i32(HEADER.cells, r.cells);
  // Box the pool and globals into a scratch buffer with a scratch heap.
  const heap = new HandleHeap();
  const bytes = r.cells + CELLS.head - r.pool;
  const view = new CoreView({ buffer: new ArrayBuffer(bytes) } as WebAssembly.Memory, heap);
  chunk.constants.forEach((c, k) => view.write(k * VALUE_BYTES, c));
  for (let k = 0; k < chunk.names.length; k++) view.write(r.globals - r.pool + k * VALUE_BYTES, undefined);
  // No cell taken: the bump top at 0, the free list empty (-1), nothing asked.
  const rec = new DataView(view.u32.buffer, r.cells - r.pool, CELLS.head);
  rec.setInt32(CELLS.top, 0, true);
  rec.setInt32(CELLS.free, -1, true);
  rec.setInt32(CELLS.asked, 0, true);
  const baseSlots = new Uint32Array(r.slotsPerFrame * 2);
  for (let k = 1; k < baseSlots.length; k += 2) baseSlots[k] = (TAG.undef << 16) >>> 0;
  return {
    enc,
    regions: r,
    pages: Math.ceil(r.end / PAGE),
    header: new Int32Array(hb),
    data: view.u32,
    handles: heap.values(),
    baseSlots,
    fuel,
  };
}
