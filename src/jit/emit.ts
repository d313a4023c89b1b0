// Compiles one entry of a chunk into a wasm function `() -> i32` that runs on
// the core's own memory: it checks the kinds at entry (guards), keeps slots and
// stack values unboxed in locals by kind, turns the chunk's jumps into wasm
// blocks and loops (Ramsey's "Beyond Relooper" over the dominator tree), and
// charges ops and fuel per basic block as the interpreter does per op.
// Each op is lowered one of three ways, as its `jit` field in the op table
// says: its own wasm for the kinds it specialises; the host-op path the core
// uses (state spilled to memory, `hostOp(ip)`, results reloaded), so the
// result is the interpreter's; or an exit to the core before it. Any exit
// writes the slots, stack, ip and op count back and returns 0: the core goes
// on from there as if it had run every op itself.
//
// This file is the driver (analysis to a fixpoint, then emission, and the
// entry's prologue); the rooms it drives: emit-pass.ts (the pass's state and
// locals), emit-control.ts (blocks, branches, edges, the dominator tree),
// emit-ops.ts and emit-numeric.ts (ops' own wasm), emit-any.ts (boxed operands),
// emit-values.ts (conversions, boxing), emit-exits.ts (spills, exits, the
// host-op path), emit-calls.ts and emit-inline.ts (calls, frames, inlining).

import type { Chunk } from '../chunk/chunk.js';
import { HEADER, STATUS, VALUE_BYTES } from '../core/abi.js';
import type { Cfg } from './cfg.js';
import { countedLoops } from './counted.js';
import { block, tree } from './emit-control.js';
import { fuelSpans, Pass } from './emit-pass.js';
import { isKind, unbox } from './emit-values.js';
import { Kind, cloneState, type State } from './kinds.js';
import type { PathOp } from './trace-record.js';
import { Ins, type FunctionBody, type Local } from './wasm-writer.js';

/** Type indices, in the compiled module, of the core's functions it calls through the module's own
 *  table (at the JIT_TABLE slots). Cold paths are inline rather than module functions of their own:
 *  V8 spends more compiling a function than its bytes. */
export interface JitImports {
  hostOp: number;
  boxInt: number;
}

/** Fuel past this is never reached (limits.fuel Infinity is i64 max in the header): no check can fail. */
const UNLIMITED_FUEL = 2n ** 62n;

/** What a compiled sub returns to its caller: the kind of the value it leaves, or nothing ('none'). */
export type Ret = Kind | 'none';
/** A compiled sub's function returns this to the compiled caller when it ran to its Return; any other
 *  value is the status to hand on to the core (the state is then all in memory, frames included). */
export const SUB_RETURNED = -1;

/** The module's sub functions, one per (entry ip, argument kinds), made on first request (null: none). */
export interface SubRegistry {
  request(entry: number, args: readonly Kind[], slotCount: number): { index: number; ret: Ret } | null;
}

/** How a function is entered: by the core at an entry ip (`main`), or by a compiled Call (`sub`, its
 *  arguments on top of the caller's stack, which stays below: depths are relative to spBase). */
export interface EmitOptions {
  subs?: SubRegistry;
  sub?: boolean;
  /** For runs whose fuel cannot run out (no limit, no interrupt slices): no fuel checks at all, and
   *  counted loops (counted.ts) keep no op counter in their bodies. Entered only with such fuel. */
  unlimitedFuel?: boolean;
  /** What the entry returns when its guard misses (default STATUS.done: the core runs on); a trace
   *  returns STATUS.hot, so the host at once looks for (or records) a variant for these kinds. */
  missStatus?: number;
  /** A trace: Calls inlined, along the recorded callee paths by call site, or a straight-line sub's
   *  body (leafBody); their frames made by the code itself. An empty path: a compiled call there. */
  inline?: ReadonlyMap<number, readonly PathOp[] | null>;
}

export interface EmitResult {
  body: FunctionBody;
  /** The kinds the entry guard checks (the root block's joined in-state). */
  entryState: State;
  /** The deepest stack the code may hold (checked against the core's stack region at entry). */
  maxDepth: number;
  /** Joined kinds at each loop header, by ip: the entry states of the functions entered there. */
  headerStates: Map<number, State>;
  /** A sub's function: what its Return/ReturnValue ops leave, joined (undefined: it never returns). */
  ret: Ret | undefined;
  /** Calls inlined into the code (opts.inline). */
  inlined: number;
  /** Exits inside inlined callees: where the core goes on, and the call site inlined there. */
  calleeExits: Map<number, number>;
}


