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

import type { Chunk } from '../chunk/chunk.js';
import { CANON_NAN_HI, FLOAT_LIMIT, FRAME_RECORD, HEADER, HOST_OP, INT_BITS, JIT_TABLE, STATUS, TAG, VALUE_BYTES } from '../core/abi.js';
import { OP_SPECS } from '../ops/op.js';
import type { OpSpec, StackCount } from '../ops/table.js';
import { Float } from '../values/value.js';
import { targetOf, type Block, type Cfg } from './cfg.js';
import { countedLoops, type CountedLoop } from './counted.js';
import { Kind, cloneState, joinInto, type State } from './kinds.js';
import { JIT_PARAMS } from './params.js';
import { inlinable, leafBody, straightPath } from './inline.js';
import type { PathOp } from './trace-record.js';
import { FunctionBody, Ins, ValType, type Label, type Local } from './wasm-writer.js';

/** Type indices, in the compiled module, of the core's functions it calls through the module's own
 *  table (at the JIT_TABLE slots). Cold paths are inline rather than module functions of their own:
 *  V8 spends more compiling a function than its bytes. */
export interface JitImports {
  hostOp: number;
  boxInt: number;
}

const SHIFT = BigInt(64 - INT_BITS);
const TAG_SHIFT = 48n;
const PAYLOAD = (1n << BigInt(INT_BITS)) - 1n;
const box = (hi: number) => BigInt.asIntN(64, BigInt(hi) << TAG_SHIFT);
const TAG_INT_BITS = box(TAG.int);
const TAG_BOOL_BITS = box(TAG.bool);
const UNDEF_BITS = box(TAG.undef);
const CANON_NAN = box(CANON_NAN_HI);
const FLOAT_LIMIT_BITS = box(FLOAT_LIMIT);
const NUMERIC = (k: Kind) => k !== Kind.X;
/** Fuel past this is never reached (limits.fuel Infinity is i64 max in the header): no check can fail. */
const UNLIMITED_FUEL = 2n ** 62n;

interface Val {
  kind: Kind;
  local: Local | undefined; // undefined for Undef
}

/** How many values a spec pops given its operands, or undefined when it depends on run-time state. */
function count(c: StackCount, args: readonly (number | bigint)[]): number | undefined {
  if (c === 'var') return undefined;
  if (typeof c === 'number') return c;
  return Number(args[c.operand]!) * (c.times ?? 1);
}

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

/** One pass over the function: analysis (kinds only, into a scratch body) or emission. */
class Pass {
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
  readonly #loops = new Map<number, Label>();
  readonly #follows = new Map<number, Label>();
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
  #blockId = -1;
  /** Counted loops (counted.ts) by block id of each block in them, and where the current block stands:
   *  its op count is derived there, so `ops` holds only what the loop's optional blocks added. */
  loopOf = new Map<number, CountedLoop>();
  readonly #entrySlot = new Map<CountedLoop, Local>();
  #cur: { loop: CountedLoop; block: number; charged: boolean; stepped: boolean } | undefined;

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
    const c = this.#cur;
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

