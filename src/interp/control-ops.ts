// Handlers for control: jumps, calls and returns (frames within
// limits.callDepth), scopes, builtins and I/O, the block ops (no-ops here),
// extension ops and the shell status.

import { Status } from '../values/value.js';
import { isTruthy, toInt } from '../values/convert.js';
import { OpFailure, jumpTo, num, values, type Handler } from './shapes.js';
export const CONTROL_OPS: Record<string, Handler> = {
  Jump: (vm, [t]) => jumpTo(vm, t!),
  JumpIfTrue: (vm, [t]) => {
    if (isTruthy(vm.pop())) jumpTo(vm, t!);
  },
  JumpIfFalse: (vm, [t]) => {
    if (!isTruthy(vm.pop())) jumpTo(vm, t!);
  },
  JumpIfTrueKeep: (vm, [t]) => {
    if (isTruthy(vm.peek())) jumpTo(vm, t!);
  },
  JumpIfFalseKeep: (vm, [t]) => {
    if (!isTruthy(vm.peek())) jumpTo(vm, t!);
  },

  Call: (vm, [name, argc]) => {
    const entry = vm.chunk.findSub(num(name!));
    if (entry === undefined) throw new OpFailure(`undefined function: ${vm.chunk.names[num(name!)] ?? '?'}`);
    vm.enter(entry, num(argc!));
  },
  CallDynamic: (vm, [argc]) => {
    const nameIdx = Number(BigInt.asUintN(16, BigInt(toInt(vm.pop()))));
    const entry = vm.chunk.findSub(nameIdx);
    if (entry === undefined) throw new OpFailure('call of a nil or unknown function value');
    vm.enter(entry, num(argc!));
  },
  Return: (vm) => {
    const f = vm.frames.pop();
    if (!f) {
      vm.halted = true;
      return;
    }
    vm.truncate(f.stackBase);
    vm.ip = f.returnIp;
  },
  ReturnValue: (vm) => {
    const v = vm.pop();
    const f = vm.frames.pop();
    if (!f) {
      vm.halted = true;
      vm.finished = { value: v };
      return;
    }
    vm.truncate(f.stackBase);
    vm.ip = f.returnIp;
    vm.push(v);
  },
  PushFrame: (vm) => vm.pushFrame({ returnIp: vm.ip, stackBase: vm.stack.length, slots: values(), entryIp: undefined }),
  PopFrame: (vm) => {
    const f = vm.frames.pop();
    if (f) vm.truncate(f.stackBase);
  },
  CallBuiltin: (vm, [id, argc]) => {
    const r = vm.hooks.builtin(num(id!), num(argc!), vm);
    if (r) vm.push(r[0]);
  },
  Print: (vm, [n]) => vm.hooks.output(vm.text(vm.popN(num(n!)))),
  PrintLn: (vm, [n]) => vm.hooks.output(vm.text(vm.popN(num(n!))) + '\n'),
  ReadLine: (vm) => vm.push(vm.hooks.readLine()),
  MapBlock: () => {},
  GrepBlock: () => {},
  SortBlock: () => {},
  SortDefault: () => {},
  ForEachBlock: () => {},

  Extended: (vm, [id, arg]) => vm.hooks.extended?.(vm, num(id!), num(arg!)),
  ExtendedWide: (vm, [id, payload]) => vm.hooks.extendedWide?.(vm, num(id!), payload!),

  SetStatus: (vm) => {
    vm.lastStatus = Number(BigInt.asIntN(32, BigInt(toInt(vm.pop()))));
  },
  GetStatus: (vm) => vm.push(new Status(vm.lastStatus)),
};
