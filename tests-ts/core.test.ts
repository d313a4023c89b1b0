// The WebAssembly core: generated opcodes match the table, the header layout
// matches the core's, numeric code runs inside the core, and anything else
// hands the exact state to the interpreter.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAbi, renderOpcodes } from '../scripts/gen-ops.mjs';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { WasmBackend } from '../src/core/backend.js';
import * as ABI from '../src/core/abi.js';
import { HEADER, TAG } from '../src/core/abi.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { Op, type Instr } from '../src/ops/op.js';
import { OPS, coreOrder } from '../src/ops/table.js';
import { SUPERS, superPeak } from '../src/ops/super.js';
import { Float } from '../src/values/value.js';
import { VM } from '../src/vm.js';
import { WORKLOADS } from '../bench/workloads.js';

const hooks = { output: () => {}, readLine: () => undefined, builtin: () => undefined };
function chunkOf(ops: Instr[], setup?: (b: ChunkBuilder) => void) {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
}
function backend(ops: Instr[], setup?: (b: ChunkBuilder) => void) {
  return new WasmBackend(chunkOf(ops, setup), hooks, () => undefined, DEFAULT_LIMITS);
}
/** The ts backend's result for the same ops, the reference. */
function reference(ops: Instr[], setup?: (b: ChunkBuilder) => void) {
  return new VM(chunkOf(ops, setup), { backend: 'ts', output: () => {} }).run();
}

describe('core build', () => {
  it('assembly/opcodes.generated.ts is what the op table generates', () => {
    expect(readFileSync(new URL('../assembly/opcodes.generated.ts', import.meta.url), 'utf8')).toBe(renderOpcodes(OPS, coreOrder, SUPERS, superPeak));
  });
  it('assembly/abi.generated.ts is what the core ABI table generates', () => {
    expect(readFileSync(new URL('../assembly/abi.generated.ts', import.meta.url), 'utf8')).toBe(renderAbi(ABI));
  });
});

describe('wasm backend', () => {
  it('runs numeric loops, calls and fused ops inside the core', () => {
    for (const name of ['fib_recursive_20', 'sum_1M_unfused', 'nested_loop_100x100', 'ackermann_3_4', 'sum_1M_fused', 'slot_float_x200', 'counter_loop_10k']) {
      const w = WORKLOADS.find((x) => x.name === name)!;
      const be = new WasmBackend(w.build(), hooks, () => undefined, DEFAULT_LIMITS);
      expect(be.run(), name).toEqual({ status: 'ok', value: w.expect });
      expect(be.handedOff, name).toBe(false);
    }
  });
  it('runs strings, big integers and collections in place through host ops, never leaving the core', () => {
    const be = backend([Op.LoadInt(3), Op.SetSlot(1), Op.LoadFloat(0.5), Op.LoadConst(0), Op.Concat, Op.GetSlot(1), Op.MakeArray(2)], (b) => b.addConstant('x'));
    expect(be.run()).toEqual({ status: 'ok', value: ['0.5x', 3] });
    expect(be.handedOff).toBe(false);
    const big = backend([Op.LoadInt(2n ** 46n), Op.LoadInt(2n ** 46n), Op.Add, Op.LoadInt(2n ** 62n), Op.Add]);
    expect(big.run()).toEqual({ status: 'ok', value: 2n ** 62n + 2n ** 47n });
    expect(big.handedOff).toBe(false);
    // Arrays live in the host heap; GetSlot of one goes to the host, which copies it.
    const ops = [Op.LoadInt(1), Op.MakeArray(1), Op.SetSlot(0), Op.GetSlot(0), Op.GetSlot(0), Op.MakeArray(2), Op.Dup, Op.MakeArray(2)];
    const arr = backend(ops);
    expect(arr.run()).toEqual(reference(ops));
    expect(arr.handedOff).toBe(false);
  });
  it('hands the run to the interpreter before an op that opens a frame on the host side', () => {
    // Exec of a word naming a subroutine enters it: the interpreter takes over with the exact state.
    const ops = [Op.LoadInt(7), Op.SetSlot(0), Op.LoadConst(0), Op.Exec(1), Op.GetSlot(0), Op.MakeArray(2), Op.Jump(9), Op.LoadConst(1), Op.ReturnValue];
    const setup = (b: ChunkBuilder) => {
      b.addConstant('f');
      b.addConstant('in f');
      b.addSubEntry(b.addName('f'), 7);
    };
    const be = backend(ops, setup);
    const r = be.run();
    expect(be.handedOff).toBe(true);
    expect(r).toEqual(reference(ops, setup));
    expect(r).toEqual({ status: 'ok', value: ['in f', 7] });
  });
  it('keeps frames and slots across the handoff', () => {
    // f(x) { s0 = x; return s0 . "!" } called from a frame with its own slot
    const be = backend([Op.LoadInt(9), Op.SetSlot(0), Op.LoadInt(4), Op.Call(0, 1), Op.GetSlot(0), Op.MakeArray(2), Op.Jump(12), Op.SetSlot(0), Op.GetSlot(0), Op.LoadConst(0), Op.Concat, Op.ReturnValue], (b) => {
      b.addConstant('!');
      b.addSubEntry(b.addName('f'), 7);
    });
    expect(be.run()).toEqual({ status: 'ok', value: ['4!', 9] });
  });
  it('counts fuel in the core and stops at the limit', () => {
    const b = new ChunkBuilder();
    b.emit(Op.Nop, 1);
    b.emit(Op.Jump(0), 1);
    const vm = new VM(b.build(), { backend: 'wasm', limits: { fuel: 100_000 } });
    const r = vm.run();
    expect(r.status === 'error' && r.error.name).toBe('FuelExhausted');
    expect(vm.opsExecuted).toBe(100_000);
  });
  it('gives the same results as the ts backend, float kind included', () => {
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(7), Op.LoadInt(2), Op.Div, Op.LoadFloat(-0), Op.LoadFloat(NaN), Op.LoadInt(1), Op.LoadFloat(2), Op.Add, Op.MakeArray(4)]) b.emit(op, 1);
    const c = b.build();
    const w = new VM(c, { backend: 'wasm' }).run();
    expect(w).toEqual(new VM(c, { backend: 'ts' }).run());
    expect(w).toEqual({ status: 'ok', value: [new Float(3.5), new Float(-0), new Float(NaN), new Float(3)] });
  });
});

