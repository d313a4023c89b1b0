// Superinstructions (src/ops/super.ts) are exact: with them on and off, every
// conformance chunk, the bench workloads and random programs give the same
// status, value, error, output and opsExecuted on both backends, under fuel
// cut at many op counts, interrupts and every JIT tier; each one's edge cases
// fall back to the plain ops; and only the head record is re-encoded.

import { afterEach, describe, expect, it } from 'vitest';
import type { BackendName } from '../src/backend.js';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { valueToJSONText } from '../src/chunk/json.js';
import { encodeChunk } from '../src/core/encode.js';
import { OP_RECORD } from '../src/core/abi.js';
import { Op, type Instr } from '../src/ops/op.js';
import { SUPERS, SUPER_LENGTH, setSuperinstructions, superAt } from '../src/ops/super.js';
import { OPS, coreOrder } from '../src/ops/table.js';
import { checkSupers } from '../scripts/gen-ops.mjs';
import { Float, type Value } from '../src/values/value.js';
import { VM, type VMOptions } from '../src/vm.js';
import { WORKLOADS } from '../bench/workloads.js';
import { SETS, readCases } from './conformance-data.js';
import { generateProgram, rng } from './random-programs.js';

afterEach(() => setSuperinstructions(true));

const LIMITS = { fuel: 200_000, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };
const BACKENDS: BackendName[] = ['wasm', 'ts'];

interface Outcome {
  status: string;
  text: string;
  out: string;
  ops: number;
}

function outcome(chunk: Chunk, backend: BackendName, supers: boolean, opts: Partial<VMOptions> = {}): Outcome {
  setSuperinstructions(supers);
  try {
    let out = '';
    const vm = new VM(chunk, { backend, jit: 'off', output: (s) => (out += s), ...opts, limits: { ...LIMITS, ...opts.limits } });
    const r = vm.run();
    const ops = vm.opsExecuted;
    vm.dispose();
    const text = r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? `${r.error.name}: ${r.error.message}` : '';
    return { status: r.status, text, out, ops };
  } finally {
    setSuperinstructions(true);
  }
}

/** Whether a superinstruction covers any sequence of the chunk or its sub-chunks (by op names alone). */
function hasSuper(chunk: Chunk): boolean {
  const names = chunk.ops.map((o) => o.op);
  const int32 = (ip: number) => {
    const v = chunk.ops[ip]!.args[0];
    return typeof v === 'number' && (v | 0) === v;
  };
  for (let ip = 0; ip < names.length; ip++) if (superAt(names, ip, int32) >= 0) return true;
  return chunk.subChunks.some(hasSuper);
}

/** On and off agree, op counts included; returns the outcome. */
function agree(chunk: Chunk, backend: BackendName, opts: Partial<VMOptions> = {}, what = ''): Outcome {
  const off = outcome(chunk, backend, false, opts);
  const on = outcome(chunk, backend, true, opts);
  expect(on, `${backend} ${what}: ${chunk.toJSON().slice(0, 300)}`).toEqual(off);
  return on;
}

