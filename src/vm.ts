// The VM facade: one API over both backends (the wasm core and the pure-TS
// interpreter), with the host hooks — output, input, builtins, extension
// handlers, ShellHost — that both share.

import type { Backend, BackendName, FrameInfo, HostHooks, MemoryUsage, RunResult, StackAccess } from './backend.js';
import { BUILTIN_IDS } from './host/builtins.js';
import type { NumericHook, Policy, SitedNumericHook, UndefHook } from './interp/hooks.js';
import type { Chunk } from './chunk/chunk.js';
import { fuseChunk } from './chunk/fuse.js';
import { verifyChunk, type VerifyMode } from './chunk/verify.js';
import { FuseVMError, VMRuntimeError, VMStateError } from './errors.js';
import { HostFailure, isValue } from './host/guard.js';
import { defaultInput, defaultOutput } from './host/io.js';
import type { ShellHost } from './host/shell.js';
import { Interpreter } from './interp/interpreter.js';
import { CoreNotLoadedError } from './core/load.js';
import { createWasmBackend } from './core/backend.js';
import { resolveLimits, type Limits } from './limits.js';
import type { Value } from './values/value.js';
import { checkJitMode, emptyJitStats, type JitMode, type JitStats, type JitThresholds } from './jit/jit.js';
import type { TraceEvent } from './jit/trace-jit.js';
import { TraceMetadataError, type TraceMetadata } from './jit/trace-metadata.js';

// Symbol.dispose and Disposable exactly as TypeScript's esnext.disposable lib
// and @types/node declare them (identical declarations merge), so that
// `using vm = new VM(…)` type-checks for a consumer with neither, e.g.
// `tsc --strict --target es2022`. Node 20 has Symbol.dispose at run time.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  interface Disposable {
    [Symbol.dispose](): void;
  }
}

export interface VMOptions {
  /** 'wasm' (the WebAssembly core, handing what it does not run to the
   *  interpreter) or 'ts' (the pure-TypeScript interpreter). Default 'wasm'. */
  backend?: BackendName;
  /** Where Print/PrintLn write. Default: stdout under Node, console elsewhere. */
  output?: (text: string) => void;
  /** Where ReadLine reads: a line without its newline, undefined at end of input. */
  input?: () => string | undefined;
  /** Fuel, call depth, stack depth, sizes and an interrupt poll; see Limits for defaults. */
  limits?: Partial<Limits>;
  /** 'upstream' (default): run every chunk upstream runs, dangling indices
   *  keeping upstream's meaning. 'strict': refuse them with a VerifyError. */
  verify?: VerifyMode;
  /** Which JIT tier compiles the chunk to WebAssembly (wasm backend): 'off', 'linear', 'block', or
   *  'trace' (hot loops recorded and compiled as traces), or 'auto' (Block for every chunk it takes whole
   *  in its specialised form, after jitThresholds runs; traces for hot loops of the others; see
   *  src/jit/jit.ts). Default 'auto': every tier gives the interpreter's answer, so the JIT needs no opt-in. */
  jit?: JitMode;
  /** Runs of a chunk before a whole-chunk tier compiles it (default 10 each; 0 or 1: at the first run), and
   *  `trace`: back-edges through a loop header (or exits to one ip) before it is traced (default 50). */
  jitThresholds?: JitThresholds;
  /** The tracing tier's event log (start, abort with its reason, compile, enter, exit, blacklist). A throw from it is ignored. */
  onTrace?: (event: TraceEvent) => void;
  /** Fuse frequent op sequences into superinstructions at load (src/chunk/fuse.ts). Same results
   *  and output; opsExecuted and fuel count a fused op once. Default false. */
  fuse?: boolean;
}

export type ExtensionHandler = (vm: VM, id: number, arg: number) => void;
export type ExtensionWideHandler = (vm: VM, id: number, payload: number | bigint) => void;
/** A builtin pops its own `argc` arguments and returns the value to push. */
export type BuiltinHandler = (vm: VM, argc: number) => Value;

