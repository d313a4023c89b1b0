// Chunks upstream runs though an index dangles: both backends give upstream's
// result (vm.rs: LoadConst past the pool → Undef, missing block → no-op,
// missing sub-chunk → "", a jump past the end ends the run); strict mode and
// checkChunk list what the frontend may want caught.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { checkChunk } from '../src/chunk/verify.js';
import { VerifyError } from '../src/errors.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float } from '../src/values/value.js';
import { VM } from '../src/vm.js';
import type { RunResult } from '../src/backend.js';

const BACKENDS = ['wasm', 'ts'] as const;

/** Build as upstream's benches do: ops emitted into a fresh builder, so the pools are empty. */
function bare(ops: Instr[]): Chunk {
  const b = new ChunkBuilder();
  for (const op of ops) b.emit(op, 1);
  return b.build();
}
/** wasm, ts, and wasm with the Block tier compiling at the first run. */
const CONFIGS = [{ backend: 'wasm' }, { backend: 'ts' }, { backend: 'wasm', jit: 'block', jitThresholds: { block: 0 } }] as const;
function runBoth(c: Chunk, setup?: (vm: VM) => void): { r: RunResult; ops: number }[] {
  return CONFIGS.map((config) => {
    const vm = new VM(c, { ...config, output: () => {} });
    setup?.(vm);
    const r = vm.run();
    const ops = vm.opsExecuted;
    vm.dispose();
    return { r, ops };
  });
}
const repeat = (n: number, ops: Instr[]): Instr[] => Array.from({ length: n }, () => ops).flat();

// Upstream's benches/vm_bench.rs builds these with the constant in a builder
// it then drops, so every LoadConst reads an empty pool.
const UPSTREAM_BENCHES: [string, Instr[], RunResult][] = [
  ['concat_1k', [Op.LoadConst(0), ...repeat(999, [Op.LoadConst(0), Op.Concat])], { status: 'ok', value: '' }],
  ['str_eq_1k', [...repeat(1000, [Op.LoadConst(0), Op.LoadConst(1), Op.StrEq, Op.Pop]), Op.LoadConst(0), Op.LoadConst(1), Op.StrEq], { status: 'ok', value: true }],
  [
    'hash_set_get_1k',
    [Op.DeclareHash(0), ...Array.from({ length: 100 }, (_, i) => [Op.LoadInt(i), Op.LoadConst(i), Op.HashSet(0)]).flat(), ...repeat(10, Array.from({ length: 100 }, (_, i) => [Op.LoadConst(i), Op.HashGet(0), Op.Pop]).flat()), Op.LoadInt(0)],
    { status: 'ok', value: 0 },
  ],
  ['load_const_int_1k', [...repeat(1000, [Op.LoadConst(0), Op.Pop]), Op.LoadConst(0)], { status: 'ok', value: undefined }],
  ['load_const_str_1k', [...repeat(1000, [Op.LoadConst(0), Op.Pop]), Op.LoadConst(0)], { status: 'ok', value: undefined }],
  ['fused_concat_const_1k', [Op.PushFrame, Op.LoadConst(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), Op.ConcatConstLoop(0, 0, 1, 1000), Op.GetSlot(0)], { status: 'ok', value: '' }],
];

describe("upstream's benchmark chunks with an empty constant pool", () => {
  for (const [name, ops, want] of UPSTREAM_BENCHES) {
    it(`${name} gives upstream's result on both backends`, () => {
      const [w, t, j] = runBoth(bare(ops));
      expect(w!.r).toEqual(want);
      expect(t!.r).toEqual(want);
      expect(j!.r).toEqual(want);
      expect(w!.ops).toBe(t!.ops);
    });
  }
  it('hash_set_get_1k stores every value under the empty key (the last one wins)', () => {
    const ops = [Op.DeclareHash(0), ...Array.from({ length: 100 }, (_, i) => [Op.LoadInt(i), Op.LoadConst(i), Op.HashSet(0)]).flat(), Op.LoadConst(7), Op.HashGet(0)];
    for (const { r } of runBoth(bare(ops))) expect(r).toEqual({ status: 'ok', value: 99 });
  });
});

