// The tracing tier's ways in and out, each forced: a slot changing kind
// mid-loop, a branch changing direction (side exits, then a side trace), a
// call in the loop and in a side trace, recursion past the call depth, entry
// kinds that keep changing (variants, then the anchor given up); the event
// stream; trace metadata exported and imported into a fresh VM (and refused
// for another chunk). Every run gives the interpreter's value, error, output
// and op count.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { chunkToJSON } from '../src/chunk/json.js';
import type { TraceEvent } from '../src/jit/trace-jit.js';
import { TraceMetadataError } from '../src/jit/trace-metadata.js';
import { Op, type Instr } from '../src/ops/op.js';
import { VM } from '../src/vm.js';
import { onTier, reference } from './jit-harness.js';

const TRACE = { jitThresholds: { trace: 1 } };

/** for (slot0 = 0; slot0 < n; slot0++) { body }; then slots 0..3 as an array. Sub 'f' (one argument) is `sub`. */
function loopChunk(n: number, body: (b: ChunkBuilder, f: number) => void, sub: Instr[] = [Op.GetSlot(0), Op.ReturnValue], setup: Instr[] = []): Chunk {
  const b = new ChunkBuilder();
  const f = b.addName('f');
  b.addConstant('s');
  for (const op of [...setup, Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
  const top = b.currentPos();
  for (const op of [Op.GetSlot(0), Op.LoadInt(n), Op.NumLt]) b.emit(op, 2);
  const exit = b.emit(Op.JumpIfFalse(0), 2);
  body(b, f);
  for (const op of [Op.PreIncSlotVoid(0), Op.Jump(top)]) b.emit(op, 3);
  b.patchJump(exit, b.currentPos());
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.GetSlot(2), Op.GetSlot(3), Op.MakeArray(4)]) b.emit(op, 4);
  const end = b.emit(Op.Jump(0), 4);
  b.addSubEntry(f, b.currentPos());
  for (const op of [Op.SetSlot(0), ...sub]) b.emit(op, 5);
  b.patchJump(end, b.currentPos());
  return b.build();
}
const emit = (b: ChunkBuilder, ops: Instr[]) => ops.forEach((op) => b.emit(op, 3));
/** if (slot0 < k) { then } else { otherwise } */
function split(b: ChunkBuilder, k: number, then: Instr[], otherwise: Instr[]): void {
  emit(b, [Op.GetSlot(0), Op.LoadInt(k), Op.NumLt]);
  const skip = b.emit(Op.JumpIfFalse(0), 3);
  emit(b, then);
  const join = b.emit(Op.Jump(0), 3);
  b.patchJump(skip, b.currentPos());
  emit(b, otherwise);
  b.patchJump(join, b.currentPos());
}

function traced(c: Chunk, extra = {}) {
  const events: TraceEvent[] = [];
  const got = onTier(c, 'trace', { ...TRACE, onTrace: (e: TraceEvent) => events.push(e), ...extra });
  expect(got.seen).toEqual(reference(c, extra));
  return { ...got, events };
}

