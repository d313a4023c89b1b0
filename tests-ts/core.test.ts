// The WebAssembly core: generated opcodes match the table, the header layout
// matches the core's, numeric code runs inside the core, and anything else
// hands the exact state to the interpreter.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpcodes } from '../scripts/gen-ops.mjs';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { WasmBackend } from '../src/core/backend.js';
import { HEADER } from '../src/core/layout.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { Op, type Instr } from '../src/ops/op.js';
import { OPS } from '../src/ops/table.js';
import { Float } from '../src/values/value.js';
import { VM } from '../src/vm.js';
import { WORKLOADS } from '../bench/workloads.js';

const hooks = { output: () => {}, readLine: () => undefined, builtin: () => undefined };
function backend(ops: Instr[], setup?: (b: ChunkBuilder) => void) {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return new WasmBackend(b.build(), hooks, () => undefined, DEFAULT_LIMITS);
}

describe('core build', () => {
  it('assembly/opcodes.generated.ts is what the op table generates', () => {
    expect(readFileSync(new URL('../assembly/opcodes.generated.ts', import.meta.url), 'utf8')).toBe(renderOpcodes(OPS));
  });
  it('the header offsets agree with the core', () => {
    const src = readFileSync(new URL('../assembly/index.ts', import.meta.url), 'utf8');
    const names: Record<string, keyof typeof HEADER> = { H_IP: 'ip', H_SP: 'sp', H_FP: 'fp', H_NOPS: 'nOps', H_OPS: 'ops', H_FUEL: 'fuel', H_CODE: 'code', H_CONST: 'consts', H_STACK: 'stack', H_STACKCAP: 'stackCap', H_FRAMES: 'frames', H_FRAMECAP: 'frameCap', H_SLOTS: 'slots', H_SLOTSPER: 'slotsPerFrame' };
    for (const [as, ts] of Object.entries(names)) {
      const m = new RegExp(`export const ${as}: i32 = (\\d+);`).exec(src);
      expect(Number(m?.[1]), as).toBe(HEADER[ts]);
    }
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
  it('hands strings, big integers and host ops to the interpreter with the exact state', () => {
    const be = backend([Op.LoadInt(3), Op.SetSlot(1), Op.LoadFloat(0.5), Op.LoadConst(0), Op.Concat, Op.GetSlot(1), Op.MakeArray(2)], (b) => b.addConstant('x'));
    expect(be.run()).toEqual({ status: 'ok', value: ['0.5x', 3] });
    expect(be.handedOff).toBe(true);
    const big = backend([Op.LoadInt(2n ** 46n), Op.LoadInt(2n ** 46n), Op.Add, Op.LoadInt(2n ** 62n), Op.Add]);
    expect(big.run()).toEqual({ status: 'ok', value: 2n ** 62n + 2n ** 47n });
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