describe('dangling indices keep upstream meaning', () => {
  const cases: [string, Instr[], RunResult][] = [
    ['a jump past the end ends the run', [Op.LoadInt(1), Op.Jump(99), Op.LoadInt(2)], { status: 'ok', value: 1 }],
    ['a jump to usize::MAX ends the run', [Op.LoadInt(5), Op.Jump(2n ** 64n - 1n), Op.LoadInt(2)], { status: 'ok', value: 5 }],
    ['a jump just past i32 ends the run, not wrapped into the chunk', [Op.LoadInt(5), Op.Jump(2 ** 32), Op.LoadInt(2)], { status: 'ok', value: 5 }],
    // A string condition is decided by the host for the wasm core: its target must not wrap either.
    ['a host-decided conditional jump past the end', [Op.LoadInt(6), Op.LoadInt(1), Op.LoadInt(2), Op.Concat, Op.JumpIfTrue(2 ** 32 + 1), Op.LoadInt(9)], { status: 'ok', value: 6 }],
    ['a fused loop test jumping past the end', [Op.PushFrame, Op.LoadInt(3), Op.SlotLtIntJumpIfFalse(0, 0, 1000), Op.LoadInt(4)], { status: 'ok', value: 3 }],
    ['MapBlock / GrepBlock / SortBlock / ForEachBlock of a missing block are no-ops', [Op.LoadInt(7), Op.MapBlock(3), Op.GrepBlock(4), Op.SortBlock(5), Op.ForEachBlock(6)], { status: 'ok', value: 7 }],
    ['CmdSubst of a missing sub-chunk pushes ""', [Op.CmdSubst(0)], { status: 'ok', value: '' }],
    ['ProcessSubIn / ProcessSubOut of a missing sub-chunk push ""', [Op.ProcessSubIn(2), Op.ProcessSubOut(3), Op.Concat], { status: 'ok', value: '' }],
    ['TrapSet of a missing sub-chunk pops its signal and installs nothing', [Op.LoadInt(1), Op.LoadInt(2), Op.TrapSet(9)], { status: 'ok', value: 1 }],
    ['HereDoc of a missing constant feeds ""', [Op.HereDoc(4), Op.LoadInt(1)], { status: 'ok', value: 1 }],
    // Undef is not an Int, so Add promotes: 2.0, as upstream.
    ['LoadConst past the pool then arithmetic sees Undef', [Op.LoadConst(3), Op.LoadInt(2), Op.Add], { status: 'ok', value: new Float(2) }],
  ];
  for (const [name, ops, want] of cases) {
    it(name, () => {
      const [w, t, j] = runBoth(bare(ops));
      expect(t!.r).toEqual(want);
      expect(w!.r).toEqual(want);
      expect(j!.r).toEqual(want);
      expect(w!.ops).toBe(t!.ops);
      expect(j!.ops).toBe(t!.ops);
    });
  }

  it('a host sees no call for a missing sub-chunk, and one for a present one', () => {
    const seen: string[] = [];
    const inner = bare([Op.LoadInt(1)]);
    const b = new ChunkBuilder();
    b.addSubChunk(inner);
    b.emit(Op.CmdSubst(0), 1);
    b.emit(Op.CmdSubst(5), 1);
    b.emit(Op.Concat, 1);
    for (const backend of BACKENDS) {
      const vm = new VM(b.build(), { backend });
      vm.setShellHost({ cmdSubst: (c) => (seen.push(backend), c === inner ? 'out' : 'wrong') });
      expect(vm.run()).toEqual({ status: 'ok', value: 'out' });
    }
    expect(seen).toEqual(['wasm', 'ts']);
  });

  it('a Call whose subroutine entry is past the end ends the run there', () => {
    const b = new ChunkBuilder();
    const f = b.addName('f');
    b.addSubEntry(f, 50);
    b.emit(Op.LoadInt(8), 1);
    b.emit(Op.Call(f, 0), 1);
    b.emit(Op.LoadInt(9), 1);
    for (const { r } of runBoth(b.build())) expect(r).toEqual({ status: 'ok', value: 8 });
  });

  it('patchJump takes any target, as upstream', () => {
    const b = new ChunkBuilder();
    const j = b.emit(Op.Jump(0), 1);
    b.patchJump(j, 42);
    const c = b.build();
    expect(c.ops[j]).toEqual(Op.Jump(42));
    for (const { r } of runBoth(c)) expect(r).toEqual({ status: 'halted' });
  });

  it('Chunk.fromJSON and new VM accept what upstream accepts', () => {
    const text = '{"ops":[{"LoadConst":5},{"Jump":100}],"constants":[],"names":[],"lines":[1,1],"sub_entries":[[3,900]],"block_ranges":[[9,2]],"sub_chunks":[],"source":""}';
    for (const backend of BACKENDS) expect(new VM(Chunk.fromJSON(text), { backend }).run()).toEqual({ status: 'ok', value: undefined });
  });

  it('a sub-chunk Exec runs keeps its meaning when its own indices dangle', () => {
    const sub = bare([Op.LoadConst(2), Op.Jump(77)]);
    expect(new VM(sub, { backend: 'ts' }).run()).toEqual({ status: 'ok', value: undefined });
    expect(new VM(sub).run()).toEqual({ status: 'ok', value: undefined });
  });
});

