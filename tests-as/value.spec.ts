// NaN-boxing in the core: ints, bools, undef and doubles round-trip, NaN is
// canonicalised, and no double lands in the tagged space.
import { FALSE, TAG_CONTAINER, TAG_HANDLE, TRUE, UNDEF, fitsInt, floatOf, intOf, isBool, isContainer, isFloat, isInt, isNum, mkFloat, mkInt, truthy } from '../assembly/value';

describe('NaN-boxed values', () => {
  it('round-trips integers inside ±2^47', () => {
    expect(intOf(mkInt(0))).toBe(0);
    expect(intOf(mkInt(-1))).toBe(-1);
    expect(intOf(mkInt(140737488355327))).toBe(140737488355327);
    expect(intOf(mkInt(-140737488355328))).toBe(-140737488355328);
    expect(isInt(mkInt(42))).toBe(true);
    expect(isFloat(mkInt(42))).toBe(false);
  });
  it('knows which integers it cannot hold', () => {
    expect(fitsInt(140737488355328)).toBe(false);
    expect(fitsInt(-140737488355329)).toBe(false);
    expect(fitsInt(i64.MAX_VALUE)).toBe(false);
  });
  it('keeps doubles as themselves and canonicalises NaN', () => {
    expect(floatOf(mkFloat(1.5))).toBe(1.5);
    expect(isFloat(mkFloat(-0.0))).toBe(true);
    expect(isFloat(mkFloat(Infinity))).toBe(true);
    expect(isFloat(mkFloat(-Infinity))).toBe(true);
    expect(mkFloat(reinterpret<f64>(0xfff9_0000_0000_0001))).toBe(0x7ff8_0000_0000_0000);
    expect(isFloat(mkFloat(NaN))).toBe(true);
  });
  it('tags booleans and undef apart from numbers', () => {
    expect(isBool(TRUE)).toBe(true);
    expect(isBool(FALSE)).toBe(true);
    expect(isInt(UNDEF)).toBe(false);
    expect(isFloat(UNDEF)).toBe(false);
  });
  it('decides truthiness like the shell', () => {
    expect(truthy(mkInt(0))).toBe(0);
    expect(truthy(mkInt(-3))).toBe(1);
    expect(truthy(mkFloat(0.0))).toBe(0);
    expect(truthy(mkFloat(NaN))).toBe(1);
    expect(truthy(UNDEF)).toBe(0);
    expect(truthy(FALSE)).toBe(0);
    expect(truthy(TRUE)).toBe(1);
  });
  it('keeps handles out of every number test and defers their truthiness to the host', () => {
    const str = TAG_HANDLE | 7;
    const arr = TAG_CONTAINER | 7;
    expect(isNum(str)).toBe(false);
    expect(isFloat(arr)).toBe(false);
    expect(isContainer(arr)).toBe(true);
    expect(isContainer(str)).toBe(false);
    expect(truthy(str)).toBe(-1);
    expect(truthy(arr)).toBe(-1);
  });
});
