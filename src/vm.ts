// The VM facade: one API over both backends (the wasm core and the pure-TS
// interpreter), with the host hooks — output, input, builtins, extension
// handlers, ShellHost — that both share.

import type { Backend, BackendName, HostHooks, MemoryUsage, RunResult, StackAccess } from './backend.js';
import type { Chunk } from './chunk/chunk.js';
import { verifyChunk, type VerifyMode } from './chunk/verify.js';
import { FuseVMError } from './errors.js';
import { defaultInput, defaultOutput } from './host/io.js';
import type { ShellHost } from './host/shell.js';
import { Interpreter } from './interp/interpreter.js';
import { CoreNotLoadedError } from './core/load.js';
import { createWasmBackend } from './core/backend.js';
import { resolveLimits, type Limits } from './limits.js';
import type { Value } from './values/value.js';

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
  #builtins = new Map<number, BuiltinHandler>();
  #ext: ExtensionHandler | undefined;
  #extWide: ExtensionWideHandler | undefined;
  #shell: ShellHost | undefined;
  #output: (s: string) => void;
  #input: (() => string | undefined) | undefined;

  readonly #verify: VerifyMode;

  constructor(chunk: Chunk, options: VMOptions = {}) {
    this.#verify = options.verify ?? 'upstream';
    verifyChunk(chunk, this.#verify);
    this.backend = options.backend ?? 'wasm';
    this.#output = options.output ?? defaultOutput();
    this.#input = options.input;
    const hooks: HostHooks = {
      output: (s) => this.#output(s),
      readLine: () => (this.#input ??= defaultInput())(),
      builtin: (id, argc) => {
        const h = this.#builtins.get(id);
        return h ? [h(this, argc)] : undefined;
      },
      extended: (_vm, id, arg) => this.#ext?.(this, id, arg),
      extendedWide: (_vm, id, payload) => this.#extWide?.(this, id, payload),
    };
    const limits = resolveLimits(options.limits);
    if (this.backend === 'ts') this.#impl = new Interpreter(chunk, hooks, () => this.#shell, limits);
    else if (this.backend === 'wasm') {
      try {
        this.#impl = createWasmBackend(chunk, hooks, () => this.#shell, limits);
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
    verifyChunk(chunk, this.#verify);
    this.#impl.reset(chunk);
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
    this.#builtins.set(id, h);
  }
  setShellHost(host: ShellHost | undefined): void {
    this.#shell = host;
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
