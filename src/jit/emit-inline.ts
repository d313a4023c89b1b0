// Calls inlined into a trace (the recorded callee path, or a straight-line sub's body): frames
// opened and closed by the code itself as the core's Call and Return do, the callee's ops lowered
// on the caller's abstract stack, a branch off the path a side exit.

import { OP_SPECS } from '../ops/op.js';
import { targetOf } from './cfg.js';
import { compiledCall } from './emit-calls.js';
import { condition } from './emit-control.js';
import { exit } from './emit-exits.js';
import { framesFull, popFrame, pushFrame } from './emit-frames.js';
import { op } from './emit-ops.js';
import type { Pass } from './emit-pass.js';
import { cloneState, type State } from './kinds.js';
import { JIT_PARAMS } from './params.js';
import type { PathOp } from './trace-record.js';
import { Ins } from './wasm-writer.js';

/** A Call inlined along a callee path (the recorded one, or a straight-line sub's body): each frame
 *  written as the core's Call writes it (the caller's slots to memory, the frame record, the callee's
 *  slots Undef), the callee's ops lowered in line on the same abstract stack (its arguments are the
 *  caller's top values), a branch that goes another way than the path's a side exit at the untaken
 *  direction's op, each Return truncating the stack to its frame's base as the core's does and reading
 *  the caller's slots back. An exit inside finds every frame in the core's frame region, so the core
 *  goes on inside the callee. A Call from the deepest inlined frame (maxInlineDepth) is a compiled
 *  call. The path's ops are charged at the Call. */
export function inlinePath(p: Pass, ip: number, path: readonly PathOp[], argc: number, st: State, adj: number): boolean {
  const b = p.b;
  const cap = JIT_PARAMS.maxInlineDepth;
  const m = path.reduce((n, e) => (e.depth <= cap ? n + 1 : n), 0);
  if (!p.analysing) {
    p.inlined++;
    // The frame region full (the core, and the interpreter behind it, makes the call and its error), or
    // the callee's ops not fitting in the fuel (the core runs them one by one): the core makes the call.
    framesFull(p);
    if (!p.opts.unlimitedFuel) {
      p.opsVal();
      b.i64(m + p.succSpan).op(Ins.i64Add).get(p.fuel).op(Ins.i64GtS).op(Ins.i32Or);
    }
    b.if();
    exit(p, ip, st, adj, true);
    b.end();
  }
  pushFrame(p, ip, st.stack.length - argc, st);
  if (!p.analysing) b.get(p.ops).i64(m).op(Ins.i64Add).set(p.ops);
  p.inlineSite = ip;
  try {
    return inlineOps(p, path, m, st, adj);
  } finally {
    p.inlineSite = undefined;
  }
}
export function inlineOps(p: Pass, path: readonly PathOp[], m: number, st: State, adj: number): boolean {
  const b = p.b;
  const cap = JIT_PARAMS.maxInlineDepth;
  let k = 0; // path ops run so far (those in line)
  const end = () => {
    p.ended = true;
    return true;
  };
  for (let i = 0; i < path.length; i++) {
    const e = path[i]!;
    if (e.depth > cap) continue; // inside a compiled call
    const at = m - k + adj - 1; // ops charged ahead of this one: its own, the path's rest, the caller's
    k++;
    const ins = p.chunk.ops[e.ip]!;
    const spec = OP_SPECS.get(ins.op)!;
    const next = path[i + 1];
    if (spec.jump === 'return') {
      popFrame(p, ins.op === 'ReturnValue', st);
      continue;
    }
    if (ins.op === 'Call') {
      const argcIn = Number(ins.args[1]);
      if (argcIn > st.stack.length) {
        exit(p, e.ip, st, at, true);
        return end();
      }
      if (e.depth < cap) {
        if (!p.analysing) {
          framesFull(p);
          b.if();
          exit(p, e.ip, st, at, true);
          b.end();
        }
        pushFrame(p, e.ip, st.stack.length - argcIn, st);
        continue;
      }
      if (!compiledCall(p, e.ip, next!.ip, argcIn, st, at)) {
        exit(p, e.ip, st, at, true);
        return end();
      }
      continue;
    }
    if (spec.jump === 'always') continue;
    if (spec.jump === 'conditional') {
      const { cond, exitHere, after } = condition(p, e.ip, st, at);
      if (exitHere) {
        exit(p, e.ip, st, at, true);
        return end();
      }
      const target = targetOf(p.chunk, e.ip)!;
      const taken = next!.ip === target;
      if (!p.analysing && target !== e.ip + 1) {
        // Not the path's way: a side exit at the other direction's op, this op run.
        cond();
        if (taken) b.op(Ins.i32Eqz);
        b.if();
        exit(p, taken ? e.ip + 1 : target, cloneState(after), at - 1, true);
        b.end();
      }
      if (after !== st) Object.assign(st, cloneState(after));
      continue;
    }
    if (!op(p, e.ip, st, at)) return end();
  }
  return true;
}