describe('trace exits', () => {
  it('a slot changing kind mid-loop: the trace holds it boxed and stays exact', () => {
    const c = loopChunk(300, (b) => split(b, 150, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)], [Op.GetSlot(1), Op.LoadFloat(0.5), Op.Add, Op.SetSlot(1)]));
    const { jit, seen } = traced(c);
    expect(seen.value).toContain('Float');
    expect(jit.traces).toBeGreaterThan(0);
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops / 2);
  });
  it('a loop whose slot changes kind, run again and again, keeps its variants (switching to a sibling variant is no guard miss)', () => {
    const c = loopChunk(300, (b) => split(b, 150, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)], [Op.GetSlot(1), Op.LoadFloat(0.5), Op.Add, Op.SetSlot(1)]), undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
    const vm = new VM(c, { jit: 'trace', ...TRACE });
    const want = new VM(c, { jit: 'off' }).run();
    for (let run = 0; run < 60; run++) {
      vm.reset(c);
      expect(vm.run()).toEqual(want);
    }
    const jit = vm.jitStats();
    expect(jit.traceBlacklisted).toBe(0);
    expect(jit.traces + jit.sideTraces).toBeLessThanOrEqual(4);
    vm.dispose();
  });
  it('a branch changing direction: side exits at the untaken direction, then a side trace takes them', () => {
    const c = loopChunk(400, (b) => split(b, 100, [Op.GetSlot(1), Op.LoadInt(3), Op.Add, Op.SetSlot(1)], [Op.GetSlot(2), Op.LoadInt(5), Op.Add, Op.SetSlot(2)]), undefined, [Op.LoadInt(0), Op.SetSlot(1), Op.LoadInt(0), Op.SetSlot(2)]);
    const { jit, seen, events } = traced(c);
    expect(seen.value).toContain('{"Int":400},{"Int":300},{"Int":1500}');
    expect(jit.sideTraces).toBeGreaterThan(0);
    expect(jit.sideExits).toBeGreaterThan(0);
    expect(events.some((e) => e.event === 'compile' && e.kind === 'side')).toBe(true);
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops / 2);
  });
  it('a call in the loop and a call inside the side trace run as compiled calls', () => {
    const call = (f: number) => [Op.GetSlot(0), Op.Call(f, 1), Op.GetSlot(1), Op.Add, Op.SetSlot(1)];
    const c = loopChunk(300, (b, f) => split(b, 50, [Op.GetSlot(1), Op.LoadInt(1), Op.Add, Op.SetSlot(1)], call(f)), [Op.GetSlot(0), Op.LoadInt(2), Op.Mul, Op.ReturnValue], [Op.LoadInt(0), Op.SetSlot(1)]);
    const { jit, seen } = traced(c);
    expect(jit.sideTraces).toBeGreaterThan(0);
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops / 2);
  });
  it('recursion past the call depth inside a traced loop: the interpreter\'s error at its op', () => {
    // f(x) = x < 1 ? 0 : f(x - 1) + 1, called with slot0 * 3 each iteration
    const sub = [Op.GetSlot(0), Op.LoadInt(1), Op.NumLt];
    const b0 = (b: ChunkBuilder, f: number) => emit(b, [Op.GetSlot(0), Op.LoadInt(3), Op.Mul, Op.Call(f, 1), Op.SetSlot(1)]);
    const c = (() => {
      const b = new ChunkBuilder();
      const f = b.addName('f');
      for (const op of [Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
      const top = b.currentPos();
      for (const op of [Op.GetSlot(0), Op.LoadInt(100), Op.NumLt]) b.emit(op, 2);
      const exit = b.emit(Op.JumpIfFalse(0), 2);
      b0(b, f);
      for (const op of [Op.PreIncSlotVoid(0), Op.Jump(top)]) b.emit(op, 3);
      b.patchJump(exit, b.currentPos());
      b.emit(Op.GetSlot(1), 4);
      const end = b.emit(Op.Jump(0), 4);
      b.addSubEntry(f, b.currentPos());
      for (const op of [Op.SetSlot(0), ...sub]) b.emit(op, 5);
      const rec = b.emit(Op.JumpIfFalse(0), 5);
      for (const op of [Op.LoadInt(0), Op.ReturnValue]) b.emit(op, 5);
      b.patchJump(rec, b.currentPos());
      for (const op of [Op.GetSlot(0), Op.LoadInt(1), Op.Sub, Op.Call(f, 1), Op.LoadInt(1), Op.Add, Op.ReturnValue]) b.emit(op, 5);
      b.patchJump(end, b.currentPos());
      return b.build();
    })();
    for (const callDepth of [10, 50, 200, 1000]) {
      const { seen } = traced(c, { limits: { callDepth } });
      if (callDepth < 300) expect(seen.status).toBe('error');
      else expect(seen.value).toBe('{"Int":297}');
    }
  });
  it('a slot the path off the trace gives another kind: the entry guard misses, and a variant for that kind is compiled — still exact', () => {
    // slot 2 = 's' when slot0 % 3 == 2, else 1: the trace recorded on two Int iterations guards slot 2 as Int
    const c = loopChunk(200, (b) => {
      emit(b, [Op.GetSlot(0), Op.LoadInt(3), Op.Mod, Op.LoadInt(2), Op.NumEq]);
      const other = b.emit(Op.JumpIfTrue(0), 3);
      emit(b, [Op.LoadInt(1), Op.SetSlot(2)]);
      const join = b.emit(Op.Jump(0), 3);
      b.patchJump(other, b.currentPos());
      emit(b, [Op.LoadConst(0), Op.SetSlot(2)]);
      b.patchJump(join, b.currentPos());
      emit(b, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)]);
    }, undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
    const { events, jit, seen } = traced(c);
    const at = (events[0] as { anchor: number }).anchor;
    expect(events.filter((e) => e.event === 'compile' && e.anchor === at).length).toBe(2);
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops / 2);
  });
  it('a loop entered with more kinds than it keeps variants for: the anchor closed, its traces given up after 5 guard misses — still exact', () => {
    // sub f(x): for (i = 0; i < 20; i++) acc += 1; called (in straight-line code) with x an Int, a Float, a Bool, Undef, then a Str, twice
    const b = new ChunkBuilder();
    const f = b.addName('f');
    b.addConstant('s');
    const args: Instr[] = [Op.LoadInt(1), Op.LoadFloat(1.5), Op.LoadTrue, Op.LoadUndef, Op.LoadConst(0), Op.LoadConst(0)];
    for (const a of args) for (const op of [a, Op.Call(f, 1), Op.Pop]) b.emit(op, 1);
    b.emit(Op.LoadInt(7), 1);
    const end = b.emit(Op.Jump(0), 1);
    b.addSubEntry(f, b.currentPos());
    for (const op of [Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), Op.LoadInt(0), Op.SetSlot(2)]) b.emit(op, 2);
    const top = b.currentPos();
    for (const op of [Op.GetSlot(1), Op.LoadInt(20), Op.NumLt]) b.emit(op, 2);
    const exit = b.emit(Op.JumpIfFalse(0), 2);
    for (const op of [Op.GetSlot(2), Op.LoadInt(1), Op.Add, Op.SetSlot(2), Op.PreIncSlotVoid(1), Op.Jump(top)]) b.emit(op, 2);
    b.patchJump(exit, b.currentPos());
    for (const op of [Op.GetSlot(2), Op.ReturnValue]) b.emit(op, 2);
    b.patchJump(end, b.currentPos());
    const { events, jit } = traced(b.build(), { jit: 'trace' });
    expect(events.filter((e) => e.event === 'compile').length).toBe(4);
    expect(events).toContainEqual(expect.objectContaining({ event: 'blacklist', why: 'variants' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'blacklist', why: 'guard misses' }));
    expect(jit.traceBlacklisted).toBeGreaterThan(0);
  });
  it('a hot exit whose side trace cannot be recorded: its exits count as unproductive, and 50 of them give the trace up', () => {
    // every 20th iteration calls a sub whose own loop runs past maxTraceSteps: each side recording there aborts
    const b = new ChunkBuilder();
    const heavy = b.addName('heavy');
    for (const op of [Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const top = b.currentPos();
    for (const op of [Op.GetSlot(0), Op.LoadInt(1200), Op.NumLt]) b.emit(op, 1);
    const exit = b.emit(Op.JumpIfFalse(0), 1);
    for (const op of [Op.GetSlot(0), Op.LoadInt(20), Op.Mod, Op.LoadInt(19), Op.NumEq]) b.emit(op, 1);
    const skip = b.emit(Op.JumpIfFalse(0), 1);
    for (const op of [Op.LoadInt(1000), Op.Call(heavy, 1), Op.GetSlot(1), Op.Add, Op.SetSlot(1)]) b.emit(op, 1);
    b.patchJump(skip, b.currentPos());
    for (const op of [Op.PreIncSlotVoid(0), Op.Jump(top)]) b.emit(op, 1);
    b.patchJump(exit, b.currentPos());
    b.emit(Op.GetSlot(1), 1);
    const end = b.emit(Op.Jump(0), 1);
    b.addSubEntry(heavy, b.currentPos());
    for (const op of [Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), Op.LoadInt(0), Op.SetSlot(2)]) b.emit(op, 2);
    const inner = b.currentPos();
    for (const op of [Op.GetSlot(1), Op.GetSlot(0), Op.NumLt]) b.emit(op, 2);
    const out = b.emit(Op.JumpIfFalse(0), 2);
    for (const op of [Op.GetSlot(2), Op.GetSlot(1), Op.Add, Op.SetSlot(2), Op.PreIncSlotVoid(1), Op.Jump(inner)]) b.emit(op, 2);
    b.patchJump(out, b.currentPos());
    for (const op of [Op.GetSlot(2), Op.ReturnValue]) b.emit(op, 2);
    b.patchJump(end, b.currentPos());
    const { events } = traced(b.build(), { jitThresholds: { trace: 13 } });
    expect(events).toContainEqual(expect.objectContaining({ event: 'abort', kind: 'side', reason: 'tooLong' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'blacklist', why: 'unproductive exits' }));
  });
  it('entry kinds that keep changing: the outer loop traced with a side trace per kind — still exact', () => {
    // outer loop over slot 3 (0..11); slot 2 takes a new kind each time (Int, Float, Bool, Undef, Str, …); inner loop over slot 0
    const kinds: Instr[][] = [[Op.LoadInt(1)], [Op.LoadFloat(1.5)], [Op.LoadTrue], [Op.LoadUndef], [Op.LoadConst(0)], [Op.LoadInt(2)]];
    const b = new ChunkBuilder();
    b.addConstant('s');
    for (const op of [Op.LoadInt(0), Op.SetSlot(3), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const outer = b.currentPos();
    for (const op of [Op.GetSlot(3), Op.LoadInt(12), Op.NumLt]) b.emit(op, 1);
    const done = b.emit(Op.JumpIfFalse(0), 1);
    const ends: number[] = [];
    kinds.forEach((k, i) => {
      for (const op of [Op.GetSlot(3), Op.LoadInt(kinds.length), Op.Mod, Op.LoadInt(i), Op.NumEq]) b.emit(op, 1);
      const next = b.emit(Op.JumpIfFalse(0), 1);
      for (const op of [...k, Op.SetSlot(2)]) b.emit(op, 1);
      ends.push(b.emit(Op.Jump(0), 1));
      b.patchJump(next, b.currentPos());
    });
    for (const e of ends) b.patchJump(e, b.currentPos());
    for (const op of [Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
    const inner = b.currentPos();
    for (const op of [Op.GetSlot(0), Op.LoadInt(30), Op.NumLt]) b.emit(op, 2);
    const next = b.emit(Op.JumpIfFalse(0), 2);
    for (const op of [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1), Op.PreIncSlotVoid(0), Op.Jump(inner)]) b.emit(op, 2);
    b.patchJump(next, b.currentPos());
    for (const op of [Op.PreIncSlotVoid(3), Op.Jump(outer)]) b.emit(op, 1);
    b.patchJump(done, b.currentPos());
    for (const op of [Op.GetSlot(1), Op.GetSlot(2), Op.MakeArray(2)]) b.emit(op, 1);
    const { events } = traced(b.build());
    expect(events.filter((e) => e.event === 'compile' && e.kind === 'side').length).toBeGreaterThan(kinds.length - 2);
  });
});

describe('many traces', () => {
  it('more loops than a core keeps modules for: evicted traces are unhooked, never entered through a freed slot', () => {
    // 80 loops one after another, each summing into slot 1 with its own step; then all of it twice (a second run reuses the set)
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    for (let k = 0; k < 80; k++) {
      for (const op of [Op.LoadInt(0), Op.SetSlot(0)]) b.emit(op, 1);
      const top = b.currentPos();
      for (const op of [Op.GetSlot(0), Op.LoadInt(10), Op.NumLt]) b.emit(op, 1);
      const exit = b.emit(Op.JumpIfFalse(0), 1);
      for (const op of [Op.GetSlot(1), Op.LoadInt(k + 1), Op.Add, Op.SetSlot(1), Op.PreIncSlotVoid(0), Op.Jump(top)]) b.emit(op, 1);
      b.patchJump(exit, b.currentPos());
    }
    b.emit(Op.GetSlot(1), 1);
    const c = b.build();
    const vm = new VM(c, { backend: 'wasm', jit: 'trace', ...TRACE });
    const want = reference(c);
    for (let run = 0; run < 3; run++) {
      vm.reset(c);
      const r = vm.run();
      expect(r).toEqual({ status: 'ok', value: 10 * ((80 * 81) / 2) });
      expect(vm.opsExecuted).toBe(want.ops);
    }
    expect(vm.jitStats().traces).toBe(80);
    vm.dispose();
  });
});

describe("three tiers in 'auto'", () => {
  const auto = { jit: 'auto' as const, jitThresholds: { block: 1, trace: 1 } };
  it('Block takes a chunk whole when no loop holds a boxed value at its header', () => {
    const c = loopChunk(300, (b) => emit(b, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)]), undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
    const got = onTier(c, 'auto', auto);
    expect(got.seen).toEqual(reference(c));
    expect(got.jit).toMatchObject({ compiled: 1, traces: 0 });
    expect(got.jit.opsCompiled).toBe(got.seen.ops);
  });
  it('a loop whose slot changes kind is traced instead, and stays exact', () => {
    const c = loopChunk(300, (b) => split(b, 150, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)], [Op.GetSlot(1), Op.LoadFloat(0.5), Op.Add, Op.SetSlot(1)]), undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
    const got = onTier(c, 'auto', auto);
    expect(got.seen).toEqual(reference(c));
    expect(got.jit.traces).toBeGreaterThan(0);
    expect(got.jit.opsCompiled).toBeGreaterThan(got.seen.ops / 2);
  });
  it('cold code is interpreted: below the thresholds nothing is compiled', () => {
    const c = loopChunk(30, (b) => split(b, 15, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)], [Op.GetSlot(1), Op.LoadFloat(0.5), Op.Add, Op.SetSlot(1)]), undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
    const got = onTier(c, 'auto', { jit: 'auto', jitThresholds: { block: 1, trace: 1000 } });
    expect(got.seen).toEqual(reference(c));
    expect(got.jit).toMatchObject({ traces: 0, entered: 0 });
  });
});

