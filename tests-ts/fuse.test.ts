// The fusion pass (VM option fuse): random programs, the conformance sets and
// the bench workloads give the same status, value, error and output fused as
// unfused, on both backends; the pass fuses what it should and remaps jumps.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { fuseChunk } from '../src/chunk/fuse.js';
import { valueToJSONText } from '../src/chunk/json.js';
import { Op, instr } from '../src/ops/op.js';
import { VM } from '../src/vm.js';
import { WORKLOADS } from '../bench/workloads.js';
import { SETS, readCases } from './conformance-data.js';
import { generateProgram } from './random-programs.js';

const LIMITS = { fuel: 200_000, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };

function outcome(chunk: Chunk, backend: 'wasm' | 'ts', fuse: boolean, limits: object = LIMITS) {
  let out = '';
  const vm = new VM(chunk, { backend, fuse, output: (s) => (out += s), limits });
  const r = vm.run();
  const ops = vm.opsExecuted;
  vm.dispose();
  const text = r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? `${r.error.name}: ${r.error.message}` : '';
  return { status: r.status, text, out, ops };
}

/** Fused and unfused agree; runs the unfused one stopped by fuel, or by the
 *  whole-heap limit (measured at points that move with the ops), are left out. */
function agree(chunk: Chunk, backend: 'wasm' | 'ts', limits?: object): 'fused' | 'same' | 'skipped' {
  if (fuseChunk(chunk) === chunk) return 'same'; // nothing fused: the VM runs this very chunk
  const plain = outcome(chunk, backend, false, limits);
  if (plain.text.includes('limits.fuel') || plain.text.includes('limits.maxHeapBytes')) return 'skipped';
  const fused = outcome(chunk, backend, true, limits);
  expect({ ...fused, ops: undefined }, `${backend}: ${chunk.toJSON().slice(0, 200)}`).toEqual({ ...plain, ops: undefined });
  expect(fused.ops).toBeLessThanOrEqual(plain.ops);
  return 'fused';
}

/** `chunk` with its ++$s and back-edge superinstructions spelled out as the
 *  sequences the pass fuses (jumps remapped): programs for the pass to find. */
function unfuse(chunk: Chunk): Chunk {
  const spell = (ins: Chunk['ops'][number], at: number): Chunk['ops'][number][] => {
    const [s, l, t] = ins.args as number[];
    switch (ins.op) {
      case 'PreIncSlotVoid': return [Op.GetSlot(s!), Op.Inc, Op.SetSlot(s!)];
      case 'PreIncSlot': return [Op.GetSlot(s!), Op.Inc, Op.Dup, Op.SetSlot(s!)];
      case 'PreDecSlot': return [Op.GetSlot(s!), Op.Dec, Op.Dup, Op.SetSlot(s!)];
      case 'SlotIncLtIntJumpBack': return [Op.PreIncSlotVoid(s!), Op.SlotLtIntJumpIfFalse(s!, l!, at + 3), Op.Jump(t!)];
      default: return [ins];
    }
  };
  const newIp: number[] = [];
  let n = 0;
  for (const ins of chunk.ops) {
    newIp.push(n);
    n += spell(ins, 0).length;
  }
  newIp.push(n);
  const map = (x: number) => newIp[x] ?? x;
  // Remap every jump of the original ops (spelled ones already point at new ips).
  const out = chunk.ops.flatMap((ins, ip) => {
    const spelled = spell(ins, newIp[ip]!);
    const remapped = spelled.map((x, j) => {
      const t = ['Jump', 'JumpIfTrue', 'JumpIfFalse', 'JumpIfTrueKeep', 'JumpIfFalseKeep'].includes(x.op) ? 0 : x.op === 'SlotLtIntJumpIfFalse' || x.op === 'SlotIncLtIntJumpBack' ? 2 : -1;
      if (t < 0 || (spelled.length > 1 && j === 1)) return x; // the spelled exit test already targets a new ip
      const args = x.args.slice();
      args[t] = map(Number(args[t])) as never;
      return instr(x.op, args);
    });
    return remapped;
  });
  return new Chunk({
    ops: out,
    constants: chunk.constants,
    names: chunk.names,
    lines: out.map(() => 1),
    subEntries: chunk.subEntries.map(([a, e]) => [a, map(e)] as const),
    blockRanges: chunk.blockRanges.map(([a, e]) => [map(a), map(e)] as const),
    subChunks: chunk.subChunks,
    source: chunk.source,
  });
}

describe('the fusion pass', () => {
  it('fuses ++$s, its value-keeping forms and a loop back edge, remapping jumps', () => {
    const b = new ChunkBuilder();
    for (const op of [Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    // 5: loop: sum += i; ++i; if !(i < 10) exit; jump loop
    for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0), Op.GetSlot(1), Op.Inc, Op.SetSlot(1), Op.SlotLtIntJumpIfFalse(1, 10, 14), Op.Jump(5), Op.GetSlot(0)]) b.emit(op, 1);
    const chunk = b.build();
    const fused = fuseChunk(chunk);
    expect(fused.ops.map((o) => o.op)).toEqual(['PushFrame', 'LoadInt', 'SetSlot', 'LoadInt', 'SetSlot', 'GetSlot', 'GetSlot', 'Add', 'SetSlot', 'SlotIncLtIntJumpBack', 'GetSlot']);
    expect(fused.ops[9]!.args).toEqual([1, 10, 5]);
    for (const backend of ['wasm', 'ts'] as const) {
      const a = outcome(chunk, backend, false);
      const f = outcome(chunk, backend, true);
      expect(f.text).toBe('{"Int":45}');
      expect(a.text).toBe('{"Int":45}');
      expect(f.ops).toBeLessThan(a.ops);
    }
  });

  it('leaves a sequence alone when a jump lands inside it, and one whose slots differ', () => {
    const b = new ChunkBuilder();
    for (const op of [Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.GetSlot(0), Op.Inc, Op.SetSlot(1), Op.GetSlot(0), Op.Inc, Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(3), Op.NumLt, Op.JumpIfTrue(7), Op.GetSlot(0)]) b.emit(op, 1);
    const chunk = b.build();
    expect(fuseChunk(chunk)).toBe(chunk);
    for (const backend of ['wasm', 'ts'] as const) expect(outcome(chunk, backend, true).text).toBe(outcome(chunk, backend, false).text);
  });

  it('random programs agree fused and unfused on both backends', () => {
    const counts = { fused: 0, same: 0, skipped: 0 };
    for (let seed = 1; seed <= 1500; seed++) {
      const chunk = unfuse(generateProgram(seed));
      for (const backend of ['wasm', 'ts'] as const) counts[agree(chunk, backend)]++;
    }
    // The generator emits the unfused forms often enough for this to test something.
    expect(counts.fused).toBeGreaterThan(300);
  }, 300_000);

  it('the conformance sets and the bench workloads agree fused and unfused on both backends', () => {
    let fused = 0;
    for (const set of SETS)
      for (const c of readCases(set)) {
        const chunk = Chunk.fromJSON(c.chunkText);
        for (const backend of ['wasm', 'ts'] as const) if (agree(chunk, backend) === 'fused') fused++;
      }
    for (const w of WORKLOADS) {
      if (w.name === 'sum_1M_unfused' || w.name.endsWith('100k') || w.name === 'numeric_loop_200k') continue; // long; same ops as the 10k ones
      for (const backend of ['wasm', 'ts'] as const) if (agree(w.build(), backend, {}) === 'fused') fused++;
    }
    expect(fused).toBeGreaterThan(0);
  }, 600_000);
});
