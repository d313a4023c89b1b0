// The VM API: results, typed errors with their site, host hooks (output,
// input, builtins, extensions, ShellHost), reset and VMPool.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { VerifyError, VMRuntimeError } from '../src/errors.js';
import { Op, type Instr } from '../src/ops/op.js';
import { VMPool } from '../src/pool.js';
import { Float, Status } from '../src/values/value.js';
import { VM } from '../src/vm.js';

function chunk(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  ops.forEach((op, i) => b.emit(op, i + 1));
  return b.build();
}

describe('VM', () => {
  it('runs the seed example', () => {
    expect(new VM(chunk([Op.LoadInt(40), Op.LoadInt(2), Op.Add])).run()).toEqual({ status: 'ok', value: 42 });
  });
  it('halts with nothing on the stack', () => {
    expect(new VM(chunk([Op.LoadInt(1), Op.Pop])).run()).toEqual({ status: 'halted' });
  });
  it('wraps i64 arithmetic exactly', () => {
    expect(new VM(chunk([Op.LoadInt(2n ** 63n - 1n), Op.LoadInt(1), Op.Add])).run()).toEqual({ status: 'ok', value: -(2n ** 63n) });
    expect(new VM(chunk([Op.LoadInt(3), Op.LoadInt(0), Op.Div])).run()).toEqual({ status: 'ok', value: undefined });
    expect(new VM(chunk([Op.LoadInt(3), Op.LoadInt(2), Op.Div])).run()).toEqual({ status: 'ok', value: new Float(1.5) });
  });
  it('reports a runtime error with op index, op name and line', () => {
    const r = new VM(chunk([Op.Nop, Op.Call(0, 0)], (b) => b.addName('nosuch'))).run();
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.error).toBeInstanceOf(VMRuntimeError);
    expect(r.error.ip).toBe(1);
    expect(r.error.op).toBe('Call');
    expect(r.error.line).toBe(2);
    expect(r.error.message).toMatch(/undefined function: nosuch/);
  });
  it('in strict mode refuses a chunk whose jump leaves it, before running anything; by default the jump ends the run', () => {
    expect(() => new VM(chunk([Op.Jump(99)]), { verify: 'strict' })).toThrow(VerifyError);
    expect(new VM(chunk([Op.Jump(99)])).run()).toEqual({ status: 'halted' });
  });
  it('prints through the output hook and reads through the input hook', () => {
    let out = '';
    const lines = ['first', 'second'];
    const b = new ChunkBuilder();
    const k = b.addConstant('got ');
    for (const op of [Op.LoadConst(k), Op.ReadLine, Op.PrintLn(2), Op.ReadLine, Op.ReadLine]) b.emit(op, 1);
    const r = new VM(b.build(), { output: (s) => (out += s), input: () => lines.shift() }).run();
    expect(out).toBe('got first\n');
    expect(r).toEqual({ status: 'ok', value: undefined });
  });
  it('dispatches builtins and extension ops, which use the stack', () => {
    const vm = new VM(chunk([Op.LoadInt(20), Op.LoadInt(22), Op.CallBuiltin(7, 2), Op.Extended(3, 10)]));
    vm.registerBuiltin(7, (v, argc) => {
      let s = 0;
      for (let i = 0; i < argc; i++) s += Number(v.pop());
      return s;
    });
    const seen: number[] = [];
    vm.setExtensionHandler((v, id, arg) => {
      seen.push(id, arg);
      v.push(Number(v.pop()) * arg);
    });
    expect(vm.run()).toEqual({ status: 'ok', value: 420 });
    expect(seen).toEqual([3, 10]);
  });
  it('routes shell ops to a ShellHost and keeps the stack without one', () => {
    const b = new ChunkBuilder();
    const pat = b.addConstant('*.ts');
    for (const op of [Op.LoadConst(pat), Op.Glob, Op.LoadConst(pat), Op.TildeExpand, Op.MakeArray(2)]) b.emit(op, 1);
    const c = b.build();
    expect(new VM(c).run()).toEqual({ status: 'ok', value: [[], '*.ts'] });
    const vm = new VM(c);
    vm.setShellHost({ glob: (p, rec) => [`${p}:${rec}`], tildeExpand: (w) => `/home${w}` });
    expect(vm.run()).toEqual({ status: 'ok', value: [['*.ts:false'], '/home*.ts'] });
  });
  it('exec without a host answers 127 and never spawns', () => {
    const b = new ChunkBuilder();
    const cmd = b.addConstant('definitely-not-a-command');
    b.emit(Op.LoadConst(cmd), 1);
    b.emit(Op.Exec(1), 1);
    expect(new VM(b.build()).run()).toEqual({ status: 'ok', value: new Status(127) });
  });
  it('resets onto another chunk and VMPool reuses VMs', () => {
    const pool = new VMPool();
    for (let i = 0; i < 5; i++) {
      const r = pool.with(chunk([Op.LoadInt(i), Op.LoadInt(2), Op.Mul]), (vm) => vm.run());
      expect(r).toEqual({ status: 'ok', value: 2 * i });
    }
    expect(pool.size).toBe(1);
  });
  it('counts ops executed', () => {
    const vm = new VM(chunk([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.Nop, Op.SlotIncLtIntJumpBack(0, 10, 3), Op.GetSlot(0)]));
    expect(vm.run()).toEqual({ status: 'ok', value: 10 });
    expect(vm.opsExecuted).toBe(3 + 10 * 2 + 1);
  });
  it('never throws out of run(), whatever the chunk does', () => {
    const vm = new VM(chunk([Op.LoadInt(1), Op.LoadInt(1e9), Op.StringRepeat, Op.LoadInt(1e9), Op.StringRepeat]));
    expect(vm.run().status).toBe('error');
  });
});
