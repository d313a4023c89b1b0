// The pure-TypeScript interpreter: the reference meaning of every op, one
// handler per op in a table indexed by opcode (derived from the op table).
// Upstream's vm.rs exec_op is the model; comments note where its edges bite.

import type { Backend, HostHooks, RunResult, StateSnapshot } from '../backend.js';
import type { Chunk } from '../chunk/chunk.js';
import { FuelExhausted, FuseVMError, HostError, Interrupted, OutOfMemory, StackOverflow, VMRuntimeError } from '../errors.js';
import { DEFAULT_LIMITS, workFuel, type Limits } from '../limits.js';
import { OPS, type OpSpec } from '../ops/table.js';
import { strictNumeric, strictNumericHandlers, strictUndefHandlers, type Policy } from './hooks.js';
import { Float, Ref, Status, normInt, type Value } from '../values/value.js';
import { cloneValue, compareStr, isTruthy, toFloat, toInt, toStr, valueLen } from '../values/convert.js';
import * as A from './arith.js';
import * as M from '../values/libm.js';
import { ARRAY_BYTES, ELEMENT_BYTES, ENTRY_BYTES, HeapMeter, MAX_ARRAY_LENGTH, MAX_STRING_LENGTH, STRING_BYTES, arrayBytes, stringBytes, treeSize } from '../values/heap-size.js';
import { SHELL_OPS } from './shell-ops.js';
import { HostFailure } from '../host/guard.js';
import { runLoop } from './fast-loop.js';
import { primeRunLoop } from './prime.js';

export interface Frame {
  returnIp: number;
  /** Stack height the frame started at; Infinity when the caller passed more
   *  arguments than the stack held (upstream's wrapped usize: never truncates). */
  stackBase: number;
  slots: Value[];
  /** Entry op of the subroutine this frame runs (Call, CallDynamic, a shell
   *  function); undefined for the base frame and PushFrame scopes (the
   *  interpreter sets it either way, so its frames have one shape to V8). */
  entryIp?: number | undefined;
}

/** What a handler may do to the interpreter beyond the stack. */
export type Handler = (vm: Interpreter, args: readonly (number | bigint)[], ip: number) => void;

/** Set on an interpreter while it runs single ops for the wasm core: slots
 *  and heap roots are the core's, and opening a frame must hand the run over
 *  (a field, not a subclass, so every handler sees one shape of interpreter). */
export interface CoreAccess {
  getSlot(i: number): Value;
  setSlot(i: number, v: Value): void;
  heapRoots(meter: HeapMeter): boolean;
  /** Drop the handles the core can no longer reach (before the heap is measured). */
  collect(): void;
}
/** Thrown when an op would open a frame while the core owns the frames. */
export const ENTERS_FRAME = Symbol('enters frame');

/** Thrown by a handler to end the run with an error (caught in run()). */
export class OpFailure {
  constructor(readonly message: string) {}
}

export class Interpreter implements Backend {
  stack: Value[] = [];
  frames: Frame[] = [];
  globals: Value[] = [];
  ip = 0;
  halted = false;
  lastStatus = 0;
  /** A ReturnValue in the base frame ends the run with this value. */
  finished: { value: Value } | undefined;
  opsExecuted = 0;
  /** Fuel charged beyond one per op (limits.ts, FUEL_COST): fuel spent is opsExecuted + extraFuel. */
  extraFuel = 0;
  /** What the op now running charged, not yet taken off the run loop's budget (or the core's header fuel). */
  fuelCut = 0;
  chunk!: Chunk;
  /** See CoreAccess; undefined when this interpreter owns its state. */
  core: CoreAccess | undefined = undefined;
  /** This interpreter's handler table (see handlersFor). */
  handlers: readonly Handler[] = HANDLERS;
  #codes!: Int32Array;

  constructor(
    chunk: Chunk,
    readonly hooks: HostHooks,
    readonly shell: () => import('../host/shell.js').ShellHost | undefined = () => undefined,
    readonly limits: Limits = DEFAULT_LIMITS,
  ) {
    this.handlers = handlersFor(hooks.policy);
    this.reset(chunk);
  }

