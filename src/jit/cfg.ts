// The control-flow graph of a chunk as compiled code sees it, from one entry:
// basic blocks, reverse postorder, dominators, loop headers and merge nodes —
// what the structured emitter needs to turn jumps into wasm blocks and loops.
// A graph that is not reducible is refused (null): wasm cannot express it
// without a dispatcher, and bytecode from structured frontends never is.

import type { Chunk } from '../chunk/chunk.js';
import { OP_SPECS } from '../ops/op.js';
import type { OpSpec } from '../ops/table.js';

/** How a block ends. */
export type Terminator =
  | { kind: 'fall'; to: number } //                   next block (or past the end)
  | { kind: 'jump'; to: number } //                   Jump
  | { kind: 'branch'; op: number; taken: number; fall: number } // a conditional op at ip `op`
  | { kind: 'exit'; at: number } //                   leave to the core before op `at` (a frame op)
  | { kind: 'return'; at: number }; //                Return/ReturnValue at ip `at`, the block's last op

export interface Block {
  readonly id: number;
  /** First op and one past the last op the block runs itself (a conditional terminator is inside). */
  readonly start: number;
  readonly end: number;
  readonly term: Terminator;
  /** Successor blocks by id; an edge to an ip past the chunk is an exit, not a block. */
  succs: number[];
  preds: number[];
  rpo: number;
  idom: number;
  loopHeader: boolean;
  /** Two or more forward predecessors: the structured emitter closes a wasm block before it. */
  merge: boolean;
  domChildren: number[];
}

export interface Cfg {
  readonly blocks: Block[];
  /** Block id by its first ip. */
  readonly at: Map<number, number>;
  /** Blocks in reverse postorder; order[0] is the entry. */
  readonly order: number[];
  readonly nOps: number;
}

const specs: OpSpec[] = [];
const specOf = (chunk: Chunk, ip: number): OpSpec => specs[ip] ?? OP_SPECS.get(chunk.ops[ip]!.op)!;

/** Where op `ip` may jump (its target operand), or undefined. Any target past
 *  the end (upstream takes any usize) is the end: the run finishes there. */
export function targetOf(chunk: Chunk, ip: number): number | undefined {
  const ins = chunk.ops[ip]!;
  const spec = OP_SPECS.get(ins.op)!;
  const k = spec.operands.findIndex((o) => o.kind === 'target');
  return k < 0 ? undefined : Math.min(Number(ins.args[k]!), chunk.ops.length);
}

/** The graph from `entry`; with `keep`, only the blocks whose first ip it accepts (a trace's recorded
 *  path): an edge to any other block is an exit to the core there (see emit-control.ts edge). */
export function buildCfg(chunk: Chunk, entry: number, keep?: (ip: number) => boolean): Cfg | null {
  const n = chunk.ops.length;
  // Leaders: the entry, jump targets and what follows a block's last op.
  const leader = new Uint8Array(n + 1);
  leader[entry] = 1;
  for (let ip = 0; ip < n; ip++) {
    const spec = specOf(chunk, ip);
    const t = targetOf(chunk, ip);
    if (t !== undefined && t < n && spec.jump !== undefined) leader[t] = 1;
    if (spec.jump !== undefined || spec.jit === 'exit') leader[ip + 1] = 1;
    if (spec.jit === 'exit') leader[ip] = 1;
  }
  const blocks: Block[] = [];
  const at = new Map<number, number>();
  const blockAt = (ip: number): number => {
    const known = at.get(ip);
    if (known !== undefined) return known;
    let end = ip;
    let term: Terminator;
    for (;;) {
      const spec = specOf(chunk, end);
      if (spec.jit === 'exit') {
        term = { kind: 'exit', at: end };
        break;
      }
      if (spec.jump === 'return') {
        term = { kind: 'return', at: end };
        end++;
        break;
      }
      if (spec.jump === 'always') {
        term = { kind: 'jump', to: targetOf(chunk, end)! };
        end++;
        break;
      }
      if (spec.jump === 'conditional') {
        term = { kind: 'branch', op: end, taken: targetOf(chunk, end)!, fall: end + 1 };
        end++;
        break;
      }
      end++;
      if (end >= n || leader[end]) {
        term = { kind: 'fall', to: end };
        break;
      }
    }
    const b: Block = { id: blocks.length, start: ip, end, term, succs: [], preds: [], rpo: -1, idom: -1, loopHeader: false, merge: false, domChildren: [] };
    blocks.push(b);
    at.set(ip, b.id);
    return b.id;
  };
  // Discover blocks reachable from the entry.
  const work = [blockAt(entry)];
  while (work.length) {
    const b = blocks[work.pop()!]!;
    const tos = b.term.kind === 'fall' || b.term.kind === 'jump' ? [b.term.to] : b.term.kind === 'branch' ? [b.term.taken, b.term.fall] : [];
    for (const to of tos) {
      if (to >= n || (keep !== undefined && !at.has(to) && !keep(to))) continue;
      const seen = at.has(to);
      const id = blockAt(to);
      if (!b.succs.includes(id)) b.succs.push(id);
      if (!seen) work.push(id);
    }
  }
  for (const b of blocks) for (const s of b.succs) blocks[s]!.preds.push(b.id);

  // Reverse postorder by an iterative DFS.
  const order: number[] = [];
  const state = new Uint8Array(blocks.length);
  const stack: [number, number][] = [[0, 0]];
  state[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const b = blocks[top[0]]!;
    if (top[1] < b.succs.length) {
      const s = b.succs[top[1]++]!;
      if (!state[s]) {
        state[s] = 1;
        stack.push([s, 0]);
      }
    } else {
      stack.pop();
      order.push(b.id);
    }
  }
  order.reverse();
  order.forEach((id, k) => (blocks[id]!.rpo = k));

  // Dominators (Cooper, Harvey, Kennedy: iterate to a fixpoint in RPO).
  const idom = new Int32Array(blocks.length).fill(-1);
  idom[order[0]!] = order[0]!;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (blocks[a]!.rpo > blocks[b]!.rpo) a = idom[a]!;
      while (blocks[b]!.rpo > blocks[a]!.rpo) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of order.slice(1)) {
      let d = -1;
      for (const p of blocks[id]!.preds) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
      if (d !== idom[id]) {
        idom[id] = d;
        changed = true;
      }
    }
  }
  const dominates = (a: number, b: number) => {
    for (;;) {
      if (a === b) return true;
      if (b === order[0]) return false;
      b = idom[b]!;
    }
  };
  for (const b of blocks) {
    b.idom = idom[b.id]!;
    let forward = 0;
    for (const p of b.preds) {
      if (blocks[p]!.rpo >= b.rpo) {
        // A back edge must go to a block that dominates its source, or the graph is irreducible.
        if (!dominates(b.id, p)) return null;
        b.loopHeader = true;
      } else forward++;
    }
    b.merge = forward >= 2;
    if (b.id !== order[0]) blocks[b.idom]!.domChildren.push(b.id);
  }
  return { blocks, at, order, nOps: n };
}
