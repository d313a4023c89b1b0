// Limits end a run with a typed error that names the limit; the VM can be
// reset and reused afterwards.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { FuelExhausted, Interrupted, LimitError, OutOfMemory, StackOverflow } from '../src/errors.js';
import { Op, type Instr } from '../src/ops/op.js';
import { VM } from '../src/vm.js';
import { FUEL_COST } from '../src/limits.js';

function chunk(ops: Instr[], setup?: (b: ChunkBuilder) => number | void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
}
const forever = () => chunk([Op.Nop, Op.Jump(0)]);

function errorOf(vm: VM) {
  const r = vm.run();
  if (r.status !== 'error') throw new Error(`expected an error, got ${r.status}`);
  return r.error;
}

describe.each(['wasm', 'ts'] as const)('limits on the %s backend', (backend) => {
  const mkVM = (c: Chunk, o: ConstructorParameters<typeof VM>[1] = {}) => new VM(c, { ...o, backend });
  it('stops an infinite loop at the fuel limit', () => {
    const vm = mkVM(forever(), { limits: { fuel: 10_000 } });
    const e = errorOf(vm);
    expect(e).toBeInstanceOf(FuelExhausted);
    expect((e as LimitError).limit).toBe('fuel');
    expect(vm.opsExecuted).toBe(10_000);
  });
  it('stops deep recursion at the call-depth limit', () => {
    // f() { f() } — unbounded self-call
    const c = chunk([Op.Call(0, 0), Op.ReturnValue], (b) => {
      b.addName('f');
      b.addSubEntry(0, 0);
    });
    const e = errorOf(mkVM(c, { limits: { callDepth: 500 } }));
    expect(e).toBeInstanceOf(StackOverflow);
    expect((e as LimitError).limit).toBe('callDepth');
    expect(e.op).toBe('Call');
  });
  it('stops a growing value stack at the stack-depth limit', () => {
    const e = errorOf(mkVM(chunk([Op.LoadInt(1), Op.Jump(0)]), { limits: { stackDepth: 1000 } }));
    expect(e).toBeInstanceOf(StackOverflow);
    expect((e as LimitError).limit).toBe('stackDepth');
  });
  it('stops a program that allocates without end at the memory limit', () => {
    // s = "x"; loop { s = s . s }
    const grow = chunk([Op.LoadConst(0), Op.SetSlot(0), Op.GetSlot(0), Op.GetSlot(0), Op.Concat, Op.SetSlot(0), Op.Jump(2)], (b) => b.addConstant('x'));
    const e = errorOf(mkVM(grow, { limits: { maxElements: 1 << 20 } }));
    expect(e).toBeInstanceOf(OutOfMemory);
    const push = chunk([Op.DeclareArray(0), Op.LoadInt(7), Op.ArrayPush(0), Op.Jump(1)], (b) => b.addName('a'));
    expect(errorOf(mkVM(push, { limits: { maxElements: 100_000 } }))).toBeInstanceOf(OutOfMemory);
  });
  it('bounds the whole heap: many values each under maxElements still stop at maxHeapBytes', () => {
    // loop { push @a, ("y" x 1000) } — each string small, the array of them without end
    const many = chunk([Op.DeclareArray(0), Op.LoadConst(0), Op.LoadInt(1000), Op.StringRepeat, Op.ArrayPush(0), Op.Jump(1)], (b) => {
      b.addName('a');
      b.addConstant('y');
    });
    const vm = mkVM(many, { limits: { maxHeapBytes: 4 << 20 } });
    const e = errorOf(vm);
    expect(e).toBeInstanceOf(OutOfMemory);
    expect((e as LimitError).limit).toBe('memory');
    expect(e.message).toContain('limits.maxHeapBytes');
    // About 2,000 strings of 2 KB fit in 4 MiB; the measurement overshoots by at most a poll's worth.
    expect(vm.opsExecuted).toBeGreaterThan(5 * 1500);
    expect(vm.opsExecuted).toBeLessThan(5 * 20_000);
    // Arrays of arrays, on the stack and in slots, count too.
    const nested = chunk([Op.LoadInt(1), Op.LoadInt(2), Op.LoadInt(3), Op.LoadInt(4), Op.MakeArray(4), Op.Jump(0)]);
    expect(errorOf(mkVM(nested, { limits: { maxHeapBytes: 1 << 20, stackDepth: 1 << 24 } }))).toBeInstanceOf(OutOfMemory);
  });
  it('stops copies of copies (a = [a, a] forever) at maxHeapBytes before they double out of reach', () => {
    const doubling = chunk([Op.LoadInt(1), Op.MakeArray(1), Op.SetSlot(0), Op.GetSlot(0), Op.GetSlot(0), Op.MakeArray(2), Op.SetSlot(0), Op.Jump(3)]);
    const before = process.memoryUsage().heapUsed;
    expect(errorOf(mkVM(doubling, { limits: { maxHeapBytes: 8 << 20 } }))).toBeInstanceOf(OutOfMemory);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(256 << 20);
  });
  it('lets a program whose heap stays small run on', () => {
    // loop 100k times { s = "y" x 1000 } — the old string is dropped each time
    const churn = chunk([Op.LoadInt(0), Op.SetSlot(0), Op.LoadConst(0), Op.LoadInt(1000), Op.StringRepeat, Op.SetSlot(1), Op.SlotIncLtIntJumpBack(0, 100_000, 2), Op.GetSlot(0)], (b) => b.addConstant('y'));
    expect(mkVM(churn, { limits: { maxHeapBytes: 1 << 20 } }).run()).toEqual({ status: 'ok', value: 100_000 });
  });
  it('lets the host interrupt a run, e.g. at a deadline', () => {
    let polls = 0;
    const vm = mkVM(forever(), { limits: { interrupt: () => ++polls >= 3, interruptEvery: 1000 } });
    expect(errorOf(vm)).toBeInstanceOf(Interrupted);
    expect(polls).toBe(3);
  });
  it('runs again after a reset, and leaves other VMs alone', () => {
    const vm = mkVM(forever(), { limits: { fuel: 100 } });
    const other = mkVM(chunk([Op.LoadInt(1)]));
    expect(errorOf(vm)).toBeInstanceOf(FuelExhausted);
    vm.reset(chunk([Op.LoadInt(5), Op.LoadInt(6), Op.Mul]));
    expect(vm.run()).toEqual({ status: 'ok', value: 30 });
    expect(other.run()).toEqual({ status: 'ok', value: 1 });
  });
  it('charges fuel for work, before doing it: a Range of n elements costs n more than its op', () => {
    // LoadInt 0; LoadInt n-1; Range — 3 ops, n elements
    const range = (n: number) => chunk([Op.LoadInt(0), Op.LoadInt(n - 1), Op.Range]);
    expect(mkVM(range(1000), { limits: { fuel: 1003 } }).run()).toMatchObject({ status: 'ok' });
    const vm = mkVM(range(1000), { limits: { fuel: 1002 } });
    const e = errorOf(vm);
    expect(e).toBeInstanceOf(FuelExhausted);
    expect(e.op).toBe('Range');
    expect(vm.opsExecuted).toBe(3);
    // Strings: 1 per FUEL_COST.charsPerFuel units made; hash entries: FUEL_COST.perEntry each.
    const rep = chunk([Op.LoadConst(0), Op.LoadInt(8000), Op.StringRepeat, Op.StringLen], (b) => b.addConstant('x'));
    expect(mkVM(rep, { limits: { fuel: 4 + (2 * 8000) / FUEL_COST.charsPerFuel } }).run()).toEqual({ status: 'ok', value: 8000 });
    expect(errorOf(mkVM(rep, { limits: { fuel: 3 + (2 * 8000) / FUEL_COST.charsPerFuel } }))).toBeInstanceOf(FuelExhausted);
  });
  it('polls the interrupt by fuel spent, so expensive ops are polled as often as cheap ones', () => {
    // loop { Range 0..999; Pop }: about 1,004 fuel a turn, 4 ops
    const loop = chunk([Op.LoadInt(0), Op.LoadInt(999), Op.Range, Op.Pop, Op.Jump(0)]);
    let polls = 0;
    const vm = mkVM(loop, { limits: { interruptEvery: 10_000, interrupt: () => ++polls >= 5 } });
    expect(errorOf(vm)).toBeInstanceOf(Interrupted);
    expect(polls).toBe(5);
    // 50,000 fuel spent in 5 polls: about 50 turns of 5 ops, not 50,000 ops.
    expect(vm.opsExecuted).toBeLessThan(5 * 60);
  });
  it('loads {"Int":-0} as Int 0', () => {
    const c = Chunk.fromJSON('{"ops":[{"LoadConst":0}],"constants":[{"Int":-0}],"names":[],"lines":[1],"sub_entries":[],"block_ranges":[],"sub_chunks":[],"source":""}');
    const r = mkVM(c).run();
    expect(r.status === 'ok' && Object.is(r.value, 0)).toBe(true);
  });
  it('refuses nonsense limits', () => {
    expect(() => mkVM(forever(), { limits: { fuel: 0 } })).toThrow(RangeError);
  });
});

describe('wasm linear memory', () => {
  it('refuses a chunk whose regions need more pages than limits.maxMemoryPages, with a typed error', () => {
    const big = chunk(Array.from({ length: 20_000 }, () => Op.Nop));
    expect(() => new VM(big, { backend: 'wasm', limits: { maxMemoryPages: 4 } })).toThrow(OutOfMemory);
    expect(new VM(big, { backend: 'ts', limits: { maxMemoryPages: 4 } }).run()).toEqual({ status: 'halted' });
    const vm = new VM(chunk([Op.LoadInt(1)]), { backend: 'wasm', limits: { maxMemoryPages: 5 } });
    expect(() => vm.reset(big)).toThrow(/limits.maxMemoryPages/);
    expect(vm.run()).toEqual({ status: 'ok', value: 1 }); // the VM keeps its chunk
  });
});
