// The state of one pass of the emitter over a function (analysis or emission): its locals by
// (slot | stack depth, kind), the abstract stack of kinds, the header's bases and counters read at
// entry, the op count as counted loops derive it, and where fuel is checked (fuelSpans).

import type { Chunk } from '../chunk/chunk.js';
import { HEADER } from '../core/abi.js';
import type { Block, Cfg } from './cfg.js';
import type { CountedLoop } from './counted.js';
import type { EmitOptions, JitImports, Ret } from './emit.js';
import { Kind, type State } from './kinds.js';
import { FunctionBody, Ins, ValType, type Label, type Local } from './wasm-writer.js';

/** A value on the abstract stack or in a slot: its kind and the local holding it. */
export interface Val {
  kind: Kind;
  local: Local | undefined; // undefined for Undef
}

/** One pass over the function: analysis (kinds only, into a scratch body) or emission. */
export class Pass {
  readonly b: FunctionBody;
  readonly states: (State | undefined)[];
  failed = false;
  changed = false;
  /** Analysis: the blocks whose in-state changed and are to be gone through again. */
  pending: Set<number> | undefined;
  maxDepth = 0;
  /** Fuel spans (fuelSpans) and the current block's longest path on to the next check. */
  spans: FuelSpans = { check: [], succ: [], distinct: [] };
  succSpan = 0;
  /** fuel - span for each check's span, so a loop header compares once (set by loadFuel). */
  readonly #lims = new Map<number, Local>();
  lim(span: number): Local {
    let l = this.#lims.get(span);
    if (!l) this.#lims.set(span, (l = this.b.local(ValType.i64)));
    return l;
  }
  /** Read the fuel from the header (the host may lower it for a host op's work), and each check's limit. */
  loadFuel(): void {
    const b = this.b;
    b.i32(0).i64Load(HEADER.fuel).set(this.fuel);
    for (const span of this.spans.distinct) b.get(this.fuel).i64(span).op(Ins.i64Sub).set(this.lim(span));
  }
  readonly #slotLocals = new Map<number, Local>();
  readonly #stackLocals = new Map<number, Local>();
  /** The wasm labels a branch to a block takes (emit-control.ts): its loop, if a header, and the wasm
   *  block closing before it, if a merge point. */
  readonly loops = new Map<number, Label>();
  readonly follows = new Map<number, Label>();
  // Bases and counters, read from the header at entry.
  readonly stackBase: Local<typeof ValType.i32>;
  readonly slotsBase: Local<typeof ValType.i32>;
  readonly globals: Local<typeof ValType.i32>;
  readonly pool: Local<typeof ValType.i32>;
  readonly ops: Local<typeof ValType.i64>;
  readonly opsEntry: Local<typeof ValType.i64>;
  readonly fuel: Local<typeof ValType.i64>;
  readonly r: Local<typeof ValType.i32>;
  readonly t64: Local<typeof ValType.i64>;
  readonly fp: Local<typeof ValType.i32>;
  /** Bytes of one frame's slots. */
  readonly frameBytes: Local<typeof ValType.i32>;
  /** A sub's function: the core's sp under its depth 0 (its caller's stack is below). */
  readonly spBase: Local<typeof ValType.i32>;
  /** What the Returns of a sub's function leave (analysis). */
  readonly returns = new Set<Ret>();
  /** Calls inlined (opts.inline). */
  inlined = 0;
  /** An op inside an inlined callee ended the path (it left to the core): the Call's op ends it too. */
  ended = false;
  /** While lowering an inlined call: its call site. */
  inlineSite: number | undefined;
  /** Exits inside inlined callees: the ip the core goes on at, and the call site (trace-jit stops
   *  inlining a site whose exits get hot). */
  readonly calleeExits = new Map<number, number>();
  /** Blocks where an op runs through the host and so may rewrite any slot (analysis): every slot is boxed
   *  after it, so no counted loop may pass through them (its induction slot's Int local would go stale). */
  readonly hostWrites = new Set<number>();
  /** The block being lowered (emit-control.ts's block sets it; hostPath reads it). */
  blockId = -1;
  /** Counted loops (counted.ts) by block id of each block in them, and where the current block stands:
   *  its op count is derived there, so `ops` holds only what the loop's optional blocks added. */
  loopOf = new Map<number, CountedLoop>();
  readonly #entrySlot = new Map<CountedLoop, Local>();
  cur: { loop: CountedLoop; block: number; charged: boolean; stepped: boolean } | undefined;