/** Compile the function entered at `cfg`'s root with the kinds in `entry`; null when not compilable. */
export function emitEntry(chunk: Chunk, cfg: Cfg, entry: State, imports: JitImports, entryIp: number, maxRounds = 64, opts: EmitOptions = {}): EmitResult | null {
  // Analysis: kinds at every block's entry, joined to a fixpoint.
  const states: (State | undefined)[] = new Array(cfg.blocks.length);
  states[cfg.order[0]!] = cloneState(entry);
  // A worklist in reverse postorder: a block is gone through again only when its in-state changed
  // (joins only widen, so this ends; maxRounds bounds it as rounds over every block would).
  const a = new Pass(chunk, cfg, imports, true, states, opts);
  const pending = (a.pending = new Set([cfg.order[0]!]));
  const blocks = cfg.blocks;
  for (let steps = 0; pending.size > 0; steps++) {
    if (steps >= maxRounds * blocks.length) return null;
    let next = -1;
    for (const id of pending) if (next < 0 || blocks[id]!.rpo < blocks[next]!.rpo) next = id;
    pending.delete(next);
    block(a, blocks[next]!);
    if (a.failed) return null;
  }
  const maxDepth = Math.max(entry.stack.length, a.maxDepth);
  // What the Returns leave, from every state their blocks were gone through with (joined: one kind, or Any).
  const rets = a.returns;
  const hostWrites = a.hostWrites;
  const p = new Pass(chunk, cfg, imports, false, states, opts);
  p.spans = fuelSpans(cfg);
  if (opts.unlimitedFuel)
    for (const loop of countedLoops(chunk, cfg, states).values()) {
      if ([...loop.body].some((id) => hostWrites.has(id))) continue;
      for (const id of loop.body) p.loopOf.set(id, loop);
    }
  const root = cfg.blocks[cfg.order[0]!]!;
  const est = states[root.id]!;
  prologue(p, est, maxDepth, entryIp);
  const rootLoop = p.loopOf.get(root.id);
  if (rootLoop?.header === root.id) p.b.get(p.slot(rootLoop.slot, Kind.I)!).set(p.entrySlot(rootLoop));
  tree(p, root);
  p.b.op(Ins.unreachable);
  const headerStates = new Map<number, State>();
  for (const blk of cfg.blocks) if (blk.loopHeader && states[blk.id]) headerStates.set(blk.start, cloneState(states[blk.id]!));
  return { body: p.b, entryState: est, maxDepth: Math.max(maxDepth, p.maxDepth), headerStates, ret: joinRets(rets), inlined: p.inlined, calleeExits: p.calleeExits };
}

/** One kind for all of a sub's returns: the same kind, else Any; none at all when none returns a value. */
function joinRets(rets: Set<Ret>): Ret | undefined {
  if (rets.size === 0) return undefined;
  return rets.size === 1 ? [...rets][0] : Kind.X;
}

/** Bases from the header, guards on the kinds and heights the code was compiled for, unboxing into locals. */
function prologue(p: Pass, st: State, maxDepth: number, entryIp: number): void {
  const b = p.b;
  if (p.sub) {
    // A sub's arguments are the top of the stack the caller wrote: depth 0 is the first of them.
    b.i32(0).i32Load(HEADER.sp).i32(st.stack.length).op(Ins.i32Sub).set(p.spBase);
    b.i32(0).i32Load(HEADER.stack).get(p.spBase).i32(VALUE_BYTES).op(Ins.i32Mul).op(Ins.i32Add).set(p.stackBase);
  } else b.i32(0).i32Load(HEADER.stack).set(p.stackBase);
  b.i32(0).i32Load(HEADER.globals).set(p.globals);
  b.i32(0).i32Load(HEADER.pool).set(p.pool);
  // slots of the current frame: slots + (fp - 1) * slotsPerFrame * 8
  b.i32(0).i32Load(HEADER.fp).set(p.fp);
  b.i32(0).i32Load(HEADER.slotsPerFrame).i32(VALUE_BYTES).op(Ins.i32Mul).set(p.frameBytes);
  b.i32(0).i32Load(HEADER.slots).get(p.fp).i32(1).op(Ins.i32Sub).get(p.frameBytes).op(Ins.i32Mul).op(Ins.i32Add).set(p.slotsBase);
  const ok = b.block();
  const miss = b.block();
  if (p.sub) {
    // Its caller made the frame: the room on the stack and the arguments' kinds are left to check.
    p.spAt(maxDepth);
    b.i32(0).i32Load(HEADER.stackCap).op(Ins.i32GtS).brIf(miss);
  } else {
    b.i32(0).i32Load(HEADER.fp).i32(1).op(Ins.i32LtS).brIf(miss);
    b.i32(0).i32Load(HEADER.sp).i32(st.stack.length).op(Ins.i32Ne).brIf(miss);
    b.i32(maxDepth).i32(0).i32Load(HEADER.stackCap).op(Ins.i32GtS).brIf(miss);
  }
  // Code without fuel checks runs only where the fuel cannot run out.
  if (p.opts.unlimitedFuel) b.i32(0).i64Load(HEADER.fuel).i64(UNLIMITED_FUEL).op(Ins.i64LeS).brIf(miss);
  const check = (addr: Local, off: number, k: Kind) => {
    if (k === Kind.X) return;
    b.get(addr).i64Load(off).set(p.t64);
    isKind(p, k);
    b.op(Ins.i32Eqz).brIf(miss);
  };
  // A sub's slots are the fresh frame its caller made; its arguments are checked too, as an Int its
  // caller held unboxed may have been boxed as a handle (past the inline range).
  if (!p.sub) st.slots.forEach((k, i) => check(p.slotsBase, i * VALUE_BYTES, k));
  st.stack.forEach((k, d) => check(p.stackBase, d * VALUE_BYTES, k));
  b.br(ok);
  b.end();
  // A miss: count it where the host reads it, and let the core run.
  b.i32(0).i32Load(HEADER.jitMisses).set(p.r);
  b.get(p.r).get(p.r).i32Load(entryIp * 4).i32(1).op(Ins.i32Add).i32Store(entryIp * 4);
  b.i32(p.opts.missStatus ?? STATUS.done).return();
  b.end();
  const load = (addr: Local, off: number, k: Kind, into: Local | undefined) => {
    if (!into) return;
    b.get(addr).i64Load(off).set(p.t64);
    unbox(p, k);
    b.set(into);
  };
  st.slots.forEach((k, i) => load(p.slotsBase, i * VALUE_BYTES, k, p.slot(i, k)));
  st.stack.forEach((k, d) => load(p.stackBase, d * VALUE_BYTES, k, p.stk(d, k)));
  b.i32(0).i64Load(HEADER.ops).tee(p.ops).set(p.opsEntry);
  p.loadFuel();
  if (!p.sub) b.i32(0).i32(0).i32Load(HEADER.jitEntered).i32(1).op(Ins.i32Add).i32Store(HEADER.jitEntered);
}

