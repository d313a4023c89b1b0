// VMPool: recycle VMs for callers that run many small chunks (REPLs, eval
// loops); acquire resets a released VM onto the new chunk.

import type { Chunk } from './chunk/chunk.js';
import { VM, type VMOptions } from './vm.js';

export class VMPool {
  #free: VM[] = [];
  constructor(readonly options: VMOptions = {}) {}

  /** Upstream's with_capacity: JS arrays grow on their own, so `capacity` is only a hint. */
  static withCapacity(capacity: number, options: VMOptions = {}): VMPool {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`capacity must be a whole number, got ${capacity}`);
    return new VMPool(options);
  }

  acquire(chunk: Chunk): VM {
    let vm = this.#free.pop();
    while (vm?.disposed) vm = this.#free.pop(); // released after dispose(): not reusable
    if (!vm) return new VM(chunk, this.options);
    vm.reset(chunk);
    return vm;
  }

  release(vm: VM): void {
    this.#free.push(vm);
  }

  /** acquire, call `f`, release (also when `f` throws). */
  with<T>(chunk: Chunk, f: (vm: VM) => T): T {
    const vm = this.acquire(chunk);
    try {
      return f(vm);
    } finally {
      this.release(vm);
    }
  }

  /** VMs waiting to be reused. */
  get size(): number {
    return this.#free.length;
  }
  /** Upstream's len(): VMs waiting to be reused (not those acquired). */
  len(): number {
    return this.#free.length;
  }
  isEmpty(): boolean {
    return this.#free.length === 0;
  }
}
