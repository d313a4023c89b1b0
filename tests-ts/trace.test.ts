// The tracing tier (src/jit/trace-*.ts) against the interpreter: every loop
// shape with tracing forced (threshold 1) gives the interpreter's value,
// error, output and op count, with the fuel unlimited, cut short at every
// fuel, and under an interrupt; and most of its ops run inside traces.

import { describe, expect, it } from 'vitest';
import { onTier, reference } from './jit-harness.js';
import { SHAPES } from './jit-shapes.js';

const TRACE = { jitThresholds: { trace: 1 } };

describe('traces against the interpreter', () => {
  it.each(SHAPES)('%s: the interpreter\'s answer, the loop run in a trace', (_, c) => {
    const want = reference(c);
    const got = onTier(c, 'trace', TRACE);
    expect(got.seen).toEqual(want);
    expect(got.jit.traces).toBeGreaterThan(0);
    expect(got.jit.entered).toBeGreaterThan(0);
  });
  it.each(SHAPES)('%s: stops at the interpreter\'s op at every fuel that cuts it short', (_, c) => {
    const total = reference(c).ops;
    const every = Math.max(1, Math.floor(total / 100));
    for (let fuel = 1; fuel <= total + 1; fuel += fuel < 20 || fuel > total - 20 ? 1 : every) {
      expect(onTier(c, 'trace', { ...TRACE, limits: { fuel } }).seen, `fuel ${fuel}`).toEqual(reference(c, { limits: { fuel } }));
    }
  });
  it.each(SHAPES)('%s: the same under an interrupt polled in slices', (_, c) => {
    let polls = 0;
    const limits = { interrupt: () => ++polls > 1_000_000, interruptEvery: 37 };
    expect(onTier(c, 'trace', { ...TRACE, limits }).seen).toEqual(reference(c));
  });
});
