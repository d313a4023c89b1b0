// Loads the core. The default entry registers the bytes embedded at build time
// (no file to locate, no fetch), so the module compiles on first use; the slim
// entry carries no bytes and waits for init() / initSync(). Each instance gets
// an explicit import object of our own — nothing reaches globalThis.

import { nodeBuiltin } from '../host/io.js';
import type { CoreJit } from '../jit/link.js';
import { JIT_TABLE } from './abi.js';
import { CoreView, HandleHeap } from './heap.js';

export interface CoreExports {
  memory: WebAssembly.Memory;
  /** Compiled code the core enters through `call_indirect` (see HEADER.hooks). */
  table: WebAssembly.Table;
  run(): number;
  jitHostOp(ip: number): number;
  jitBoxInt(v: bigint): bigint;
}

/** What the core and its compiled code call back into: the backend running on it now. */
export interface CoreHost {
  hostOp(ip: number): number;
  /** Box an Int past the core's inline range as a host handle (compiled code, at exits). */
  boxInt(v: bigint): bigint;
}

/** A core instance; `host` is bound only while a run is under way, so an idle
 *  instance holds nothing of the VM that used it. */
export interface Core {
  readonly exports: CoreExports;
  host: CoreHost | undefined;
  /** The encoded chunk whose code is in memory now (skip copying it again). */
  loaded: object | undefined;
  /** The core's imports (compiled code reaches them through the core's jitHostOp and jitBoxInt exports). */
  readonly imports: { hostOp(ip: number): number; boxInt(v: bigint): bigint };
  /** Compiled code installed in its table (src/jit/link.ts). */
  jit: CoreJit | undefined;
  /** The VM whose state is laid in this core's memory now, if any. */
  owner: CoreTenant | undefined;
  /** Typed views on the memory, shared by the VMs laid on it in turn. */
  readonly view: CoreView;
}

/** A VM as a core's tenant: it can be asked to move out while it is not running. */
export interface CoreTenant {
  /** Running on the core now (a host op of its own may be making other VMs). */
  readonly busy: boolean;
  /** Take your state out of the core's memory (into the interpreter, or nothing for a VM yet to run). */
  evict(): void;
}

/** Where init() may take the core from. */
export interface InitOptions {
  /** An already compiled core (e.g. from your own cache). */
  module?: WebAssembly.Module;
  /** The bytes of `fusevm/core.wasm`. */
  bytes?: BufferSource;
  /** Where `fusevm/core.wasm` is: fetched with `fetch`, or read from disk
   *  for a `file:` URL under Node (e.g. `import.meta.resolve('fusevm/core.wasm')`). */
  url?: string | URL;
}

let compiled: WebAssembly.Module | undefined;
let embedded: string | undefined;

