// ChunkBuilder: upstream's API; pools refuse to overflow rather than alias.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { PoolOverflowError } from '../src/errors.js';
import { Op } from '../src/ops/op.js';

describe('ChunkBuilder', () => {
  it('emits ops with lines and patches jumps', () => {
    const b = new ChunkBuilder();
    const j = b.emit(Op.JumpIfFalse(0), 3);
    b.emit(Op.LoadInt(1), 4);
    b.patchJump(j, b.currentPos());
    const c = b.build();
    expect(c.ops[0]).toEqual(Op.JumpIfFalse(2));
    expect(c.lines).toEqual([3, 4]);
    expect(() => b.patchJump(1, 0)).toThrow(/no jump target/);
  });
  it('interns names and keeps every constant', () => {
    const b = new ChunkBuilder();
    expect(b.addName('x')).toBe(0);
    expect(b.addName('y')).toBe(1);
    expect(b.addName('x')).toBe(0);
    expect(b.addConstant('s')).toBe(0);
    expect(b.addConstant('s')).toBe(1);
  });
  it('refuses a full pool', () => {
    const b = new ChunkBuilder();
    for (let i = 0; i < 65536; i++) b.addName(`n${i}`);
    expect(() => b.addName('one-more')).toThrow(PoolOverflowError);
    expect(b.addName('n5')).toBe(5);
  });
  it('builds a chunk whose hash follows its content', () => {
    const mk = (n: number) => {
      const b = new ChunkBuilder();
      b.emit(Op.LoadInt(n), 1);
      b.setSource('x');
      return b.build();
    };
    expect(mk(1).hash).toBe(mk(1).hash);
    expect(mk(1).hash).not.toBe(mk(2).hash);
    expect(Chunk.fromJSON(mk(1).toJSON()).hash).toBe(mk(1).hash);
  });
  it('carries sub-chunks, sub entries, block ranges and slot names', () => {
    const inner = new ChunkBuilder();
    inner.emit(Op.LoadInt(1), 1);
    const b = new ChunkBuilder();
    const f = b.addName('f');
    expect(b.addSubChunk(inner.build())).toBe(0);
    b.addSubEntry(f, 0);
    expect(b.addBlockRange(0, 1)).toBe(0);
    b.setSubSlotNames(0, ['a', 'b']);
    b.emit(Op.CmdSubst(0), 1);
    const c = b.build();
    expect(c.findSub(f)).toBe(0);
    expect(c.subChunks[0]!.ops).toEqual([Op.LoadInt(1)]);
    expect(Chunk.fromJSON(c.toJSON()).toJSON()).toBe(c.toJSON());
  });
});

describe('ChunkBuilder.emit refuses what is not an instruction', () => {
  it('names an uncalled builder and the operands it takes', () => {
    const b = new ChunkBuilder();
    // @ts-expect-error the builder, not called: the mistake a JS caller can make
    expect(() => b.emit(Op.LoadInt, 1)).toThrow(new TypeError('emit: Op.LoadInt is a builder, not an instruction: call it with its operands, Op.LoadInt(value)'));
    // @ts-expect-error as above
    expect(() => b.emit(Op.AccumSumLoop, 1)).toThrow('Op.AccumSumLoop(sum, i, limit)');
    for (const bad of [undefined, null, 42, { op: 'Frobnicate', args: [] }, { op: 'LoadInt', args: [] }]) {
      // @ts-expect-error not instructions
      expect(() => b.emit(bad, 1)).toThrow(TypeError);
    }
    expect(b.currentPos()).toBe(0); // nothing was appended
    expect(() => b.emit({ op: 'Add', args: [] }, 1)).not.toThrow();
  });
});

describe('the builders’ types', () => {
  it('are generated from the op table with the operands’ names, and up to date', async () => {
    const { renderBuilders } = await import('../scripts/gen-builders.mjs');
    const { OPS } = await import('../src/ops/table.js');
    const { OPERAND_FORMATS } = await import('../src/ops/formats.js');
    const text = renderBuilders(OPS, OPERAND_FORMATS);
    expect(readFileSync(new URL('../src/ops/builders.generated.ts', import.meta.url), 'utf8')).toBe(text);
    expect(text).toContain('readonly LoadInt: (value: number | bigint) => Instr;');
    expect(text).toContain('readonly AccumSumLoop: (sum: number, i: number, limit: number) => Instr;');
    expect(text).toContain('readonly ConcatConstLoop: (const_: number, s: number, i: number, limit: number) => Instr;');
    expect(text).toContain('readonly Add: Instr;');
    expect(Op.LoadInt.name).toBe('LoadInt');
  });
});
