// The pure-TypeScript interpreter: the reference meaning of every op. This
// file is its state (stack, frames, globals, op count) and what handlers call
// on it: slots and variables, frames within limits.callDepth, and the cost
// model's charges (work for fuel, reserve for the heap, measured from the
// roots). The handlers, one per op, are in data-ops, numeric-ops,
// control-ops, fused-ops and shell-ops; handlers.ts indexes them by opcode;
// fast-loop.ts is the run loop. Upstream's vm.rs exec_op is the model;
// comments note where its edges bite.

import type { Backend, HostHooks, RunResult, StateSnapshot } from '../backend.js';
import type { Chunk } from '../chunk/chunk.js';
import { FuelExhausted, FuseVMError, HostError, Interrupted, OutOfMemory, StackOverflow, VMRuntimeError } from '../errors.js';
import { DEFAULT_LIMITS, workFuel, type Limits } from '../limits.js';
import { Ref, type Value } from '../values/value.js';
import { cloneValue, toStr } from '../values/convert.js';
import { ARRAY_BYTES, ELEMENT_BYTES, HeapMeter, MAX_ARRAY_LENGTH, MAX_STRING_LENGTH, STRING_BYTES, arrayBytes, stringBytes, treeSize } from '../values/heap-size.js';
import { HostFailure } from '../host/guard.js';
import { runLoop } from './fast-loop.js';
import { primeRunLoop } from './prime.js';
import { HANDLERS, codesOf, handlersFor } from './handlers.js';
import { ENTERS_FRAME, OpFailure, values, type Frame, type Handler, type CoreAccess } from './shapes.js';

// The handler tables and the shapes live in their own files; re-exported for the run loop and the core's backend.
export { HANDLERS, codesOf, handlersFor } from './handlers.js';
export { ENTERS_FRAME, OpFailure, values, type CoreAccess, type Frame, type Handler } from './shapes.js';


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

/** Ops between heap measurements while the heap is small. */
const HEAP_CHECK_EVERY = 4096;
