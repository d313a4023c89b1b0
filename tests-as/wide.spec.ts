// Wide Ints (assembly/wide.ts): i64 cells for Ints past ±2^47, with the
// wrapping edges of upstream's i64, mixed forms and Floats, results back in
// the inline range, comparisons across forms, the region running out and a
// sweep that frees cells while the values still held keep theirs.
import * as O from '../assembly/opcodes.generated';
import { arith, compare, toFloat, toInt } from '../assembly/ops/numeric';
import { FALSE, TRUE, UNDEF, floatOf, intOf, isFloat, isInt, isWide, mkFloat, mkInt, truthy } from '../assembly/value';
import { anyIntOf, boxI64, cellsWanted, clearMarks, giveUpCell, markCells, newWide, sweepCells, sweepDue, useCells } from '../assembly/wide';
import { CELL_ASKED, CELL_COUNT, CELL_FREE, CELL_HEAD, CELL_TOP, VALUE_BYTES } from '../assembly/abi.generated';

const I64_MAX = i64.MAX_VALUE;
const I64_MIN = i64.MIN_VALUE;
const MAX: i64 = 140737488355327; // 2^47 - 1, the largest inline Int
const MIN: i64 = -140737488355328;

const region = <i32>memory.data(CELL_HEAD + CELL_COUNT * 9);
/** A fresh region: nothing taken. */
function fresh(): void {
  store<i32>(region + CELL_TOP, 0);
  store<i32>(region + CELL_FREE, -1);
  store<i32>(region + CELL_ASKED, 0);
  useCells(region);
}
const w = (i: i64): u64 => { const v = boxI64(i); expect(isWide(v)).toBe(true); return v; };

describe('wide Int arithmetic', () => {
  beforeEach(fresh);
  it('wraps past i64::MAX and i64::MIN as upstream', () => {
    expect(anyIntOf(arith(O.OP_Add, w(I64_MAX), mkInt(1)))).toBe(I64_MIN);
    expect(anyIntOf(arith(O.OP_Sub, w(I64_MIN), mkInt(1)))).toBe(I64_MAX);
    expect(anyIntOf(arith(O.OP_Mul, w(I64_MIN), mkInt(-1)))).toBe(I64_MIN);
    expect(anyIntOf(arith(O.OP_Mul, w(I64_MAX), w(I64_MAX)))).toBe(1);
    expect(anyIntOf(arith(O.OP_Add, w(I64_MAX), w(I64_MAX)))).toBe(-2);
  });
  it('mixes wide and inline operands either way round', () => {
    expect(anyIntOf(arith(O.OP_Sub, mkInt(5), w(MAX + 10)))).toBe(5 - MAX - 10);
    expect(anyIntOf(arith(O.OP_Mul, mkInt(-3), w(1 << 50)))).toBe(-3 * (1 << 50));
  });
  it('returns a result in the inline range inline', () => {
    const r = arith(O.OP_Sub, w(MAX + 1), mkInt(1));
    expect(isInt(r)).toBe(true);
    expect(intOf(r)).toBe(MAX);
    expect(isInt(arith(O.OP_Add, w(I64_MAX), w(I64_MIN)))).toBe(true);
    expect(intOf(arith(O.OP_Add, w(MIN - 1), mkInt(1)))).toBe(MIN);
  });
  it('promotes to Float with i64 → f64 rounding to nearest, ties to even', () => {
    const r = arith(O.OP_Add, w(9007199254740993), mkFloat(0)); // 2^53 + 1: a tie, to the even 2^53
    expect(isFloat(r)).toBe(true);
    expect(floatOf(r)).toBe(9007199254740992.0);
    expect(floatOf(arith(O.OP_Mul, mkFloat(0.5), w(I64_MAX)))).toBe(4611686018427387904.0);
    expect(toFloat(w(9007199254740995))).toBe(9007199254740996.0);
  });
  it('leaves Bool and Undef operands to the host, as with inline Ints', () => {
    expect(arith(O.OP_Add, w(MAX + 1), TRUE)).toBe(0);
    expect(arith(O.OP_Add, UNDEF, w(MAX + 1))).toBe(0);
  });
  it('compares across forms by value, not by cell', () => {
    expect(compare(O.OP_NumLt, mkInt(MAX), w(MAX + 1))).toBe(1);
    expect(compare(O.OP_NumGt, mkInt(MIN), w(MIN - 1))).toBe(1);
    expect(compare(O.OP_NumEq, w(I64_MAX), w(I64_MAX))).toBe(1); // two cells, one value
    expect(compare(O.OP_NumLt, w(I64_MAX - 1), w(I64_MAX))).toBe(1);
    expect(compare(O.OP_NumLe, w(I64_MIN), mkInt(0))).toBe(1);
    expect(compare(O.OP_NumEq, w(9007199254740993), mkFloat(9007199254740992.0))).toBe(1); // through f64
    expect(compare(O.OP_NumLt, w(1 << 50), FALSE)).toBe(-1);
  });
  it('converts like to_int and is truthy', () => {
    expect(toInt(w(I64_MAX))).toBe(I64_MAX);
    expect(truthy(w(MIN - 1))).toBe(1);
  });
});

describe('the cell region', () => {
  beforeEach(fresh);
  it('runs out: boxI64 gives no value and asks for a sweep', () => {
    for (let k = 0; k < CELL_COUNT; k++) expect(isWide(newWide(MAX + 1 + k))).toBe(true);
    expect(boxI64(I64_MAX)).toBe(0);
    expect(cellsWanted()).toBe(true);
    giveUpCell();
    expect(cellsWanted()).toBe(false);
    // An inline result needs no cell.
    expect(intOf(boxI64(7))).toBe(7);
  });
  it('sweeps the cells no root names, keeping the values of those it does', () => {
    const roots = <i32>memory.data(4 * VALUE_BYTES);
    for (let k = 0; k < CELL_COUNT; k++) {
      const v = newWide(I64_MAX - k);
      if (k == 3) store<u64>(roots, v);
      if (k == 700) store<u64>(roots + VALUE_BYTES, v);
    }
    store<u64>(roots + 2 * VALUE_BYTES, mkInt(3)); // not a cell
    store<u64>(roots + 3 * VALUE_BYTES, mkFloat(1.5));
    expect(sweepDue(4)).toBe(true);
    clearMarks();
    markCells(roots, 4);
    expect(sweepCells()).toBe(CELL_COUNT - 2);
    expect(load<i32>(region + CELL_ASKED)).toBe(0);
    expect(sweepDue(4)).toBe(false); // nothing asked since
    expect(anyIntOf(load<u64>(roots))).toBe(I64_MAX - 3);
    expect(anyIntOf(load<u64>(roots + VALUE_BYTES))).toBe(I64_MAX - 700);
    // Every freed cell is handed out again, none of the two held, then it runs out.
    for (let k = 0; k < CELL_COUNT - 2; k++) {
      const v = newWide(MIN - 1 - k);
      expect(v).not.toBe(load<u64>(roots));
      expect(v).not.toBe(load<u64>(roots + VALUE_BYTES));
    }
    expect(newWide(MIN - 1)).toBe(0);
    expect(anyIntOf(load<u64>(roots))).toBe(I64_MAX - 3);
    expect(anyIntOf(load<u64>(roots + VALUE_BYTES))).toBe(I64_MAX - 700);
  });
});
