// Upstream's coercions: Rust's f64 Display, str::parse, truthiness, lengths.

import { describe, expect, it } from 'vitest';
import { compareStr, formatF64, isTruthy, parseF64, parseI64, toFloat, toInt, toStr, utf8Length } from '../src/values/convert.js';
import { Float, Status, Value } from '../src/values/value.js';

describe('values', () => {
  it('prints floats as Rust does', () => {
    expect(formatF64(1)).toBe('1');
    expect(formatF64(1.5)).toBe('1.5');
    expect(formatF64(1e-7)).toBe('0.0000001');
    expect(formatF64(1e300)).toBe('1' + '0'.repeat(300));
    expect(formatF64(-0)).toBe('-0');
    expect(formatF64(NaN)).toBe('NaN');
    expect(formatF64(-Infinity)).toBe('-inf');
    expect(formatF64(1.2345e21)).toBe('1234500000000000000000');
  });
  it('parses numbers as Rust does', () => {
    expect(parseI64('42')).toBe(42);
    expect(parseI64('+7')).toBe(7);
    expect(parseI64(' 7')).toBeUndefined();
    expect(parseI64('3.5')).toBeUndefined();
    expect(parseI64('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseI64('9223372036854775808')).toBeUndefined();
    expect(parseF64('1e3')).toBe(1000);
    expect(parseF64('.5')).toBe(0.5);
    expect(parseF64('5.')).toBe(5);
    expect(parseF64('inf')).toBe(Infinity);
    expect(parseF64('-Infinity')).toBe(-Infinity);
    expect(parseF64('nan')).toBeNaN();
    expect(parseF64('0x10')).toBeUndefined();
    expect(parseF64('')).toBeUndefined();
  });
  it('coerces like value.rs', () => {
    expect(toInt('3.5')).toBe(0);
    expect(toInt(new Float(-2.9))).toBe(-2);
    expect(toInt(new Float(1e300))).toBe(2n ** 63n - 1n);
    expect(toInt([1, 2, 3])).toBe(3);
    expect(toFloat([1, 2, 3])).toBe(0);
    expect(toFloat(' 1')).toBe(0);
    expect(toStr(true)).toBe('1');
    expect(toStr(false)).toBe('');
    expect(toStr([1, new Float(2), 'x'])).toBe('1 2 x');
    expect(toStr(new Map())).toBe('(hash)');
    expect(toStr(Value.nativeFn(3))).toBe('(builtin:3)');
  });
  it('decides truthiness like the shell', () => {
    expect([0, '', '0', undefined, [], new Map(), new Float(0), new Status(1)].map(isTruthy)).toEqual(Array(8).fill(false));
    expect([1, '00', ' ', [0], new Float(NaN), new Status(0), Value.obj(0)].map(isTruthy)).toEqual(Array(7).fill(true));
  });
  it('measures and orders strings by UTF-8 bytes', () => {
    expect(utf8Length('héllo')).toBe(6);
    expect(utf8Length('😀')).toBe(4);
    expect(compareStr('\uffff', '😀')).toBe(-1);
    expect(compareStr('abc', 'abd')).toBe(-1);
  });
  it('normalises Int construction', () => {
    expect(Value.int(5n)).toBe(5);
    expect(Value.int(2n ** 60n)).toBe(2n ** 60n);
    expect(() => Value.int(2n ** 63n)).toThrow(RangeError);
    expect(() => Value.int(0.5)).toThrow(RangeError);
  });
});

describe('valueEquals', () => {
  it('compares like upstream PartialEq', async () => {
    const { valueEquals } = await import('../src/values/convert.js');
    expect(valueEquals(1, new Float(1))).toBe(false);
    expect(valueEquals(new Float(NaN), new Float(NaN))).toBe(false);
    expect(valueEquals([1, 'a', new Map([['k', [2n ** 60n]]])], [1, 'a', new Map([['k', [2n ** 60n]]])])).toBe(true);
    expect(valueEquals(new Map([['k', 1]]), new Map([['j', 1]]))).toBe(false);
    expect(valueEquals(new Status(0), new Status(0))).toBe(true);
    expect(valueEquals(undefined, undefined)).toBe(true);
  });
});