describe('trace events', () => {
  it('a hot loop logs start, compile, enter and exit, in that order', () => {
    const c = loopChunk(100, (b) => emit(b, [Op.GetSlot(1), Op.GetSlot(0), Op.Add, Op.SetSlot(1)]), undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
    const { events } = traced(c);
    const names = events.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(['start', 'compile']);
    expect(names).toContain('enter');
    expect(names.indexOf('enter')).toBeLessThan(names.indexOf('exit'));
    const compile = events[1] as Extract<TraceEvent, { event: 'compile' }>;
    expect(compile).toMatchObject({ kind: 'root', anchor: events[0]!.event === 'start' ? (events[0] as { anchor: number }).anchor : -1 });
    expect(compile.ops).toBeGreaterThan(0);
  });
  it('a recording that cannot close aborts with its reason from the table', () => {
    // the loop's second iteration leaves the run (a jump past the end): the recording ends with the run
    const c = loopChunk(100, (b) => {
      emit(b, [Op.GetSlot(0), Op.LoadInt(1), Op.NumEq]);
      b.emit(Op.JumpIfTrue(10_000), 3);
    });
    const { events } = traced(c);
    expect(events).toContainEqual(expect.objectContaining({ event: 'abort', reason: 'runEnded' }));
  });
});

describe('trace metadata', () => {
  const c = () => loopChunk(500, (b) => split(b, 250, [Op.GetSlot(1), Op.LoadInt(2), Op.Add, Op.SetSlot(1)], [Op.GetSlot(1), Op.LoadInt(3), Op.Mul, Op.SetSlot(1)]), undefined, [Op.LoadInt(0), Op.SetSlot(1)]);
  it('round-trips as JSON into a fresh VM on a fresh copy of the chunk, which then runs traces it never recorded', () => {
    const first = c();
    const vm = new VM(first, { backend: 'wasm', jit: 'trace', ...TRACE });
    const want = vm.run();
    const meta = JSON.parse(JSON.stringify(vm.exportTraceMetadata()));
    vm.dispose();
    expect(meta.traces.length).toBeGreaterThan(0);
    if (process.env.SHOW) console.log(JSON.stringify(meta));
    const copy = Chunk.fromJSON(chunkToJSON(first));
    const events: TraceEvent[] = [];
    const fresh = new VM(copy, { backend: 'wasm', jit: 'trace', jitThresholds: { trace: 1_000_000 }, onTrace: (e) => events.push(e) });
    expect(fresh.importTraceMetadata(meta)).toBe(meta.traces.length);
    const got = fresh.run();
    expect(got).toEqual(want);
    expect(events.filter((e) => e.event === 'start')).toEqual([]);
    expect(fresh.jitStats().entered).toBeGreaterThan(0);
    expect(fresh.opsExecuted).toBe(reference(copy).ops);
    fresh.dispose();
  });
  it('is refused with a typed error on a chunk whose op hash differs', () => {
    const vm = new VM(c(), { backend: 'wasm', jit: 'trace', ...TRACE });
    vm.run();
    const meta = vm.exportTraceMetadata();
    vm.dispose();
    const other = new VM(loopChunk(7, () => {}), { backend: 'wasm', jit: 'trace' });
    expect(() => other.importTraceMetadata(meta)).toThrow(TraceMetadataError);
    expect(() => other.importTraceMetadata({ format: 'nope' })).toThrow(TraceMetadataError);
  });
  it('vm.enableTracingJit() turns tracing on for the next run', () => {
    const chunk = c();
    const vm = new VM(chunk, { backend: 'wasm', jit: 'off' });
    expect(vm.enableTracingJit({ trace: 1 })).toBe(true);
    const r = vm.run();
    expect(r.status).toBe('ok');
    expect(vm.jitStats().traces).toBeGreaterThan(0);
    expect(vm.opsExecuted).toBe(reference(chunk).ops);
    vm.dispose();
    expect(new VM(chunk, { backend: 'ts' }).enableTracingJit()).toBe(false);
  });
});

describe('calls inlined into traces', () => {
  const compiles = (events: TraceEvent[]) => events.filter((e): e is Extract<TraceEvent, { event: 'compile' }> => e.event === 'compile');
  const callLoop = (sub: Instr[], n = 300) => loopChunk(n, (b, f) => emit(b, [Op.GetSlot(0), Op.Call(f, 1), Op.GetSlot(1), Op.Add, Op.SetSlot(1)]), sub, [Op.LoadInt(0), Op.SetSlot(1)]);

  it('a call of a straight-line sub: its ops inlined into the trace, exact in value, op count and fuel', () => {
    // slot1 += f(slot0), f(x) = x * 2 + 1
    const c = callLoop([Op.GetSlot(0), Op.LoadInt(2), Op.Mul, Op.LoadInt(1), Op.Add, Op.ReturnValue]);
    const { jit, seen, events } = traced(c);
    expect(seen.value).toContain('{"Int":90000}');
    expect(compiles(events)[0]!.inlined).toBe(1);
    // the sub's 7 ops (SetSlot, …, ReturnValue) of nearly every call ran inside the trace
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops * 0.9);
    expect(jit.sideExits).toBeLessThan(3);
    // fuel running out anywhere (in the caller or in the inlined callee): the interpreter's error at its op
    for (const fuel of [700, 1001, 1302, 1303, 1304, 1305, 1306, 1307, 1308, 2000, 3333]) traced(c, { limits: { fuel } });
    // no room for the callee's frame: the core makes the call, with the interpreter's error
    expect(traced(c, { limits: { callDepth: 1 } }).seen.status).toBe('error');
  });

  it('a sub returning nothing, or popping into its caller\'s stack: Return truncates the stack as the core\'s does', () => {
    // Return: the frame's stack dropped, nothing pushed; then a sub whose body pops below its frame (the caller's value)
    traced(loopChunk(200, (b, f) => emit(b, [Op.LoadInt(5), Op.GetSlot(0), Op.Call(f, 1), Op.GetSlot(1), Op.Add, Op.SetSlot(1)]), [Op.LoadInt(1), Op.LoadInt(2), Op.Return], [Op.LoadInt(0), Op.SetSlot(1)]));
    const { events, seen } = traced(loopChunk(200, (b, f) => emit(b, [Op.LoadInt(5), Op.GetSlot(0), Op.Call(f, 1), Op.Add, Op.GetSlot(1), Op.Add, Op.SetSlot(1)]), [Op.Pop, Op.LoadInt(3), Op.ReturnValue], [Op.LoadInt(0), Op.SetSlot(1)]));
    expect(seen.value).toContain('{"Int":200},{"Int":600}');
    expect(compiles(events)[0]!.inlined).toBe(1);
  });

  it('an exit inside an inlined callee: the frames are in the core\'s frame region, so the core finishes the callee and returns into the loop', () => {
    // f(x) = (ext; x * 3): the extension op (its stack effect unknown to compiled code) ends the trace's path inside f
    const c = callLoop([Op.Extended(1, 0), Op.GetSlot(0), Op.LoadInt(3), Op.Mul, Op.ReturnValue], 200);
    let calls = 0;
    const run = (backend: 'ts' | 'wasm') => {
      const events: TraceEvent[] = [];
      const vm = new VM(c, { backend, jit: 'trace', jitThresholds: { trace: 1 }, onTrace: (e) => events.push(e) });
      vm.setExtensionHandler(() => void calls++);
      const r = vm.run();
      const out = { r, ops: vm.opsExecuted, jit: vm.jitStats(), events };
      vm.dispose();
      return out;
    };
    const ts = run('ts');
    const wasm = run('wasm');
    expect(ts.r).toEqual({ status: 'ok', value: [200, 59700, undefined, undefined] });
    expect(wasm.r).toEqual(ts.r);
    expect(wasm.ops).toBe(ts.ops);
    expect(calls).toBe(400);
    expect(compiles(wasm.events)[0]!.inlined).toBe(1);
    // nearly every iteration entered the trace and left it inside f
    expect(wasm.jit.sideExits).toBeGreaterThan(150);
  });

  /** Sub 'f'(x) = x < 1 ? 0 : f(x - 1) + 2; the loop (n iterations) runs `body`, slot1 the sum. */
  function recursive(body: (f: number) => Instr[], n = 60): Chunk {
    const b = new ChunkBuilder();
    const f = b.addName('f');
    for (const op of [Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
    const top = b.currentPos();
    for (const op of [Op.GetSlot(0), Op.LoadInt(n), Op.NumLt]) b.emit(op, 2);
    const exit = b.emit(Op.JumpIfFalse(0), 2);
    emit(b, [...body(f), Op.GetSlot(1), Op.Add, Op.SetSlot(1), Op.PreIncSlotVoid(0), Op.Jump(top)]);
    b.patchJump(exit, b.currentPos());
    b.emit(Op.GetSlot(1), 4);
    const end = b.emit(Op.Jump(0), 4);
    b.addSubEntry(f, b.currentPos());
    for (const op of [Op.SetSlot(0), Op.GetSlot(0), Op.LoadInt(1), Op.NumLt]) b.emit(op, 5);
    const rec = b.emit(Op.JumpIfFalse(0), 5);
    for (const op of [Op.LoadInt(0), Op.ReturnValue]) b.emit(op, 5);
    b.patchJump(rec, b.currentPos());
    for (const op of [Op.GetSlot(0), Op.LoadInt(1), Op.Sub, Op.Call(f, 1), Op.LoadInt(2), Op.Add, Op.ReturnValue]) b.emit(op, 5);
    b.patchJump(end, b.currentPos());
    return b.build();
  }

  it('self-recursion inlined along the recorded path to depth 4, and past the cap a compiled call — exact, call-depth errors too', () => {
    // slot1 += f(6): seven frames deep, the recorded path inlined four deep, the rest a compiled call
    const c = recursive((f) => [Op.LoadInt(6), Op.Call(f, 1)]);
    const { seen, events, jit } = traced(c);
    expect(seen.value).toBe('{"Int":720}');
    expect(compiles(events)[0]!.inlined).toBe(1);
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops * 0.9);
    expect(jit.sideExits).toBeLessThan(3);
    for (const callDepth of [2, 3, 4, 5, 6, 7, 8, 9]) traced(c, { limits: { callDepth } });
    for (const fuel of [500, 1000, 1500, 2001, 2500]) traced(c, { limits: { fuel } });
  });

  it('the callee paths go with the trace metadata: an imported trace inlines the recursion as the recorded one did', () => {
    const c = recursive((f) => [Op.LoadInt(6), Op.Call(f, 1)]);
    const vm = new VM(c, { backend: 'wasm', jit: 'trace', ...TRACE });
    const want = vm.run();
    const meta = JSON.parse(JSON.stringify(vm.exportTraceMetadata()));
    vm.dispose();
    const path = meta.traces[0].calls[0].path as [number, number][];
    expect(Math.max(...path.map(([, depth]) => depth))).toBe(7); // f(6) … f(0)
    const fresh = new VM(Chunk.fromJSON(chunkToJSON(c)), { backend: 'wasm', jit: 'trace', jitThresholds: { trace: 1_000_000 } });
    expect(fresh.importTraceMetadata(meta)).toBe(meta.traces.length);
    expect(fresh.run()).toEqual(want);
    expect(fresh.opsExecuted).toBe(reference(c).ops);
    const stats = fresh.jitStats();
    expect(stats.opsCompiled).toBeGreaterThan(fresh.opsExecuted * 0.9);
    expect(stats.sideExits).toBeLessThan(3);
    fresh.dispose();
    meta.traces[0].calls = [{ site: 0, path: [[0, 0]] }];
    expect(() => new VM(c, { backend: 'wasm', jit: 'trace' }).importTraceMetadata(meta)).toThrow(TraceMetadataError);
  });

  it('a branch inside an inlined callee going another way than recorded: side exits with every inlined frame materialised, then a compiled call there', () => {
    // slot1 += f(slot0 % 7), hot at 20: the recording saw f(6); shallower calls leave the trace inside f,
    // one to four frames deep, and the core carries on from the frames the trace wrote, until those exits
    // are hot too and the trace is compiled again with a compiled call at that site
    const c = recursive((f) => [Op.GetSlot(0), Op.LoadInt(7), Op.Mod, Op.Call(f, 1)], 300);
    const hot = { jitThresholds: { trace: 20 } };
    const { seen, events, jit } = traced(c, hot);
    expect(seen.value).toBe('{"Int":1794}');
    const inlined = compiles(events).map((e) => e.inlined);
    expect(inlined[0]).toBe(1);
    expect(inlined.at(-1)).toBe(0);
    expect(jit.sideExits).toBeGreaterThanOrEqual(20);
    expect(jit.opsCompiled).toBeGreaterThan(seen.ops / 2);
    for (const callDepth of [2, 3, 4, 5, 6]) traced(c, { ...hot, limits: { callDepth } });
    for (const fuel of [3000, 4001, 5002, 6003]) traced(c, { ...hot, limits: { fuel } });
  });
});
