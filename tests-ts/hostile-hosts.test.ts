// Hostile hosts: callbacks that throw, return non-Values, dispose, reset or
// re-run their own VM. run() never throws and both backends give the same
// typed answer; a VM disposed mid-run never touches a core another VM holds.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { HostError, Interrupted, VMStateError } from '../src/errors.js';
import { Op, type Instr } from '../src/ops/op.js';
import type { RunResult } from '../src/backend.js';
import { VM } from '../src/vm.js';
import { VMPool } from '../src/pool.js';

function chunk(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
}
const forever = () => chunk([Op.Nop, Op.Jump(0)]);
const errorOf = (r: RunResult) => {
  if (r.status !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
};
/** sum 1..n in a slot loop, calling builtin 0 once at iteration 100 */
const loopCalling = (n: number) =>
  chunk([
    Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), // 0-3: s = 0, i = 0
    Op.GetSlot(1), Op.LoadInt(100), Op.NumEq, Op.JumpIfFalse(10), // 4-7
    Op.CallBuiltin(0, 0), Op.Pop, // 8-9
    Op.AddAssignSlotVoid(0, 1), Op.SlotIncLtIntJumpBack(1, n, 4), // 10-11
    Op.GetSlot(0),
  ]);

describe.each(['wasm', 'ts'] as const)('hostile hosts on the %s backend', (backend) => {
  const mk = (c: Chunk, o: ConstructorParameters<typeof VM>[1] = {}) => new VM(c, { ...o, backend });

  it('an interrupt that throws ends the run with a HostError keeping the cause', () => {
    const boom = new Error('boom');
    const e = errorOf(mk(forever(), { limits: { interruptEvery: 100, interrupt: () => { throw boom; } } }).run());
    expect(e).toBeInstanceOf(HostError);
    expect(e.cause).toBe(boom);
  });
  it('an interrupt that returns true ends the run with Interrupted', () => {
    expect(errorOf(mk(forever(), { limits: { interruptEvery: 100, interrupt: () => true } }).run())).toBeInstanceOf(Interrupted);
  });
  it('builtins, extension handlers, output, input and shell hosts that throw give HostError with the cause', () => {
    const cases: [Instr[], (vm: VM, boom: unknown) => void][] = [
      [[Op.CallBuiltin(3, 0)], (vm, b) => vm.registerBuiltin(3, () => { throw b; })],
      [[Op.Extended(1, 2)], (vm, b) => vm.setExtensionHandler(() => { throw b; })],
      [[Op.ExtendedWide(1, 2)], (vm, b) => vm.setExtensionWideHandler(() => { throw b; })],
      [[Op.LoadInt(1), Op.PrintLn(1)], (vm, b) => vm.setOutput(() => { throw b; })],
      [[Op.ReadLine], (vm, b) => vm.setInput(() => { throw b; })],
      [[Op.LoadInt(1), Op.Exec(1)], (vm, b) => vm.setShellHost({ exec: () => { throw b; } })],
      [[Op.LoadInt(1), Op.Glob], (vm, b) => vm.setShellHost({ glob: () => { throw b; } })],
    ];
    for (const [ops, install] of cases) {
      for (const boom of [new Error('boom'), 'a string', undefined]) {
        const vm = mk(chunk(ops));
        install(vm, boom);
        const e = errorOf(vm.run());
        expect(e).toBeInstanceOf(HostError);
        expect(e.cause).toBe(boom);
        expect(e.op).toBe(ops[ops.length - 1]!.op);
      }
    }
  });
  it('a builtin or shell host that returns something not a Value gives HostError', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    for (const bad of [1.5, NaN, -0, {}, null, cyclic, 5n, 1n << 70n, Symbol('s'), () => 1]) {
      const vm = mk(chunk([Op.CallBuiltin(0, 0)]));
      vm.registerBuiltin(0, () => bad as never);
      expect(errorOf(vm.run())).toBeInstanceOf(HostError);
      const sh = mk(chunk([Op.LoadInt(1), Op.Glob]));
      sh.setShellHost({ glob: () => bad as never });
      expect(errorOf(sh.run())).toBeInstanceOf(HostError);
    }
    const shared = [1, 2];
    const vm = mk(chunk([Op.CallBuiltin(0, 0)]));
    vm.registerBuiltin(0, () => [shared, shared]);
    expect(vm.run()).toEqual({ status: 'ok', value: [[1, 2], [1, 2]] });
  });
  it('run() after dispose() returns a VMStateError; reset, push and pop throw one', () => {
    const vm = mk(chunk([Op.LoadInt(1)]));
    vm.dispose();
    expect(errorOf(vm.run())).toBeInstanceOf(VMStateError);
    expect(() => vm.reset(chunk([Op.LoadInt(1)]))).toThrow(VMStateError);
    expect(() => vm.push(1)).toThrow(VMStateError);
    expect(() => vm.pop()).toThrow(VMStateError);
    expect(() => vm.dispose()).not.toThrow();
  });
  it('a VM pool skips a VM released after dispose()', () => {
    const pool = new VMPool({ backend });
    const vm = pool.acquire(chunk([Op.LoadInt(1)]));
    vm.dispose();
    pool.release(vm);
    const next = pool.acquire(chunk([Op.LoadInt(2)]));
    expect(next).not.toBe(vm);
    expect(vm.disposed).toBe(true);
    expect(next.run()).toEqual({ status: 'ok', value: 2 });
  });
  it('a builtin that disposes its VM ends the run with VMStateError at once', () => {
    const vm = mk(loopCalling(1000));
    let after = 0;
    vm.registerBuiltin(0, (v) => {
      v.dispose();
      return 0;
    });
    vm.setOutput(() => void after++);
    const e = errorOf(vm.run());
    expect(e).toBeInstanceOf(VMStateError);
    expect((e as VMStateError).state).toBe('disposed');
    expect(errorOf(vm.run())).toBeInstanceOf(VMStateError);
    expect(after).toBe(0);
  });
  it('a builtin that disposes VM A and makes VM B: A stops, B runs on its own core (repro 9)', () => {
    const a = mk(loopCalling(15000 + 1)); // would return 1+…+15000
    let b: VM | undefined;
    a.registerBuiltin(0, (v) => {
      v.dispose();
      b = mk(loopCalling(901));
      b.registerBuiltin(0, () => 0);
      return 0;
    });
    expect(errorOf(a.run())).toBeInstanceOf(VMStateError);
    expect(b!.run()).toEqual({ status: 'ok', value: (900 * 901) / 2 });
  });
  it('an interrupt that disposes its VM ends the run with VMStateError', () => {
    const holder: { vm?: VM } = {};
    holder.vm = mk(forever(), { limits: { interruptEvery: 100, interrupt: () => (holder.vm!.dispose(), false) } });
    expect(errorOf(holder.vm.run())).toBeInstanceOf(VMStateError);
    const next = mk(chunk([Op.LoadInt(7)]));
    expect(next.run()).toEqual({ status: 'ok', value: 7 });
  });
  it('a builtin that re-runs or resets its own VM gets a VMStateError; the outer run goes on', () => {
    const vm = mk(loopCalling(201));
    const inner: unknown[] = [];
    vm.registerBuiltin(0, (v) => {
      inner.push(v.run());
      return 0;
    });
    expect(vm.run()).toEqual({ status: 'ok', value: (200 * 201) / 2 });
    expect((inner[0] as { error: unknown }).error).toBeInstanceOf(VMStateError);
    const vm2 = mk(loopCalling(201));
    vm2.registerBuiltin(0, (v) => {
      v.reset(forever());
      return 0;
    });
    const e = errorOf(vm2.run());
    expect(e).toBeInstanceOf(VMStateError);
    expect((e as VMStateError).state).toBe('running');
  });
});
