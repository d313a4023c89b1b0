// The .fasm text format: every conformance chunk survives JSON → fasm → JSON;
// hand-written assembly with labels and directives reads as intended.

import { describe, expect, it } from 'vitest';
import { assemble } from '../src/chunk/asm.js';
import { Chunk } from '../src/chunk/chunk.js';
import { disassemble } from '../src/chunk/disasm.js';
import { ChunkFormatError } from '../src/errors.js';
import { VM } from '../src/vm.js';
import { SETS, readCases } from './conformance-data.js';

describe('.fasm', () => {
  it.each(SETS)('round-trips every chunk of %s byte for byte', (set) => {
    const bad: string[] = [];
    for (const c of readCases(set)) {
      const chunk = Chunk.fromJSON(c.chunkText);
      if (assemble(disassemble(chunk)).toJSON() !== chunk.toJSON()) bad.push(c.name);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('assembles labels, subroutines, constants and comments', () => {
    const src = `
      .source "sum.fasm"
      .name "double"      ; name 0
      .const "total: "
      .sub 0, double
        LoadInt 0
        SetSlot 0          # i = 0
        LoadInt 0
        SetSlot 1
      .line 2
      loop:
        GetSlot 1
        GetSlot 0
        Add
        SetSlot 1
        SlotIncLtIntJumpBack 0, 5, loop
        GetSlot 1
        Call 0, 1
        Jump end
      double:
        LoadInt 2
        Mul
        ReturnValue
      end:
    `;
    const chunk = assemble(src);
    expect(chunk.source).toBe('sum.fasm');
    expect(chunk.subEntries).toEqual([[0, 12]]);
    expect(chunk.lines[4]).toBe(2);
    const r = new VM(chunk).run();
    expect(r).toEqual({ status: 'ok', value: 20 });
  });

  it('reports the line of a mistake', () => {
    expect(() => assemble('Nop\nLoadInt x')).toThrow(/:2: LoadInt operand value/);
    expect(() => assemble('Jump nowhere')).toThrow(/unknown label nowhere/);
    expect(() => assemble('Frob')).toThrow(ChunkFormatError);
    expect(() => assemble('.subchunk\nNop')).toThrow(/without .end/);
  });
});

describe('.fasm and the op table', () => {
  it('round-trips every op of the table, operands by kind', async () => {
    const { OPS } = await import('../src/ops/table.js');
    const { instr } = await import('../src/ops/op.js');
    const sample: Record<string, number | bigint> = { int: -(2n ** 63n), float: -1.5e-300, limit: -(2 ** 31), wide: 2n ** 64n - 1n, target: 1 };
    for (const s of OPS) {
      const ins = instr(s.name, s.operands.map((o) => sample[o.kind] ?? 0));
      const chunk = new Chunk({ ops: [ins], constants: ['c'], names: ['n'], lines: [7], subEntries: [], blockRanges: [[0, 1]], subChunks: [assemble('Nop')], source: 's' });
      expect(assemble(disassemble(chunk)).toJSON(), s.name).toBe(chunk.toJSON());
    }
  });
});
