// The op table's own invariants, and that everything listing ops derives from it.

import { describe, expect, it } from 'vitest';
import { OPERAND_FORMATS } from '../src/ops/formats.js';
import { OP_CODES, Op, instr, specOf } from '../src/ops/op.js';
import { OPS as TABLE, type OpSpec } from '../src/ops/table.js';

const OPS: readonly OpSpec[] = TABLE;
import { HANDLERS } from '../src/interp/interpreter.js';

describe('op table', () => {
  it('has unique names and codes that fit a byte', () => {
    expect(new Set(OPS.map((s) => s.name)).size).toBe(OPS.length);
    expect(OPS.length).toBeLessThanOrEqual(256);
    OPS.forEach((s, i) => expect((OP_CODES as Record<string, number>)[s.name]).toBe(i));
  });
  it('names a target operand on every jump op, and only there', () => {
    for (const s of OPS) {
      const hasTarget = s.operands.some((o) => o.kind === 'target');
      if (s.jump === 'always' || s.jump === 'conditional') expect(hasTarget, s.name).toBe(true);
      else expect(hasTarget, s.name).toBe(false);
    }
  });
  it('names existing plain ops for every fused op', () => {
    for (const s of OPS.filter((s) => s.category === 'fused')) {
      const fuses = s.fuses;
      expect(fuses?.length, s.name).toBeGreaterThan(0);
      for (const f of fuses ?? []) expect(() => specOf(f)).not.toThrow();
    }
  });
  it('counts stack effects by operands that exist', () => {
    for (const s of OPS)
      for (const c of [s.pop, s.push]) if (typeof c === 'object') expect(s.operands[c.operand], s.name).toBeDefined();
  });
  it('has an interpreter handler for every op', () => {
    expect(HANDLERS.length).toBe(OPS.length);
    expect(HANDLERS.every((h) => typeof h === 'function')).toBe(true);
  });
  it('covers every op upstream 0.17 defines outside the awk and goroutine families', () => {
    for (const name of ['Nop', 'LoadConst', 'Dup2', 'SlotArraySet', 'MakeHash', 'StringRepeat', 'Spaceship', 'StrCmp', 'RubyTruthy', 'JumpIfFalseKeep', 'ReturnValue', 'PopFrame', 'ReadLine', 'RangeStep', 'ForEachBlock', 'PushIntRangeLoop', 'PostDecSlot', 'CallBuiltin', 'ExtendedWide', 'WithRedirectsEnd', 'TestFile', 'CallFunction', 'MulAddModFloor', 'CallDynamic', 'TimeInt'])
      expect(() => specOf(name)).not.toThrow();
  });
  it('builders check operand counts and widths', () => {
    expect(Op.LoadInt(2n ** 62n).args).toEqual([2n ** 62n]);
    expect(Op.Add.args).toEqual([]);
    expect(() => instr('GetSlot', [70000])).toThrow(/slot/);
    expect(() => instr('Print', [256])).toThrow(/count/);
    expect(() => instr('Add', [1])).toThrow(/takes 0/);
    expect(() => instr('LoadInt', [2n ** 63n])).toThrow(/does not fit/);
    expect(OPERAND_FORMATS.limit.max).toBe(2n ** 31n - 1n);
  });
});
