// The core's globals region as the plain array of Values the interpreter's
// handlers index (vm.globals[i]) while the core runs. The array mirrors the
// region: pull() before the host looks at it reads back only the globals whose
// boxed words changed since (so a handle keeps its object, and an untouched
// global costs two integer compares), and push() after boxes back only the
// ones a handler replaced. Upstream grows globals on demand past the chunk's
// names; those extra ones live in the array alone. (A Proxy, or accessor
// elements, did the same at several times the cost of every access.)

import type { Value } from '../values/value.js';
import type { CoreView } from './heap.js';
import { TAG, VALUE_BYTES } from './abi.js';

export class GlobalsMirror {
  /** What the guest interpreter indexes. */
  readonly values: Value[];
  /** The value each global held at the last pull or push, to see a handler's writes. */
  readonly #synced: Value[];
  /** The boxed words of each global at the last pull or push. */
  readonly #words: number[]; // (a typed array costs more to make than a VM's whole run)
  #valid = false;

  constructor(
    readonly base: number,
    readonly count: number,
  ) {
    this.values = new Array(count).fill(undefined);
    this.#synced = new Array(count).fill(undefined);
    this.#words = new Array<number>(count * 2).fill(0);
  }

  /** The words in memory may no longer be the ones read (a fresh layout). */
  invalidate(): void {
    this.#valid = false;
  }

  /** Bring the array up to the region (what the core wrote since). */
  pull(v: CoreView): void {
    const n = this.count;
    if (n === 0) return;
    const u32 = v.u32;
    const words = this.#words;
    const all = !this.#valid;
    for (let i = 0, k = this.base >>> 2; i < n; i++, k += 2) {
      const lo = u32[k]!, hi = u32[k + 1]!;
      // A wide Int is read again each time: the core may have freed its cell and handed it out anew since.
      if (all || lo !== words[2 * i] || hi !== words[2 * i + 1] || hi >>> 16 === TAG.wide) {
        words[2 * i] = lo;
        words[2 * i + 1] = hi;
        this.values[i] = this.#synced[i] = v.read(this.base + i * VALUE_BYTES);
      }
    }
    this.#valid = true;
  }

  /** Box back into the region the globals a handler replaced. */
  push(v: CoreView): void {
    const n = this.count;
    const values = this.values;
    const synced = this.#synced;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (x !== synced[i]) {
        const addr = this.base + i * VALUE_BYTES;
        v.write(addr, x);
        synced[i] = x;
        this.#words[2 * i] = v.u32[addr >>> 2]!;
        this.#words[2 * i + 1] = v.u32[(addr >>> 2) + 1]!;
      }
    }
  }
}
