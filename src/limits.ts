// Per-VM limits and their defaults: exceeding one ends the run with a typed
// LimitError saying which, never a crash or a hang.

export interface Limits {
  /** Ops a run may execute (Infinity: no limit). Default Infinity. */
  fuel: number;
  /** Frames (calls and PushFrame scopes) that may be open at once. Default 10,000. */
  callDepth: number;
  /** Values the stack may hold. Default 1,000,000. */
  stackDepth: number;
  /** Elements one array may hold, or UTF-16 units one string. Default 2^27. */
  maxElements: number;
  /** Bytes the VM's strings, arrays and hashes may hold in all (an estimate,
   *  measured from the stack, slots and globals). Default 1 GiB. */
  maxHeapBytes: number;
  /** 64 KiB pages the wasm core's linear memory may grow to. Default 16,384 (1 GiB). */
  maxMemoryPages: number;
  /** Polled every `interruptEvery` ops; returning true stops the run (Interrupted). */
  interrupt?: () => boolean;
  /** Ops between interrupt polls. Default 4,096. */
  interruptEvery: number;
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