describe('strict mode', () => {
  const bad = (): Chunk => {
    const b = new ChunkBuilder();
    b.setSource('bad.fvm');
    b.emit(Op.LoadConst(0), 3);
    b.emit(Op.Nop, 4);
    b.emit(Op.Jump(9), 5);
    b.emit(Op.CmdSubst(1), 6);
    b.addBlockRange(4, 1);
    b.addSubChunk(bare([Op.MapBlock(0)]));
    return b.build();
  };

  it('checkChunk lists every problem with op index, op and line, sub-chunks included', () => {
    const ps = checkChunk(bad());
    expect(ps.map((p) => [p.ip, p.op, p.line, p.path])).toEqual([
      [0, 'LoadConst', 3, []],
      [2, 'Jump', 5, []],
      [3, 'CmdSubst', 6, []],
      [undefined, undefined, undefined, []],
      [0, 'MapBlock', 1, [0]],
    ]);
    expect(ps[1]!.message).toMatch(/target 9 is outside the chunk \(4 ops\)/);
    expect(ps[3]!.message).toMatch(/block_ranges\[0\]/);
    expect(checkChunk(bare([Op.LoadInt(1), Op.Jump(2)]))).toEqual([]);
  });

  it("verify: 'strict' refuses at new VM, build and fromJSON, naming the first and counting the rest", () => {
    const c = bad();
    for (const backend of BACKENDS) {
      let err: unknown;
      try {
        new VM(c, { backend, verify: 'strict' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VerifyError);
      const v = err as VerifyError;
      expect([v.ip, v.op, v.line]).toEqual([0, 'LoadConst', 3]);
      expect(v.message).toMatch(/and 4 more/);
      expect(v.problems).toHaveLength(5);
    }
    const b = new ChunkBuilder();
    b.emit(Op.Jump(3), 1);
    expect(() => b.build({ verify: 'strict' })).toThrow(VerifyError);
    expect(() => Chunk.fromJSON(c.toJSON(), { verify: 'strict' })).toThrow(VerifyError);
    expect(() => new VM(bare([Op.LoadInt(1)]), { verify: 'strict' })).not.toThrow();
    // reset checks the new chunk the same way.
    const vm = new VM(bare([Op.LoadInt(1)]), { verify: 'strict', backend: 'ts' });
    expect(() => vm.reset(c)).toThrow(VerifyError);
  });

  it('an unknown mode is a TypeError, not silently lax', () => {
    expect(() => new VM(bare([Op.Nop]), { verify: 'loose' as never })).toThrow(TypeError);
  });
});
