// Upstream's serde-JSON form: every op round-trips, integers stay exact,
// bad input is a ChunkFormatError naming the op.

import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk/chunk.js';
import { opFromJSON, opToJSON, valueFromJSON, valueToJSONText } from '../src/chunk/json.js';
import { parseExactJSON, stringifyExactJSON } from '../src/chunk/exact-json.js';
import { ChunkFormatError } from '../src/errors.js';
import { instr } from '../src/ops/op.js';
import { OPS } from '../src/ops/table.js';
import { Float, Status, type Value } from '../src/values/value.js';

const sample = (kind: string): number | bigint => (kind === 'int' ? -(2n ** 63n) : kind === 'float' ? 1.5 : kind === 'limit' ? -7 : 3);

const chunkText = (ops: string) =>
  `{"ops":${ops},"constants":[],"names":["a"],"lines":[1,1,1],"sub_entries":[],"block_ranges":[],"sub_chunks":[],"source":"t"}`;

describe('chunk JSON', () => {
  it('round-trips every op of the table', () => {
    for (const s of OPS) {
      const ins = instr(s.name, s.operands.map((o) => sample(o.kind)));
      const text = stringifyExactJSON(opToJSON(ins));
      expect(opFromJSON(parseExactJSON(text)), s.name).toEqual(ins);
    }
  });
  it('writes unit, one-field and several-field ops as upstream', () => {
    expect(opToJSON(instr('Add'))).toBe('Add');
    expect(stringifyExactJSON(opToJSON(instr('LoadInt', [42])))).toBe('{"LoadInt":42}');
    expect(stringifyExactJSON(opToJSON(instr('AccumSumLoop', [0, 1, 1000])))).toBe('{"AccumSumLoop":[0,1,1000]}');
    expect(stringifyExactJSON(opToJSON(instr('LoadFloat', [2])))).toBe('{"LoadFloat":2.0}');
  });
  it('keeps integers beyond 2^53 exact both ways', () => {
    const c = Chunk.fromJSON(chunkText('[{"LoadInt":9223372036854775807},{"LoadInt":-9007199254740993},"Add"]'));
    expect(c.ops[0]!.args[0]).toBe(9223372036854775807n);
    expect(c.ops[1]!.args[0]).toBe(-9007199254740993n);
    expect(c.toJSON()).toContain('{"LoadInt":9223372036854775807},{"LoadInt":-9007199254740993}');
  });
  it('reads every value kind', () => {
    expect(valueFromJSON({ Int: 42 })).toBe(42);
    expect(valueFromJSON('Undef')).toBe(undefined);
    expect(valueFromJSON({ Status: 3 })).toEqual(new Status(3));
    expect(valueToJSONText(new Map<string, Value>([['b', 1], ['a', new Float(NaN)]]))).toBe('{"Hash":{"a":{"Float":null},"b":{"Int":1}}}');
    expect(valueToJSONText([true, 'x', new Float(2)])).toBe('{"Array":[{"Bool":true},{"Str":"x"},{"Float":2.0}]}');
  });
  it('ignores unknown keys and reads the optional ones', () => {
    const c = Chunk.fromJSON(chunkText('["Nop"]').replace('"source":"t"', '"source":"t","native_id":7,"int_overflow_deopt":true,"whatever":1'));
    expect(c.nativeId).toBe(7);
    expect(c.intOverflowDeopt).toBe(true);
  });
  it('names the op index of an unknown op or a bad operand', () => {
    expect(() => Chunk.fromJSON(chunkText('["Nop","Frobnicate"]'))).toThrow(/unknown op "Frobnicate".*op 1/);
    expect(() => Chunk.fromJSON(chunkText('["Nop",{"GetSlot":-1}]'))).toThrow(ChunkFormatError);
    expect(() => Chunk.fromJSON(chunkText('[{"LoadInt":"x"}]'))).toThrow(/op 0/);
    expect(() => Chunk.fromJSON('{"ops":[]}')).toThrow(/missing key "constants"/);
    expect(() => Chunk.fromJSON('{"ops":[')).toThrow(/malformed JSON/);
    expect(() => Chunk.fromJSON(chunkText('["Nop",{"Jump":9}]'), { verify: 'strict' })).toThrow(/op 1 \(Jump\)/);
  });
});