  reset(chunk: Chunk): void {
    this.chunk = chunk;
    this.#codes = codesOf(chunk);
    this.stack = values();
    this.frames = [{ returnIp: 0, stackBase: 0, slots: values(), entryIp: undefined }];
    this.globals = new Array(chunk.names.length).fill(undefined);
    this.ip = 0;
    this.halted = false;
    this.lastStatus = 0;
    this.finished = undefined;
    this.opsExecuted = 0;
    this.extraFuel = 0;
    this.fuelCut = 0;
    this.#charged = 0;
    this.#liveHeap = 0;
    this.#measuredOnce = false;
    this.nextHeapCheck = HEAP_CHECK_EVERY;
    this.#heapInterval = HEAP_CHECK_EVERY;
  }

  push(v: Value): void {
    this.stack.push(v);
  }
  /** Undef on an empty stack, as upstream's pop. */
  pop(): Value {
    return this.stack.pop();
  }
  peek(): Value {
    return this.stack[this.stack.length - 1];
  }

  getSlot(i: number): Value {
    if (this.core !== undefined) return this.core.getSlot(i);
    return this.frames[this.frames.length - 1]?.slots[i];
  }
  /** No-op without a frame, as upstream. */
  setSlot(i: number, v: Value): void {
    if (this.core !== undefined) return this.core.setSlot(i, v);
    const f = this.frames[this.frames.length - 1];
    if (!f) return;
    // Memory only, not fuel: the core keeps its frames' slots in linear memory.
    if (i >= f.slots.length) this.grow(f.slots.length, i + 1, 'a frame\'s slots', false);
    while (f.slots.length < i) f.slots.push(undefined);
    f.slots[i] = v;
  }
  getVar(i: number): Value {
    return this.globals[i];
  }
  setVar(i: number, v: Value): void {
    while (this.globals.length < i) this.globals.push(undefined);
    this.globals[i] = v;
  }

  run(): RunResult {
    primeRunLoop();
    return runLoop(this);
  }

  /** End the run with what a handler threw at op `ip`, as a typed error. */
  fail(e: unknown, ip: number): RunResult {
    this.halted = true;
    if (e instanceof FuseVMError) return { status: 'error', error: e };
    if (e instanceof HostFailure) return { status: 'error', error: new HostError(e.message, this.site(ip), { cause: e.cause }) };
    if (e instanceof OpFailure) return { status: 'error', error: new VMRuntimeError(e.message, this.site(ip)) };
    const text = (x: unknown) => (x instanceof Error ? x.message : String(x));
    return { status: 'error', error: new VMRuntimeError(`internal error: ${text(e)}`, this.site(ip), { cause: e }) };
  }

  site(ip: number) {
    return { ip, op: this.chunk.ops[ip]?.op, line: this.chunk.lines[ip], source: this.chunk.source };
  }

  dispose(): void {
    this.stack = [];
    this.frames = [];
    this.globals = [];
  }

  snapshot(): StateSnapshot {
    return {
      stack: [...this.stack],
      frames: this.frames.map((f) => ({ returnIp: f.returnIp, stackBase: f.stackBase, slots: [...f.slots], entryIp: f.entryIp })),
      globals: [...this.globals],
    };
  }
  requestHalt(): void {
    this.halted = true;
  }
  /** A hook was installed or removed: switch handler tables (takes effect at the next op). */
  policyChanged(): void {
    this.handlers = handlersFor(this.hooks.policy);
  }
  clearHalt(): void {
    this.halted = false;
  }

  /** Pop `count` values (fewer if the stack is short), bottom first, as a new array. */
  popN(count: number): Value[] {
    const start = Math.max(0, this.stack.length - count);
    return this.stack.splice(start);
  }

  /** Truncate like Vec::truncate: only ever shrinks. */
  truncate(len: number): void {
    if (len < this.stack.length) this.stack.length = len;
  }

  /** Open a frame, within limits.callDepth. */
  pushFrame(f: Frame): void {
    if (this.core !== undefined) throw ENTERS_FRAME;
    if (this.frames.length >= this.limits.callDepth)
      throw new StackOverflow('callDepth', `calls nested deeper than ${this.limits.callDepth} (limits.callDepth)`, this.site(this.ip - 1));
    this.frames.push(f);
  }

