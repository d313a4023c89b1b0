// Strict numeric and strict undef modes (upstream's NumericHook,
// SitedNumericHook, fixnum range, UndefHook) on both backends.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { VMRuntimeError } from '../src/errors.js';
import type { NumOp } from '../src/interp/hooks.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float, type Value } from '../src/values/value.js';
import { VM } from '../src/vm.js';

const BACKENDS = ['wasm', 'ts'] as const;
const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

function chunk(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  ops.forEach((op, i) => b.emit(op, i + 1));
  return b.build();
}
const withStr = (s: string) => (b: ChunkBuilder) => void b.addConstant(s);

/** Run on each backend with a recording numeric hook that answers `answer`. */
function strictRun(c: Chunk, answer: (op: NumOp, a: Value, b: Value) => Value = () => 'hook', setup?: (vm: VM) => void) {
  return BACKENDS.map((backend) => {
    const calls: [NumOp, Value, Value][] = [];
    const vm = new VM(c, { backend, output: () => {} });
    vm.setNumericHook((op, a, b) => {
      calls.push([op, a, b]);
      return answer(op, a, b);
    });
    setup?.(vm);
    const r = vm.run();
    return { r, calls, ops: vm.opsExecuted };
  });
}

describe('strict numeric mode', () => {
  const cases: [string, Instr[], ((b: ChunkBuilder) => void) | undefined, Value, [NumOp, Value, Value][]][] = [
    ['a non-number operand goes to the hook', [Op.LoadConst(0), Op.LoadInt(1), Op.Add], withStr('a'), 'hook', [['Add', 'a', 1]]],
    ['an i64 overflow goes to the hook instead of wrapping', [Op.LoadInt(MAX), Op.LoadInt(1), Op.Add], undefined, 'hook', [['Add', MAX, 1]]],
    ['Mul overflow', [Op.LoadInt(2n ** 40n), Op.LoadInt(2n ** 40n), Op.Mul], undefined, 'hook', [['Mul', 2 ** 40, 2 ** 40]]],
    ['MIN % -1', [Op.LoadInt(MIN), Op.LoadInt(-1), Op.Mod], undefined, 'hook', [['Mod', MIN, -1]]],
    ['in-range ints stay native, zero divisor Mod included', [Op.LoadInt(7), Op.LoadInt(0), Op.Mod, Op.LoadInt(5), Op.Add], undefined, 5, []],
    ['mixed int/float never delegates', [Op.LoadInt(MAX), Op.LoadFloat(0.5), Op.Add], undefined, new Float(9223372036854775807 + 0.5), []],
    ['a comparison with a non-number', [Op.LoadConst(0), Op.LoadInt(1), Op.NumLt], withStr('x'), 'hook', [['Lt', 'x', 1]]],
    ['Bool and Undef are not numbers', [Op.LoadTrue, Op.LoadUndef, Op.Sub], undefined, 'hook', [['Sub', true, undefined]]],
    ['Div of a non-number; Div by zero stays Undef', [Op.LoadInt(1), Op.LoadInt(0), Op.Div, Op.Pop, Op.LoadConst(0), Op.LoadInt(2), Op.Div], withStr('s'), 'hook', [['Div', 's', 2]]],
    ['Pow of a non-number', [Op.LoadConst(0), Op.LoadInt(2), Op.Pow], withStr('p'), 'hook', [['Pow', 'p', 2]]],
    ['Negate of MIN is Neg with b Undef', [Op.LoadInt(MIN), Op.Negate], undefined, 'hook', [['Neg', MIN, undefined]]],
    ['Inc of MAX is Add of 1; Dec of MIN is Sub of 1', [Op.LoadInt(MAX), Op.Inc, Op.LoadInt(MIN), Op.Dec, Op.Concat], undefined, 'hookhook', [['Add', MAX, 1], ['Sub', MIN, 1]]],
    ['a short stack is a no-op, not a call', [Op.LoadInt(3), Op.Add], undefined, 3, []],
  ];
  for (const [name, ops, setup, want, wantCalls] of cases) {
    it(name, () => {
      const [w, t] = strictRun(chunk(ops, setup));
      for (const x of [t!, w!]) {
        expect(x.r).toEqual({ status: 'ok', value: want });
        expect(x.calls).toEqual(wantCalls);
      }
      expect(w!.ops).toBe(t!.ops);
    });
  }

  it('a fixnum range narrows what stays native', () => {
    const c = chunk([Op.LoadInt(50), Op.LoadInt(50), Op.Add, Op.LoadInt(60), Op.LoadInt(41), Op.Add, Op.Concat]);
    for (const x of strictRun(c, (op, a, b) => `big(${String(a)}${op}${String(b)})`, (vm) => vm.setFixnumRange(-100, 100))) {
      expect(x.r).toEqual({ status: 'ok', value: '100big(60Add41)' });
    }
  });

  it('a hook that throws ends the run with its message at the op', () => {
    for (const backend of BACKENDS) {
      const vm = new VM(chunk([Op.Nop, Op.LoadConst(0), Op.LoadInt(1), Op.Mul], withStr('a')), { backend });
      vm.setNumericHook((op, a) => {
        throw new Error(`wrong-type-argument ${op} ${String(a)}`);
      });
      const r = vm.run();
      expect(r.status).toBe('error');
      if (r.status !== 'error') continue;
      expect(r.error).toBeInstanceOf(VMRuntimeError);
      expect([r.error.ip, r.error.op]).toEqual([3, 'Mul']);
      expect(r.error.message).toMatch(/^wrong-type-argument Mul a/);
    }
  });

  it('the sited hook is told the chunk and op index, and wins over a plain one', () => {
    const c = chunk([Op.LoadConst(0), Op.LoadInt(1), Op.Add, Op.LoadConst(0), Op.LoadInt(2), Op.Add, Op.Concat], withStr('v'));
    for (const backend of BACKENDS) {
      const vm = new VM(c, { backend });
      vm.setNumericHook(() => 'plain');
      vm.setSitedNumericHook(({ op, a, b, chunk: ch, chunkId, ip }) => (ch === c && chunkId === c.identity ? `${op}@${ip}:${String(a)}${String(b)} ` : 'other'));
      expect(vm.isStrictNumeric()).toBe(true);
      expect(vm.run()).toEqual({ status: 'ok', value: 'Add@2:v1 Add@5:v2 ' });
    }
  });

  it('two chunks sharing their ops but not their names are told apart by chunkId', () => {
    const ids: bigint[] = [];
    for (const name of ['x', 'y']) {
      const c = chunk([Op.LoadConst(0), Op.SetVar(0), Op.GetVar(0), Op.LoadInt(1), Op.Add], (b) => {
        b.addName(name);
        b.addConstant('abc');
      });
      for (const backend of BACKENDS) {
        const vm = new VM(c, { backend });
        vm.setSitedNumericHook((call) => (ids.push(call.chunkId), 0));
        expect(vm.run()).toEqual({ status: 'ok', value: 0 });
      }
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);
  });

  it('removing the hook restores coercion and wrapping; installing one mid-run takes effect at once', () => {
    const c = chunk([Op.LoadInt(MAX), Op.LoadInt(1), Op.Add, Op.Extended(1, 0), Op.LoadInt(MAX), Op.LoadInt(1), Op.Add]);
    for (const backend of BACKENDS) {
      const vm = new VM(c, { backend });
      expect(vm.isStrictNumeric()).toBe(false);
      vm.setExtensionHandler((v) => v.setNumericHook(() => 'late'));
      expect(vm.run()).toEqual({ status: 'ok', value: 'late' });
      expect(vm.stack).toEqual([MIN]); // the first Add wrapped
      vm.setNumericHook(undefined);
      vm.setExtensionHandler(undefined);
      vm.reset(c);
      expect(vm.isStrictNumeric()).toBe(false);
      expect(vm.run()).toEqual({ status: 'ok', value: MIN });
    }
  });

  it('with the Block tier on, hooked ops still reach the hook (compiled code would wrap)', () => {
    const c = chunk([Op.LoadInt(MAX), Op.LoadInt(1), Op.Add]);
    for (let run = 0; run < 3; run++) {
      const vm = new VM(c, { jit: 'block', jitThresholds: { block: 0 } });
      vm.setNumericHook(() => 'big');
      expect(vm.run()).toEqual({ status: 'ok', value: 'big' });
    }
    expect(new VM(c, { jit: 'block', jitThresholds: { block: 0 } }).run()).toEqual({ status: 'ok', value: MIN });
  });

  it('with tracing on, a numeric hook installed mid-run stops traces from being installed or entered', () => {
    // a traced loop, then the hook installed, then a loop that is hot only afterwards: x = MAX + 1, 50 times
    const b = new ChunkBuilder();
    const loop = (body: Instr[]) => {
      for (const op of [Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
      const top = b.currentPos();
      for (const op of [Op.GetSlot(0), Op.LoadInt(50), Op.NumLt]) b.emit(op, 1);
      const exit = b.emit(Op.JumpIfFalse(0), 1);
      for (const op of [...body, Op.PreIncSlotVoid(0), Op.Jump(top)]) b.emit(op, 1);
      b.patchJump(exit, b.currentPos());
    };
    loop([Op.GetSlot(0), Op.SetSlot(2)]);
    b.emit(Op.Extended(1, 0), 1);
    loop([Op.LoadInt(MAX), Op.LoadInt(1), Op.Add, Op.SetSlot(1)]);
    b.emit(Op.GetSlot(1), 1);
    const c = b.build();
    for (const jit of ['trace', 'auto', 'off'] as const) {
      const vm = new VM(c, { jit, jitThresholds: { trace: 1, block: 1 } });
      vm.setExtensionHandler((v) => v.setNumericHook(() => 'hooked'));
      expect(vm.run(), jit).toEqual({ status: 'ok', value: 'hooked' });
      vm.dispose();
    }
  });

  it('a counted loop the core runs natively gives the same result and op count in strict mode', () => {
    // sum of 0..999 with slots: native ints throughout, so the hook is never called.
    const c = chunk([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0), Op.PreIncSlotVoid(1), Op.SlotLtIntJumpIfFalse(1, 1000, 13), Op.Jump(5), Op.Nop, Op.GetSlot(0)]);
    const [w, t] = strictRun(c);
    expect(t!.r).toEqual({ status: 'ok', value: 499500 });
    expect(w!.r).toEqual(t!.r);
    expect(w!.ops).toBe(t!.ops);
    expect(w!.calls).toEqual([]);
  });
});

describe('strict undef mode', () => {
  it('GetVar and GetSlot of never-set variables ask the hook; set ones do not', () => {
    const c = chunk([Op.GetVar(0), Op.LoadInt(5), Op.SetVar(1), Op.GetVar(1), Op.PushFrame, Op.GetSlot(2), Op.MakeArray(3)], (b) => {
      b.addName('x');
      b.addName('y');
    });
    for (const backend of BACKENDS) {
      const seen: unknown[] = [];
      const vm = new VM(c, { backend });
      vm.setUndefHook((r) => {
        seen.push([r.name, r.index, r.fromSlot, r.chunk === c, r.ip]);
        return r.fromSlot ? undefined : 'dflt';
      });
      expect(vm.isStrictUndef()).toBe(true);
      expect(vm.run()).toEqual({ status: 'ok', value: ['dflt', 5, undefined] });
      expect(seen).toEqual([
        ['x', 0, false, true, 0],
        [undefined, 2, true, true, 5],
      ]);
    }
  });

  it('a hook that throws ends the run (the Tcl answer)', () => {
    for (const backend of BACKENDS) {
      const vm = new VM(chunk([Op.GetVar(0)], (b) => void b.addName('x')), { backend });
      vm.setUndefHook((r) => {
        throw new Error(`can't read "${r.name}": no such variable`);
      });
      const r = vm.run();
      expect(r.status === 'error' && r.error.message).toMatch(/^can't read "x": no such variable/);
    }
  });
});
