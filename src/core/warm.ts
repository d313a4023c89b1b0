// The core's warm-up: V8 runs a wasm function in its baseline tier until it
// has executed enough to be worth optimising, then compiles it optimised in
// the background, and only a later call enters that code. One short loop run
// when the first core is made spends that budget at once (~0.1 ms), so the
// optimised interpreter loop is being compiled while the embedder is still
// setting up, and the first long run picks it up at its next slice.

import { ChunkBuilder } from '../chunk/builder.js';
import type { Chunk } from '../chunk/chunk.js';
import { Op } from '../ops/op.js';

/** Iterations of the warm-up loop: a few hundred thousand bytes of the core's
 *  loop executed per thousand, past V8's tiering budget (1.8 MB in Node 20). */
export const WARM_ITERATIONS = 1024;

/** s = 0; i = 0; do { s = s + i; i = i + 1 } while (i < n); s — the core's commonest ops. */
export function warmChunk(): Chunk {
  const b = new ChunkBuilder();
  for (const op of [Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
  const top = b.currentPos();
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0), Op.GetSlot(1), Op.LoadInt(1), Op.Add, Op.SetSlot(1)]) b.emit(op, 1);
  for (const op of [Op.GetSlot(1), Op.LoadInt(WARM_ITERATIONS), Op.NumLt, Op.JumpIfTrue(top), Op.GetSlot(0)]) b.emit(op, 1);
  return b.build();
}