  /** Charge the work an op is about to do (the cost model in limits.ts);
   *  past limits.fuel the op stops here, before doing it. */
  work(elements: number, chars = 0, entries = 0): void {
    const u = workFuel(elements, chars, entries);
    if (u <= 0) return;
    if (this.opsExecuted + this.extraFuel + u > this.limits.fuel)
      throw new FuelExhausted('fuel', `fuel exhausted after ${this.opsExecuted} ops (limits.fuel): this op's work needs ${u} more`, this.site(this.ip - 1));
    this.extraFuel += u;
    this.fuelCut += u;
  }

  /** Reserve `bytes` for an allocation about to be made; past
   *  limits.maxHeapBytes (the heap measured afresh when the charges since the
   *  last measurement could pass it) the op stops with OutOfMemory first. */
  reserve(bytes: number): void {
    const limit = this.limits.maxHeapBytes;
    if (this.#charged + this.#liveHeap + bytes > limit) {
      // Measured again (dropping garbage) at most once per 1/16 of the limit
      // charged, so a heap kept near the limit cannot make every op walk it.
      // (The last measurement then found the live heap within 1/16 of the limit.)
      if (this.#measuredOnce && this.#charged + bytes < limit / 16)
        throw new OutOfMemory('memory', `this op would allocate ${bytes} bytes; with the heap it would pass limits.maxHeapBytes (${limit} bytes)`, this.site(this.ip - 1));
      this.measureHeap(this.ip - 1);
      if (this.#liveHeap + bytes > limit)
        throw new OutOfMemory('memory', `this op would allocate ${bytes} bytes; with the heap it would pass limits.maxHeapBytes (${limit} bytes)`, this.site(this.ip - 1));
    }
    this.#charged += bytes;
  }
  /** reserve(bytes) when it passes on the charges alone (no measurement, no
   *  error): the run loop's fast path; false leaves it to reserve(). */
  tryReserve(bytes: number): boolean {
    if (this.#charged + this.#liveHeap + bytes > this.limits.maxHeapBytes) return false;
    this.#charged += bytes;
    return true;
  }
  /** Give back part of a reservation that turned out larger than the allocation. */
  release(bytes: number): void {
    this.#charged = Math.max(0, this.#charged - bytes);
  }

  /** An array about to be made with `n` elements (none when n ≤ 0): refused
   *  past limits.maxElements or V8's array limit, its bytes and work charged.
   *  Returns the count as a number. */
  newArray(n: number | bigint, what: string, elementBytes = ELEMENT_BYTES): number {
    const c = n > 0 ? Number(n) : 0;
    this.checkCount(c, MAX_ARRAY_LENGTH, what);
    this.work(c);
    this.reserve(ARRAY_BYTES + c * elementBytes);
    return c;
  }
  /** An array growing from `from` to `to` elements (charged for the growth only). */
  grow(from: number, to: number, what: string, charge = true): void {
    if (to <= from) return;
    this.checkCount(to, MAX_ARRAY_LENGTH, what);
    if (charge) this.work(to - from);
    this.reserve((to - from) * ELEMENT_BYTES);
  }
  /** A string about to be made with `n` UTF-16 units. */
  newString(n: number, what = 'a string'): void {
    this.checkCount(n, MAX_STRING_LENGTH, what);
    this.work(0, n);
    this.reserve(stringBytes(n));
  }
  checkCount(n: number, hard: number, what: string): void {
    const max = this.limits.maxElements;
    if (n > max) throw new OutOfMemory('memory', `${what} of ${n} elements is larger than limits.maxElements (${max})`, this.site(this.ip - 1));
    if (n > hard) throw new OutOfMemory('memory', `${what} of ${n} elements is larger than V8 allows (${hard})`, this.site(this.ip - 1));
  }

  /** Values' string forms joined (Print), the work and the string charged. */
  text(vals: Value[]): string {
    const parts = vals.map((x) => this.str(x));
    let n = 0;
    for (const p of parts) n += p.length;
    this.newString(n);
    return parts.join('');
  }

  /** A value's string form (toStr), charging the work of converting an
   *  array and the string that makes. */
  str(v: Value): string {
    if (typeof v === 'string') return v;
    if (!Array.isArray(v)) return toStr(v);
    const t = treeSize(v, this.limits.maxHeapBytes);
    if (t.truncated) throw new OutOfMemory('memory', `the string form of this array would be larger than limits.maxHeapBytes (${this.limits.maxHeapBytes} bytes)`, this.site(this.ip - 1));
    this.work(t.elements, t.chars);
    this.reserve(t.elements * STRING_BYTES); // the parts
    let s: string;
    try {
      s = toStr(v);
    } catch (e) {
      if (e instanceof RangeError) throw new OutOfMemory('memory', `the string form of this array is longer than V8 allows (${MAX_STRING_LENGTH})`, this.site(this.ip - 1));
      throw e;
    }
    this.release(t.elements * STRING_BYTES);
    this.newString(s.length);
    return s;
  }

  // Heap accounting: measured from the roots every so many ops (more rarely
  // the bigger the heap, so the walk stays amortised O(1) per op) and when
  // the big allocation sites have charged enough to pass the limit.
  #charged = 0;
  #liveHeap = 0;
  #measuredOnce = false;
  /** Fuel spent at which the heap is measured next (read by the run loop). */
  nextHeapCheck = HEAP_CHECK_EVERY;
  #heapInterval = HEAP_CHECK_EVERY;

  /** Values the VM can reach: stack, every frame's slots, globals. */
  heapRoots(meter: HeapMeter): boolean {
    if (this.core !== undefined) {
      for (const v of this.stack) if (!meter.add(v)) return false;
      for (const v of this.globals) if (!meter.add(v)) return false;
      return this.core.heapRoots(meter);
    }
    if (!meter.addRaw(arrayBytes(this.stack.length) + arrayBytes(this.globals.length))) return false;
    for (const v of this.stack) if (!meter.add(v)) return false;
    for (const f of this.frames) {
      if (!meter.addRaw(arrayBytes(f.slots.length))) return false;
      for (const v of f.slots) if (!meter.add(v)) return false;
    }
    for (const v of this.globals) if (!meter.add(v)) return false;
    return true;
  }

  /** Measure the live heap; past limits.maxHeapBytes the run stops with OutOfMemory. */
  measureHeap(ip: number): void {
    const limit = this.limits.maxHeapBytes;
    const meter = new HeapMeter(limit);
    this.core?.collect();
    this.heapRoots(meter);
    this.#measuredOnce = true;
    this.#charged = 0;
    this.#liveHeap = meter.bytes;
    this.#heapInterval = Math.max(HEAP_CHECK_EVERY, Math.floor(meter.bytes / 64));
    this.nextHeapCheck = this.opsExecuted + this.extraFuel + this.#heapInterval;
    if (meter.bytes > limit) throw new OutOfMemory('memory', `the heap holds more than limits.maxHeapBytes (${limit} bytes)`, this.site(ip));
  }

  /** A copy of `v` as upstream's clone makes it, its size charged (as a
   *  tree: shared parts are copied apart) before it is made. */
  copy(v: Value): Value {
    if (typeof v !== 'object' || !(Array.isArray(v) || v instanceof Map || v instanceof Ref)) return v;
    const t = treeSize(v, this.limits.maxHeapBytes, true);
    if (t.truncated) throw new OutOfMemory('memory', `a copy of this value would be larger than limits.maxHeapBytes (${this.limits.maxHeapBytes} bytes)`, this.site(this.ip - 1));
    this.work(t.elements, 0, t.entries);
    this.reserve(t.bytes - t.stringBytes);
    return cloneValue(v);
  }

  /** Before an op run outside run() (a host op for the wasm core): measure
   *  the heap when the fuel spent has passed the next measurement, as run() does. */
  heapTick(ip: number): void {
    if (this.opsExecuted + this.extraFuel > this.nextHeapCheck) this.measureHeap(ip);
  }

  enter(entryIp: number, argc: number): void {
    const base = this.stack.length - argc;
    this.pushFrame({ returnIp: this.ip, stackBase: base < 0 ? Infinity : base, slots: values(), entryIp });
    this.ip = entryIp;
  }
}

/** A new empty stack or slot array, already of V8's general element kind: one
 *  started as [] changes kind with the first Float or big Int it holds, and
 *  the run loop's code for the kinds it has not met is thrown away. */
export function values(): Value[] {
  const a: Value[] = [undefined];
  a.pop();
  return a;
}

/** Ops between heap measurements while the heap is small. */
const HEAP_CHECK_EVERY = 4096;

const CODE_OF = new Map<string, number>(OPS.map((s, i) => [s.name, i]));
const CODES = new WeakMap<Chunk, Int32Array>();
/** Opcodes of a chunk's ops, computed once per chunk (chunks are immutable). */
export function codesOf(chunk: Chunk): Int32Array {
  let c = CODES.get(chunk);
  if (!c) {
    c = Int32Array.from(chunk.ops, (o) => CODE_OF.get(o.op)!);
    CODES.set(chunk, c);
  }
  return c;
}

// ── Handlers ──

const num = (x: number | bigint): number => Number(x);

/** Two-operand arithmetic that is a no-op with fewer than two values (upstream's arith_int_fast). */
function binArith(intOp: (x: A.I64, y: A.I64) => A.I64, floatOp: (x: number, y: number) => number): Handler {
  return (vm) => {
    const s = vm.stack;
    const n = s.length;
    if (n < 2) return;
    const b = s[n - 1];
    const a = s[n - 2];
    s.length = n - 1;
    s[n - 2] = A.arith(a, b, intOp, floatOp);
  };
}
/** Add and Sub keep their common case — two small ints — off the generic path. */
function fastIntArith(sign: 1 | -1, intOp: (x: A.I64, y: A.I64) => A.I64, floatOp: (x: number, y: number) => number): Handler {
  const slow = binArith(intOp, floatOp);
  return (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    const b = s[n - 1];
    const a = s[n - 2];
    if (typeof a === 'number' && typeof b === 'number' && n >= 2) {
      const r = a + sign * b;
      if (Number.isSafeInteger(r)) {
        s.length = n - 1;
        s[n - 2] = r === 0 ? 0 : r;
        return;
      }
    }
    slow(vm, args, ip);
  };
}
function binCmp(intCmp: (x: A.I64, y: A.I64) => boolean, floatCmp: (x: number, y: number) => boolean): Handler {
  return (vm) => {
    const s = vm.stack;
    if (s.length < 2) return;
    const b = s.pop();
    const a = s.pop();
    s.push(A.numCmp(a, b, intCmp, floatCmp));
  };
}
function strCmp(test: (c: number) => boolean): Handler {
  return (vm) => {
    const b = vm.str(vm.pop());
    const a = vm.str(vm.pop());
    vm.work(0, Math.min(a.length, b.length));
    vm.push(test(compareStr(a, b)));
  };
}
function floatUnary(f: (x: number) => number): Handler {
  return (vm) => vm.push(new Float(f(toFloat(vm.pop()))));
}
function bitOp(f: (x: A.I64, y: A.I64) => A.I64): Handler {
  return (vm) => {
    const b = toInt(vm.pop());
    const a = toInt(vm.pop());
    vm.push(f(a, b));
  };
}
const jumpTo = (vm: Interpreter, t: number | bigint) => {
  vm.ip = num(t);
};

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

const H: Record<string, Handler> = {
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

  Add: fastIntArith(1, A.addI, (x, y) => x + y),
  Sub: fastIntArith(-1, A.subI, (x, y) => x - y),
  Mul: binArith(A.mulI, (x, y) => x * y),
  Div: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    const d = toFloat(b);
    vm.push(d === 0 ? undefined : new Float(toFloat(a) / d));
  },
  Mod: binArith(A.modI, (x, y) => x % y),
  Pow: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(new Float(A.powF(toFloat(a), toFloat(b))));
  },
  Negate: (vm) => {
    const v = vm.pop();
    if (typeof v === 'number' || typeof v === 'bigint') vm.push(A.negI(v));
    else vm.push(new Float(-toFloat(v)));
  },
  Inc: (vm) => vm.push(A.addI(toInt(vm.pop()), 1)),
  Dec: (vm) => vm.push(A.subI(toInt(vm.pop()), 1)),
  Concat: (vm) => {
    const b = vm.str(vm.pop());
    const a = vm.str(vm.pop());
    vm.newString(a.length + b.length);
    vm.push(a + b);
  },
  StringRepeat: (vm) => {
    const count = toInt(vm.pop());
    const s = vm.str(vm.pop());
    const c = count > 0 && s.length > 0 ? Number(count) : 0;
    vm.newString(s.length * c);
    vm.push(s.repeat(c));
  },
  StringLen: (vm) => {
    const v = vm.pop();
    if (typeof v === 'string') vm.work(0, v.length); // UTF-8 length: a scan
    vm.push(Array.isArray(v) || v instanceof Map ? valueLen(v) : valueLen(vm.str(v)));
  },
  PowFloat: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(new Float(A.powF(toFloat(a), toFloat(b))));
  },
  SqrtFloat: floatUnary(Math.sqrt),
  SinFloat: floatUnary(M.sin),
  CosFloat: floatUnary(M.cos),
  ExpFloat: floatUnary(M.exp),
  Atan2Float: (vm) => {
    const x = toFloat(vm.pop());
    const y = toFloat(vm.pop());
    vm.push(new Float(M.atan2(y, x)));
  },
  LogFloat: floatUnary(M.log),
  AbsFloat: floatUnary(Math.abs),
  TruncInt: (vm) => vm.push(toInt(vm.pop())),
  CeilFloat: floatUnary(Math.ceil),
  FloorFloat: floatUnary(Math.floor),
  TruncFloat: floatUnary(Math.trunc),
  RoundFloat: floatUnary(A.roundTiesEven),
  TanFloat: floatUnary(M.tan),
  AsinFloat: floatUnary(M.asin),
  AcosFloat: floatUnary(M.acos),
  AtanFloat: floatUnary(M.atan),
  SinhFloat: floatUnary(M.sinh),
  CoshFloat: floatUnary(M.cosh),
  TanhFloat: floatUnary(M.tanh),
  Log2Float: floatUnary(M.log2),
  Log10Float: floatUnary(M.log10),
  AbsInt: (vm) => vm.push(A.absI(toInt(vm.pop()))),
  GcdInt: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(A.gcdU(a, b));
  },
  LcmInt: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(A.lcmU(a, b));
  },
  TimeInt: (vm) => vm.push(Math.floor(Date.now() / 1000)),
  MulModFloor: (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 3 && s.slice(n - 3).every(isIntV)) {
      const k = s.pop() as A.I64;
      const b = s.pop() as A.I64;
      const a = s.pop() as A.I64;
      s.push(A.floorRem(BigInt(a) * BigInt(b), k));
      return;
    }
    const k = vm.pop();
    H.Mul!(vm, args, ip);
    vm.push(k);
    H.Mod!(vm, args, ip);
    floorCorrectTop(vm, k);
  },
  MulAddModFloor: (vm, args, ip) => {
    const s = vm.stack;
    const n = s.length;
    if (n >= 4 && s.slice(n - 4).every(isIntV)) {
      const k = s.pop() as A.I64;
      const c = s.pop() as A.I64;
      const b = s.pop() as A.I64;
      const a = s.pop() as A.I64;
      s.push(A.floorRem(BigInt(a) * BigInt(b) + BigInt(c), k));
      return;
    }
    const k = vm.pop();
    const c = vm.pop();
    H.Mul!(vm, args, ip);
    vm.push(c);
    H.Add!(vm, args, ip);
    vm.push(k);
    H.Mod!(vm, args, ip);
    floorCorrectTop(vm, k);
  },

  NumEq: binCmp((x, y) => x === y, (x, y) => x === y),
  NumNe: binCmp((x, y) => x !== y, (x, y) => x !== y),
  NumLt: binCmp((x, y) => x < y, (x, y) => x < y),
  NumGt: binCmp((x, y) => x > y, (x, y) => x > y),
  NumLe: binCmp((x, y) => x <= y, (x, y) => x <= y),
  NumGe: binCmp((x, y) => x >= y, (x, y) => x >= y),
  Spaceship: (vm) => {
    const s = vm.stack;
    if (s.length < 2) return;
    const b = s.pop();
    const a = s.pop();
    if (isIntV(a) && isIntV(b)) s.push(A.cmpI(a, b));
    else {
      const x = toFloat(a);
      const y = toFloat(b);
      s.push(x < y ? -1 : x > y ? 1 : 0);
    }
  },
  StrEq: strCmp((c) => c === 0),
  StrNe: strCmp((c) => c !== 0),
  StrLt: strCmp((c) => c < 0),
  StrGt: strCmp((c) => c > 0),
  StrLe: strCmp((c) => c <= 0),
  StrGe: strCmp((c) => c >= 0),
  StrCmp: (vm) => {
    const b = vm.str(vm.pop());
    const a = vm.str(vm.pop());
    vm.work(0, Math.min(a.length, b.length));
    vm.push(compareStr(a, b));
  },

  RubyTruthy: (vm) => {
    const v = vm.pop();
    vm.push(!(v === undefined || v === false));
  },
  LogNot: (vm) => vm.push(!isTruthy(vm.pop())),
  LogAnd: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(isTruthy(a) && isTruthy(b));
  },
  LogOr: (vm) => {
    const b = vm.pop();
    const a = vm.pop();
    vm.push(isTruthy(a) || isTruthy(b));
  },
  BitAnd: bitOp(A.andI),
  BitOr: bitOp(A.orI),
  BitXor: bitOp(A.xorI),
  BitNot: (vm) => vm.push(A.notI(toInt(vm.pop()))),
  Shl: bitOp(A.shlI),
  Shr: bitOp(A.shrI),

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
  MapBlock: () => {},
  GrepBlock: () => {},
  SortBlock: () => {},
  SortDefault: () => {},
  ForEachBlock: () => {},

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

  Extended: (vm, [id, arg]) => vm.hooks.extended?.(vm, num(id!), num(arg!)),
  ExtendedWide: (vm, [id, payload]) => vm.hooks.extendedWide?.(vm, num(id!), payload!),

  SetStatus: (vm) => {
    vm.lastStatus = Number(BigInt.asIntN(32, BigInt(toInt(vm.pop()))));
  },
  GetStatus: (vm) => vm.push(new Status(vm.lastStatus)),
  ...SHELL_OPS,
};

