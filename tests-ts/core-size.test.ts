// The built core keeps its dispatch loop small: V8 compiles `run` optimised
// in the background while a process's first long run goes on in the baseline
// tier, for a time that grows with run's body (bench/SPEED-17.md), so the cold
// cases live out of line (assembly/ops/cold.ts). This reads the function
// bodies of the embedded core and fails if Binaryen inlined them back.

import { describe, expect, it } from 'vitest';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';

/** The byte size of each defined function's body, and the function index of each export. */
function bodies(bytes: Uint8Array): { sizes: number[]; imported: number; exports: Map<string, number> } {
  let p = 8;
  const leb = (): number => {
    let r = 0, s = 0, b: number;
    do { b = bytes[p++]!; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
    return r >>> 0;
  };
  // skip a length-prefixed run of bytes (the length read first: `p += leb()` would add to the old p)
  const skip = (): void => { const n = leb(); p += n; };
  const sizes: number[] = [];
  const exports = new Map<string, number>();
  let imported = 0;
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const len = leb();
    const end = p + len;
    if (id === 2) {
      // imports: count the functions among them (kind 0)
      for (let n = leb(); n > 0; n--) {
        skip(); skip(); // module, name
        const kind = bytes[p++]!;
        if (kind === 0) { imported++; leb(); }
        else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
        else { p += 2; }
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const name = new TextDecoder().decode(bytes.subarray(p + 1, p + 1 + bytes[p]!));
        skip();
        const kind = bytes[p++]!;
        const index = leb();
        if (kind === 0) exports.set(name, index);
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) { const size = leb(); sizes.push(size); p += size; }
    }
    p = end;
  }
  return { sizes, imported, exports };
}

describe('the core module', () => {
  const bytes = Uint8Array.from(atob(CORE_WASM_BASE64), (c) => c.charCodeAt(0));
  const { sizes, imported, exports } = bodies(bytes);
  const run = sizes[exports.get('run')! - imported]!;

  it('keeps the cold cases out of the dispatch loop', () => {
    expect(exports.has('run')).toBe(true);
    // run and the cold stack ops are two bodies of a few KB each. run is ~8.3 KB
    // with the superinstructions and the inline-Int paths (the wide-Int ones
    // are out of line: ops/numeric.ts); the cold stack ops inlined back would
    // add their whole body (~6 KB) to it.
    const big = sizes.filter((s) => s > 2000);
    expect(big.length).toBeGreaterThanOrEqual(2);
    const cold = Math.max(...sizes.filter((s) => s !== run));
    expect(cold).toBeGreaterThan(2000);
    expect(run).toBeLessThan(9_000);
  });
});
