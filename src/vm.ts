// The VM facade: one API over both backends (the wasm core and the pure-TS
// interpreter), with the host hooks — output, input, builtins, extension
// handlers, ShellHost — that both share.

import type { Backend, BackendName, HostHooks, MemoryUsage, RunResult, StackAccess } from './backend.js';
import type { Chunk } from './chunk/chunk.js';
import { fuseChunk } from './chunk/fuse.js';
import { verifyChunk } from './chunk/verify.js';
import { FuseVMError } from './errors.js';
import { defaultInput, defaultOutput } from './host/io.js';
import { guardShellHost, hostCall } from './host/guard.js';
import type { ShellHost } from './host/shell.js';
import { Interpreter } from './interp/interpreter.js';
import { CoreNotLoadedError } from './core/load.js';
import { createWasmBackend } from './core/backend.js';
import { resolveLimits, type Limits } from './limits.js';
import type { Value } from './values/value.js';
import { checkJitMode, emptyJitStats, type JitMode, type JitStats, type JitThresholds } from './jit/jit.js';

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
  /** Which JIT tier compiles the chunk to WebAssembly (wasm backend): 'off', 'linear', 'block', or
   *  'auto' (Block for every chunk it takes). Default 'off'. ('trace' is refused: not built yet.) */
  jit?: JitMode;
  /** Runs of a chunk before a tier compiles it (default 10 each; 0 or 1: at the first run). */
  jitThresholds?: JitThresholds;
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
  /** Undefined until first written to when no output was given (finding stdout costs a lookup). */
  #output: ((s: string) => void) | undefined;
  #input: (() => string | undefined) | undefined;

  readonly #fuse: boolean;

  constructor(chunk: Chunk, options: VMOptions = {}) {
    verifyChunk(chunk);
    this.#fuse = options.fuse === true;
    if (this.#fuse) chunk = fuseChunk(chunk);
    this.backend = options.backend ?? 'wasm';
    this.#output = options.output;
    this.#input = options.input;
    const hooks: HostHooks = {
      output: (s) => hostCall('output', () => (this.#output ??= defaultOutput())(s)),
      readLine: () => hostCall('input', () => (this.#input ??= defaultInput())()),
      builtin: (id, argc) => {
        const h = this.#builtins?.get(id);
        return h ? [hostCall(`builtin ${id}`, () => h(this, argc))] : undefined;
      },
      extended: (_vm, id, arg) => hostCall('extension handler', () => this.#ext?.(this, id, arg)),
      extendedWide: (_vm, id, payload) => hostCall('wide extension handler', () => this.#extWide?.(this, id, payload)),
    };
    const limits = resolveLimits(options.limits);
    const jit = checkJitMode(options.jit ?? 'off');
    if (this.backend === 'ts') this.#impl = new Interpreter(chunk, hooks, () => this.#shell, limits);
    else if (this.backend === 'wasm') {
      try {
        this.#impl = createWasmBackend(chunk, hooks, () => this.#shell, limits, { mode: jit, thresholds: options.jitThresholds });
      } catch (e) {
        if (e instanceof FuseVMError) throw e; // a limit, e.g. maxMemoryPages
        if (e instanceof CoreNotLoadedError) throw new BackendUnavailableError(e.message);
        throw new BackendUnavailableError(`the wasm core could not be loaded: ${(e as Error).message}`);
      }
    } else throw new TypeError(`unknown backend ${JSON.stringify(this.backend)}: use 'wasm' or 'ts'`);
  }

  /** Run the chunk from the start (or from where a reset left it). Never throws. */
  run(): RunResult {
    return this.#impl.run();
  }

  /** Load a chunk (or the same one again) with a clean stack, frames and globals. */
  reset(chunk: Chunk): void {
    verifyChunk(chunk);
    this.#impl.reset(this.#fuse ? fuseChunk(chunk) : chunk);
  }

  push(v: Value): void {
    this.#impl.push(v);
  }
  pop(): Value {
    return this.#impl.pop();
  }
  peek(): Value {
    return this.#impl.peek();
  }
  /** Ops executed since the last reset. */
  get opsExecuted(): number {
    return this.#impl.opsExecuted;
  }
  /** What the JIT did for this VM since it was made: modules compiled, entries run, exits, ops run compiled. */
  jitStats(): JitStats {
    return this.#impl.jitStats?.() ?? emptyJitStats();
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
    this.#shell = host && guardShellHost(host);
  }
  setOutput(output: (text: string) => void): void {
    this.#output = output;
  }
  setInput(input: () => string | undefined): void {
    this.#input = input;
  }

  /** Release what the backend holds. Safe to call twice and after any error. */
  dispose(): void {
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
