// Blocks and structured control: a block's ops lowered in turn with the op count and fuel charged
// per block, conditional branches, edges that join kinds (analysis) or convert and branch
// (emission), and Ramsey's "Beyond Relooper" doTree over the dominator tree into wasm blocks/loops.

import type { Block } from './cfg.js';
import type { Pass, Val } from './emit-pass.js';
import { exit } from './emit-exits.js';
import { ret } from './emit-calls.js';
import { op } from './emit-ops.js';
import { anyIsPlain, asI64, box, truth } from './emit-values.js';
import { cloneState, joinInto, Kind, type State } from './kinds.js';
import { Ins } from './wasm-writer.js';

// ── Blocks and structured control ──
export function block(p: Pass, blk: Block): void {
  p.blockId = blk.id;
  const st0 = p.states[blk.id];
  if (!st0) {
    p.b.op(Ins.unreachable); // never reached with a known state
    return;
  }
  const st = cloneState(st0);
  const b = p.b;
  const L = blk.end - blk.start;
  p.succSpan = p.spans.succ[blk.id] ?? 0;
  if (!p.analysing) {
    // The entry and each loop header check that the longest path to the next check fits in the
    // fuel; if not, the core runs those ops one by one (and stops exactly where the interpreter does).
    const loop = p.loopOf.get(blk.id);
    p.cur = loop && { loop, block: blk.id, charged: false, stepped: false };
    const span = p.spans.check[blk.id];
    if (span !== undefined && span > 0 && !p.opts.unlimitedFuel) {
      p.opsVal();
      b.get(p.lim(span)).op(Ins.i64GtS);
      b.if();
      exit(p, blk.start, st, 0, true);
      b.end();
    }
    // The block's ops, charged at once (a counted loop's base blocks are counted by its induction slot).
    if (L > 0 && !loop?.base.has(blk.id)) b.get(p.ops).i64(L).op(Ins.i64Add).set(p.ops);
    if (p.cur) p.cur.charged = true;
  }
  const t = blk.term;
  const last = t.kind === 'branch' || t.kind === 'jump' || t.kind === 'return' ? blk.end - 1 : blk.end;
  for (let ip = blk.start; ip < last; ip++) {
    if (!op(p, ip, st, L - (ip - blk.start))) return;
    if (p.cur && ip === p.cur.loop.stepIp) p.cur.stepped = true;
  }
  switch (t.kind) {
    case 'fall':
    case 'jump':
      return edge(p, blk, t.to, st);
    case 'exit':
      return exit(p, t.at, st, 0, t.at < p.cfg.nOps);
    case 'return':
      return ret(p, t.at, st);
    case 'branch':
      return branch(p, blk, t.op, t.taken, t.fall, st);
  }
}

/** A conditional op ending a block: its condition as i32 (taken when non-zero), then both edges. */
export function branch(p: Pass, blk: Block, ip: number, taken: number, fall: number, st: State): void {
  const b = p.b;
  const { cond, exitHere, after } = condition(p, ip, st);
  if (exitHere) return exit(p, ip, st, 1, true);
  if (p.analysing) {
    edge(p, blk, taken, after);
    edge(p, blk, fall, after);
    return;
  }
  cond();
  b.if();
  edge(p, blk, taken, cloneState(after));
  b.else();
  edge(p, blk, fall, cloneState(after));
  b.end();
}

/** The i32 condition of conditional op `ip` (taken when non-zero) and the state after it; exitHere
 *  when the core decides (a value compiled code does not test). May emit a guard that exits at `ip`. */
