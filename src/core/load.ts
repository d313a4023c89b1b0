// Loads the core: the module is compiled once per process from the bytes
// embedded at build time (no file to locate, no fetch), and instantiated with
// an explicit import object of our own — nothing reaches globalThis.

import { CORE_WASM_BASE64 } from './wasm-bytes.generated.js';

export interface CoreExports {
  memory: WebAssembly.Memory;
  /** Compiled code the core enters through `call_indirect` (see HEADER.hooks). */
  table: WebAssembly.Table;
  run(): number;
}

/** What the core calls back into: the backend currently running on it. */
export interface CoreHost {
  hostOp(ip: number): number;
}

/** A core instance; `host` is rebound as instances move between VMs. */
export interface Core {
  readonly exports: CoreExports;
  host: CoreHost | undefined;
  /** The encoded chunk whose code is in memory now (skip copying it again). */
  loaded: object | undefined;
}

let compiled: WebAssembly.Module | undefined;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The core's wasm bytes (for callers who cache or stream them). */
export function coreBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(CORE_WASM_BASE64);
}

/** Compile the core once, synchronously (the module is a few KB). */
export function coreModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(coreBytes());
  return compiled;
}

export function instantiateCore(): Core {
  const core: { exports: CoreExports; host: CoreHost | undefined; loaded: object | undefined } = { exports: undefined!, host: undefined, loaded: undefined };
  const imports = { env: { hostOp: (ip: number) => core.host!.hostOp(ip) } };
  core.exports = new WebAssembly.Instance(coreModule(), imports).exports as unknown as CoreExports;
  return core;
}