/** Signed LEB128, for the hand-built module below. */
function sleb(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(byte & 0x40)) || (v === -1n && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A wasm function `() => i32` that pushes Int 42 on the core's stack, moves
 *  ip to `endIp` and returns 0: the shape compiled code will have. */
function handBuiltCompiledCode(memory: WebAssembly.Memory, endIp: number): () => number {
  const INT_42 = BigInt.asIntN(64, (BigInt(TAG.int) << 48n) | 42n);
  const load = (off: number) => [0x41, off, 0x28, 0x02, 0x00]; // i32.const off; i32.load
  const body = [
    0x00, // no locals
    ...load(HEADER.stack), ...load(HEADER.sp), 0x41, 3, 0x74, 0x6a, // stack + sp * 8
    0x42, ...sleb(INT_42), 0x37, 0x03, 0x00, // i64.store
    0x41, HEADER.sp, ...load(HEADER.sp), 0x41, 1, 0x6a, 0x36, 0x02, 0x00, // sp += 1
    0x41, HEADER.ip, 0x41, endIp, 0x36, 0x02, 0x00, // ip = endIp
    0x41, 0, 0x0b, // return 0
  ];
  const section = (id: number, bytes: number[]) => [id, bytes.length, ...bytes];
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]), // type () -> i32
    ...section(2, [1, 3, ...Buffer.from('env'), 6, ...Buffer.from('memory'), 0x02, 0x00, 0x01]), // import memory, min 1 page
    ...section(3, [1, 0]),
    ...section(7, [1, 1, 0x66, 0x00, 0]), // export "f"
    ...section(10, [1, body.length, ...body]),
  ]);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return inst.exports.f as () => number;
}

describe('compiled-code hook', () => {
  it('enters installed wasm code at the chunk entry through call_indirect', () => {
    const be = backend([Op.LoadInt(1), Op.LoadInt(2), Op.Add]);
    be.installCompiled(0, handBuiltCompiledCode(be.memory, 3));
    expect(be.run()).toEqual({ status: 'ok', value: 42 });
    expect(be.opsExecuted).toBe(0);
  });
  it('enters it at the target of a backward jump, after the ops before it ran', () => {
    // 0: LoadInt 5; 1: Nop; 2: Jump 1 — an endless loop unless the code at 1 ends it.
    const be = backend([Op.LoadInt(5), Op.Nop, Op.Jump(1)]);
    be.installCompiled(1, handBuiltCompiledCode(be.memory, 3));
    expect(be.run()).toEqual({ status: 'ok', value: 42 });
    expect(be.opsExecuted).toBe(3);
    be.dispose();
  });
});

describe('host heap', () => {
  /** for i in 0..n { s1 = "x" . i }; s1 — a fresh string each iteration. */
  const stringLoop = (n: number) =>
    chunkOf([Op.LoadInt(0), Op.SetSlot(0), Op.LoadConst(0), Op.GetSlot(0), Op.Concat, Op.SetSlot(1), Op.SlotIncLtIntJumpBack(0, n, 2), Op.GetSlot(1)], (b) => b.addConstant('x'));
  it('reclaims the handles of a million strings: the handle table stays small', () => {
    const be = new WasmBackend(stringLoop(1_000_000), hooks, () => undefined, DEFAULT_LIMITS);
    expect(be.run()).toEqual({ status: 'ok', value: 'x999999' });
    expect(be.handedOff).toBe(false);
    expect(be.handleCount).toBeLessThan(10_000);
  });
  it('runs the loop in flat JS memory on both backends', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (const backendName of ['wasm', 'ts'] as const) {
      const vm = new VM(stringLoop(1_000_000), { backend: backendName });
      gc();
      const before = process.memoryUsage().heapUsed;
      expect(vm.run()).toEqual({ status: 'ok', value: 'x999999' });
      gc();
      // A million retained strings would be tens of MB.
      expect(process.memoryUsage().heapUsed - before, backendName).toBeLessThan(8 << 20);
      vm.dispose();
    }
  });
});
