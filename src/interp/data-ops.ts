// Handlers for the ops on data: constants, the stack, globals and slots, the
// global arrays and hashes (mutated in place), array and hash literals, and
// ranges; every allocation charged (work, reserve) before it is made.

import { Float, normInt, type Value } from '../values/value.js';
import { toInt } from '../values/convert.js';
import * as A from './arith.js';
import { ARRAY_BYTES, ELEMENT_BYTES, ENTRY_BYTES } from '../values/heap-size.js';
import type { Interpreter } from './interpreter.js';
import { num, type Handler } from './shapes.js';

/** The global array at `idx`, for in-place mutation, or undefined. */
const globalArray = (vm: Interpreter, idx: number): Value[] | undefined => {
  const g = vm.globals[idx];
  return Array.isArray(g) ? g : undefined;
};
const globalHash = (vm: Interpreter, idx: number): Map<string, Value> | undefined => {
  const g = vm.globals[idx];
  return g instanceof Map ? g : undefined;
};
/** usize index from a popped value (`to_int() as usize`): negatives wrap huge. */
const usizeIndex = (v: Value): number => {
  const i = toInt(v);
  return i < 0 ? Infinity : Number(i);
};

export const DATA_OPS: Record<string, Handler> = {
  Nop: () => {},
  LoadInt: (vm, [v]) => vm.push(v!),
  LoadFloat: (vm, [v]) => vm.push(new Float(v as number)),
  LoadConst: (vm, [i]) => vm.push(vm.copy(vm.chunk.constants[num(i!)])),
  LoadTrue: (vm) => vm.push(true),
  LoadFalse: (vm) => vm.push(false),
  LoadUndef: (vm) => vm.push(undefined),

  Pop: (vm) => void vm.pop(),
  Dup: (vm) => vm.push(vm.copy(vm.peek())),
  Dup2: (vm) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 2) s.push(vm.copy(s[n - 2]), vm.copy(s[n - 1]));
  },
  Swap: (vm) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 2) [s[n - 1], s[n - 2]] = [s[n - 2], s[n - 1]];
  },
  Rot: (vm) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 3) {
      const a = s[n - 3];
      s[n - 3] = s[n - 2];
      s[n - 2] = s[n - 1];
      s[n - 1] = a;
    }
  },

  GetVar: (vm, [i]) => vm.push(vm.copy(vm.getVar(num(i!)))),
  SetVar: (vm, [i]) => vm.setVar(num(i!), vm.pop()),
  DeclareVar: (vm, [i]) => vm.setVar(num(i!), vm.pop()),
  GetSlot: (vm, [i]) => vm.push(vm.copy(vm.getSlot(num(i!)))),
  SetSlot: (vm, [i]) => vm.setSlot(num(i!), vm.pop()),
  SlotArrayGet: (vm, [slot]) => {
    const index = usizeIndex(vm.pop());
    const arr = vm.getSlot(num(slot!));
    vm.push(Array.isArray(arr) ? vm.copy(arr[index]) : undefined);
  },
  SlotArraySet: (vm, [slot]) => {
    const index = usizeIndex(vm.pop());
    const val = vm.pop();
    const arr = vm.getSlot(num(slot!));
    if (!Array.isArray(arr)) return;
    vm.grow(arr.length, index + 1, 'an array');
    while (arr.length < index) arr.push(undefined);
    arr[index] = val;
  },

  GetArray: (vm, [i]) => vm.push(vm.copy(vm.getVar(num(i!)))),
  SetArray: (vm, [i]) => vm.setVar(num(i!), vm.pop()),
  DeclareArray: (vm, [i]) => vm.setVar(num(i!), []),
  ArrayGet: (vm, [i]) => {
    const index = usizeIndex(vm.pop());
    const arr = globalArray(vm, num(i!));
    vm.push(arr ? vm.copy(arr[index]) : undefined);
  },
  ArraySet: (vm, [i]) => {
    const index = usizeIndex(vm.pop());
    const val = vm.pop();
    const idx = num(i!);
    if (idx >= vm.globals.length) vm.setVar(idx, undefined);
    const arr = globalArray(vm, idx);
    if (!arr) return;
    vm.grow(arr.length, index + 1, 'an array');
    while (arr.length < index) arr.push(undefined);
    arr[index] = val;
  },
  ArrayPush: (vm, [i]) => {
    const val = vm.pop();
    const idx = num(i!);
    if (idx >= vm.globals.length) vm.setVar(idx, undefined);
    const arr = globalArray(vm, idx);
    if (!arr) return;
    vm.grow(arr.length, arr.length + 1, 'an array');
    arr.push(val);
  },
  ArrayPop: (vm, [i]) => vm.push(globalArray(vm, num(i!))?.pop()),
  ArrayShift: (vm, [i]) => {
    const arr = globalArray(vm, num(i!));
    vm.work(arr?.length ?? 0); // shift moves every element
    vm.push(arr?.shift());
  },
  ArrayLen: (vm, [i]) => vm.push(globalArray(vm, num(i!))?.length ?? 0),
  MakeArray: (vm, [n]) => {
    vm.newArray(Math.min(num(n!), vm.stack.length), 'an array');
    vm.push(vm.popN(num(n!)));
  },

  GetHash: (vm, [i]) => vm.push(vm.copy(vm.getVar(num(i!)))),
  SetHash: (vm, [i]) => vm.setVar(num(i!), vm.pop()),
  DeclareHash: (vm, [i]) => vm.setVar(num(i!), new Map()),
  HashGet: (vm, [i]) => {
    const key = vm.str(vm.pop());
    vm.push(vm.copy(globalHash(vm, num(i!))?.get(key)));
  },
  HashSet: (vm, [i]) => {
    const key = vm.str(vm.pop());
    const val = vm.pop();
    const idx = num(i!);
    if (idx >= vm.globals.length) vm.setVar(idx, undefined);
    const h = globalHash(vm, idx);
    if (h && !h.has(key)) vm.reserve(ENTRY_BYTES);
    h?.set(key, val);
  },
  HashDelete: (vm, [i]) => {
    const key = vm.str(vm.pop());
    const h = globalHash(vm, num(i!));
    const v = h?.get(key);
    h?.delete(key);
    vm.push(v);
  },
  HashExists: (vm, [i]) => {
    const key = vm.str(vm.pop());
    vm.push(globalHash(vm, num(i!))?.has(key) ?? false);
  },
  HashKeys: (vm, [i]) => {
    const h = globalHash(vm, num(i!));
    vm.work(0, 0, vm.newArray(h?.size ?? 0, 'an array'));
    vm.push([...(h?.keys() ?? [])]);
  },
  HashValues: (vm, [i]) => {
    const h = globalHash(vm, num(i!));
    vm.work(0, 0, vm.newArray(h?.size ?? 0, 'an array'));
    vm.push([...(h?.values() ?? [])].map((x) => vm.copy(x)));
  },
  MakeHash: (vm, [n]) => {
    const items = vm.popN(num(n!));
    vm.work(0, 0, items.length >> 1);
    vm.reserve(ARRAY_BYTES + (items.length >> 1) * ENTRY_BYTES);
    const m = new Map<string, Value>();
    for (let k = 0; k + 1 < items.length; k += 2) m.set(vm.str(items[k]), items[k + 1]);
    vm.push(m);
  },

  Range: (vm) => {
    const to = toInt(vm.pop());
    const from = toInt(vm.pop());
    const out: Value[] = [];
    vm.newArray(BigInt(to) - BigInt(from) + 1n, 'a range', rangeElementBytes(from, to));
    for (let i: A.I64 = from; i <= to; i = A.addI(i, 1)) {
      out.push(i);
      if (i === to) break; // i64::MAX would wrap
    }
    vm.push(out);
  },
  RangeStep: (vm) => {
    const step = toInt(vm.pop());
    const to = toInt(vm.pop());
    const from = toInt(vm.pop());
    const out: Value[] = [];
    // A range running against its step is empty, as is one with a zero step.
    const st = BigInt(step);
    const span = st > 0n ? BigInt(to) - BigInt(from) : BigInt(from) - BigInt(to);
    vm.newArray(st === 0n || span < 0n ? 0 : span / (st > 0n ? st : -st) + 1n, 'a range', rangeElementBytes(from, to));
    if (step > 0) for (let i = BigInt(from); i <= BigInt(to); i += BigInt(step)) out.push(normInt(BigInt.asIntN(64, i)));
    else if (step < 0) for (let i = BigInt(from); i >= BigInt(to); i += BigInt(step)) out.push(normInt(BigInt.asIntN(64, i)));
    vm.push(out);
  },
};

/** Bytes per element of a range from `from` to `to`: Ints past ±2^53 are bigints. */
function rangeElementBytes(from: A.I64, to: A.I64): number {
  const big = (x: A.I64) => typeof x === 'bigint' || !Number.isSafeInteger(x);
  return big(from) || big(to) ? ELEMENT_BYTES + 24 : ELEMENT_BYTES;
}
