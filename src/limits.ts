// Per-VM limits and their defaults: exceeding one ends the run with a typed
// LimitError saying which, never a crash or a hang.

export interface Limits {
  /** Fuel a run may spend (Infinity: no limit): one per op, plus the work
   *  of ops that grow with their operands (see FUEL_COST). Default Infinity. */
  fuel: number;
  /** Frames (calls and PushFrame scopes) that may be open at once. Default 10,000. */
  callDepth: number;
  /** Values the stack may hold. Default 1,000,000. */
  stackDepth: number;
  /** Elements one array may hold, or UTF-16 units one string. Default 2^27
   *  (V8's own limits apply below it: 89M elements, 2^29 − 24 units). */
  maxElements: number;
  /** Bytes the VM's strings, arrays and hashes may hold in all, at sizes
   *  measured in V8 (src/values/heap-size.ts): each allocation is charged
   *  before it is made, and the heap measured again from the stack, slots and
   *  globals when the charges could pass it. Default 1 GiB. */
  maxHeapBytes: number;
  /** 64 KiB pages the wasm core's linear memory may grow to. Default 16,384 (1 GiB). */
  maxMemoryPages: number;
  /** Polled every `interruptEvery` units of fuel spent; returning true stops the run (Interrupted). */
  interrupt?: () => boolean;
  /** Fuel between interrupt polls. Default 4,096. */
  interruptEvery: number;
}

/** The fuel cost model: each op costs 1; an op whose work grows with its
 *  operands costs, on top, `perElement` for each array element it makes,
 *  copies or visits, `perEntry` for each hash entry, and 1 per
 *  `charsPerFuel` UTF-16 units of string it makes, compares, scans or writes
 *  (rounded down, per op). Weighed so that a unit of fuel is about one
 *  simple op's time on the ts backend. Charged before the work is done,
 *  deterministically and the same on every backend: past limits.fuel the op
 *  stops before doing it. */
export const FUEL_COST = Object.freeze({ perElement: 1, perEntry: 8, charsPerFuel: 8 });

/** Fuel, beyond the op's own 1, for work over `elements`, `chars` and `entries`. */
export function workFuel(elements: number, chars: number, entries: number): number {
  return elements * FUEL_COST.perElement + entries * FUEL_COST.perEntry + Math.floor(chars / FUEL_COST.charsPerFuel);
}
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  fuel: Infinity,
  callDepth: 10_000,
  stackDepth: 1_000_000,
  maxElements: 1 << 27,
  maxHeapBytes: 2 ** 30,
  maxMemoryPages: 16_384,
  interruptEvery: 4096,
});

export function resolveLimits(l?: Partial<Limits>): Limits {
  // No limits given (most VMs): the frozen defaults, checked once, shared.
  if (l === undefined) return DEFAULT_LIMITS;
  const r = { ...DEFAULT_LIMITS, ...l };
  for (const k of ['fuel', 'callDepth', 'stackDepth', 'maxElements', 'maxHeapBytes', 'maxMemoryPages', 'interruptEvery'] as const) {
    if (!(r[k] >= 1)) throw new RangeError(`limits.${k} must be a number ≥ 1, got ${r[k]}`);
  }
  return r;
}
