// The wasm backend: runs a chunk in the core and, when the core stops before
// an op it does not run itself (strings, collections, host ops, Ints past
// ±2^47), hands the exact state — ip, stack, frames, slots, ops executed — to
// the TypeScript interpreter, which continues from there. One meaning per op:
// the interpreter is the only other implementation, and the handoff is lossless.

import type { Backend, HostHooks, RunResult } from '../backend.js';
import type { Chunk } from '../chunk/chunk.js';
import { Interrupted, VMRuntimeError } from '../errors.js';
import type { ShellHost } from '../host/shell.js';
import { Interpreter, type Frame } from '../interp/interpreter.js';
import type { Limits } from '../limits.js';
import { Float, type Value } from '../values/value.js';
import { encodeChunk } from './encode.js';
import { HEADER, PAGE, placeRegions, type Regions } from './layout.js';
import { instantiateCore, type CoreExports } from './load.js';

const DEOPT = 1;
const TAG_MASK = 0xffff_0000_0000_0000n;
const TAG_INT = 0xfff9_0000_0000_0000n;
const TAG_BOOL = 0xfffa_0000_0000_0000n;
const UNDEF = 0xfffb_0000_0000_0000n;
const I64_MAX = (1n << 63n) - 1n;

/** A NaN-boxed core value as the TS Value it stands for. */
export function unbox(bits: bigint): Value {
  const tag = bits & TAG_MASK;
  if (tag === TAG_INT) return Number(BigInt.asIntN(48, bits));
  if (tag === TAG_BOOL) return (bits & 1n) === 1n;
  if (bits === UNDEF) return undefined;
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits, true);
  return new Float(dv.getFloat64(0, true));
}

export class WasmBackend implements Backend {
  #core: CoreExports;
  #chunk!: Chunk;
  #regions!: Regions;
  /** Set once the interpreter has taken over this run (after a deopt). */
  #interp: Interpreter | undefined;
  #fresh = true;

  constructor(
    chunk: Chunk,
    readonly hooks: HostHooks,
    readonly shell: () => ShellHost | undefined,
    readonly limits: Limits,
  ) {
    this.#core = spareCores.pop() ?? instantiateCore();
    this.reset(chunk);
  }

  reset(chunk: Chunk): void {
    this.#chunk = chunk;
    this.#interp = undefined;
    this.#fresh = true;
    const enc = encodeChunk(chunk);
    const r = placeRegions(chunk.ops.length, enc.consts.length, enc.slotsPerFrame, this.limits.stackDepth, this.limits.callDepth);
    const mem = this.#core.memory;
    const need = Math.ceil(r.end / PAGE) - mem.buffer.byteLength / PAGE;
    if (need > 0) mem.grow(need);
    this.#regions = r;
    const buf = mem.buffer;
    new Int32Array(buf, r.code, enc.code.length).set(enc.code);
    new BigInt64Array(buf, r.consts, enc.consts.length).set(enc.consts);
    const h = new DataView(buf);
    const i32 = (off: number, v: number) => h.setInt32(off, v, true);
    i32(HEADER.ip, 0);
    i32(HEADER.sp, 0);
    i32(HEADER.fp, 1); // the base frame
    i32(HEADER.nOps, chunk.ops.length);
    h.setBigInt64(HEADER.ops, 0n, true);
    h.setBigInt64(HEADER.fuel, this.limits.fuel === Infinity ? I64_MAX : BigInt(Math.floor(this.limits.fuel)), true);
    i32(HEADER.code, r.code);
    i32(HEADER.consts, r.consts);
    i32(HEADER.stack, r.stack);
    i32(HEADER.stackCap, r.stackCap);
    i32(HEADER.frames, r.frames);
    i32(HEADER.frameCap, r.frameCap);
    i32(HEADER.slots, r.slots);
    i32(HEADER.slotsPerFrame, r.slotsPerFrame);
    // Base frame record and its slots, all Undef.
    i32(r.frames, 0);
    i32(r.frames + 4, 0);
    new BigUint64Array(buf, r.slots, r.slotsPerFrame).fill(UNDEF);
  }