  constructor(
    readonly chunk: Chunk,
    readonly cfg: Cfg,
    readonly imports: JitImports,
    readonly analysing: boolean,
    states: (State | undefined)[],
    readonly opts: EmitOptions = {},
  ) {
    this.b = new FunctionBody(0, analysing);
    this.states = states;
    const b = this.b;
    this.stackBase = b.local(ValType.i32);
    this.slotsBase = b.local(ValType.i32);
    this.globals = b.local(ValType.i32);
    this.pool = b.local(ValType.i32);
    this.ops = b.local(ValType.i64);
    this.opsEntry = b.local(ValType.i64);
    this.fuel = b.local(ValType.i64);
    this.r = b.local(ValType.i32);
    this.t64 = b.local(ValType.i64);
    this.fp = b.local(ValType.i32);
    this.frameBytes = b.local(ValType.i32);
    this.spBase = b.local(ValType.i32);
  }
  /** The induction slot's value when the loop was entered. */
  entrySlot(loop: CountedLoop): Local {
    let l = this.#entrySlot.get(loop);
    if (!l) this.#entrySlot.set(loop, (l = this.b.local(ValType.i64)));
    return l;
  }
  /** Push the op count `ops` would hold here if every block counted its own ops (see counted.ts). */
  opsVal(): void {
    const b = this.b;
    b.get(this.ops);
    const c = this.cur;
    if (!c) return;
    const L = c.loop;
    const base = L.base.has(c.block);
    const blk = this.cfg.blocks[c.block]!;
    // Iterations done: ±(slot − entry), less the one under way once the slot has stepped in it.
    const stepped = c.block === L.stepBlock ? c.stepped : L.offset.get(c.block)! > L.offset.get(L.stepBlock)!;
    const k = this.slot(L.slot, Kind.I)!;
    if (L.step === 1) b.get(k).get(this.entrySlot(L));
    else b.get(this.entrySlot(L)).get(k);
    b.op(Ins.i64Sub).i64(L.span).op(Ins.i64Mul).op(Ins.i64Add);
    const rest = L.offset.get(c.block)! + (base && c.charged ? blk.end - blk.start : 0) - (stepped ? L.span : 0);
    if (rest !== 0) b.i64(rest).op(Ins.i64Add);
  }
  get sub(): boolean {
    return this.opts.sub === true;
  }
  /** The core's sp for abstract depth d. */
  spAt(d: number): void {
    this.b.i32(d);
    if (this.sub) this.b.get(this.spBase).op(Ins.i32Add);
  }

  // ── Locals by (slot | depth, kind) ──
  #typeOf(k: Kind): ValType {
    return k === Kind.F ? ValType.f64 : k === Kind.B ? ValType.i32 : ValType.i64;
  }
  slot(k: number, kind: Kind): Local | undefined {
    if (kind === Kind.U) return undefined;
    const key = k * 8 + kind;
    let l = this.#slotLocals.get(key);
    if (!l) this.#slotLocals.set(key, (l = this.b.local(this.#typeOf(kind))));
    return l;
  }
  stk(d: number, kind: Kind): Local | undefined {
    if (kind === Kind.U) return undefined;
    const key = d * 8 + kind;
    let l = this.#stackLocals.get(key);
    if (!l) this.#stackLocals.set(key, (l = this.b.local(this.#typeOf(kind))));
    return l;
  }
  top(st: State, back = 0): Val {
    const d = st.stack.length - 1 - back;
    const kind = st.stack[d]!;
    return { kind, local: this.stk(d, kind) };
  }
  pop(st: State): Val {
    const v = this.top(st);
    st.stack.pop();
    return v;
  }
  /** Push a value of `kind`: the caller has its wasm value on the operand stack (nothing for Undef). */
  push(st: State, kind: Kind): void {
    const d = st.stack.length;
    st.stack.push(kind);
    if (d + 1 > this.maxDepth) this.maxDepth = d + 1;
    const l = this.stk(d, kind);
    if (l) this.b.set(l);
  }
  get(v: Val): void {
    if (v.local) this.b.get(v.local);
  }
  /** Slot k as it stands in `st`: its kind and its local for that kind. */
  slotVal(st: State, k: number): Val {
    return { kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) };
  }
  /** Set slot k to a value of `kind`, which the caller has on the wasm stack. */
  setSlot(st: State, k: number, kind: Kind): void {
    st.slots[k] = kind;
    st.dirty[k] = true;
    const l = this.slot(k, kind);
    if (l) this.b.set(l);
  }
}

/** Where fuel is checked: at the root and at loop headers (every cycle has one), each for the longest
 *  run of ops from there to the next check (`check`); `succ` is, per block, the longest run after it. */
export interface FuelSpans {
  check: (number | undefined)[];
  succ: number[];
  /** The different positive spans in `check`, each with its limit local. */
  distinct: number[];
}
export function fuelSpans(cfg: Cfg): FuelSpans {
  const checked = (b: Block) => b.id === cfg.order[0] || b.loopHeader;
  const from: number[] = [];
  const succ: number[] = [];
  // Blocks that are not checks form an acyclic graph: their spans in reverse RPO.
  for (const id of [...cfg.order].reverse()) {
    const b = cfg.blocks[id]!;
    let after = 0;
    for (const s of b.succs) if (!checked(cfg.blocks[s]!)) after = Math.max(after, from[s] ?? 0);
    succ[id] = after;
    from[id] = b.end - b.start + after;
  }
  const check: (number | undefined)[] = [];
  for (const b of cfg.blocks) if (checked(b)) check[b.id] = from[b.id];
  const distinct = [...new Set(check.filter((x): x is number => x !== undefined && x > 0))];
  return { check, succ, distinct };
}
