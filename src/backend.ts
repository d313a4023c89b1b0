// The contract between the VM facade and its backends (pure-TS interpreter,
// wasm core): what a run returns and what a VM can be configured with.

import type { FuseVMError } from './errors.js';
import type { Value } from './values/value.js';

/** Outcome of `vm.run()`, discriminated by `status`. */
export type RunResult =
  | { readonly status: 'ok'; readonly value: Value }
  | { readonly status: 'error'; readonly error: FuseVMError }
  | { readonly status: 'halted' };

export type BackendName = 'wasm' | 'ts';

/** What a backend needs to run host-side ops. One per VM; shared by both
 *  backends so a builtin, an extension or a ShellHost sees the same VM API
 *  whichever backend runs the chunk. Filled in by the VM facade. */
export interface HostHooks {
  /** Print/PrintLn output. */
  output(text: string): void;
  /** ReadLine input: one line without its newline, or undefined at end. */
  readLine(): string | undefined;
  /** CallBuiltin(id, argc): the handler pops its own args; returns [result]
   *  to push, or undefined when no builtin has that id (nothing is pushed). */
  builtin(id: number, argc: number, vm: StackAccess): [Value] | undefined;
  /** Extended(id, arg); undefined when no handler is set (the op is a no-op). */
  extended?: (vm: StackAccess, id: number, arg: number) => void;
  /** ExtendedWide(id, payload). */
  extendedWide?: (vm: StackAccess, id: number, payload: number | bigint) => void;
  /** Numeric and undef hooks, when installed (strict modes). */
  policy?: import('./interp/hooks.js').Policy;
}

/** One call frame as introspection shows it. */
export interface FrameInfo {
  /** Op the frame returns to. */
  readonly returnIp: number;
  /** Stack height at entry (Infinity when a call had more arguments than the stack held). */
  readonly stackBase: number;
  /** Its slots (trailing never-set ones left out). */
  readonly slots: readonly Value[];
  /** Entry op of the subroutine it runs; undefined for the base frame and PushFrame scopes. */
  readonly entryIp: number | undefined;
}

/** A copy of the VM's state: between runs, after one, or inside a hook. */
export interface StateSnapshot {
  readonly stack: readonly Value[];
  readonly frames: readonly FrameInfo[];
  readonly globals: readonly Value[];
}

/** The stack as extension handlers and builtins see it (both backends). */
export interface StackAccess {
  push(v: Value): void;
  /** Pops the top value; Undef on an empty stack, as upstream does. */
  pop(): Value;
  /** The top value without popping; Undef on an empty stack. */
  peek(): Value;
}

/** A backend runs one chunk at a time for one VM. */
export interface Backend extends StackAccess {
  run(): RunResult;
  /** Load another chunk (or the same one) and clear stack, frames, globals. */
  reset(chunk: import('./chunk/chunk.js').Chunk): void;
  /** Ops executed since the last reset (for --stats and fuel). */
  readonly opsExecuted: number;
  /** Release what the backend holds (wasm memory regions, heap handles). Never throws. */
  dispose(): void;
  /** The core's linear memory and live heap handles (wasm backend only). */
  memoryUsage?(): MemoryUsage;
  /** What compiled code did (wasm backend with a JIT tier on). */
  jitStats?(): import('./jit/jit.js').JitStats;
  /** Trace from the next run on (wasm backend): vm.enableTracingJit(). */
  enableTracing?(thresholds?: import('./jit/jit.js').JitThresholds): void;
  /** The chunk's traces as metadata, and metadata compiled into traces (wasm backend). */
  exportTraces?(): import('./jit/trace-metadata.js').TraceMetadata;
  importTraces?(meta: unknown): number;
  /** Stack, frames and globals as they are now (a copy). */
  snapshot(): StateSnapshot;
  /** Slot `i` of the running (top) frame; Undef when unset or without a frame. */
  getSlot(i: number): Value;
  /** Write slot `i` of the top frame (growing it); nothing without a frame. */
  setSlot(i: number, v: Value): void;
  /** $? as SetStatus / Exec last left it. */
  readonly lastStatus: number;
  /** Stop after the op now running (or before the next run's first op). */
  requestHalt(): void;
  /** Let run() go on from where a halt left it. */
  clearHalt(): void;
  /** The policy's hooks were installed or removed. */
  policyChanged?(): void;
}

export interface MemoryUsage {
  /** Bytes of the wasm core's linear memory (0 on the ts backend); an
   *  instance reused from an earlier VM keeps what that VM grew it to. */
  linearMemoryBytes: number;
  /** Bytes of it this chunk's layout uses: header, code, stack, frames, slots, pool. */
  linearMemoryUsed: number;
  /** Strings, arrays and other host values the core refers to by handle now. */
  handles: number;
}