  run(): RunResult {
    if (!this.#interp) {
      if (!this.#fresh) return this.#finish();
      this.#fresh = false;
      const { fuel, interrupt, interruptEvery } = this.limits;
      const h = () => new DataView(this.#core.memory.buffer);
      // With an interrupt callback the core runs in slices of interruptEvery
      // ops, returning between them so the host can poll.
      for (;;) {
        const done = Number(h().getBigInt64(HEADER.ops, true));
        const slice = interrupt ? Math.min(fuel, done + interruptEvery) : fuel;
        h().setBigInt64(HEADER.fuel, slice === Infinity ? I64_MAX : BigInt(Math.floor(slice)), true);
        let status: number;
        try {
          status = this.#core.run();
        } catch (e) {
          // A trap inside the core is reported like any run-time error; the
          // next reset lays the memory out afresh.
          const ip = h().getInt32(HEADER.ip, true);
          return { status: 'error', error: new VMRuntimeError(`wasm core trapped: ${(e as Error).message}`, { ip, op: this.#chunk.ops[ip]?.op, line: this.#chunk.lines[ip], source: this.#chunk.source }) };
        }
        if (status !== DEOPT) return this.#finish();
        const ops = Number(h().getBigInt64(HEADER.ops, true));
        if (interrupt && ops >= slice && slice < fuel) {
          if (interrupt()) {
            const ip = h().getInt32(HEADER.ip, true);
            return { status: 'error', error: new Interrupted('interrupt', 'interrupted by the host', { ip, op: this.#chunk.ops[ip]?.op, line: this.#chunk.lines[ip], source: this.#chunk.source }) };
          }
          continue;
        }
        break;
      }
      this.#handoff();
    }
    return this.#interp!.run();
  }

  /** The run ended inside the core: the top of the stack is the result. */
  #finish(): RunResult {
    const h = new DataView(this.#core.memory.buffer);
    const sp = h.getInt32(HEADER.sp, true);
    if (sp === 0) return { status: 'halted' };
    h.setInt32(HEADER.sp, sp - 1, true);
    return { status: 'ok', value: unbox(h.getBigUint64(this.#regions.stack + (sp - 1) * 8, true)) };
  }

  /** Move the core's state into an interpreter positioned at the same op. */
  #handoff(): Interpreter {
    const interp = new Interpreter(this.#chunk, this.hooks, this.shell, this.limits);
    const h = new DataView(this.#core.memory.buffer);
    const r = this.#regions;
    const sp = h.getInt32(HEADER.sp, true);
    const fp = h.getInt32(HEADER.fp, true);
    interp.ip = h.getInt32(HEADER.ip, true);
    interp.opsExecuted = Number(h.getBigInt64(HEADER.ops, true));
    interp.stack = Array.from({ length: sp }, (_, k) => unbox(h.getBigUint64(r.stack + k * 8, true)));
    const frames: Frame[] = [];
    for (let f = 0; f < fp; f++) {
      const slots: Value[] = [];
      for (let k = 0; k < r.slotsPerFrame; k++) slots.push(unbox(h.getBigUint64(r.slots + (f * r.slotsPerFrame + k) * 8, true)));
      // Upstream grows a frame's slots on demand: trailing Undefs are unset slots.
      while (slots.length && slots[slots.length - 1] === undefined) slots.pop();
      frames.push({ returnIp: h.getInt32(r.frames + f * 16, true), stackBase: h.getInt32(r.frames + f * 16 + 4, true), slots });
    }
    interp.frames = frames;
    this.#interp = interp;
    return interp;
  }

  #stackOwner(): Interpreter {
    // Extension handlers and builtins only run in the interpreter; a push or
    // pop from outside a run moves the state there first.
    return this.#interp ?? this.#handoff();
  }
  push(v: Value): void {
    this.#stackOwner().push(v);
  }
  pop(): Value {
    return this.#stackOwner().pop();
  }
  peek(): Value {
    return this.#stackOwner().peek();
  }
  /** Whether this run left the core for the interpreter (for tests and stats). */
  get handedOff(): boolean {
    return this.#interp !== undefined;
  }
  get opsExecuted(): number {
    return this.#interp ? this.#interp.opsExecuted : Number(new DataView(this.#core.memory.buffer).getBigInt64(HEADER.ops, true));
  }
  dispose(): void {
    this.#interp?.dispose();
    this.#interp = undefined;
    // A disposed VM's core instance is reused by the next VM: instantiating
    // and growing a fresh memory is most of what creating a VM costs.
    if (spareCores.length < MAX_SPARE_CORES && !spareCores.includes(this.#core)) spareCores.push(this.#core);
    this.#core = DISPOSED;
  }
}

const MAX_SPARE_CORES = 8;
const spareCores: CoreExports[] = [];
const DISPOSED = {
  get memory(): WebAssembly.Memory {
    throw new Error('this VM has been disposed');
  },
  run(): number {
    throw new Error('this VM has been disposed');
  },
} as CoreExports;

export function createWasmBackend(chunk: Chunk, hooks: HostHooks, shell: () => ShellHost | undefined, limits: Limits): Backend {
  return new WasmBackend(chunk, hooks, shell, limits);
}
