// Wide Ints: an Int outside ±2^47 that the core computes is kept exactly in an
// i64 cell of the core's own region (src/core/abi.ts CELLS), boxed as tag 6
// with the cell's index, so wrapping i64 arithmetic past 2^47 never leaves the
// core. Cells are immutable (copying a value copies the index), allocated from
// a free list or a bump top, and reclaimed by a mark-sweep over what the core
// holds: the stack 0..sp, every open frame's slots, the globals and the pool.
//
//   region at `cells` (the header's H_CELLS):
//   ┌──────────────────────────┬────────────────────────┬──────────────────┐
//   │ record (CELL_HEAD bytes): │ CELL_COUNT × i64 cells │ CELL_COUNT marks │
//   │ top, free head, asked     │ (a free one holds the  │ (one byte each)  │
//   │                           │  next free index)      │                  │
//   └──────────────────────────┴────────────────────────┴──────────────────┘
//
// A sweep runs only from the dispatch loop (never inside compiled code or a
// host op), when an op found no free cell: then every value is in memory.
// With none free after it, the op goes to the host, which holds the Int as a
// handle: correctness never depends on the region's size.

import { CELL_ASKED, CELL_COUNT, CELL_FREE, CELL_HEAD, CELL_TOP, TAG_WIDE, VALUE_BYTES } from './abi.generated';
import { fitsInt, intOf, isInt, isWide, mkInt } from './value';

/** The region's base (set by run() from the header, or by a test). */
let cells: i32 = 0;
/** An op asked for a cell and found none: the loop may sweep and run it again. */
let wanted = false;

export function useCells(base: i32): void { cells = base; }
export function cellsWanted(): bool { return wanted; }

const PAYLOAD_MASK: u64 = 0xffff_ffff;

/** An Int of either form. */
@inline export function isAnyInt(v: u64): bool { return isInt(v) || isWide(v); }
/** The i64 of a wide Int. */
@inline export function wideOf(v: u64): i64 { return load<i64>(cells + CELL_HEAD + (<i32>(v & PAYLOAD_MASK)) * VALUE_BYTES); }
/** The i64 of an Int of either form (callers check isAnyInt). */
@inline export function anyIntOf(v: u64): i64 { return isInt(v) ? intOf(v) : wideOf(v); }

/** An i64 boxed as the core holds it: inline within 48 bits, else in a new cell; 0 when no cell is free. */
@inline export function boxI64(i: i64): u64 {
  return fitsInt(i) ? mkInt(i) : newWide(i);
}

/** A cell holding `i`, or 0 when none is free (the op then goes to the host, or the loop sweeps). */
export function newWide(i: i64): u64 {
  const base = cells;
  store<i32>(base + CELL_ASKED, load<i32>(base + CELL_ASKED) + 1);
  let c = load<i32>(base + CELL_FREE);
  if (c >= 0) {
    store<i32>(base + CELL_FREE, load<i32>(base + CELL_HEAD + c * VALUE_BYTES));
  } else {
    c = load<i32>(base + CELL_TOP);
    if (c >= CELL_COUNT) { wanted = true; return 0; }
    store<i32>(base + CELL_TOP, c + 1);
  }
  store<i64>(base + CELL_HEAD + c * VALUE_BYTES, i);
  return TAG_WIDE | <u64>c;
}

// ── Mark-sweep ──

const MARKS: i32 = CELL_HEAD + CELL_COUNT * VALUE_BYTES;

/** Mark the cells named by the `count` values at `addr`. */
export function markCells(addr: i32, count: i32): void {
  const marks = cells + MARKS;
  for (let p = addr, end = addr + count * VALUE_BYTES; p < end; p += VALUE_BYTES) {
    const v = load<u64>(p);
    if (isWide(v)) store<u8>(marks + <i32>(v & PAYLOAD_MASK), 1);
  }
}

/** Start a collection: no cell marked. */
export function clearMarks(): void { memory.fill(cells + MARKS, 0, CELL_COUNT); }

/** Free every cell below the top not marked since clearMarks; returns how many are free now. */
export function sweepCells(): i32 {
  const base = cells;
  const marks = base + MARKS;
  const top = load<i32>(base + CELL_TOP);
  let free: i32 = -1;
  let n = 0;
  // From the top down, so the lowest is handed out first.
  for (let c = top - 1; c >= 0; c--) {
    if (load<u8>(marks + c) != 0) continue;
    store<i32>(base + CELL_HEAD + c * VALUE_BYTES, free);
    free = c;
    n++;
  }
  store<i32>(base + CELL_FREE, free);
  store<i32>(base + CELL_ASKED, 0);
  wanted = false;
  return n + CELL_COUNT - top;
}

/** Whether a sweep over `roots` values is worth it now: enough cells asked for since the last one to pay for
 *  the walk (a region full of live cells would otherwise be swept at every op). */
export function sweepDue(roots: i32): bool {
  const asked = load<i32>(cells + CELL_ASKED);
  return asked >= (CELL_COUNT >> 2) && asked >= (roots >> 4);
}

/** The loop found no cell: forget that (the op goes to the host). */
export function giveUpCell(): void { wanted = false; }
