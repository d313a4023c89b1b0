// What the JIT tests compare: every observable of a run (status, value or
// error, output, ops executed) on a tier forced at the first run, against the
// ts backend's.

import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { valueToJSONText } from '../src/chunk/json.js';
import type { JitMode } from '../src/jit/jit.js';
import type { Instr } from '../src/ops/op.js';
import { VM, type VMOptions } from '../src/vm.js';

export const FORCED = { linear: 1, block: 1 };

export function chunkOf(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
}
/** Every observable of a run: status, value or error, output, ops executed, and the JIT's stats. */
export function outcome(chunk: Chunk, options: VMOptions) {
  let out = '';
  const vm = new VM(chunk, { output: (s) => (out += s), ...options });
  const r = vm.run();
  const seen = { status: r.status, value: r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? `${r.error.name}: ${r.error.message}` : '', out, ops: vm.opsExecuted };
  const jit = vm.jitStats();
  vm.dispose();
  return { seen, jit };
}
export const onTier = (chunk: Chunk, jit: JitMode, extra: VMOptions = {}) => outcome(chunk, { backend: 'wasm', jit, jitThresholds: FORCED, ...extra });
export const reference = (chunk: Chunk, extra: VMOptions = {}) => outcome(chunk, { backend: 'ts', ...extra }).seen;
