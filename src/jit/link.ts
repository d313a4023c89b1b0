// The only place that compiles, instantiates and installs run-time code.
// A compiled module is cached process-wide by what its code depends on (the
// chunk's content hash, the tier, the entry kinds), so a fresh VM on the same
// chunk reuses it; each core instance instantiates it once against its own
// memory and keeps the table slots it was given (a core with compiled code
// goes back to the pool, and the next VM on the same chunk finds it there).
// Table slots come from a free list per core and are cleared on eviction.

import { JIT_TABLE } from '../core/abi.js';
import type { Core } from '../core/load.js';

export interface CompiledModule {
  readonly key: string;
  readonly module: WebAssembly.Module;
  readonly bytes: Uint8Array;
  /** Entry ips, in the order of the module's exports `e<ip>`. */
  readonly entries: readonly number[];
  /** Time spent encoding and compiling, in ns. */
  readonly compileNs: number;
}

/** What a core keeps of the code installed in its table. */
export interface CoreJit {
  free: number[];
  /** Table slot per entry, by module; insertion order is age (oldest first). */
  installed: Map<CompiledModule, number[]>;
}

const MAX_MODULES = 256;
const MAX_PER_CORE = 64;
const modules = new Map<string, CompiledModule>();

export function cachedModule(key: string): CompiledModule | undefined {
  const m = modules.get(key);
  if (m) {
    modules.delete(key);
    modules.set(key, m); // most recently used last
  }
  return m;
}

/** Compile module bytes (validated by WebAssembly.Module) and cache them under `key`. */
export function compileModule(key: string, bytes: Uint8Array, entries: readonly number[], startNs: bigint): CompiledModule {
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const m: CompiledModule = { key, module, bytes, entries, compileNs: Number(nowNs() - startNs) };
  modules.set(key, m);
  if (modules.size > MAX_MODULES) modules.delete(modules.keys().next().value!);
  return m;
}

/** Nanoseconds from a monotonic clock (performance.now in browsers). */
export function nowNs(): bigint {
  return BigInt(Math.round(performance.now() * 1e6));
}

function coreJit(core: Core): CoreJit {
  return (core.jit ??= { free: [], installed: new Map() });
}

/** A free slot of the core's table (growing it when none is free); never one below JIT_TABLE.first (0 means "no code"). */
function takeSlot(core: Core): number {
  const j = coreJit(core);
  const free = j.free.pop();
  if (free !== undefined) return free;
  const table = core.exports.table;
  const index = Math.max(JIT_TABLE.first, table.length);
  table.grow(index + 1 - table.length);
  return index;
}

/** Install one wasm function `() -> i32` in the core's table; returns its slot. */
export function installFunction(core: Core, fn: (...args: never[]) => unknown): number {
  const index = takeSlot(core);
  core.exports.table.set(index, fn);
  return index;
}

/** The table slots of a module's entries in this core, instantiating it on first use. */
export function install(core: Core, m: CompiledModule): number[] {
  const j = coreJit(core);
  const have = j.installed.get(m);
  if (have) {
    j.installed.delete(m);
    j.installed.set(m, have);
    return have;
  }
  const inst = new WebAssembly.Instance(m.module, { env: { memory: core.exports.memory } });
  const own = inst.exports.t as WebAssembly.Table;
  own.set(JIT_TABLE.hostOp, core.exports.jitHostOp);
  own.set(JIT_TABLE.boxInt, core.exports.jitBoxInt);
  const slots = m.entries.map((ip) => installFunction(core, inst.exports[`e${ip}`] as (...args: never[]) => unknown));
  j.installed.set(m, slots);
  if (j.installed.size > MAX_PER_CORE) {
    const [old, oldSlots] = j.installed.entries().next().value!;
    evictSlots(core, oldSlots);
    j.installed.delete(old);
  }
  return slots;
}

function evictSlots(core: Core, slots: readonly number[]): void {
  const j = coreJit(core);
  for (const s of slots) {
    core.exports.table.set(s, null);
    j.free.push(s);
  }
}