/** Called by the default entry with the core's bytes as base64. */
export function useEmbeddedCore(base64: string): void {
  embedded = base64;
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Thrown when the wasm backend is asked for before the core is loaded. */
export class CoreNotLoadedError extends Error {
  override name = 'CoreNotLoadedError';
}

/** Load the core synchronously (workers, CLIs). With no options, uses the
 *  embedded bytes. Loading again replaces the module for VMs made after. */
export function initSync(options: InitOptions = {}): void {
  if (options.module) compiled = options.module;
  else if (options.bytes) compiled = new WebAssembly.Module(options.bytes);
  else if (options.url) throw new TypeError('initSync cannot fetch a url: pass { bytes } or { module }, or use await init({ url })');
  else if (!compiled) {
    if (embedded === undefined) throw new CoreNotLoadedError(notLoaded);
    compiled = new WebAssembly.Module(decodeBase64(embedded));
  }
  cores.length = 0;
}

/** Load the core, compiling off the main thread where the platform can
 *  (`compileStreaming` for a url). With no options, uses the embedded bytes. */
export async function init(options: InitOptions = {}): Promise<void> {
  if (options.module) compiled = options.module;
  else if (options.bytes) compiled = await WebAssembly.compile(options.bytes);
  else if (options.url) compiled = await compileFrom(options.url);
  else if (!compiled) {
    if (embedded === undefined) throw new CoreNotLoadedError(notLoaded);
    compiled = await WebAssembly.compile(decodeBase64(embedded));
  }
  cores.length = 0;
}

interface NodeFsPromises {
  promises: { readFile(path: URL): Promise<Uint8Array<ArrayBuffer>> };
}

/** The core from a URL: a file: URL read from disk (Node's fetch cannot),
 *  anything else fetched; every failure a CoreNotLoadedError with the cause. */
async function compileFrom(url: string | URL): Promise<WebAssembly.Module> {
  const href = String(url);
  let parsed: URL | undefined;
  try {
    parsed = new URL(href);
  } catch {
    // A relative URL: fetch resolves it against the page, where there is one.
  }
  if (parsed?.protocol === 'file:') {
    const fs = nodeBuiltin<NodeFsPromises>('fs');
    if (!fs) throw new CoreNotLoadedError(`cannot read the core from ${href}: file: URLs are read only under Node 20.16 or later; pass { bytes } instead`);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await fs.promises.readFile(parsed);
    } catch (e) {
      throw new CoreNotLoadedError(`reading the core from ${href} failed: ${(e as { code?: string }).code ?? (e as Error).message}`, { cause: e });
    }
    return WebAssembly.compile(bytes);
  }
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CoreNotLoadedError(`fetching the core from ${href} failed: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new CoreNotLoadedError(`fetching the core from ${href} failed: HTTP ${res.status}`);
  // compileStreaming needs the application/wasm type; anything else compiles from bytes.
  return res.headers.get('content-type')?.startsWith('application/wasm') && WebAssembly.compileStreaming ? WebAssembly.compileStreaming(res) : WebAssembly.compile(await res.arrayBuffer());
}

const notLoaded = "the wasm core is not loaded: this entry carries no core bytes, so call `await init({ url | bytes | module })` or `initSync({ bytes | module })` first (or use { backend: 'ts' })";

/** Whether a VM on the wasm backend can be made now without init(). */
export function coreReady(): boolean {
  return compiled !== undefined || embedded !== undefined;
}

/** The core module, compiled once per process. */
export function coreModule(): WebAssembly.Module {
  if (!compiled) initSync();
  return compiled!;
}

let instantiated = 0;
/** Counters for tests and benchmarks: instances made, idle ones pooled. */
export function coreStats(): { instantiated: number; spare: number } {
  return { instantiated, spare: cores.filter((c) => c.owner === undefined).length };
}

export function instantiateCore(): Core {
  instantiated++;
  const fns = { hostOp: (ip: number) => core.host!.hostOp(ip), boxInt: (v: bigint) => core.host!.boxInt(v) };
  const core: { -readonly [K in keyof Core]: Core[K] } = { exports: undefined!, host: undefined, loaded: undefined, imports: fns, jit: undefined, owner: undefined, view: undefined! };
  core.exports = new WebAssembly.Instance(coreModule(), { env: fns }).exports as unknown as CoreExports;
  core.view = new CoreView(core.exports.memory, new HandleHeap());
  const table = core.exports.table;
  if (table.length < JIT_TABLE.first) table.grow(JIT_TABLE.first - table.length);
  return core;
}

// Every core instance of the current module, least recently taken first. A
// VM lays its state in a core only while it needs it: the next VM to want a
// core moves an idle tenant out (a VM yet to run simply forgets its layout; one
// that has run hands its state to the interpreter, losslessly), so a VM that is
// never disposed costs no instance. Only VMs running at once (a host op that
// runs another VM) need instances of their own.
const MAX_CORES = 8;
const cores: Core[] = [];

/** A core for `tenant`: a free one, else the least recently taken one whose tenant is idle, else a fresh instance. */
export function takeCore(tenant: CoreTenant): Core {
  let pick = -1;
  for (let i = cores.length - 1; i >= 0; i--)
    if (cores[i]!.owner === undefined) {
      pick = i;
      break;
    }
  if (pick < 0) for (let i = 0; i < cores.length; i++) if (!cores[i]!.owner!.busy) {
    pick = i;
    break;
  }
  let core: Core;
  if (pick < 0) core = instantiateCore();
  else {
    core = cores[pick]!;
    if (pick !== cores.length - 1) cores.splice(pick, 1);
    else cores.pop();
    const old = core.owner;
    core.owner = undefined;
    old?.evict();
  }
  core.owner = tenant;
  cores.push(core);
  return core;
}

/** `tenant` is done with `core` (disposed): it is free for the next VM, and
 *  past MAX_CORES forgotten. Its compiled code stays installed for the next
 *  VM on the same chunk. */
export function releaseCore(core: Core, tenant: CoreTenant): void {
  core.host = undefined;
  if (core.owner !== tenant) return;
  core.owner = undefined;
  if (cores.length > MAX_CORES) {
    const i = cores.indexOf(core);
    if (i >= 0) cores.splice(i, 1);
  }
}
