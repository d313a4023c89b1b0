// What a host callback throws — a builtin, an extension handler, output,
// input, a ShellHost method — ends the run with a HostError that names the
// callback and keeps the original as `cause`, the same on both backends.

import { describe, expect, it } from 'vitest';
import type { BackendName } from '../src/backend.js';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { HostError, VMRuntimeError } from '../src/errors.js';
import { Op, type Instr } from '../src/ops/op.js';
import { VM } from '../src/vm.js';

const chunkOf = (...ops: Instr[]) => {
  const b = new ChunkBuilder();
  b.setSource('host.fasm');
  b.addConstant('~/x'); // constant 0, for TildeExpand
  for (const op of ops) b.emit(op, 7);
  return b.build();
};

const boom = new RangeError('boom');
const thrower = () => {
  throw boom;
};

const CASES: [string, Instr[], (vm: VM) => void, string][] = [
  ['a builtin', [Op.LoadInt(1), Op.CallBuiltin(3, 1)], (vm) => vm.registerBuiltin(3, thrower), 'builtin 3 threw: boom [op 1 (CallBuiltin), line 7, host.fasm]'],
  ['an extension handler', [Op.Extended(9, 2)], (vm) => vm.setExtensionHandler(thrower), 'extension handler threw: boom [op 0 (Extended), line 7, host.fasm]'],
  ['a wide extension handler', [Op.ExtendedWide(9, 2)], (vm) => vm.setExtensionWideHandler(thrower), 'wide extension handler threw: boom [op 0 (ExtendedWide), line 7, host.fasm]'],
  ['output', [Op.LoadInt(1), Op.PrintLn(1)], (vm) => vm.setOutput(thrower), 'output threw: boom [op 1 (PrintLn), line 7, host.fasm]'],
  ['input', [Op.ReadLine], (vm) => vm.setInput(thrower), 'input threw: boom [op 0 (ReadLine), line 7, host.fasm]'],
  ['a ShellHost method', [Op.LoadConst(0), Op.TildeExpand], (vm) => vm.setShellHost({ tildeExpand: thrower }), 'ShellHost.tildeExpand threw: boom [op 1 (TildeExpand), line 7, host.fasm]'],
];

describe.each(['wasm', 'ts'] as BackendName[])('host callbacks that throw, on the %s backend', (backend) => {
  it.each(CASES)('%s: a HostError with the original as cause', (_what, ops, install, message) => {
    const vm = new VM(chunkOf(...ops), { backend, output: () => {} });
    install(vm);
    const r = vm.run();
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.error).toBeInstanceOf(HostError);
    expect(r.error).toBeInstanceOf(VMRuntimeError);
    expect(r.error.name).toBe('HostError');
    expect(r.error.message).toBe(message);
    expect(r.error.cause).toBe(boom);
    vm.dispose();
  });

  it("passes fusevm's own errors through unchanged", () => {
    const vm = new VM(chunkOf(Op.LoadInt(1), Op.CallBuiltin(3, 1)), { backend });
    const own = new VMRuntimeError('frontend says no');
    vm.registerBuiltin(3, () => {
      throw own;
    });
    const r = vm.run();
    expect(r.status === 'error' && r.error).toBe(own);
  });
});
