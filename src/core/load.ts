// Loads the core: the module is compiled once per process from the bytes
// embedded at build time (no file to locate, no fetch), and instantiated per
// VM with an explicit, empty import object — nothing reaches globalThis.

import { CORE_WASM_BASE64 } from './wasm-bytes.generated.js';

export interface CoreExports {
  memory: WebAssembly.Memory;
  run(): number;
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

export function instantiateCore(): CoreExports {
  const inst = new WebAssembly.Instance(coreModule(), {});
  return inst.exports as unknown as CoreExports;
}
