// Timing and result checks shared by the benchmark runners (run.ts, peers.ts):
// warm-up, batched samples with a median, JS-heap growth, and the comparison
// every run's result must pass.

import { Float, type Value } from '../src/values/value.js';

export interface Timing {
  minNs: number;
  medianNs: number;
  runs: number;
  /** JS heap growth over the timed runs, bytes (after a GC when available). */
  heapGrowth: number;
  /** The wasm core's linear memory the chunk's layout uses, bytes. */
  linearMemory?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** A result equals the expected value: Ints by value whatever their JS type,
 *  Floats within rounding, arrays and hashes element by element. */
export function same(got: unknown, want: Value): boolean {
  if (want instanceof Float) {
    const g = got instanceof Float ? got.value : typeof got === 'number' ? got : NaN;
    return Math.abs(g - want.value) <= 1e-12 * Math.max(Math.abs(g), Math.abs(want.value));
  }
  if (typeof want === 'number' || typeof want === 'bigint') {
    if (typeof got === 'number' && !Number.isInteger(got)) return Math.abs(got - Number(want)) <= 1e-9 * Math.abs(got);
    return typeof got === 'number' || typeof got === 'bigint' ? BigInt(got) === BigInt(want) : false;
  }
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((x, i) => same(got[i], x));
  if (want instanceof Map) {
    if (!(got instanceof Map) || got.size !== want.size) return false;
    for (const [k, v] of want) if (!got.has(k) || !same(got.get(k), v)) return false;
    return true;
  }
  return got === want;
}

export const fmtVal = (v: unknown) =>
  v instanceof Float ? `Float(${v.value})` : typeof v === 'string' && v.length > 20 ? `"${v.slice(0, 20)}…" (${v.length})` : Array.isArray(v) ? `array(${v.length})` : String(v);

export function check(got: unknown, want: Value): void {
  if (!same(got, want)) throw new Error(`wrong result: got ${fmtVal(got)}, want ${fmtVal(want)}`);
}

/** Warm-up lasts at least this long: V8 moves JS and wasm code to its optimising tier only after enough
 *  work, and compiles it there in the background. For a big function that compile is long: the ts
 *  backend's run loop takes TurboFan 50–110 ms on this machine (`--trace-opt`), once in a while twice
 *  (aborted on a dependency change and compiled again), so a 100 ms warm-up sometimes timed that
 *  backend's first rows in its baseline code (counter_loop_1k 250 µs instead of 25 µs). */
export const WARM_MS = 300;
/** Each sample times a batch of runs lasting at least this long (a short run timed alone is mostly the clock). */
export const SAMPLE_NS = 200_000;

/** Runs `fn` at least `warm` times and WARM_MS, then takes `runs` samples, each the mean time of a batch
 *  of runs lasting at least SAMPLE_NS; every result is checked (inside the timing: a compare is cheap). */
export function time(fn: () => unknown, want: Value, runs: number, warm: number, memory?: () => number | undefined): Timing {
  const start = process.hrtime.bigint();
  let warmed = 0;
  while (warmed < warm || Number(process.hrtime.bigint() - start) < WARM_MS * 1e6) {
    check(fn(), want);
    warmed++;
  }
  const batch = Math.max(1, Math.ceil(SAMPLE_NS / (Number(process.hrtime.bigint() - start) / warmed)));
  const ns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) check(fn(), want);
    ns.push(Number(process.hrtime.bigint() - t0) / batch);
  }
  // Heap growth over `runs` more runs, apart from the timing: a full GC just before timed runs
  // shrinks V8's young generation, and allocating runs then pay for scavenges (measured: 4× on a
  // VM made per run).
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < runs; i++) check(fn(), want);
  gc?.();
  const heapGrowth = process.memoryUsage().heapUsed - heap0;
  ns.sort((a, b) => a - b);
  return { minNs: ns[0]!, medianNs: ns[ns.length >> 1]!, runs: runs * batch, heapGrowth, linearMemory: memory?.() };
}

export function fmtNs(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}
