// How often the wasm core crosses to the host in one run: the tests of the
// host-op run-on (fast-ops.test.ts) and of wide Ints (wide-ints.test.ts)
// assert on it.

import type { Chunk } from '../src/chunk/chunk.js';
import { WasmBackend } from '../src/core/backend.js';
import { VM, type VMOptions } from '../src/vm.js';

/** The core's calls of hostOp over one run of `chunk` (wasm, JIT off unless `opts` says otherwise). */
export function crossings(chunk: Chunk, opts: VMOptions = {}): number {
  let n = 0;
  const orig = WasmBackend.prototype.hostOp;
  WasmBackend.prototype.hostOp = function (this: WasmBackend, ip: number) {
    n++;
    return orig.call(this, ip);
  };
  try {
    const vm = new VM(chunk, { backend: 'wasm', jit: 'off', output: () => {}, ...opts });
    vm.run();
    vm.dispose();
  } finally {
    WasmBackend.prototype.hostOp = orig;
  }
  return n;
}
