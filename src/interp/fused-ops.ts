// Handlers for the fused superinstructions: slot increments, the compare-and-
// jump loop ops, and the whole-loop ops that run a counted loop in closed form
// (or one allocation) where the plain ops would take one step per iteration.

import { normInt, type Value } from '../values/value.js';
import { toInt, toStr } from '../values/convert.js';
import * as A from './arith.js';
import { jumpTo, num, type Handler } from './shapes.js';
export const FUSED_OPS: Record<string, Handler> = {
  PreIncSlot: (vm, [s]) => {
    const v = A.addI(toInt(vm.getSlot(num(s!))), 1);
    vm.setSlot(num(s!), v);
    vm.push(v);
  },
  PreIncSlotVoid: (vm, [s]) => vm.setSlot(num(s!), A.addI(toInt(vm.getSlot(num(s!))), 1)),
  PreDecSlot: (vm, [s]) => {
    const v = A.subI(toInt(vm.getSlot(num(s!))), 1);
    vm.setSlot(num(s!), v);
    vm.push(v);
  },
  PostIncSlot: (vm, [s]) => {
    const old = toInt(vm.getSlot(num(s!)));
    vm.setSlot(num(s!), A.addI(old, 1));
    vm.push(old);
  },
  PostDecSlot: (vm, [s]) => {
    const old = toInt(vm.getSlot(num(s!)));
    vm.setSlot(num(s!), A.subI(old, 1));
    vm.push(old);
  },
  SlotLtIntJumpIfFalse: (vm, [s, limit, t]) => {
    if (toInt(vm.getSlot(num(s!))) >= limit!) jumpTo(vm, t!);
  },
  SlotIncLtIntJumpBack: (vm, [s, limit, t]) => {
    const v = A.addI(toInt(vm.getSlot(num(s!))), 1);
    vm.setSlot(num(s!), v);
    if (v < limit!) jumpTo(vm, t!);
  },
  AccumSumLoop: (vm, [sumSlot, iSlot, limit]) => {
    let sum = toInt(vm.getSlot(num(sumSlot!)));
    let i = toInt(vm.getSlot(num(iSlot!)));
    const lim = num(limit!);
    if (typeof sum === 'number' && typeof i === 'number' && i < lim) {
      // Closed form when it stays exact: sum += i + (i+1) + … + (lim-1).
      const cnt = lim - i;
      const add = ((i + lim - 1) * cnt) / 2;
      if (Number.isSafeInteger(add) && Number.isSafeInteger(sum + add)) {
        sum = sum + add;
        i = lim;
      }
    }
    if (i < lim) {
      let s = BigInt(sum);
      const bi = BigInt(i);
      const cnt = BigInt(lim) - bi;
      s += ((bi + BigInt(lim) - 1n) * cnt) / 2n;
      sum = normInt(BigInt.asIntN(64, s));
      i = lim;
    }
    vm.setSlot(num(sumSlot!), sum);
    vm.setSlot(num(iSlot!), i);
  },
  AddAssignSlotVoid: (vm, [a, b]) => vm.setSlot(num(a!), A.addI(toInt(vm.getSlot(num(a!))), toInt(vm.getSlot(num(b!))))),
  ConcatConstLoop: (vm, [c, sSlot, iSlot, limit]) => {
    const cs = toStr(vm.chunk.constants[num(c!)]);
    const s = toStr(vm.getSlot(num(sSlot!)));
    let i = toInt(vm.getSlot(num(iSlot!)));
    const lim = num(limit!);
    let out = s;
    if (i < lim) {
      const iters = Number(BigInt(lim) - BigInt(i));
      vm.newString(s.length + cs.length * iters);
      out = s + cs.repeat(iters);
      i = lim;
    }
    vm.setSlot(num(sSlot!), out);
    vm.setSlot(num(iSlot!), i);
  },
  PushIntRangeLoop: (vm, [arrIdx, iSlot, limit]) => {
    let i = toInt(vm.getSlot(num(iSlot!)));
    const lim = num(limit!);
    const g = vm.getVar(num(arrIdx!));
    const arr: Value[] = Array.isArray(g) ? g : [];
    if (i < lim) {
      vm.grow(arr.length, Number(BigInt(lim) - BigInt(i)) + arr.length, 'an array');
      for (let k = Number(i); k < lim; k++) arr.push(k);
      i = lim;
    }
    vm.setVar(num(arrIdx!), arr);
    vm.setSlot(num(iSlot!), i);
  },
};