/** Bytes per element of a range from `from` to `to`: Ints past ±2^53 are bigints. */
function rangeElementBytes(from: A.I64, to: A.I64): number {
  const big = (x: A.I64) => typeof x === 'bigint' || !Number.isSafeInteger(x);
  return big(from) || big(to) ? ELEMENT_BYTES + 24 : ELEMENT_BYTES;
}

const isIntV = (v: Value): v is A.I64 => typeof v === 'number' || typeof v === 'bigint';

function floorCorrectTop(vm: Interpreter, k: Value): void {
  const kk = typeof k === 'number' || typeof k === 'bigint' ? k : typeof k === 'boolean' ? (k ? 1 : 0) : undefined;
  if (kk === undefined || kk === 0) return;
  const s = vm.stack;
  const top = s[s.length - 1];
  if (isIntV(top)) {
    if (top !== 0 && top < 0 !== kk < 0) s[s.length - 1] = A.addI(top, kk);
  } else if (top instanceof Float) {
    const f = top.value;
    if (f !== 0 && f < 0 !== kk < 0) s[s.length - 1] = new Float(f + Number(kk));
    else if (f === 0) s[s.length - 1] = new Float(0);
  }
}

const STRICT_NUM = strictNumericHandlers(H);
const STRICT_UNDEF = strictUndefHandlers(H);

function table(numeric: boolean, undef: boolean): readonly Handler[] {
  return OPS.map((s) => {
    const h = H[s.name];
    if (!h) throw new Error(`interpreter: no handler for ${s.name}`);
    const hook = (s as OpSpec).hook;
    if (numeric && hook === 'numeric') return STRICT_NUM[s.name]!;
    if (undef && hook === 'undef') return STRICT_UNDEF[s.name]!;
    return h;
  });
}
/** Handler per opcode; a missing one is a bug the op-table test catches. */
export const HANDLERS: readonly Handler[] = table(false, false);
const TABLES = [HANDLERS, table(true, false), table(false, true), table(true, true)] as const;
/** The table for what `policy` has installed: the ops the op table marks
 *  `hook` run their strict forms while their hook is set. */
export function handlersFor(policy: Policy | undefined): readonly Handler[] {
  return TABLES[(strictNumeric(policy) ? 1 : 0) + (policy?.undef ? 2 : 0)]!;
}