export function condition(p: Pass, ip: number, st: State, adj = 1): { cond: () => void; exitHere: boolean; after: State } {
  const b = p.b;
  const ins = p.chunk.ops[ip]!;
  const [a0, a1] = ins.args;
  const depth = st.stack.length;
  let cond: () => void;
  let exitHere = false;
  let after = st;
  switch (ins.op) {
    case 'JumpIfTrue':
    case 'JumpIfFalse':
    case 'JumpIfTrueKeep':
    case 'JumpIfFalseKeep': {
      const v: Val = depth > 0 ? p.top(st) : { kind: Kind.U, local: undefined };
      if (p.sub && depth === 0) exitHere = true;
      else if (v.kind === Kind.X && !p.analysing) {
        // A string, handle or container: the core decides.
        anyIsPlain(p, v.local!);
        b.op(Ins.i32Eqz);
        b.if();
        exit(p, ip, st, adj, true);
        b.end();
      }
      const keep = ins.op.endsWith('Keep');
      if (!keep) {
        after = cloneState(st);
        if (depth > 0) after.stack.pop();
      }
      const onTrue = ins.op.startsWith('JumpIfTrue');
      cond = () => {
        truth(p, v);
        if (!onTrue) b.op(Ins.i32Eqz);
      };
      break;
    }
    case 'SlotLtIntJumpIfFalse': {
      const k = Number(a0);
      const v = p.slotVal(st, k);
      if (v.kind === Kind.X) exitHere = true;
      cond = () => {
        asI64(p, v);
        b.i64(Number(a1)).op(Ins.i64GeS);
      };
      break;
    }
    case 'SlotIncLtIntJumpBack': {
      const k = Number(a0);
      const v = p.slotVal(st, k);
      if (v.kind === Kind.X) {
        exitHere = true;
        cond = () => {};
        break;
      }
      after = cloneState(st);
      after.slots[k] = Kind.I;
      after.dirty[k] = true;
      const li = p.slot(k, Kind.I)!;
      cond = () => {
        asI64(p, v);
        b.i64(1).op(Ins.i64Add).tee(li).i64(Number(a1)).op(Ins.i64LtS);
      };
      break;
    }
    default:
      throw new Error(`${ins.op} is not a conditional op the JIT knows`);
  }
  return { cond, exitHere, after };
}

/** Control from `from` to ip `to` with state `st`: join (analysis) or convert, then br or inline (emission). */
export function edge(p: Pass, from: Block, to: number, st: State): void {
  if (to >= p.cfg.nOps) return exit(p, to, st, 0, false);
  const id = p.cfg.at.get(to);
  // Off a trace's recorded path (cfg built with `keep`): a side exit, the core goes on there.
  if (id === undefined) return exit(p, to, st, 0, true);
  const target = p.cfg.blocks[id]!;
  if (p.analysing) {
    const cur = p.states[id];
    if (!cur) {
      p.states[id] = cloneState(st);
      p.changed = true;
      p.pending?.add(id);
    } else {
      const r = joinInto(cur, st);
      if (!r.ok) p.failed = true;
      if (r.changed) {
        p.changed = true;
        p.pending?.add(id);
      }
    }
    return;
  }
  convert(p, st, p.states[id]!);
  const inner = p.cur?.loop;
  if (inner && !inner.body.has(id)) {
    p.opsVal();
    p.b.set(p.ops);
  }
  const entering = p.loopOf.get(id);
  if (entering && entering.header === id && !entering.body.has(from.id)) p.b.get(p.slot(entering.slot, Kind.I)!).set(p.entrySlot(entering));
  if (target.rpo <= from.rpo) p.b.br(p.loops.get(id)!);
  else if (target.merge) p.b.br(p.follows.get(id)!);
  else {
    const here = p.cur;
    tree(p, target);
    p.cur = here; // the other edge of a branch is emitted in this block's terms
  }
}

/** Move values into the representation the target expects (only ever boxing into Any). */
export function convert(p: Pass, st: State, want: State): void {
  const b = p.b;
  for (let k = 0; k < st.slots.length; k++) {
    if (st.slots[k] === want.slots[k]) continue;
    box(p, p.slotVal(st, k));
    b.set(p.slot(k, Kind.X)!);
  }
  for (let d = 0; d < st.stack.length; d++) {
    if (st.stack[d] === want.stack[d]) continue;
    box(p, { kind: st.stack[d]!, local: p.stk(d, st.stack[d]!) });
    b.set(p.stk(d, Kind.X)!);
  }
}

/** Ramsey's doTree: a block, the blocks it dominates, and wasm blocks closing before its merge children. */
export function tree(p: Pass, x: Block): void {
  if (!p.states[x.id]) {
    p.b.op(Ins.unreachable);
    return;
  }
  const merges = x.domChildren.map((c) => p.cfg.blocks[c]!).filter((c) => c.merge).sort((p, q) => q.rpo - p.rpo);
  if (x.loopHeader) {
    p.loops.set(x.id, p.b.loop());
    within(p, x, merges, 0);
    p.b.end();
  } else within(p, x, merges, 0);
}
export function within(p: Pass, x: Block, merges: Block[], k: number): void {
  if (k === merges.length) return block(p, x);
  const y = merges[k]!;
  p.follows.set(y.id, p.b.block());
  within(p, x, merges, k + 1);
  p.b.end();
  tree(p, y);
}
