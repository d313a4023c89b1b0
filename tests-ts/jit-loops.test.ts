// Counted loops (src/jit/counted.ts): compiled code derives their op count
// from the induction slot and, with no fuel limit, runs a copy without fuel
// checks. Every shape below must give the interpreter's value, error, output
// and op count with the fuel unlimited, at every fuel that cuts it short, and
// under an interrupt (slices).

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Op } from '../src/ops/op.js';
import { onTier, reference } from './jit-harness.js';
import { SHAPES, addTo1, below, loop, ops } from './jit-shapes.js';

describe('counted loops in compiled code', () => {
  it.each(SHAPES)('%s: the interpreter\'s answer with no fuel limit, all of it compiled', (_, c) => {
    const want = reference(c);
    const got = onTier(c, 'block');
    expect(got.seen).toEqual(want);
    expect(got.jit.entered).toBeGreaterThan(0);
  });
  it.each(SHAPES)('%s: stops at the interpreter\'s op at every fuel that cuts it short', (_, c) => {
    const total = reference(c).ops;
    const every = Math.max(1, Math.floor(total / 150)); // about 150 cuts, the first ops and the last all in
    for (let fuel = 1; fuel <= total + 1; fuel += fuel < 20 || fuel > total - 20 ? 1 : every) {
      expect(onTier(c, 'block', { limits: { fuel } }).seen, `fuel ${fuel}`).toEqual(reference(c, { limits: { fuel } }));
    }
  });
  it.each(SHAPES)('%s: the same under an interrupt polled in slices', (_, c) => {
    let polls = 0;
    const limits = { interrupt: () => ++polls > 1_000_000, interruptEvery: 37 };
    expect(onTier(c, 'block', { limits }).seen).toEqual(reference(c));
  });
  it('counts a loop whose host op rewrites the slots (every slot boxed after it) op by op, not from its induction slot', () => {
    // slot 1 steps once per iteration, but AddAssignSlotVoid on an array goes to the host first
    const b = new ChunkBuilder();
    for (const op of [Op.LoadInt(1), Op.LoadInt(2), Op.MakeArray(2), Op.SetSlot(0), Op.LoadInt(7), Op.SetSlot(1), Op.LoadInt(0), Op.SetSlot(3), Op.LoadInt(0), Op.SetSlot(4)]) b.emit(op, 1);
    const top = b.currentPos();
    for (const op of [Op.AddAssignSlotVoid(3, 0), Op.PreIncSlotVoid(1), Op.SlotIncLtIntJumpBack(4, 5, top), Op.GetSlot(1), Op.GetSlot(3), Op.MakeArray(2)]) b.emit(op, 1);
    const c = b.build();
    expect(onTier(c, 'block').seen).toEqual(reference(c));
    expect(onTier(c, 'trace', { jitThresholds: { trace: 1 } }).seen).toEqual(reference(c));
  });
  it('runs a counted loop with no op counter in its body when the fuel is unlimited', () => {
    const c = loop(0, Op.PreIncSlotVoid(0), below(5000), ops(addTo1));
    const got = onTier(c, 'block');
    expect(got.seen).toEqual(reference(c));
    expect(got.jit.opsCompiled).toBe(got.seen.ops);
    expect(got.jit.sideExits).toBe(0);
  });
});