  // ── Value conversions (upstream's to_float, to_int, truthiness, boxing) ──
  asF64(v: Val): void {
    const b = this.b;
    if (v.kind === Kind.F) b.get(v.local!);
    else if (v.kind === Kind.I) b.get(v.local!).op(Ins.f64ConvertI64S);
    else if (v.kind === Kind.B) b.get(v.local!).op(Ins.f64ConvertI32U);
    else b.f64(0);
  }
  asI64(v: Val): void {
    const b = this.b;
    if (v.kind === Kind.I) b.get(v.local!);
    else if (v.kind === Kind.F) b.get(v.local!).i64TruncSatF64();
    else if (v.kind === Kind.B) b.get(v.local!).op(Ins.i64ExtendI32U);
    else b.i64(0);
  }
  truth(v: Val): void {
    const b = this.b;
    if (v.kind === Kind.I) b.get(v.local!).op(Ins.i64Eqz).op(Ins.i32Eqz);
    else if (v.kind === Kind.F) b.get(v.local!).f64(0).op(Ins.f64Ne); // NaN is truthy
    else if (v.kind === Kind.B) b.get(v.local!);
    else if (v.kind === Kind.X) this.anyTruth(v.local!); // a plain value: the caller has checked
    else b.i32(0);
  }
  /** The core's boxed u64 for a value (an Int past the inline range becomes a host handle). */
  box(v: Val): void {
    const b = this.b;
    switch (v.kind) {
      case Kind.U:
        b.i64(UNDEF_BITS);
        return;
      case Kind.B:
        b.get(v.local!).op(Ins.i64ExtendI32U).i64(TAG_BOOL_BITS).op(Ins.i64Or);
        return;
      case Kind.X:
        b.get(v.local!);
        return;
      case Kind.F:
        b.get(v.local!).op(Ins.i64ReinterpretF64).i64(CANON_NAN).get(v.local!).get(v.local!).op(Ins.f64Eq).op(Ins.select);
        return;
      case Kind.I:
        this.boxInt(v.local!);
    }
  }
  /** An Int boxed as the core holds it: inline within the 48 bits, else an exact handle from the host. */
  boxInt(l: Local): void {
    const b = this.b;
    b.get(l).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS).get(l).op(Ins.i64Eq);
    b.if(ValType.i64);
    b.get(l).i64(PAYLOAD).op(Ins.i64And).i64(TAG_INT_BITS).op(Ins.i64Or);
    b.else();
    b.get(l).i32(JIT_TABLE.boxInt).callIndirect(this.imports.boxInt);
    b.end();
  }
  /** Push the unboxed value of kind `k` from the boxed u64 in t64. */
  unbox(k: Kind): void {
    const b = this.b;
    if (k === Kind.I) b.get(this.t64).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS);
    else if (k === Kind.F) b.get(this.t64).op(Ins.f64ReinterpretI64);
    else if (k === Kind.B) b.get(this.t64).op(Ins.i32WrapI64).i32(1).op(Ins.i32And);
    else if (k === Kind.X) b.get(this.t64);
  }
  /** i32: whether the boxed u64 in t64 is of kind k. */
  isKind(k: Kind): void {
    const b = this.b;
    if (k === Kind.F) b.get(this.t64).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
    else if (k === Kind.U) b.get(this.t64).i64(UNDEF_BITS).op(Ins.i64Eq);
    else if (k === Kind.X) b.i32(1);
    else b.get(this.t64).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(k === Kind.I ? TAG.int : TAG.bool).op(Ins.i64Eq);
  }
  // ── Boxed values (Any) on their fast paths: the interpreter's own order of cases ──
  /** i32: the boxed u64 in `l` is an inline Int. */
  anyIsInt(l: Local): void {
    this.b.get(l).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.int).op(Ins.i64Eq);
  }
  /** i32: the boxed u64 in `l` is a number the code converts itself (a Float, an inline Int, a Bool or Undef); strings, handles and containers are the host's. */
  anyIsPlain(l: Local): void {
    const b = this.b;
    b.get(l).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
    b.get(l).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.int).op(Ins.i64Eq).op(Ins.i32Or);
    b.get(l).i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.bool).op(Ins.i64Eq).op(Ins.i32Or);
    b.get(l).i64(UNDEF_BITS).op(Ins.i64Eq).op(Ins.i32Or);
  }
  /** f64 of a plain boxed value (to_float): the Float, the Int converted, a Bool as 0/1, Undef as 0. */
  anyAsF64(l: Local): void {
    const b = this.b;
    b.get(l).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
    b.if(ValType.f64);
    b.get(l).op(Ins.f64ReinterpretI64);
    b.else();
    this.anyIsInt(l);
    b.if(ValType.f64);
    b.get(l).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS).op(Ins.f64ConvertI64S);
    b.else();
    b.get(l).i64(1).op(Ins.i64And).op(Ins.f64ConvertI64U); // Bool's low bit; Undef's is 0
    b.end();
    b.end();
  }
  /** Truthiness of a plain boxed value: a Float non-zero (NaN too), an Int non-zero, a Bool true; Undef false. */
  anyTruth(l: Local): void {
    const b = this.b;
    b.get(l).i64(FLOAT_LIMIT_BITS).op(Ins.i64LtU);
    b.if(ValType.i32);
    b.get(l).op(Ins.f64ReinterpretI64).f64(0).op(Ins.f64Ne);
    b.else();
    this.anyIsInt(l);
    b.if(ValType.i32);
    b.get(l).i64(TAG_INT_BITS).op(Ins.i64Ne);
    b.else();
    b.get(l).op(Ins.i32WrapI64).i32(1).op(Ins.i32And);
    b.end();
    b.end();
  }
  /** Emit an i32 condition over operands, each either known (true/false) or tested at run time; undefined when all are known. */
  #all(parts: (boolean | (() => void))[]): boolean | (() => void) {
    if (parts.some((p) => p === false)) return false;
    const tests = parts.filter((p): p is () => void => typeof p === 'function');
    if (tests.length === 0) return true;
    return () => {
      tests.forEach((t, k) => {
        t();
        if (k > 0) this.b.op(Ins.i32And);
      });
    };
  }
  /** Add/Sub/Mul or a comparison with a boxed operand: two Ints wrap as i64 (the result boxed, a handle past the
   *  inline range), plain numbers go through f64, anything else through the host, as the interpreter's arith. */
  anyBinary(ip: number, st: State, adj: number, intOp: number, floatOp: number, compare: boolean): boolean {
    const b = this.b;
    const x = this.top(st, 1), y = this.top(st);
    const d = st.stack.length - 2;
    const isInt = (v: Val) => (v.kind === Kind.X ? () => this.anyIsInt(v.local!) : v.kind === Kind.I);
    const isPlain = (v: Val) => (v.kind === Kind.X ? () => this.anyIsPlain(v.local!) : true);
    const asI64 = (v: Val) => (v.kind === Kind.X ? b.get(v.local!).i64(SHIFT).op(Ins.i64Shl).i64(SHIFT).op(Ins.i64ShrS) : this.asI64(v));
    const asF64 = (v: Val) => (v.kind === Kind.X ? this.anyAsF64(v.local!) : this.asF64(v));
    const ints = this.#all([isInt(x), isInt(y)]);
    const plain = this.#all([isPlain(x), isPlain(y)]);
    const result = compare ? Kind.B : Kind.X;
    const rt = compare ? ValType.i32 : ValType.i64;
    if (this.analysing) {
      const slow = cloneState(st);
      this.hostPath(ip, slow, adj, true);
      st.stack.length = d;
      this.push(st, result);
      return true;
    }
    const intCase = () => {
      asI64(x);
      asI64(y);
      b.op(intOp);
      if (!compare) {
        b.set(this.t64);
        this.boxInt(this.t64);
      }
    };
    const floatCase = () => {
      asF64(x);
      asF64(y);
      b.op(floatOp);
      if (!compare) {
        const f = this.stk(d, Kind.F)!; // the result's depth: free as scratch
        b.set(f);
        this.box({ kind: Kind.F, local: f });
      }
    };
    const hostCase = () => {
      const slow = cloneState(st);
      this.hostPath(ip, slow, adj, true);
      b.get(this.stk(d, Kind.X)!);
      if (compare) b.op(Ins.i32WrapI64).i32(1).op(Ins.i32And); // the interpreter's comparisons give a Bool
    };
    const cond = (c: boolean | (() => void), then: () => void, otherwise: () => void) => {
      if (c === true) return then();
      if (c === false) return otherwise();
      c();
      b.if(rt);
      then();
      b.else();
      otherwise();
      b.end();
    };
    cond(ints, intCase, () => cond(plain, floatCase, hostCase));
    st.stack.length = d;
    this.push(st, result);
    return true;
  }

  /** i32: whether the boxed u64 on top of the wasm stack is a container (copying it is the host's job). */
  isContainerTop(): void {
    this.b.i64(TAG_SHIFT).op(Ins.i64ShrU).i64(TAG.container).op(Ins.i64Eq);
  }

  // ── Header and state traffic ──
  storeHeaderI32(field: number, value: () => void): void {
    this.b.i32(0);
    value();
    this.b.i32Store(field);
  }
  /** Write the slots that differ from memory and the whole stack into the core's regions. */
  spill(st: State): void {
    const b = this.b;
    for (let k = 0; k < st.slots.length; k++) {
      if (!st.dirty[k]) continue;
      b.get(this.slotsBase);
      this.box({ kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) });
      b.i64Store(k * VALUE_BYTES);
    }
    for (let d = 0; d < st.stack.length; d++) {
      b.get(this.stackBase);
      this.box({ kind: st.stack[d]!, local: this.stk(d, st.stack[d]!) });
      b.i64Store(d * VALUE_BYTES);
    }
    this.storeHeaderI32(HEADER.sp, () => this.spAt(st.stack.length));
    this.storeHeaderI32(HEADER.fp, () => b.get(this.fp));
  }
  /** Write ip (pushed by `ip`), the op count less `adj` ops charged ahead, this stretch's jitOps and exits. */
  leave(ip: () => void, adj: number, side: boolean): void {
    const b = this.b;
    b.i32(0);
    ip();
    b.i32Store(HEADER.ip);
    const done = () => {
      this.opsVal();
      if (adj !== 0) b.i64(adj).op(Ins.i64Sub);
    };
    b.i32(0);
    done();
    b.i64Store(HEADER.ops);
    b.i32(0).i32(0).i64Load(HEADER.jitOps);
    done();
    b.get(this.opsEntry).op(Ins.i64Sub).op(Ins.i64Add).i64Store(HEADER.jitOps);
    if (side) b.i32(0).i32(0).i32Load(HEADER.jitExits).i32(1).op(Ins.i32Add).i32Store(HEADER.jitExits);
  }
  /** Leave to the core before op `ip` with state `st`; `adj` ops of this block were charged ahead. */
  exit(ip: number, st: State, adj: number, side: boolean): void {
    if (this.analysing) return;
    if (this.inlineSite !== undefined) this.calleeExits.set(ip, this.inlineSite);
    this.spill(st);
    this.leave(() => this.b.i32(ip), adj, side);
    this.b.i32(STATUS.done).return();
  }

  /** Run op `ip` through the host, in place on the spilled state. Returns false when the path ends here. */
  hostPath(ip: number, st: State, adj: number, dynamic: boolean): boolean {
    const b = this.b;
    const spec = OP_SPECS.get(this.chunk.ops[ip]!.op)!;
    const args = this.chunk.ops[ip]!.args;
    if (spec.writesSlots && !dynamic) this.hostWrites.add(this.#blockId);
    const depth = st.stack.length;
    const pops = count(spec.pop, args);
    const pushes = count(spec.push, args);
    const base = pops === undefined ? 0 : depth - Math.min(depth, pops);
    const expected = pushes === undefined || pops === undefined ? -1 : base + pushes;
    if (!this.analysing) {
      this.spill(st);
      this.leave(() => b.i32(ip), adj, false);
      this.opsVal();
      b.i64(adj).op(Ins.i64Sub).set(this.opsEntry); // counted into jitOps already
      b.i32(ip).i32(JIT_TABLE.hostOp).callIndirect(this.imports.hostOp).set(this.r);
      // Not run (hand the run to the interpreter) or the run ended inside the op.
      b.get(this.r).i32(0).op(Ins.i32LtS);
      b.if();
      b.get(this.r).i32(HOST_OP.handOver).op(Ins.i32Eq);
      b.if();
      b.i32(STATUS.deopt).return(); // the header already says where and how many
      b.end();
      this.leave(() => b.i32(ip), adj - 1, false);
      b.i32(STATUS.hostStop).return();
      b.end();
      // Control went elsewhere, or the stack is not as the op's spec says: the core goes on from there.
      b.get(this.r).i32(ip + 1).op(Ins.i32Ne);
      if (expected >= 0) {
        b.i32(0).i32Load(HEADER.sp);
        this.spAt(expected);
        b.op(Ins.i32Ne).op(Ins.i32Or);
      }
      else b.i32(1).op(Ins.i32Or);
      b.if();
      this.leave(() => b.get(this.r), adj - 1, true);
      b.i32(STATUS.done).return();
      b.end();
    }
    if (expected < 0) return false;
    if (!dynamic) for (let k = 0; k < st.dirty.length; k++) st.dirty[k] = false;
    st.stack.length = base;
    for (let d = base; d < expected; d++) {
      if (!this.analysing) b.get(this.stackBase).i64Load(d * VALUE_BYTES);
      this.push(st, Kind.X);
    }
    if (spec.writesSlots) {
      for (let k = 0; k < st.slots.length; k++) {
        if (!this.analysing) b.get(this.slotsBase).i64Load(k * VALUE_BYTES).set(this.slot(k, Kind.X)!);
        st.slots[k] = Kind.X;
        if (!dynamic) st.dirty[k] = false;
      }
    }
    if (!this.analysing && (adj > 1 || this.succSpan > 0) && !this.opts.unlimitedFuel) {
      // The host may have charged fuel for the op's work: the rest, to the next check, must still fit.
      this.loadFuel();
      this.opsVal();
      b.i64(this.succSpan).op(Ins.i64Add).get(this.fuel).op(Ins.i64GtS);
      b.if();
      this.exit(ip + 1, st, adj - 1, true);
      b.end();
    }
    return true;
  }

  /** A value copied out of memory (GetSlot/GetVar/LoadConst/Dup of an Any): containers are copied by the host. */
  pushBoxedCopy(ip: number, st: State, adj: number, load: () => void): void {
    const b = this.b;
    if (this.analysing) {
      this.push(st, Kind.X);
      return;
    }
    load();
    b.tee(this.t64);
    this.isContainerTop();
    b.if();
    const slow = cloneState(st);
    this.hostPath(ip, slow, adj, true);
    b.else();
    b.get(this.t64);
    this.push(st, Kind.X);
    b.end();
  }

  // ── Calls ──
  /** Call of the sub registered for name `nameIdx` with `argc` arguments: a wasm call of the sub's function
   *  for these argument kinds, after writing what the core's Call writes (the state, the frame, Undef slots).
   *  False when compiled code does not make this call (no entry, too few values): the core does. */
  call(ip: number, nameIdx: number, argc: number, st: State, adj: number): boolean {
    const entry = this.chunk.findSub(nameIdx);
    const depth = st.stack.length;
    if (entry === undefined || entry >= this.chunk.ops.length || argc > depth || !this.opts.subs) return false;
    if (this.opts.inline && !this.sub) {
      const path = this.opts.inline.get(ip);
      if (path?.length === 0) return this.compiledCall(ip, entry, argc, st, adj); // a site given up on (trace-jit)
      if (path && inlinable(this.chunk, entry, path)) return this.inlinePath(ip, path, argc, st, adj);
      const end = leafBody(this.chunk, entry);
      if (end !== undefined) return this.inlinePath(ip, straightPath(entry, end), argc, st, adj);
    }
    return this.compiledCall(ip, entry, argc, st, adj);
  }
  compiledCall(ip: number, entry: number, argc: number, st: State, adj: number): boolean {
    const depth = st.stack.length;
    if (!this.opts.subs) return false;
    const fn = this.opts.subs.request(entry, st.stack.slice(depth - argc), st.slots.length);
    if (!fn) return false;
    const b = this.b;
    const base = depth - argc;
    if (!this.analysing) {
      this.spill(st);
      // Past the core's frame region the core (and the interpreter behind it) makes the call.
      b.get(this.fp).i32(0).i32Load(HEADER.frameCap).op(Ins.i32GeS);
      b.if();
      this.leave(() => b.i32(ip), adj, true);
      b.i32(STATUS.done).return();
      b.end();
      this.leave(() => b.i32(entry), adj - 1, false); // the Call itself has run
      b.i32(0).i32Load(HEADER.frames).get(this.fp).i32(FRAME_RECORD.bytes).op(Ins.i32Mul).op(Ins.i32Add).tee(this.r);
      b.i32(ip + 1).i32Store(FRAME_RECORD.returnIp);
      b.get(this.r);
      this.spAt(base);
      b.i32Store(FRAME_RECORD.stackBase);
      b.i32(0).get(this.fp).i32(1).op(Ins.i32Add).i32Store(HEADER.fp);
      b.get(this.slotsBase).get(this.frameBytes).op(Ins.i32Add).set(this.r);
      for (let k = 0; k < st.slots.length; k++) b.get(this.r).i64(UNDEF_BITS).i64Store(k * VALUE_BYTES);
      b.call(fn.index).tee(this.r).i32(SUB_RETURNED).op(Ins.i32Ne);
      b.if();
      b.get(this.r).return(); // it left to the core (or the run ended): everything is in memory
      b.end();
      // Back from its Return: the op count and fuel are the sub's; the rest of this block is charged ahead.
      b.i32(0).i64Load(HEADER.ops).tee(this.opsEntry).i64(adj - 1).op(Ins.i64Add).set(this.ops);
      this.loadFuel();
    }
    for (let k = 0; k < st.dirty.length; k++) st.dirty[k] = false;
    st.stack.length = base;
    const pushes = fn.ret === 'none' ? 0 : 1;
    if (!this.analysing) {
      // The sub left what it was compiled to leave (the sp, the value's kind), or the core goes on from here.
      b.i32(0).i32Load(HEADER.sp);
      this.spAt(base + pushes);
      b.op(Ins.i32Ne);
      if (pushes) {
        b.get(this.stackBase).i64Load(base * VALUE_BYTES).set(this.t64);
        this.isKind(fn.ret as Kind);
        b.op(Ins.i32Eqz).op(Ins.i32Or);
      }
      if ((adj > 1 || this.succSpan > 0) && !this.opts.unlimitedFuel) b.get(this.ops).i64(this.succSpan).op(Ins.i64Add).get(this.fuel).op(Ins.i64GtS).op(Ins.i32Or);
      b.if();
      this.leave(() => b.i32(ip + 1), adj - 1, true);
      b.i32(STATUS.done).return();
      b.end();
    }
    if (pushes) {
      const k = fn.ret as Kind;
      if (!this.analysing && k !== Kind.U) this.unbox(k);
      this.push(st, k);
    }
    return true;
  }

  /** A Call inlined along a callee path (the recorded one, or a straight-line sub's body): each frame
   *  written as the core's Call writes it (the caller's slots to memory, the frame record, the callee's
   *  slots Undef), the callee's ops lowered in line on the same abstract stack (its arguments are the
   *  caller's top values), a branch that goes another way than the path's a side exit at the untaken
   *  direction's op, each Return truncating the stack to its frame's base as the core's does and reading
   *  the caller's slots back. An exit inside finds every frame in the core's frame region, so the core
   *  goes on inside the callee. A Call from the deepest inlined frame (maxInlineDepth) is a compiled
   *  call. The path's ops are charged at the Call. */
  inlinePath(ip: number, path: readonly PathOp[], argc: number, st: State, adj: number): boolean {
    const b = this.b;
    const cap = JIT_PARAMS.maxInlineDepth;
    const m = path.reduce((n, e) => (e.depth <= cap ? n + 1 : n), 0);
    if (!this.analysing) {
      this.inlined++;
      // The frame region full (the core, and the interpreter behind it, makes the call and its error), or
      // the callee's ops not fitting in the fuel (the core runs them one by one): the core makes the call.
      b.get(this.fp).i32(0).i32Load(HEADER.frameCap).op(Ins.i32GeS);
      if (!this.opts.unlimitedFuel) {
        this.opsVal();
        b.i64(m + this.succSpan).op(Ins.i64Add).get(this.fuel).op(Ins.i64GtS).op(Ins.i32Or);
      }
      b.if();
      this.exit(ip, st, adj, true);
      b.end();
    }
    this.pushFrame(ip, st.stack.length - argc, st);
    if (!this.analysing) b.get(this.ops).i64(m).op(Ins.i64Add).set(this.ops);
    this.inlineSite = ip;
    try {
      return this.inlineOps(path, m, st, adj);
    } finally {
      this.inlineSite = undefined;
    }
  }
  inlineOps(path: readonly PathOp[], m: number, st: State, adj: number): boolean {
    const b = this.b;
    const cap = JIT_PARAMS.maxInlineDepth;
    let k = 0; // path ops run so far (those in line)
    const end = () => {
      this.ended = true;
      return true;
    };
    for (let i = 0; i < path.length; i++) {
      const e = path[i]!;
      if (e.depth > cap) continue; // inside a compiled call
      const at = m - k + adj - 1; // ops charged ahead of this one: its own, the path's rest, the caller's
      k++;
      const ins = this.chunk.ops[e.ip]!;
      const spec = OP_SPECS.get(ins.op)!;
      const next = path[i + 1];
      if (spec.jump === 'return') {
        this.popFrame(ins.op === 'ReturnValue', st);
        continue;
      }
      if (ins.op === 'Call') {
        const argcIn = Number(ins.args[1]);
        if (argcIn > st.stack.length) {
          this.exit(e.ip, st, at, true);
          return end();
        }
        if (e.depth < cap) {
          if (!this.analysing) {
            b.get(this.fp).i32(0).i32Load(HEADER.frameCap).op(Ins.i32GeS);
            b.if();
            this.exit(e.ip, st, at, true);
            b.end();
          }
          this.pushFrame(e.ip, st.stack.length - argcIn, st);
          continue;
        }
        if (!this.compiledCall(e.ip, next!.ip, argcIn, st, at)) {
          this.exit(e.ip, st, at, true);
          return end();
        }
        continue;
      }
      if (spec.jump === 'always') continue;
      if (spec.jump === 'conditional') {
        const { cond, exitHere, after } = this.condition(e.ip, st, at);
        if (exitHere) {
          this.exit(e.ip, st, at, true);
          return end();
        }
        const target = targetOf(this.chunk, e.ip)!;
        const taken = next!.ip === target;
        if (!this.analysing && target !== e.ip + 1) {
          // Not the path's way: a side exit at the other direction's op, this op run.
          cond();
          if (taken) b.op(Ins.i32Eqz);
          b.if();
          this.exit(taken ? e.ip + 1 : target, cloneState(after), at - 1, true);
          b.end();
        }
        if (after !== st) Object.assign(st, cloneState(after));
        continue;
      }
      if (!this.op(e.ip, st, at)) return end();
    }
    return true;
  }

  /** Open an inlined frame at a Call at `ip` (the core's Call: frame record, Undef slots; the caller's
   *  slots to memory first, since the callee's share their locals). */
  pushFrame(ip: number, base: number, st: State): void {
    const b = this.b;
    if (!this.analysing) {
      for (let k = 0; k < st.slots.length; k++) {
        if (!st.dirty[k]) continue;
        b.get(this.slotsBase);
        this.box({ kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) });
        b.i64Store(k * VALUE_BYTES);
      }
      b.i32(0).i32Load(HEADER.frames).get(this.fp).i32(FRAME_RECORD.bytes).op(Ins.i32Mul).op(Ins.i32Add).tee(this.r);
      b.i32(ip + 1).i32Store(FRAME_RECORD.returnIp);
      b.get(this.r);
      this.spAt(base);
      b.i32Store(FRAME_RECORD.stackBase);
      b.get(this.fp).i32(1).op(Ins.i32Add).set(this.fp);
      b.get(this.slotsBase).get(this.frameBytes).op(Ins.i32Add).set(this.slotsBase);
      for (let k = 0; k < st.slots.length; k++) b.get(this.slotsBase).i64(UNDEF_BITS).i64Store(k * VALUE_BYTES);
    }
    st.frames.push({ slots: st.slots, depth: base });
    st.slots = st.slots.map(() => Kind.U);
    st.dirty = st.dirty.map(() => false);
  }

  /** Back in the frame below (fp and the slots' base one frame down), its slots read back from memory
   *  into their locals, as the code left them there when it opened the frame above. */
  restoreCaller(f: { slots: Kind[] }, st: State): void {
    if (!this.analysing) {
      const b = this.b;
      b.get(this.fp).i32(1).op(Ins.i32Sub).set(this.fp);
      b.get(this.slotsBase).get(this.frameBytes).op(Ins.i32Sub).set(this.slotsBase);
      for (let k = 0; k < f.slots.length; k++) {
        const l = this.slot(k, f.slots[k]!);
        if (!l) continue;
        b.get(this.slotsBase).i64Load(k * VALUE_BYTES).set(this.t64);
        this.unbox(f.slots[k]!);
        b.set(l);
      }
    }
    st.slots = f.slots;
    st.dirty = f.slots.map(() => false);
  }

  /** Close the innermost inlined frame as the core's Return/ReturnValue does. */
  popFrame(withValue: boolean, st: State): void {
    const f = st.frames.pop()!;
    const v: Val | undefined = withValue ? (st.stack.length > 0 ? this.pop(st) : { kind: Kind.U, local: undefined }) : undefined;
    if (st.stack.length > f.depth) st.stack.length = f.depth;
    this.restoreCaller(f, st);
    if (v) {
      if (!this.analysing) this.get(v);
      this.push(st, v.kind);
    }
  }

  /** Return/ReturnValue ending a block. A sub's function leaves its frame as the core's Return does and
   *  gives SUB_RETURNED to its compiled caller; anywhere else (the base frame, a frame opened before this
   *  code or by PushFrame inside it) the core runs the op. */
  ret(ip: number, st: State): void {
    if (!this.sub || st.frames.length > 0) return this.exit(ip, st, 1, true);
    const withValue = this.chunk.ops[ip]!.op === 'ReturnValue';
    const v: Val | undefined = withValue ? (st.stack.length > 0 ? this.top(st) : { kind: Kind.U, local: undefined }) : undefined;
    if (this.analysing) {
      if (st.stack.length === 0 && withValue) {
        // ReturnValue on an empty sub stack pops the caller's value: the core's to do.
        this.returns.add(Kind.X);
        return;
      }
      this.returns.add(v ? v.kind : 'none');
      return;
    }
    if (withValue && st.stack.length === 0) return this.exit(ip, st, 1, true);
    const b = this.b;
    if (v) {
      b.get(this.stackBase);
      this.box(v);
      b.i64Store(0);
    }
    this.storeHeaderI32(HEADER.sp, () => this.spAt(v ? 1 : 0));
    this.storeHeaderI32(HEADER.fp, () => b.get(this.fp).i32(1).op(Ins.i32Sub));
    b.i32(0).get(this.ops).i64Store(HEADER.ops);
    b.i32(0).i32(0).i64Load(HEADER.jitOps).get(this.ops).get(this.opsEntry).op(Ins.i64Sub).op(Ins.i64Add).i64Store(HEADER.jitOps);
    b.i32(SUB_RETURNED).return();
  }

  // ── Ops ──
  /** Lower the op at `ip` (not a block terminator). Returns false when the path ends. */
  op(ip: number, st: State, adj: number): boolean {
    const ins = this.chunk.ops[ip]!;
    const spec = OP_SPECS.get(ins.op)!;
    if (spec.jit === 'native' && this.native(ip, ins.op, ins.args, spec, st, adj)) {
      if (!this.ended) return true;
      this.ended = false;
      return false;
    }
    if (spec.frames) {
      // A frame op compiled code cannot do itself (a frame it did not open): the core does it.
      this.exit(ip, st, adj, true);
      return false;
    }
    return this.hostPath(ip, st, adj, false);
  }

  /** The op's own wasm; false when the kinds or stack height are not ones it specialises (the host runs it). */
  native(ip: number, name: string, args: readonly (number | bigint)[], spec: OpSpec, st: State, adj: number): boolean {
    const b = this.b;
    const depth = st.stack.length;
    const a0 = args[0];
    // In a sub's function the caller's values lie under depth 0: what an op does on a short
    // stack is the host's to do there, on the whole stack.
    if (this.sub && name !== 'Call') {
      const pops = count(spec.pop, args);
      if (pops === undefined || pops > depth) return false;
    }
    const slotVal = (k: number): Val => ({ kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) });
    const setSlot = (k: number, kind: Kind) => {
      // the value is on the wasm stack
      st.slots[k] = kind;
      st.dirty[k] = true;
      const l = this.slot(k, kind);
      if (l) b.set(l);
    };
    switch (name) {
      case 'Nop':
        return true;
      case 'LoadInt':
        b.i64(a0!);
        this.push(st, Kind.I);
        return true;
      case 'LoadFloat':
        b.f64(Number(a0));
        this.push(st, Kind.F);
        return true;
      case 'LoadTrue':
      case 'LoadFalse':
        b.i32(name === 'LoadTrue' ? 1 : 0);
        this.push(st, Kind.B);
        return true;
      case 'LoadUndef':
        this.push(st, Kind.U);
        return true;
      case 'LoadConst': {
        const k = Number(a0);
        if (k >= this.chunk.constants.length) return false;
        const c = this.chunk.constants[k];
        if (typeof c === 'number' || typeof c === 'bigint') {
          b.i64(c);
          this.push(st, Kind.I);
        } else if (c instanceof Float) {
          b.f64(c.value);
          this.push(st, Kind.F);
        } else if (typeof c === 'boolean') {
          b.i32(c ? 1 : 0);
          this.push(st, Kind.B);
        } else if (c === undefined) this.push(st, Kind.U);
        else this.pushBoxedCopy(ip, st, adj, () => b.get(this.pool).i64Load(k * VALUE_BYTES));
        return true;
      }
      case 'Pop':
        if (depth > 0) st.stack.pop();
        return true;
      case 'PushFrame': {
        if (this.analysing) {
          st.frames.push({ slots: st.slots, depth });
        } else {
          // Past the core's frame region the core (and the interpreter behind it) takes the frame.
          b.get(this.fp).i32(0).i32Load(HEADER.frameCap).op(Ins.i32GeS);
          b.if();
          this.exit(ip, st, adj, true);
          b.end();
          b.i32(0).i32Load(HEADER.frames).get(this.fp).i32(FRAME_RECORD.bytes).op(Ins.i32Mul).op(Ins.i32Add).tee(this.r);
          b.i32(ip + 1).i32Store(FRAME_RECORD.returnIp);
          b.get(this.r);
          this.spAt(depth);
          b.i32Store(FRAME_RECORD.stackBase);
          // The frame left behind keeps its slots in memory; the new one starts all Undef.
          for (let k = 0; k < st.slots.length; k++) {
            if (!st.dirty[k]) continue;
            b.get(this.slotsBase);
            this.box({ kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) });
            b.i64Store(k * VALUE_BYTES);
          }
          st.frames.push({ slots: st.slots, depth });
          b.get(this.fp).i32(1).op(Ins.i32Add).set(this.fp);
          b.get(this.slotsBase).get(this.frameBytes).op(Ins.i32Add).set(this.slotsBase);
          for (let k = 0; k < st.slots.length; k++) b.get(this.slotsBase).i64(UNDEF_BITS).i64Store(k * VALUE_BYTES);
        }
        st.slots = st.slots.map(() => Kind.U);
        st.dirty = st.dirty.map(() => false);
        return true;
      }
      case 'PopFrame': {
        const f = st.frames.pop();
        if (!f) return false; // a frame opened before this code: the core closes it
        this.restoreCaller(f, st);
        if (st.stack.length > f.depth) st.stack.length = f.depth;
        return true;
      }
      case 'Call':
        return this.call(ip, Number(a0), Number(args[1]), st, adj);
      case 'Dup': {
        if (depth === 0) {
          this.push(st, Kind.U);
          return true;
        }
        const v = this.top(st);
        if (v.kind === Kind.X) this.pushBoxedCopy(ip, st, adj, () => this.get(v));
        else {
          this.get(v);
          this.push(st, v.kind);
        }
        return true;
      }
      case 'Dup2': {
        if (depth < 2) return true;
        const x = this.top(st, 1), y = this.top(st);
        if (x.kind === Kind.X || y.kind === Kind.X) return false;
        this.get(x);
        this.push(st, x.kind);
        this.get(y);
        this.push(st, y.kind);
        return true;
      }
      case 'Swap': {
        if (depth < 2) return true;
        const y = this.pop(st), x = this.pop(st);
        this.get(x);
        this.get(y);
        // y is on top of the wasm stack: it goes lower
        const ly = this.stk(depth - 2, y.kind), lx = this.stk(depth - 1, x.kind);
        if (ly) b.set(ly);
        if (lx) b.set(lx);
        st.stack.push(y.kind, x.kind);
        return true;
      }
      case 'Rot': {
        if (depth < 3) return true;
        const z = this.pop(st), y = this.pop(st), x = this.pop(st);
        this.get(y);
        this.get(z);
        this.get(x);
        const lx = this.stk(depth - 1, x.kind), lz = this.stk(depth - 2, z.kind), ly = this.stk(depth - 3, y.kind);
        if (lx) b.set(lx);
        if (lz) b.set(lz);
        if (ly) b.set(ly);
        st.stack.push(y.kind, z.kind, x.kind);
        return true;
      }
      case 'GetSlot': {
        const v = slotVal(Number(a0));
        if (v.kind === Kind.X) this.pushBoxedCopy(ip, st, adj, () => this.get(v));
        else {
          this.get(v);
          this.push(st, v.kind);
        }
        return true;
      }
      case 'SetSlot': {
        const v: Val = depth > 0 ? this.pop(st) : { kind: Kind.U, local: undefined };
        this.get(v);
        setSlot(Number(a0), v.kind);
        return true;
      }
      case 'GetVar': {
        const k = Number(a0);
        if (k >= this.chunk.names.length) return false;
        this.pushBoxedCopy(ip, st, adj, () => b.get(this.globals).i64Load(k * VALUE_BYTES));
        return true;
      }
      case 'SetVar':
      case 'DeclareVar': {
        const k = Number(a0);
        if (k >= this.chunk.names.length) return false;
        const v: Val = depth > 0 ? this.pop(st) : { kind: Kind.U, local: undefined };
        b.get(this.globals);
        this.box(v);
        b.i64Store(k * VALUE_BYTES);
        return true;
      }
      case 'Add':
      case 'Sub':
      case 'Mul': {
        if (depth < 2) return true; // upstream: a no-op on a short stack
        const x = this.top(st, 1), y = this.top(st);
        if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) {
          const [io, fo] = name === 'Add' ? [Ins.i64Add, Ins.f64Add] : name === 'Sub' ? [Ins.i64Sub, Ins.f64Sub] : [Ins.i64Mul, Ins.f64Mul];
          return this.anyBinary(ip, st, adj, io, fo, false);
        }
        st.stack.length -= 2;
        if (x.kind === Kind.I && y.kind === Kind.I) {
          this.get(x);
          this.get(y);
          b.op(name === 'Add' ? Ins.i64Add : name === 'Sub' ? Ins.i64Sub : Ins.i64Mul);
          this.push(st, Kind.I);
        } else {
          this.asF64(x);
          this.asF64(y);
          b.op(name === 'Add' ? Ins.f64Add : name === 'Sub' ? Ins.f64Sub : Ins.f64Mul);
          this.push(st, Kind.F);
        }
        return true;
      }
      case 'Div': {
        if (depth < 2) return false;
        const x = this.top(st, 1), y = this.top(st);
        if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
        if (!this.analysing) {
          // A zero divisor gives Undef: the core runs that case.
          this.asF64(y);
          b.f64(0).op(Ins.f64Eq);
          b.if();
          this.exit(ip, st, adj, true);
          b.end();
        }
        st.stack.length -= 2;
        this.asF64(x);
        this.asF64(y);
        b.op(Ins.f64Div);
        this.push(st, Kind.F);
        return true;
      }
      case 'Mod': {
        if (depth < 2) return true;
        const x = this.top(st, 1), y = this.top(st);
        if (x.kind !== Kind.I || y.kind !== Kind.I) return false;
        st.stack.length -= 2;
        // Truncating i64 remainder; 0 for a zero divisor and for -1 (MIN % -1 would trap).
        this.get(y);
        b.i64(1).op(Ins.i64Add).i64(1).op(Ins.i64LeU);
        b.if(ValType.i64);
        b.i64(0);
        b.else();
        this.get(x);
        this.get(y);
        b.op(Ins.i64RemS);
        b.end();
        this.push(st, Kind.I);
        return true;
      }
      case 'Negate': {
        if (depth === 0) return false;
        const v = this.top(st);
        if (!NUMERIC(v.kind)) return false;
        st.stack.pop();
        if (v.kind === Kind.I) {
          b.i64(0);
          this.get(v);
          b.op(Ins.i64Sub);
          this.push(st, Kind.I);
        } else {
          this.asF64(v);
          b.op(Ins.f64Neg);
          this.push(st, Kind.F);
        }
        return true;
      }
      case 'Inc':
      case 'Dec':
      case 'BitNot':
      case 'AbsInt':
      case 'TruncInt': {
        if (depth === 0) return false;
        const v = this.top(st);
        if (!NUMERIC(v.kind)) return false;
        st.stack.pop();
        if (name === 'AbsInt') {
          this.asI64(v);
          b.set(this.t64);
          b.i64(0).get(this.t64).op(Ins.i64Sub).get(this.t64).get(this.t64).i64(0).op(Ins.i64LtS).op(Ins.select);
        } else {
          this.asI64(v);
          if (name === 'Inc') b.i64(1).op(Ins.i64Add);
          else if (name === 'Dec') b.i64(1).op(Ins.i64Sub);
          else if (name === 'BitNot') b.i64(-1).op(Ins.i64Xor);
        }
        this.push(st, Kind.I);
        return true;
      }
      case 'SqrtFloat':
      case 'AbsFloat':
      case 'CeilFloat':
      case 'FloorFloat':
      case 'TruncFloat': {
        if (depth === 0) return false;
        const v = this.top(st);
        if (!NUMERIC(v.kind)) return false;
        st.stack.pop();
        this.asF64(v);
        b.op({ SqrtFloat: Ins.f64Sqrt, AbsFloat: Ins.f64Abs, CeilFloat: Ins.f64Ceil, FloorFloat: Ins.f64Floor, TruncFloat: Ins.f64Trunc }[name]);
        this.push(st, Kind.F);
        return true;
      }
      case 'NumEq':
      case 'NumNe':
      case 'NumLt':
      case 'NumGt':
      case 'NumLe':
      case 'NumGe':
      case 'Spaceship': {
        if (depth < 2) return true;
        const x = this.top(st, 1), y = this.top(st);
        if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) {
          if (name === 'Spaceship') return false;
          const ops = { NumEq: [Ins.i64Eq, Ins.f64Eq], NumNe: [Ins.i64Ne, Ins.f64Ne], NumLt: [Ins.i64LtS, Ins.f64Lt], NumGt: [Ins.i64GtS, Ins.f64Gt], NumLe: [Ins.i64LeS, Ins.f64Le], NumGe: [Ins.i64GeS, Ins.f64Ge] }[name];
          return this.anyBinary(ip, st, adj, ops[0]!, ops[1]!, true);
        }
        st.stack.length -= 2;
        const ints = x.kind === Kind.I && y.kind === Kind.I;
        const load = () => {
          if (ints) {
            this.get(x);
            this.get(y);
          } else {
            this.asF64(x);
            this.asF64(y);
          }
        };
        if (name === 'Spaceship') {
          load();
          b.op(ints ? Ins.i64GtS : Ins.f64Gt);
          load();
          b.op(ints ? Ins.i64LtS : Ins.f64Lt);
          b.op(Ins.i32Sub).op(Ins.i64ExtendI32S);
          this.push(st, Kind.I);
          return true;
        }
        load();
        const table = ints
          ? { NumEq: Ins.i64Eq, NumNe: Ins.i64Ne, NumLt: Ins.i64LtS, NumGt: Ins.i64GtS, NumLe: Ins.i64LeS, NumGe: Ins.i64GeS }
          : { NumEq: Ins.f64Eq, NumNe: Ins.f64Ne, NumLt: Ins.f64Lt, NumGt: Ins.f64Gt, NumLe: Ins.f64Le, NumGe: Ins.f64Ge };
        b.op(table[name]);
        this.push(st, Kind.B);
        return true;
      }
      case 'LogNot': {
        if (depth === 0) return false;
        const v = this.top(st);
        if (!NUMERIC(v.kind)) return false;
        st.stack.pop();
        this.truth(v);
        b.op(Ins.i32Eqz);
        this.push(st, Kind.B);
        return true;
      }
      case 'LogAnd':
      case 'LogOr': {
        if (depth < 2) return false;
        const x = this.top(st, 1), y = this.top(st);
        if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
        st.stack.length -= 2;
        this.truth(x);
        this.truth(y);
        b.op(name === 'LogAnd' ? Ins.i32And : Ins.i32Or);
        this.push(st, Kind.B);
        return true;
      }
      case 'BitAnd':
      case 'BitOr':
      case 'BitXor':
      case 'Shl':
      case 'Shr': {
        if (depth < 2) return false;
        const x = this.top(st, 1), y = this.top(st);
        if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
        st.stack.length -= 2;
        this.asI64(x);
        this.asI64(y);
        // wasm masks shift counts by 63, as upstream's `b & 63`
        b.op({ BitAnd: Ins.i64And, BitOr: Ins.i64Or, BitXor: Ins.i64Xor, Shl: Ins.i64Shl, Shr: Ins.i64ShrS }[name]);
        this.push(st, Kind.I);
        return true;
      }
      case 'PreIncSlot':
      case 'PreIncSlotVoid':
      case 'PreDecSlot':
      case 'PostIncSlot':
      case 'PostDecSlot': {
        const k = Number(a0);
        const v = slotVal(k);
        if (!NUMERIC(v.kind)) return false;
        const dec = name === 'PreDecSlot' || name === 'PostDecSlot';
        this.asI64(v);
        b.set(this.t64);
        b.get(this.t64).i64(1).op(dec ? Ins.i64Sub : Ins.i64Add);
        setSlot(k, Kind.I);
        if (name === 'PreIncSlot' || name === 'PreDecSlot') {
          b.get(this.slot(k, Kind.I)!);
          this.push(st, Kind.I);
        } else if (name !== 'PreIncSlotVoid') {
          b.get(this.t64);
          this.push(st, Kind.I);
        }
        return true;
      }
      case 'AddAssignSlotVoid': {
        const x = slotVal(Number(a0)), y = slotVal(Number(args[1]));
        if (!NUMERIC(x.kind) || !NUMERIC(y.kind)) return false;
        this.asI64(x);
        this.asI64(y);
        b.op(Ins.i64Add);
        setSlot(Number(a0), Kind.I);
        return true;
      }
    }
    void spec;
    return false;
  }

  // ── Blocks and structured control ──
  block(blk: Block): void {
    this.#blockId = blk.id;
    const st0 = this.states[blk.id];
    if (!st0) {
      this.b.op(Ins.unreachable); // never reached with a known state
      return;
    }
    const st = cloneState(st0);
    const b = this.b;
    const L = blk.end - blk.start;
    this.succSpan = this.spans.succ[blk.id] ?? 0;
    if (!this.analysing) {
      // The entry and each loop header check that the longest path to the next check fits in the
      // fuel; if not, the core runs those ops one by one (and stops exactly where the interpreter does).
      const loop = this.loopOf.get(blk.id);
      this.#cur = loop && { loop, block: blk.id, charged: false, stepped: false };
      const span = this.spans.check[blk.id];
      if (span !== undefined && span > 0 && !this.opts.unlimitedFuel) {
        this.opsVal();
        b.get(this.lim(span)).op(Ins.i64GtS);
        b.if();
        this.exit(blk.start, st, 0, true);
        b.end();
      }
      // The block's ops, charged at once (a counted loop's base blocks are counted by its induction slot).
      if (L > 0 && !loop?.base.has(blk.id)) b.get(this.ops).i64(L).op(Ins.i64Add).set(this.ops);
      if (this.#cur) this.#cur.charged = true;
    }
    const t = blk.term;
    const last = t.kind === 'branch' || t.kind === 'jump' || t.kind === 'return' ? blk.end - 1 : blk.end;
    for (let ip = blk.start; ip < last; ip++) {
      if (!this.op(ip, st, L - (ip - blk.start))) return;
      if (this.#cur && ip === this.#cur.loop.stepIp) this.#cur.stepped = true;
    }
    switch (t.kind) {
      case 'fall':
      case 'jump':
        return this.edge(blk, t.to, st);
      case 'exit':
        return this.exit(t.at, st, 0, t.at < this.cfg.nOps);
      case 'return':
        return this.ret(t.at, st);
      case 'branch':
        return this.branch(blk, t.op, t.taken, t.fall, st);
    }
  }

  /** A conditional op ending a block: its condition as i32 (taken when non-zero), then both edges. */
  branch(blk: Block, ip: number, taken: number, fall: number, st: State): void {
    const b = this.b;
    const { cond, exitHere, after } = this.condition(ip, st);
    if (exitHere) return this.exit(ip, st, 1, true);
    if (this.analysing) {
      this.edge(blk, taken, after);
      this.edge(blk, fall, after);
      return;
    }
    cond();
    b.if();
    this.edge(blk, taken, cloneState(after));
    b.else();
    this.edge(blk, fall, cloneState(after));
    b.end();
  }

  /** The i32 condition of conditional op `ip` (taken when non-zero) and the state after it; exitHere
   *  when the core decides (a value compiled code does not test). May emit a guard that exits at `ip`. */
  condition(ip: number, st: State, adj = 1): { cond: () => void; exitHere: boolean; after: State } {
    const b = this.b;
    const ins = this.chunk.ops[ip]!;
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
        const v: Val = depth > 0 ? this.top(st) : { kind: Kind.U, local: undefined };
        if (this.sub && depth === 0) exitHere = true;
        else if (v.kind === Kind.X && !this.analysing) {
          // A string, handle or container: the core decides.
          this.anyIsPlain(v.local!);
          b.op(Ins.i32Eqz);
          b.if();
          this.exit(ip, st, adj, true);
          b.end();
        }
        const keep = ins.op.endsWith('Keep');
        if (!keep) {
          after = cloneState(st);
          if (depth > 0) after.stack.pop();
        }
        const onTrue = ins.op.startsWith('JumpIfTrue');
        cond = () => {
          this.truth(v);
          if (!onTrue) b.op(Ins.i32Eqz);
        };
        break;
      }
      case 'SlotLtIntJumpIfFalse': {
        const k = Number(a0);
        const v: Val = { kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) };
        if (v.kind === Kind.X) exitHere = true;
        cond = () => {
          this.asI64(v);
          b.i64(Number(a1)).op(Ins.i64GeS);
        };
        break;
      }
      case 'SlotIncLtIntJumpBack': {
        const k = Number(a0);
        const v: Val = { kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) };
        if (v.kind === Kind.X) {
          exitHere = true;
          cond = () => {};
          break;
        }
        after = cloneState(st);
        after.slots[k] = Kind.I;
        after.dirty[k] = true;
        const li = this.slot(k, Kind.I)!;
        cond = () => {
          this.asI64(v);
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
  edge(from: Block, to: number, st: State): void {
    if (to >= this.cfg.nOps) return this.exit(to, st, 0, false);
    const id = this.cfg.at.get(to);
    // Off a trace's recorded path (cfg built with `keep`): a side exit, the core goes on there.
    if (id === undefined) return this.exit(to, st, 0, true);
    const target = this.cfg.blocks[id]!;
    if (this.analysing) {
      const cur = this.states[id];
      if (!cur) {
        this.states[id] = cloneState(st);
        this.changed = true;
        this.pending?.add(id);
      } else {
        const r = joinInto(cur, st);
        if (!r.ok) this.failed = true;
        if (r.changed) {
          this.changed = true;
          this.pending?.add(id);
        }
      }
      return;
    }
    this.convert(st, this.states[id]!);
    const inner = this.#cur?.loop;
    if (inner && !inner.body.has(id)) {
      this.opsVal();
      this.b.set(this.ops);
    }
    const entering = this.loopOf.get(id);
    if (entering && entering.header === id && !entering.body.has(from.id)) this.b.get(this.slot(entering.slot, Kind.I)!).set(this.entrySlot(entering));
    if (target.rpo <= from.rpo) this.b.br(this.#loops.get(id)!);
    else if (target.merge) this.b.br(this.#follows.get(id)!);
    else {
      const here = this.#cur;
      this.tree(target);
      this.#cur = here; // the other edge of a branch is emitted in this block's terms
    }
  }

  /** Move values into the representation the target expects (only ever boxing into Any). */
  convert(st: State, want: State): void {
    const b = this.b;
    for (let k = 0; k < st.slots.length; k++) {
      if (st.slots[k] === want.slots[k]) continue;
      this.box({ kind: st.slots[k]!, local: this.slot(k, st.slots[k]!) });
      b.set(this.slot(k, Kind.X)!);
    }
    for (let d = 0; d < st.stack.length; d++) {
      if (st.stack[d] === want.stack[d]) continue;
      this.box({ kind: st.stack[d]!, local: this.stk(d, st.stack[d]!) });
      b.set(this.stk(d, Kind.X)!);
    }
  }

  /** Ramsey's doTree: a block, the blocks it dominates, and wasm blocks closing before its merge children. */
  tree(x: Block): void {
    if (!this.states[x.id]) {
      this.b.op(Ins.unreachable);
      return;
    }
    const merges = x.domChildren.map((c) => this.cfg.blocks[c]!).filter((c) => c.merge).sort((p, q) => q.rpo - p.rpo);
    if (x.loopHeader) {
      this.#loops.set(x.id, this.b.loop());
      this.within(x, merges, 0);
      this.b.end();
    } else this.within(x, merges, 0);
  }
  within(x: Block, merges: Block[], k: number): void {
    if (k === merges.length) return this.block(x);
    const y = merges[k]!;
    this.#follows.set(y.id, this.b.block());
    this.within(x, merges, k + 1);
    this.b.end();
    this.tree(y);
  }
}

/** Where fuel is checked: at the root and at loop headers (every cycle has one), each for the longest
 *  run of ops from there to the next check (`check`); `succ` is, per block, the longest run after it. */
interface FuelSpans {
  check: (number | undefined)[];
  succ: number[];
  /** The different positive spans in `check`, each with its limit local. */
  distinct: number[];
}
function fuelSpans(cfg: Cfg): FuelSpans {
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
    a.block(blocks[next]!);
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
  p.tree(root);
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
    p.isKind(k);
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
    p.unbox(k);
    b.set(into);
  };
  st.slots.forEach((k, i) => load(p.slotsBase, i * VALUE_BYTES, k, p.slot(i, k)));
  st.stack.forEach((k, d) => load(p.stackBase, d * VALUE_BYTES, k, p.stk(d, k)));
  b.i32(0).i64Load(HEADER.ops).tee(p.ops).set(p.opsEntry);
  p.loadFuel();
  if (!p.sub) b.i32(0).i32(0).i32Load(HEADER.jitEntered).i32(1).op(Ins.i32Add).i32Store(HEADER.jitEntered);
}
