// Chunk.opHash against values upstream computes: the numbers below were printed
// by upstream's own `Hash for Op` / `Hash for Value` impls fed to Rust's
// DefaultHasher (rustc 1.95, the ChunkBuilder::build recipe: ops, then constants).

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { sipHash13 } from '../src/chunk/op-hash.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float, NativeFn, Obj, Ref, Status, type Value } from '../src/values/value.js';

const CASES: [string, Instr[], Value[], bigint][] = [
  ['empty', [], [], 8556445246977061536n],
  ['seed', [Op.LoadInt(40), Op.LoadInt(2), Op.Add], [], 11940670004282370877n],
  ['float', [Op.LoadFloat(1.5), Op.LoadFloat(-0), Op.Pow], [], 12699420940334787987n],
  ['consts', [Op.LoadConst(0), Op.LoadConst(1), Op.Concat, Op.PrintLn(1)], ['héllo', -7], 13698843004339452736n],
  [
    'jumps',
    [Op.Jump(3), Op.JumpIfFalse(2n ** 64n - 1n), Op.Call(2, 1), Op.SlotLtIntJumpIfFalse(1, -5, 9), Op.ConcatConstLoop(0, 1, 2, 1000), Op.ExtendedWide(7, 123456789012), Op.Redirect(2, 6), Op.CallBuiltin(300, 4)],
    [],
    1655976517785651880n,
  ],
  ['values', [Op.Nop], [undefined, true, new Float(2.5), [1, ''], new Status(3), new Ref(9), new NativeFn(4), new Obj(70000), new Map([['k', 1]])], 12623996547567037978n],
  [
    'shell',
    [Op.TestFile(5), Op.ExpandParam(17), Op.CmdSubst(1), Op.Exec(3), Op.GetVar(2), Op.SetSlot(65535), Op.AccumSumLoop(0, 1, 100), Op.AddAssignSlotVoid(1, 2), Op.PushIntRangeLoop(0, 1, 5), Op.Extended(9, 200), Op.WithRedirectsBegin(2), Op.MakeHash(4), Op.CallDynamic(2), Op.CallFunction(1, 2)],
    [],
    11763740290238045607n,
  ],
];

describe('Chunk.opHash', () => {
  for (const [name, ops, consts, want] of CASES) {
    it(`${name} matches upstream's op_hash`, () => {
      const b = new ChunkBuilder();
      for (const c of consts) b.addConstant(c);
      ops.forEach((op) => b.emit(op, 1));
      expect(b.build().opHash).toBe(want);
    });
  }

  it('ignores lines, names and source; changes with an operand or a constant', () => {
    const make = (line: number, name: string, k: number, c: string) => {
      const b = new ChunkBuilder();
      b.addName(name);
      b.setSource(name);
      b.addConstant(c);
      b.emit(Op.LoadConst(0), line);
      b.emit(Op.LoadInt(k), line);
      return b.build();
    };
    const a = make(1, 'x', 5, 'c');
    expect(make(9, 'y', 5, 'c').opHash).toBe(a.opHash);
    expect(make(9, 'y', 5, 'c').hash).not.toBe(a.hash);
    expect(make(1, 'x', 6, 'c').opHash).not.toBe(a.opHash);
    expect(make(1, 'x', 5, 'd').opHash).not.toBe(a.opHash);
  });

  it("Chunk.identity is upstream's chunk_identity (op_hash, then names)", () => {
    const make = (names: string[]) => {
      const b = new ChunkBuilder();
      for (const n of names) b.addName(n);
      for (const op of [Op.LoadInt(40), Op.LoadInt(2), Op.Add]) b.emit(op, 1);
      return b.build();
    };
    expect(make([]).identity).toBe(3158136068101251097n);
    expect(make(['x', 'héllo']).identity).toBe(335604212179470137n);
  });

  it('SipHash-1-3 with the zero key matches CPython (PYTHONHASHSEED=0 hashes bytes with it)', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sipHash13(enc('abc'))).toBe(13851880170939887858n);
    expect(sipHash13(enc('abcdefgh'))).toBe(4574395652268504554n);
    expect(sipHash13(enc('abcdefghijk'))).toBe(1450545860578130900n);
  });
});