/** Raised when a backend cannot be had (the wasm core not built or not loaded). */
export class BackendUnavailableError extends FuseVMError {
  override name = 'BackendUnavailableError';
}


export class VM implements StackAccess {
  readonly backend: BackendName;
  #impl: Backend;
  #builtins: Map<number, BuiltinHandler> | undefined;
  #ext: ExtensionHandler | undefined;
  #extWide: ExtensionWideHandler | undefined;
  #shell: ShellHost | undefined;
  #shellGuarded: ShellHost | undefined;
  /** Undefined until first written to when no output was given (finding stdout costs a lookup). */
  #output: ((s: string) => void) | undefined;
  #input: (() => string | undefined) | undefined;
  /** 'running' inside run(); 'disposing' once a callback disposed the VM
   *  mid-run (the backend is released when the run unwinds). */
  #state: 'idle' | 'running' | 'disposing' | 'disposed' = 'idle';
  #policy: Policy = {};

  readonly #verify: VerifyMode;
  #chunk: Chunk;
  /** The chunk as given to the constructor or the last reset (before fusing). */
  #lastInput: Chunk;

  readonly #fuse: boolean;

  constructor(chunk: Chunk, options: VMOptions = {}) {
    this.#verify = options.verify ?? 'upstream';
    verifyChunk(chunk, this.#verify);
    this.#fuse = options.fuse === true;
    this.#lastInput = chunk;
    if (this.#fuse) chunk = fuseChunk(chunk);
    this.#chunk = chunk;
    this.backend = options.backend ?? 'wasm';
    this.#output = options.output;
    this.#input = options.input;
    // Every callback runs guarded: a throw or a non-Value ends the run with a
    // HostError, and a dispose from inside it ends the run at once.
    const g = <T>(what: string, f: () => T): T => this.#guard(what, f);
    const hooks: HostHooks = {
      output: (s) => g('output', () => void (this.#output ??= defaultOutput())(s)),
      readLine: () =>
        g('input', () => {
          const line = (this.#input ??= defaultInput())();
          if (line !== undefined && typeof line !== 'string') throw new TypeError(`input gave ${typeof line}, not a string or undefined`);
          return line;
        }),
      builtin: (id, argc) => {
        const h = this.#builtins?.get(id);
        return h ? [g(`builtin ${id}`, () => checked(h(this, argc), `builtin ${id}`))] : undefined;
      },
      extended: (_vm, id, arg) => this.#ext && g('extension handler', () => this.#ext?.(this, id, arg)),
      extendedWide: (_vm, id, payload) => this.#extWide && g('wide extension handler', () => this.#extWide?.(this, id, payload)),
      policy: this.#policy,
    };
    const limits = resolveLimits(options.limits);
    const poll = limits.interrupt;
    if (poll) limits.interrupt = () => g('interrupt', () => Boolean(poll()));
    const jit = checkJitMode(options.jit ?? 'auto');
    const shell = () => this.#shellGuarded;
    if (this.backend === 'ts') this.#impl = new Interpreter(chunk, hooks, shell, limits);
    else if (this.backend === 'wasm') {
      try {
        this.#impl = createWasmBackend(chunk, hooks, shell, limits, { mode: jit, thresholds: options.jitThresholds, onTrace: options.onTrace });
      } catch (e) {
        if (e instanceof FuseVMError) throw e; // a limit, e.g. maxMemoryPages
        if (e instanceof CoreNotLoadedError) throw new BackendUnavailableError(e.message);
        throw new BackendUnavailableError(`the wasm core could not be loaded: ${(e as Error).message}`);
      }
    } else throw new TypeError(`unknown backend ${JSON.stringify(this.backend)}: use 'wasm' or 'ts'`);
  }

  /** Run the chunk from the start (or from where a reset left it). Never
   *  throws: after dispose(), or called from inside its own run, it returns a
   *  VMStateError; a callback that throws ends the run with a HostError. */
  run(): RunResult {
    if (this.#state !== 'idle') {
      const disposed = this.#state !== 'running';
      return { status: 'error', error: new VMStateError(disposed ? 'disposed' : 'running', disposed ? 'this VM has been disposed' : 'run() called from inside this VM\'s own run') };
    }
    this.#state = 'running';
    let r: RunResult;
    try {
      r = this.#impl.run();
    } catch (e) {
      r = { status: 'error', error: e instanceof FuseVMError ? e : new VMRuntimeError(`internal error: ${(e as Error)?.message ?? String(e)}`, {}, { cause: e }) };
    }
    const disposing = (this.#state as string) === 'disposing'; // a callback may have disposed it
    this.#state = 'idle';
    if (disposing) {
      this.dispose();
      if (!(r.status === 'error' && r.error instanceof VMStateError)) r = { status: 'error', error: new VMStateError('disposed', 'this VM was disposed during its run') };
    }
    return r;
  }

  /** Load a chunk (or the same one again) with a clean stack, frames and
   *  globals. Throws VMStateError after dispose() or from inside a run. */
  reset(chunk: Chunk): void {
    this.#usable('reset()');
    if (this.#state !== 'idle') throw new VMStateError('running', 'reset() called from inside this VM\'s own run');
    // The same chunk again (chunks are immutable): verified and fused already.
    let run = this.#lastInput === chunk ? this.#chunk : undefined;
    if (run === undefined) {
      verifyChunk(chunk, this.#verify);
      run = this.#fuse ? fuseChunk(chunk) : chunk;
    }
    this.#impl.reset(run);
    this.#chunk = run;
    this.#lastInput = chunk;
  }

  push(v: Value): void {
    this.#usable('push()');
    if (!isValue(v)) throw new TypeError('push() needs a Value (see Value in the README): safe integers or i64 bigints, Float, strings, arrays and hashes without cycles, …');
    this.#impl.push(v);
  }
  pop(): Value {
    this.#usable('pop()');
    return this.#impl.pop();
  }
  peek(): Value {
    this.#usable('peek()');
    return this.#impl.peek();
  }

  #usable(what: string): void {
    if (this.#state === 'disposed' || this.#state === 'disposing') throw new VMStateError('disposed', `${what} on a disposed VM`);
  }

  /** Run callback `f`; what it throws becomes a HostFailure (a HostError at the op). */
  #guard<T>(what: string, f: () => T): T {
    let r: T;
    try {
      r = f();
    } catch (e) {
      if (e instanceof HostFailure || e instanceof FuseVMError) throw e; // fusevm's own errors pass through
      throw new HostFailure(what, e);
    }
    if (this.#state === 'disposing') throw new VMStateError('disposed', `the VM was disposed by its ${what}`);
    return r;
  }
  /** Whether dispose() has been called (a VM disposed by a callback mid-run counts from then). */
  get disposed(): boolean {
    return this.#state === 'disposed' || this.#state === 'disposing';
  }
  /** Ops executed since the last reset. */
  get opsExecuted(): number {
    return this.#impl.opsExecuted;
  }
  /** What the JIT did for this VM since it was made: modules compiled, entries run, exits, ops run compiled. */
  jitStats(): JitStats {
    return this.#impl.jitStats?.() ?? emptyJitStats();
  }
  /** Upstream's enable_tracing_jit: from the next run on, hot loops are recorded and compiled as traces
   *  (wasm backend; `thresholds.trace` back-edges make a loop hot). False on the ts backend (no JIT there). */
  enableTracingJit(thresholds?: JitThresholds): boolean {
    if (!this.#impl.enableTracing) return false;
    this.#impl.enableTracing(thresholds);
    return true;
  }
  /** The chunk's traces as plain JSON-serialisable metadata (wasm backend; none on ts). */
  exportTraceMetadata(): TraceMetadata {
    return this.#impl.exportTraces?.() ?? { format: 'fusevm-traces', version: 1, opHash: this.#chunk.opHash.toString(), traces: [] };
  }
  /** Compile the traces of metadata exported from a VM on the same chunk; a TraceMetadataError when its op
   *  hash is another chunk's. Returns how many traces it added (0 on the ts backend). */
  importTraceMetadata(meta: TraceMetadata | unknown): number {
    if (!this.#impl.importTraces) {
      if ((meta as TraceMetadata | null)?.opHash !== this.#chunk.opHash.toString()) throw new TraceMetadataError('trace metadata is for another chunk (op hash differs)');
      return 0;
    }
    return this.#impl.importTraces(meta);
  }
  /** The wasm core's linear memory and the host values it holds by handle (zeros on the ts backend). */
  memoryUsage(): MemoryUsage {
    return this.#impl.memoryUsage?.() ?? { linearMemoryBytes: 0, linearMemoryUsed: 0, handles: 0 };
  }

  setExtensionHandler(h: ExtensionHandler | undefined): void {
    this.#ext = h;
  }
  setExtensionWideHandler(h: ExtensionWideHandler | undefined): void {
    this.#extWide = h;
  }
  /** Register builtin `id` for CallBuiltin(id, argc); replaces any earlier one. */
  registerBuiltin(id: number, h: BuiltinHandler): void {
    if (!Number.isInteger(id) || id < 0 || id > 0xffff) throw new RangeError(`builtin id must be a u16, got ${id}`);
    (this.#builtins ??= new Map()).set(id, h);
  }
  setShellHost(host: ShellHost | undefined): void {
    this.#shell = host;
    this.#shellGuarded = host && guardShell(host, (what, f) => this.#guard(what, f));
  }
  setOutput(output: (text: string) => void): void {
    this.#output = output;
  }
  setInput(input: () => string | undefined): void {
    this.#input = input;
  }

  // ── Strict numeric and undef modes (upstream's hooks) ──

  /** Strict numeric mode: arithmetic and comparisons that cannot be done
   *  exactly in i64/f64 — a non-number operand, an integer result outside i64
   *  (or the fixnum range) — call `hook(op, a, b)` instead of coercing or
   *  wrapping. It returns the value to push, or throws to end the run with a
   *  VMRuntimeError carrying its message. `undefined` removes it. */
  setNumericHook(hook: NumericHook | undefined): void {
    this.#policy.numeric = hook;
    this.#impl.policyChanged?.();
  }
  /** As setNumericHook, the hook also told the chunk and op index; it wins over a plain one. */
  setSitedNumericHook(hook: SitedNumericHook | undefined): void {
    this.#policy.sited = hook;
    this.#impl.policyChanged?.();
  }
  /** The inclusive range strict mode keeps as a native Int; a result outside it goes to the hook. */
  setFixnumRange(lo: number | bigint, hi: number | bigint): void {
    this.#policy.fixnum = [BigInt(lo), BigInt(hi)];
  }
  /** Whether a numeric hook (plain or sited) is installed. */
  isStrictNumeric(): boolean {
    return this.#policy.numeric !== undefined || this.#policy.sited !== undefined;
  }
  /** Strict undef mode: GetVar or GetSlot finding Undef asks `hook`, which
   *  returns the value to push (Undef keeps the default) or throws. */
  setUndefHook(hook: UndefHook | undefined): void {
    this.#policy.undef = hook;
    this.#impl.policyChanged?.();
  }
  isStrictUndef(): boolean {
    return this.#policy.undef !== undefined;
  }

  // ── Introspection (copies; change state with push/pop/setSlot) ──

  /** The value stack, bottom first. */
  get stack(): readonly Value[] {
    return this.#impl.snapshot().stack;
  }
  /** Call frames, the base frame first, each with its slots. */
  get frames(): readonly FrameInfo[] {
    return this.#impl.snapshot().frames;
  }
  /** Globals by name index. */
  get globals(): readonly Value[] {
    return this.#impl.snapshot().globals;
  }
  /** $?: what SetStatus or the last command left. */
  get lastStatus(): number {
    return this.#impl.lastStatus;
  }
  /** Slot `i` of the running frame (Undef when unset). */
  getSlot(i: number): Value {
    return this.#impl.getSlot(i);
  }
  /** Write slot `i` of the running frame. */
  setSlot(i: number, v: Value): void {
    if (!Number.isInteger(i) || i < 0 || i > 0xffff) throw new RangeError(`slot must be a u16, got ${i}`);
    this.#impl.setSlot(i, v);
  }
  /** Slot names of the frame `up` levels out from the running one (0: it,
   *  1: its caller), from Chunk.subSlotNamesAt; empty when none were recorded. */
  slotNamesAt(up: number): readonly string[] {
    const f = this.frames;
    const frame = f[f.length - 1 - up];
    return frame?.entryIp === undefined ? [] : this.#chunk.subSlotNamesAt(frame.entryIp);
  }
  /** The slot `name` has in the frame `up` levels out, if any. */
  slotOfAt(up: number, name: string): number | undefined {
    const i = this.slotNamesAt(up).indexOf(name);
    return i < 0 ? undefined : i;
  }
  frameSlotNames(): readonly string[] {
    return this.slotNamesAt(0);
  }
  frameSlotOf(name: string): number | undefined {
    return this.slotOfAt(0, name);
  }

  /** Stop after the op now running (from a builtin or extension handler), or
   *  before the first op of the next run(); the run returns the stack's top. */
  requestHalt(): void {
    this.#impl.requestHalt();
  }
  /** Let the next run() go on from where the halt stopped. */
  clearHalt(): void {
    this.#impl.clearHalt();
  }

  /** Run builtin `name` (upstream's shell builtin ids: "echo", "cd", …)
   *  through the handler registered for its id, with `args` pushed as strings;
   *  undefined when the name is no builtin or has no handler. */
  runBuiltinByName(name: string, args: readonly string[]): Value | undefined {
    const id = Object.hasOwn(BUILTIN_IDS, name) ? BUILTIN_IDS[name]! : undefined;
    const h = id === undefined ? undefined : this.#builtins?.get(id);
    if (!h) return undefined;
    const argc = Math.min(args.length, 255);
    for (const a of args.slice(0, argc)) this.push(a);
    return h(this, argc);
  }
  /** Upstream's name for setInput. */
  setInputSource(input: () => string | undefined): void {
    this.setInput(input);
  }

  /** Release what the backend holds. Safe to call twice and after any error.
   *  From a callback during a run, the run ends with VMStateError and the VM
   *  is released as it returns (never while its core is still running). */
  dispose(): void {
    if (this.#state === 'running') {
      this.#state = 'disposing';
      return;
    }
    if (this.#state !== 'idle') return;
    this.#state = 'disposed';
    try {
      this.#impl.dispose();
    } catch {
      /* dispose never throws */
    }
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** A builtin's result, refused (as a HostFailure) unless it is a Value. */
function checked(v: Value, what: string): Value {
  if (!isValue(v)) throw new HostFailure(what, new TypeError(`${what} returned something that is not a Value`));
  return v;
}

/** The ShellHost as the backends call it: each method guarded, each result a Value where one is pushed. */
function guardShell(host: ShellHost, guard: <T>(what: string, f: () => T) => T): ShellHost {
  return new Proxy(host, {
    get(target, k) {
      const m = Reflect.get(target, k);
      if (typeof m !== 'function') return m;
      const what = `ShellHost.${String(k)}`;
      return (...args: unknown[]) =>
        guard(what, () => {
          const r = (m as (...a: unknown[]) => unknown).apply(target, args);
          if (!isValue(r)) throw new TypeError(`${what} returned something that is not a Value`);
          return r;
        });
    },
  });
}
