// The core's numeric helpers: Int arithmetic wraps as i64 (a result past
// ±2^47 in a wide cell: tests-as/wide.spec.ts has the cell edges) and answers
// "no value" (0) where only the host can be exact; comparisons and to_int
// follow upstream on every kind the core holds.
import * as O from '../assembly/opcodes.generated';
import { NO_INT, arith, bitwise, compare, hasFloat, remInt, toFloat, toInt } from '../assembly/ops/numeric';
import { FALSE, TRUE, UNDEF, TAG_HANDLE, intOf, floatOf, isFloat, isInt, isWide, mkFloat, mkInt } from '../assembly/value';
import { anyIntOf, useCells } from '../assembly/wide';
import { CELL_COUNT, CELL_FREE, CELL_HEAD } from '../assembly/abi.generated';

// A cell region of the test's own (the core's lies in the host's layout).
const region = memory.data(CELL_HEAD + CELL_COUNT * 9);
store<i32>(region + CELL_FREE, -1);
useCells(<i32>region);

const MAX: i64 = 140737488355327; // 2^47 - 1
const MIN: i64 = -140737488355328;

describe('arith', () => {
  it('adds, subtracts and multiplies small Ints exactly', () => {
    expect(intOf(arith(O.OP_Add, mkInt(2), mkInt(40)))).toBe(42);
    expect(intOf(arith(O.OP_Sub, mkInt(-5), mkInt(7)))).toBe(-12);
    expect(intOf(arith(O.OP_Mul, mkInt(-3), mkInt(7)))).toBe(-21);
    expect(intOf(arith(O.OP_Add, mkInt(MAX - 1), mkInt(1)))).toBe(MAX);
    expect(intOf(arith(O.OP_Sub, mkInt(MIN + 1), mkInt(1)))).toBe(MIN);
  });
  it('keeps a result past ±2^47 exactly in a wide cell, wrapping like i64', () => {
    const r = arith(O.OP_Add, mkInt(MAX), mkInt(1));
    expect(isWide(r)).toBe(true);
    expect(anyIntOf(r)).toBe(MAX + 1);
    expect(anyIntOf(arith(O.OP_Sub, mkInt(MIN), mkInt(1)))).toBe(MIN - 1);
    expect(anyIntOf(arith(O.OP_Mul, mkInt(1 << 30), mkInt(1 << 30)))).toBe((<i64>1) << 60);
    expect(anyIntOf(arith(O.OP_Mul, mkInt(MAX), mkInt(MAX)))).toBe(MAX * MAX); // wraps past 2^63
    expect(anyIntOf(arith(O.OP_Mul, mkInt(MIN), mkInt(-1)))).toBe(-MIN);
  });
  it('promotes to Float when either side is a Float', () => {
    const r = arith(O.OP_Add, mkInt(1), mkFloat(0.5));
    expect(isFloat(r)).toBe(true);
    expect(floatOf(r)).toBe(1.5);
    expect(floatOf(arith(O.OP_Mul, mkFloat(-0.0), mkInt(5)))).toBe(-0.0);
  });
  it('leaves anything but numbers to the host', () => {
    expect(arith(O.OP_Add, TRUE, mkInt(1))).toBe(0);
    expect(arith(O.OP_Add, UNDEF, mkInt(1))).toBe(0);
    expect(arith(O.OP_Add, TAG_HANDLE | 3, mkInt(1))).toBe(0);
  });
});

describe('compare', () => {
  it('compares Ints and Floats numerically', () => {
    expect(compare(O.OP_NumLt, mkInt(1), mkInt(2))).toBe(1);
    expect(compare(O.OP_NumGe, mkInt(1), mkFloat(1.0))).toBe(1);
    expect(compare(O.OP_NumEq, mkInt(MAX), mkInt(MAX))).toBe(1);
    expect(compare(O.OP_NumNe, mkInt(MIN), mkInt(MAX))).toBe(1);
  });
  it('is false for every ordering against NaN, and Ne is true', () => {
    const nan = mkFloat(NaN);
    expect(compare(O.OP_NumLt, nan, mkInt(0))).toBe(0);
    expect(compare(O.OP_NumGe, nan, nan)).toBe(0);
    expect(compare(O.OP_NumEq, nan, nan)).toBe(0);
    expect(compare(O.OP_NumNe, nan, nan)).toBe(1);
  });
  it('returns -1 for operands it does not hold', () => {
    expect(compare(O.OP_NumLt, FALSE, mkInt(0))).toBe(-1);
    expect(compare(O.OP_NumEq, TAG_HANDLE, mkInt(0))).toBe(-1);
  });
});

describe('toInt', () => {
  it('converts like upstream to_int', () => {
    expect(toInt(mkInt(-7))).toBe(-7);
    expect(toInt(UNDEF)).toBe(0);
    expect(toInt(TRUE)).toBe(1);
    expect(toInt(FALSE)).toBe(0);
    expect(toInt(mkFloat(-2.9))).toBe(-2);
    expect(toInt(mkFloat(NaN))).toBe(0);
  });
  it('refuses what it cannot say exactly', () => {
    expect(toInt(mkFloat(1e300))).toBe(NO_INT);
    expect(toInt(TAG_HANDLE | 1)).toBe(NO_INT);
    expect(isInt(mkInt(toInt(mkFloat(140737488355327.0))))).toBe(true);
  });
});

describe('bitwise and remainder', () => {
  it('keeps bitwise results of 48-bit Ints inside 48 bits', () => {
    expect(bitwise(O.OP_BitAnd, -1, 0xff)).toBe(0xff);
    expect(bitwise(O.OP_BitOr, MIN, 1)).toBe(MIN + 1);
    expect(bitwise(O.OP_BitXor, -1, MAX)).toBe(MIN);
    expect(bitwise(O.OP_Shr, -8, 1)).toBe(-4);
    expect(bitwise(O.OP_Shr, 8, 65)).toBe(4); // the shift is taken mod 64
  });
  it('shifts left wrapping like i64 (the caller boxes a wide result)', () => {
    expect(bitwise(O.OP_Shl, 1, 46)).toBe(1 << 46);
    expect(bitwise(O.OP_Shl, 1, 47)).toBe((<i64>1) << 47);
    expect(bitwise(O.OP_Shl, 3, 63)).toBe(i64.MIN_VALUE);
    expect(bitwise(O.OP_Shl, 1, 64)).toBe(1); // the shift is taken mod 64
  });
  it('takes the remainder with the dividend\'s sign, 0 for a zero or -1 divisor', () => {
    expect(remInt(-7, 3)).toBe(-1);
    expect(remInt(7, -3)).toBe(1);
    expect(remInt(7, 0)).toBe(0);
    expect(remInt(MIN, -1)).toBe(0);
  });
  it('converts what it holds to f64 and refuses handles', () => {
    expect(toFloat(TRUE)).toBe(1.0);
    expect(toFloat(UNDEF)).toBe(0.0);
    expect(hasFloat(TAG_HANDLE | 2)).toBe(false);
    expect(hasFloat(mkInt(3))).toBe(true);
  });
});
