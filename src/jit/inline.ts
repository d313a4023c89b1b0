// Which calls a trace inlines, and along which callee path: a path the
// recording took (trace-record.ts) is checked to be one the emitter can
// follow, and a straight-line sub gives its body as a path of its own. The
// emitter (emit-inline.ts inlinePath) lowers the path in line.

import type { Chunk } from '../chunk/chunk.js';
import { OP_SPECS } from '../ops/op.js';
import { targetOf } from './cfg.js';
import { JIT_PARAMS } from './params.js';
import type { PathOp } from './trace-record.js';

/** A straight-line body as a callee path. */
export const straightPath = (entry: number, end: number): PathOp[] => Array.from({ length: end + 1 - entry }, (_, j) => ({ ip: entry + j, depth: 1 }));

/** Whether a recorded callee path is one a trace inlines along: it starts at `entry`, every Call in it
 *  goes one frame down to its sub's entry and every Return one frame up, it ends with the callee's
 *  Return, and it holds no other frame op and none compiled code leaves to the core. */
export function inlinable(chunk: Chunk, entry: number, path: readonly PathOp[]): boolean {
  if (path.length === 0 || path[0]!.ip !== entry || path[0]!.depth !== 1) return false;
  for (let i = 0; i < path.length; i++) {
    const e = path[i]!, next = path[i + 1];
    const ins = chunk.ops[e.ip]!;
    const spec = OP_SPECS.get(ins.op)!;
    if (spec.jump === 'return') {
      if (next === undefined ? e.depth !== 1 : next.depth !== e.depth - 1) return false;
      continue;
    }
    if (next === undefined || spec.jit === 'exit') return false;
    if (ins.op === 'Call') {
      if (next.depth !== e.depth + 1 || next.ip !== chunk.findSub(Number(ins.args[0]))) return false;
      continue;
    }
    if (spec.frames || next.depth !== e.depth) return false;
    if (spec.jump === 'always' && next.ip !== targetOf(chunk, e.ip)) return false;
    if (spec.jump === 'conditional' && next.ip !== e.ip + 1 && next.ip !== targetOf(chunk, e.ip)) return false;
    if (spec.jump === undefined && next.ip !== e.ip + 1) return false;
  }
  return true;
}

/** The ip of the Return/ReturnValue ending the straight-line body of the sub at `entry` (no jump, call or
 *  other frame op before it, at most JIT_PARAMS.maxInlineOps ops), or undefined: such a sub is inlined. */
export function leafBody(chunk: Chunk, entry: number): number | undefined {
  for (let ip = entry; ip < chunk.ops.length && ip - entry < JIT_PARAMS.maxInlineOps; ip++) {
    const spec = OP_SPECS.get(chunk.ops[ip]!.op)!;
    if (spec.jump === 'return') return ip;
    if (spec.jump !== undefined || spec.frames || spec.jit === 'exit') return undefined;
  }
  return undefined;
}
