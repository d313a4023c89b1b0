// The tracing tier (src/jit/trace-*.ts) against the interpreter: every loop
// shape with tracing forced (threshold 1) gives the interpreter's value,
// error, output and op count, with the fuel unlimited, cut short at every
// fuel, and under an interrupt; and most of its ops run inside traces.

import { describe, expect, it } from 'vitest';
import { onTier, reference } from './jit-harness.js';
import { SHAPES } from './jit-shapes.js';
import { generateProgram } from './random-programs.js';

const CASES = Number(process.env.DIFF_CASES ?? 3000);

const TRACE = { jitThresholds: { trace: 1 } };

describe('traces against the interpreter', () => {
  it.each(SHAPES)('%s: the interpreter\'s answer, the loop run in a trace', (_, c) => {
    const want = reference(c);
    const got = onTier(c, 'trace', TRACE);
    expect(got.seen).toEqual(want);
    expect(got.jit.traces).toBeGreaterThan(0);
    expect(got.jit.entered).toBeGreaterThan(0);
    // The loop runs 20 to 1000 times: most of its ops inside the trace.
    expect(got.jit.opsCompiled).toBeGreaterThan(got.seen.ops / 2);
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
  it.each(SHAPES)('%s: an interrupt that fires at its third poll ends the run at the interpreter\'s op', (_, c) => {
    const firing = () => {
      let polls = 0;
      return { interrupt: () => ++polls >= 3, interruptEvery: 41 };
    };
    const want = reference(c, { limits: firing() });
    if (reference(c).ops > 200) expect(want.value).toMatch(/^Interrupted/);
    expect(onTier(c, 'trace', { ...TRACE, limits: firing() }).seen).toEqual(want);
  });
});

// Fuel limited (every check in place) and unlimited (traces without fuel checks).
describe.each([200_000, Infinity])('random programs with tracing forced, fuel %s', (fuel) => {
  it(`${CASES} programs agree with the ts backend in status, value, error, output and op count`, () => {
    const limits = { fuel, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };
    const disagreements: string[] = [];
    let traces = 0;
    let opsCompiled = 0;
    let ops = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const chunk = generateProgram(seed);
      const want = reference(chunk, { limits });
      const got = onTier(chunk, 'trace', { ...TRACE, limits });
      traces += got.jit.traces;
      opsCompiled += got.jit.opsCompiled;
      ops += got.seen.ops;
      const heapLimit = (x: typeof want) => x.status === 'error' && x.value.includes('limits.maxHeapBytes');
      if (heapLimit(want) && heapLimit(got.seen)) continue;
      if (JSON.stringify(got.seen) !== JSON.stringify(want)) disagreements.push(`seed ${seed}: trace ${JSON.stringify(got.seen).slice(0, 300)} / ts ${JSON.stringify(want).slice(0, 300)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(traces).toBeGreaterThan(CASES / 4);
    // Their loops run at most 5 times, and the first iterations are interpreted and recorded: a part only.
    expect(opsCompiled).toBeGreaterThan(ops / 10);
  }, Math.max(120_000, CASES * 60));
});

describe('random programs with tracing forced under an interrupt polled in slices', () => {
  it(`${Math.ceil(CASES / 3)} programs agree with the ts backend (the poll never fires: slices only)`, () => {
    let polls = 0;
    const limits = { fuel: 200_000, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20, interrupt: () => ++polls < 0, interruptEvery: 53 };
    const disagreements: string[] = [];
    for (let seed = 1; seed <= Math.ceil(CASES / 3); seed++) {
      const chunk = generateProgram(seed);
      const want = reference(chunk, { limits });
      const got = onTier(chunk, 'trace', { ...TRACE, limits });
      const heapLimit = (x: typeof want) => x.status === 'error' && x.value.includes('limits.maxHeapBytes');
      if (heapLimit(want) && heapLimit(got.seen)) continue;
      if (JSON.stringify(got.seen) !== JSON.stringify(want)) disagreements.push(`seed ${seed}: trace ${JSON.stringify(got.seen).slice(0, 300)} / ts ${JSON.stringify(want).slice(0, 300)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(polls).toBeGreaterThan(0);
  }, Math.max(120_000, CASES * 30));
});

// Loops of up to 60 iterations (nested: up to 216,000 ops): traces carry most of the work, with their side
// exits, side traces and variants, and every run still agrees with the interpreter.
describe('random programs with long loops, tracing forced', () => {
  it(`${Math.ceil(CASES / 3)} programs agree with the ts backend, most of their ops inside traces`, () => {
    const limits = { fuel: 2_000_000, maxElements: 100_000, stackDepth: 100_000, maxHeapBytes: 64 << 20 };
    const disagreements: string[] = [];
    let opsCompiled = 0;
    let ops = 0;
    let sideTraces = 0;
    let unrenderable = 0;
    for (let seed = 1; seed <= Math.ceil(CASES / 3); seed++) {
      const chunk = generateProgram(seed, undefined, 60);
      let want: ReturnType<typeof reference>;
      try {
        want = reference(chunk, { limits });
      } catch {
        unrenderable++; // a value nested too deep for the harness's JSON form: not comparable this way
        continue;
      }
      const got = onTier(chunk, 'trace', { ...TRACE, limits });
      opsCompiled += got.jit.opsCompiled;
      ops += got.seen.ops;
      sideTraces += got.jit.sideTraces;
      const heapLimit = (x: typeof want) => x.status === 'error' && x.value.includes('limits.maxHeapBytes');
      if (heapLimit(want) && heapLimit(got.seen)) continue;
      if (JSON.stringify(got.seen) !== JSON.stringify(want)) disagreements.push(`seed ${seed}: trace ${JSON.stringify(got.seen).slice(0, 300)} / ts ${JSON.stringify(want).slice(0, 300)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    if (process.env.SHOW) console.log({ ops, opsCompiled, sideTraces, unrenderable });
    expect(unrenderable).toBeLessThan(CASES / 30);
    expect(opsCompiled).toBeGreaterThan(ops / 2);
    expect(sideTraces).toBeGreaterThan(0);
  }, Math.max(120_000, CASES * 60));
});