const chunkOf = (ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk => {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
};

/** Slots 0..k-1 seeded with `vals` (LoadConst for the ones that need it), then `ops`. */
function seeded(vals: Value[], ops: Instr[]): Chunk {
  return chunkOf([], (b) => {
    b.emit(Op.PushFrame, 1);
    vals.forEach((v, k) => {
      b.emit(Op.LoadConst(b.addConstant(v)), 1);
      b.emit(Op.SetSlot(k), 1);
    });
    for (const op of ops) b.emit(op, 1);
  });
}

describe('superinstructions', () => {
  it('the table: every sequence as long as SUPER_LENGTH, headed by GetSlot alone', () => {
    for (const s of SUPERS) {
      expect(s.seq.length).toBe(SUPER_LENGTH);
      expect(s.seq[0]).toEqual(['GetSlot']);
    }
  });

  it('the generator refuses a table the shared case cannot run', () => {
    expect(() => checkSupers(OPS, SUPERS, SUPER_LENGTH)).not.toThrow();
    const bad = (seq: string[][]) => () => checkSupers(OPS, [{ name: 'Bad', seq, doc: '' }], SUPER_LENGTH);
    expect(bad([['GetSlot'], ['JumpIfFalse'], ['Add'], ['SetSlot']])).toThrow(/only the last op may jump/);
    expect(bad([['LoadInt'], ['GetSlot'], ['Add'], ['SetSlot']])).toThrow(/head is GetSlot alone/);
    expect(bad([['GetSlot'], ['GetSlot'], ['GetSlot'], ['SetSlot']])).toThrow(/heads a superinstruction/);
    expect(bad([['GetSlot'], ['GetSlot'], ['Concat'], ['SetSlot']])).toThrow(/host op/);
    expect(bad([['GetSlot'], ['GetSlot'], ['Add']])).toThrow(/SUPER_LENGTH/);
    expect(() => checkSupers(OPS, [{ name: 'Add', seq: SUPERS[0].seq, doc: '' }], SUPER_LENGTH)).toThrow(/op's name/);
  });

  it('only the head record is re-encoded; the chunk is untouched', () => {
    const chunk = seeded([1, 2], [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(2), Op.GetSlot(2)]);
    const json = chunk.toJSON();
    setSuperinstructions(false);
    const plain = encodeChunk(chunk);
    setSuperinstructions(true);
    const sup = encodeChunk(chunk);
    const W = OP_RECORD.bytes >> 2;
    const head = chunk.ops.findIndex((o) => o.op === 'GetSlot');
    expect(sup.code[head * W]).toBe(coreOrder().length + 1); // SUPER_SlotSlotArithSet
    expect(sup.code[head * W + 1]).toBe(plain.code[head * W + 1]); // the slot
    // Every record but the head's is the plain one.
    expect([...sup.code.slice(0, head * W), ...sup.code.slice((head + 1) * W)]).toEqual([...plain.code.slice(0, head * W), ...plain.code.slice((head + 1) * W)]);
    expect(chunk.toJSON()).toBe(json);
    expect(chunk.ops.map((o) => o.op)).not.toContain('SlotSlotArithSet');
  });

  // ── Edge cases of each superinstruction, on both backends ──
  const ARITH = [Op.Add, Op.Sub, Op.Mul];
  const CMP = [Op.NumLt, Op.NumLe, Op.NumGt, Op.NumGe, Op.NumEq, Op.NumNe];
  const VALUES: Value[] = [0, 1, -1, 7, 2 ** 31, 2 ** 46, 2 ** 47 - 1, -(2 ** 47), 2 ** 52, 2n ** 62n, new Float(-0.5), new Float(-0), new Float(0), new Float(2.5), new Float(NaN), new Float(Infinity), true, false, undefined, 'str', '3', [1, 2]];
  const INTS = [0, 1, -1, 3, 2 ** 31 - 1, -(2 ** 31)];

  for (const backend of BACKENDS) {
    it(`${backend}: slot ⊕ slot → slot and slot ⊕ int → slot over every kind (Float, mixed, overflow, Bool, string, container)`, () => {
      for (const op of ARITH)
        for (const x of VALUES) {
          for (const y of VALUES) agree(seeded([x, y], [Op.GetSlot(0), Op.GetSlot(1), op, Op.SetSlot(2), Op.GetSlot(2)]), backend);
          for (const k of INTS) agree(seeded([x], [Op.GetSlot(0), Op.LoadInt(k), op, Op.SetSlot(0), Op.GetSlot(0)]), backend);
        }
    });

    it(`${backend}: slot ⋚ slot and slot ⋚ int branches over every kind (−0.5 < 0, NaN, Bool is not Int)`, () => {
      for (const op of CMP)
        for (const jump of [Op.JumpIfFalse, Op.JumpIfTrue])
          for (const x of VALUES) {
            // ...; branch to 9 (LoadInt 2) or fall to LoadInt 1; Jump past.
            const tail = (t: number) => [Op.LoadInt(1), Op.Jump(t + 1), Op.LoadInt(2)];
            for (const y of VALUES) {
              const base = 1 + 4; // PushFrame + two seeded slots
              agree(seeded([x, y], [Op.GetSlot(0), Op.GetSlot(1), op, jump(base + 6), ...tail(base + 6)]), backend);
            }
            for (const k of INTS) agree(seeded([x], [Op.GetSlot(0), Op.LoadInt(k), op, jump(3 + 6), ...tail(3 + 6)]), backend);
          }
    });

    it(`${backend}: a backward branch counts the loop as unfused (the loop's op count, fuel cut at every op)`, () => {
      // i = 0; loop: i = i + 1; if i < 50 jump loop
      const chunk = chunkOf([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(1), Op.Add, Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(50), Op.NumLt, Op.JumpIfTrue(3), Op.GetSlot(0)]);
      const full = agree(chunk, backend);
      expect(full.text).toBe('{"Int":50}');
      for (let fuel = 1; fuel <= full.ops + 1; fuel++) agree(chunk, backend, { limits: { fuel } }, `fuel ${fuel}`);
    });

    it(`${backend}: fuel exactly k-1 and k at a sequence; stack at capacity; a jump into the middle`, () => {
      const seq = [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(2)];
      const chunk = seeded([3, 4], [...seq, Op.GetSlot(2)]);
      const before = 1 + 4;
      for (const fuel of [before + SUPER_LENGTH - 1, before + SUPER_LENGTH, before + SUPER_LENGTH + 1]) {
        const r = agree(chunk, backend, { limits: { fuel } });
        expect(r.ops).toBe(Math.min(fuel, before + SUPER_LENGTH + 1));
        expect(r.text.includes('limits.fuel')).toBe(fuel <= before + SUPER_LENGTH);
      }
      // The stack limit at the sequence's peak and one under it.
      for (const stackDepth of [1, 2, 3]) agree(chunk, backend, { limits: { stackDepth } }, `stackDepth ${stackDepth}`);
      // Jumps to each op inside a sequence.
      for (let into = 1; into < SUPER_LENGTH; into++) {
        const c = seeded([5, 6], [Op.LoadInt(9), Op.LoadInt(9), Op.Jump(1 + 4 + 3 + into), ...seq, Op.GetSlot(2)]);
        const r = agree(c, backend, {}, `into +${into}`);
        expect(r.status).toBe('ok');
      }
    });

    it(`${backend}: with a numeric or undef hook installed, hooked ops in a sequence reach the hook`, () => {
      // 3 + 8 leaves the fixnum range [-10, 10]: the hook decides (100).
      const chunk = seeded([3, 8], [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(2), Op.GetSlot(0), Op.LoadInt(3), Op.NumLt, Op.JumpIfFalse(13), Op.GetSlot(2)]);
      for (const supers of [false, true]) {
        setSuperinstructions(supers);
        const seen: string[] = [];
        const vm = new VM(chunk, { backend, jit: 'off' });
        vm.setFixnumRange(-10, 10);
        vm.setNumericHook((op) => {
          seen.push(op);
          return 100;
        });
        const r = vm.run();
        expect(seen).toEqual(['Add']);
        expect(r).toEqual({ status: 'ok', value: 100 });
        const reads: number[] = [];
        const vm2 = new VM(seeded([], [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(2), Op.GetSlot(2)]), { backend, jit: 'off' });
        vm2.setUndefHook((read) => {
          reads.push(read.index);
          return 1;
        });
        expect(vm2.run()).toEqual({ status: 'ok', value: 2 });
        expect(reads).toEqual([0, 1]);
      }
    });
  }

  // ── Differential: every conformance chunk, the workloads, random programs ──
  it.each(BACKENDS)('%s: every conformance chunk and the workloads agree on and off', (backend) => {
    let covered = 0;
    for (const set of SETS)
      for (const c of readCases(set)) {
        const chunk = Chunk.fromJSON(c.chunkText);
        if (!hasSuper(chunk)) continue; // nothing to fuse: both encodings are the same
        covered++;
        agree(chunk, backend, {}, c.name);
      }
    for (const w of WORKLOADS) agree(w.build(), backend, { limits: { fuel: Infinity } }, w.name);
    expect(covered).toBeGreaterThan(1000);
  }, 600_000);

  it.each(BACKENDS)('%s: 3,000 random programs agree on and off, whole and cut by fuel or interrupts', (backend) => {
    let covered = 0;
    const r = rng(17);
    for (let seed = 1; seed <= 3000; seed++) {
      const chunk = generateProgram(seed);
      if (!hasSuper(chunk)) continue;
      covered++;
      const whole = agree(chunk, backend, {}, `seed ${seed}`);
      if (seed % 4 === 0) {
        // Fuel cut at random op counts (and just around the end).
        for (let k = 0; k < 6; k++) agree(chunk, backend, { limits: { fuel: 1 + Math.floor(r() * (whole.ops + 1)) } }, `seed ${seed} cut`);
        agree(chunk, backend, { limits: { fuel: whole.ops } }, `seed ${seed} at its end`);
      }
      if (seed % 7 === 0) {
        // Interrupted after a random number of polls, every few units of fuel.
        const every = 1 + Math.floor(r() * 5);
        const stopAt = Math.floor(r() * (whole.ops / every + 2));
        const run = (on: boolean) => {
          let polls = 0;
          return outcome(chunk, backend, on, { limits: { interrupt: () => ++polls > stopAt, interruptEvery: every } });
        };
        expect(run(true), `seed ${seed} interrupted`).toEqual(run(false));
      }
    }
    expect(covered).toBeGreaterThan(1500);
  }, 900_000);

  it('the JIT tiers and the trace recorder agree on and off (threshold 1)', () => {
    const chunks = [...WORKLOADS.filter((w) => /loop|fib|sum|nested|call/.test(w.name)).map((w) => w.build())];
    for (let seed = 1; seed <= 400; seed++) {
      const c = generateProgram(seed);
      if (hasSuper(c)) chunks.push(c);
    }
    for (const chunk of chunks)
      for (const jit of ['block', 'trace', 'auto'] as const) {
        const opts = { jit, jitThresholds: { block: 1, trace: 1, linear: 1 }, limits: { fuel: Infinity } };
        const on = agree(chunk, 'wasm', opts, jit);
        // And the tier's answer is the interpreter's.
        const ref = outcome(chunk, 'wasm', false, { limits: opts.limits });
        expect({ ...on, ops: 0 }).toEqual({ ...ref, ops: 0 });
      }
  }, 600_000);
});
