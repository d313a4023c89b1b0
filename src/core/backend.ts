// The wasm backend: runs a chunk in the core. Ops the core does not run itself
// (strings, collections, globals, host and shell ops, Ints past ±2^47) come
// back through the `hostOp` import and run here, in place, on the core's own
// stack and slots: the interpreter's handler for the op works on the values it
// pops, boxed back as handles. Only ops that open or close frames on the
// host's side (sub-chunk calls from Exec, …), or a stack past the core's
// region, hand the rest of the run to the interpreter — losslessly, since the
// guest interpreter below *is* that interpreter, already holding the globals.

import type { Backend, HostHooks, MemoryUsage, RunResult, StateSnapshot } from '../backend.js';
import { strictNumeric, type Policy } from '../interp/hooks.js';
import type { Chunk } from '../chunk/chunk.js';
import { Interrupted, OutOfMemory, StackOverflow, VMRuntimeError } from '../errors.js';
import type { ShellHost } from '../host/shell.js';
import { ENTERS_FRAME, Interpreter, codesOf, type CoreAccess, type Frame } from '../interp/interpreter.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { OPS, type OpSpec } from '../ops/table.js';
import { normInt, type Value } from '../values/value.js';
import type { HeapMeter } from '../values/heap-size.js';
import { CoreView, HandleHeap } from './heap.js';
import { FRAME_RECORD, HEADER, HOST_OP, PAGE, STATUS, TAG, VALUE_BYTES, type Regions } from './abi.js';
import { coreModule, releaseCore, takeCore, type Core, type CoreExports, type CoreTenant } from './load.js';
import { fuelWord, prepare, type Prepared } from './prepared.js';
import { encodeChunk, type EncodedChunk } from './encode.js';
import { warmChunk } from './warm.js';
import { GlobalsMirror } from './globals.js';
import { ALWAYS_RUNS, HOST, RUN_ON_WEIGHT, STOP, coreRuns, runOnPlan, type CoreSide, type RunOnPlan } from './fast-ops.js';
import { VmJit, emptyJitStats, type JitMode, type JitStats, type JitThresholds } from '../jit/jit.js';
import type { TraceEvent } from '../jit/trace-jit.js';
import { exportTraces, importTraces, type TraceMetadata } from '../jit/trace-metadata.js';

/** The JIT a wasm backend runs with: the mode, thresholds, and the trace log's callback. */
export interface JitOptions {
  mode: JitMode;
  thresholds?: JitThresholds;
  onTrace?: (e: TraceEvent) => void;
}
import { installFunction } from '../jit/link.js';

/** The interpreter as the wasm backend's guest (host ops in place, the rest of a run after a handoff):
 *  a class of its own so that V8 keeps its objects' shapes apart from the ts backend's, whose optimised
 *  run loop a guest's different field values would otherwise throw away. */
class GuestInterpreter extends Interpreter {}

/** Ops that manage frames themselves: the core hands the run over before them. */
const FRAME_OPS = OPS.map((s: OpSpec) => s.frames === true);

/** Ops the core must leave to the host under `policy` (those whose strict
 *  form consults an installed hook), or undefined for none. */
function hostRouted(policy: Policy | undefined): 'numeric' | 'undef' | 'both' | undefined {
  const num = strictNumeric(policy);
  const undef = policy?.undef !== undefined;
  return num && undef ? 'both' : num ? 'numeric' : undef ? 'undef' : undefined;
}

/** How many values op `spec` pops given its operands, the stack holding `sp`. */
function popCount(spec: OpSpec, args: readonly (number | bigint)[], sp: number): number {
  const p = spec.pop;
  if (p === 'var') return sp;
  const n = typeof p === 'number' ? p : Number(args[p.operand]!) * (p.times ?? 1);
  return Math.min(sp, n);
}

/** The current frame as the guest sees it: getSlot and setSlot go straight
 *  to the core's memory (a frame may have thousands of slots); a slot past the
 *  core's region is kept aside and makes the interpreter take the run over. */
class CoreFrame implements Frame {
  returnIp = 0;
  stackBase = 0;
  view!: CoreView;
  base = 0;
  count = 0;
  overflow: Map<number, Value> | undefined;
  /** Point at the slots of the core's frame at `base` (reused across host ops). */
  at(view: CoreView, base: number, count: number): this {
    this.view = view;
    this.base = base;
    this.count = count;
    this.overflow = undefined;
    return this;
  }
  get(i: number): Value {
    return i < this.count ? this.view.refresh().read(this.base + i * VALUE_BYTES) : this.overflow?.get(i);
  }
  set(i: number, v: Value): void {
    if (i < this.count) this.view.refresh().write(this.base + i * VALUE_BYTES, v);
    else (this.overflow ??= new Map()).set(i, v);
  }
  /** All of them as an array (trailing Undefs are unset slots), for a takeover. */
  get slots(): Value[] {
    const vals: Value[] = [];
    for (let k = 0; k < this.count; k++) vals.push(this.view.refresh().read(this.base + k * VALUE_BYTES));
    for (const [i, v] of this.overflow ?? []) {
      while (vals.length < i) vals.push(undefined);
      vals[i] = v;
    }
    while (vals.length && vals[vals.length - 1] === undefined) vals.pop();
    return vals;
  }
}

/** Ops per slice while warming, and the ops the process runs in the core
 *  before it stops slicing: enough for V8 to have compiled the core's loop
 *  optimised (it does so in the background once the loop is hot), after
 *  which a run is one call again. A slice costs a re-entry (~0.3 µs), under
 *  1% of the 2^16 ops it runs. */
const WARM_SLICE = 1 << 16;
const WARM_OPS = 1 << 26;
const WARM_SLICE_WORD = BigInt(WARM_SLICE);
/** What hostOp's run-on loop leaves behind: ops run after the first, the work they charged, the op last started. */
class RunOn {
  done = 0;
  cut = 0;
  /** -1 while no op after the first has started. */
  at = -1;
}

let warmOps = 0;

export class WasmBackend implements Backend, CoreTenant {
  /** The core this VM's state is laid in; undefined while it is laid nowhere
   *  (yet to run, or moved out by another VM: see takeCore). */
  #core: Core | undefined;
  #chunk!: Chunk;
  #prep!: Prepared;
  #enc!: EncodedChunk;
  /** The hook routing #enc was encoded for. */
  #routed: ReturnType<typeof hostRouted>;
  #regions!: Regions;
  #codes!: Int32Array;
  #heap = new HandleHeap();
  /** The interpreter that runs host ops in place and, after a handoff, the
   *  rest of the run; made at its first use (most runs never leave the core). */
  #guestVM: Interpreter | undefined;
  /** The guest still holds an earlier chunk or run: reset it at its next use. */
  #guestStale = false;
  #coreAccess: CoreAccess | undefined;
  /** Inside run(): the core is ours until it returns (see CoreTenant). */
  busy = false;
  /** Moved out after a run that ended with an empty stack: its op count (see evict). */
  #drainedOps: number | undefined;
  /** Set once the interpreter has taken over this run. */
  #interp: Interpreter | undefined;
  /** How the run ended inside hostOp (an error), when it did. */
  #outcome: RunResult | undefined;
  #fresh = true;
  #hooksInstalled = false;
  /** Inside hostOp: builtins and extension handlers use the guest's stack. */
  #inHostOp = false;
  /** Inside hostOp: the stack height below the values the op popped. */
  #hostBase = 0;
  #frame: CoreFrame | undefined;
  #frameList: Frame[] | undefined;
  #jit: VmJit | undefined;
  #jitOptions: JitOptions;
  /** The guest's globals while the core runs (see src/core/globals.ts). */
  #globals: GlobalsMirror | undefined;
  /** This chunk's run-on classes (src/core/fast-ops.ts), made at the first host op. */
  #runOn: RunOnPlan | undefined;
  #side: CoreSide | undefined;
  #ro: RunOn | undefined;
  /** The op the core asked hostOp to run (the run-on loop's first host op). */
  #hostIp = 0;

  constructor(
    chunk: Chunk,
    readonly hooks: HostHooks,
    readonly shell: () => ShellHost | undefined,
    readonly limits: Limits,
    jit: JitOptions = { mode: 'off' },
  ) {
    this.#jitOptions = jit;
    if (jit.mode !== 'off') this.#jit = new VmJit(jit.mode, jit.thresholds, limits.interrupt !== undefined, limits.fuel === Infinity && limits.interrupt === undefined, jit.onTrace);
    coreModule(); // a core not loaded is refused here, not at the first run
    if (!warmed) warmUp();
    this.reset(chunk);
  }

  /** The core, with this VM's state laid in it (laying it now if it is laid nowhere). */
  #bound(): Core {
    const core = this.#core;
    if (core !== undefined) return core;
    const c = takeCore(this);
    this.#core = c;
    this.#jit?.coreTaken();
    try {
      this.#lay();
    } catch (e) {
      this.#core = undefined;
      releaseCore(c, this);
      throw e;
    }
    return c;
  }

  get #exports(): CoreExports {
    return this.#bound().exports;
  }

  /** The core's views, reading handles from this VM's heap. */
  get #view(): CoreView {
    const v = this.#bound().view;
    v.heap = this.#heap;
    return v.refresh();
  }

  /** The interpreter beside the core, brought up to this VM's chunk and state. */
  get #guest(): Interpreter {
    let g = this.#guestVM;
    if (g === undefined) g = this.#guestVM = new GuestInterpreter(this.#chunk, this.hooks, this.shell, this.limits);
    else if (this.#guestStale) g.reset(this.#chunk);
    if (this.#guestStale || g.core === undefined) {
      this.#guestStale = false;
      if (this.#interp === undefined) {
        // While the core runs, the guest's globals are the core's, boxed in memory.
        g.core = this.#coreAccess ??= {
          getSlot: (i) => this.#frame!.get(i),
          setSlot: (i, v) => this.#frame!.set(i, v),
          heapRoots: (meter) => this.#coreRoots(meter),
          collect: () => {
            const v = this.#view.refresh();
            this.#collect(v.i32[HEADER.sp >> 2]!, v.i32[HEADER.fp >> 2]!);
          },
        };
        const m = (this.#globals = new GlobalsMirror(this.#regions.globals, this.#chunk.names.length));
        m.pull(this.#view);
        g.globals = m.values;
      }
    }
    return g;
  }

  /** Another VM wants the core (takeCore): move this VM's state out of it. */
  evict(): void {
    if (this.#core === undefined || this.#core === DISPOSED) return;
    // A run under way or done in the core (or code installed for one) goes to
    // the interpreter, which then holds all of it; a VM yet to run just lays
    // itself again when it runs.
    if (this.#interp === undefined && (!this.#fresh || this.#hooksInstalled)) {
      const v = this.#view;
      // A run that ended at the chunk's end with nothing left on the stack
      // (the common case) leaves only its op count to keep.
      if (!this.#hooksInstalled && this.#outcome === undefined && v.i32[HEADER.sp >> 2] === 0 && v.i32[HEADER.fp >> 2] === 1 && v.i32[HEADER.ip >> 2]! >= this.#chunk.ops.length)
        this.#drainedOps = this.opsExecuted;
      else this.#handoff();
    }
    this.#hooksInstalled = false;
    this.#core = undefined;
  }

  /** A drained VM (see evict) as the interpreter at the chunk's end with an empty stack. */
  #undrain(): Interpreter {
    const g = this.#guest;
    g.core = undefined;
    g.stack = [];
    g.frames = [{ returnIp: 0, stackBase: 0, slots: [] }];
    g.globals = new Array(this.#chunk.names.length).fill(undefined);
    g.ip = this.#chunk.ops.length;
    g.opsExecuted = this.#drainedOps!;
    this.#drainedOps = undefined;
    this.#interp = g;
    return g;
  }

  reset(chunk: Chunk): void {
    if (this.#core === DISPOSED) disposed();
    // Refuse a chunk that does not fit before touching any state.
    // (The same chunk again under the same hooks: its layout and encodings are the ones in hand.)
    const routed = hostRouted(this.hooks.policy);
    const again = chunk === this.#chunk && this.#prep !== undefined && routed === this.#routed;
    const prep = again ? this.#prep : prepare(chunk, this.limits);
    if (prep.pages > this.limits.maxMemoryPages)
      throw new OutOfMemory('memory', `this chunk needs ${prep.pages} pages of wasm memory, more than limits.maxMemoryPages (${this.limits.maxMemoryPages})`, { source: chunk.source });
    this.#chunk = chunk;
    this.#prep = prep;
    this.#interp = undefined;
    this.#drainedOps = undefined;
    this.#outcome = undefined;
    this.#fresh = true;
    this.#guestStale = true;
    if (this.#guestVM) this.#guestVM.core = undefined;
    if (!again) {
      this.#codes = codesOf(chunk);
      // With a numeric or undef hook set, the ops that consult it are encoded to go to the host.
      this.#enc = encodeChunk(chunk, routed);
      this.#routed = routed;
      this.#runOn = undefined;
    }
    this.#regions = prep.regions;
    if (this.#core !== undefined) this.#lay();
  }

  /** Write this VM's fresh state (header, code, pool, globals, base frame) into its core. */
  #lay(): void {
    const prep = this.#prep;
    const chunk = this.#chunk;
    const core = this.#core!;
    const enc = this.#enc;
    const r = prep.regions;
    this.#heap.seed(prep.handles);
    const mem = core.exports.memory;
    const pages = prep.pages;
    // (The view's length, not mem.buffer: asking the memory for its buffer costs more than the rest.)
    const need = pages - (core.view.refresh().u32.length << 2) / PAGE;
    if (need > 0) {
      try {
        mem.grow(need);
      } catch {
        throw new OutOfMemory('memory', `the wasm core could not grow its memory to ${pages} pages`, { source: chunk.source });
      }
    }
    const v = core.view;
    v.heap = this.#heap;
    v.refresh();
    // A core that last ran this same chunk already holds its code.
    if (core.loaded !== enc) {
      v.i32.set(enc.code, r.code >> 2);
      v.i64.set(enc.consts, r.consts >> 3);
      core.loaded = enc;
    }
    // The header laid below zeroes its hooks pointer, so the core looks at no hook until one is
    // installed (which clears the region first).
    this.#hooksInstalled = false;
    this.#globals?.invalidate();
    v.i32.set(prep.header, 0);
    if (prep.data.length !== 0) v.u32.set(prep.data, r.pool >> 2);
    // Base frame record and its slots, all Undef.
    v.i32[r.frames >> 2] = 0;
    v.i32[(r.frames >> 2) + 1] = 0;
    v.u32.set(prep.baseSlots, r.slots >> 2);
  }

  run(): RunResult {
    try {
      return this.#run();
    } catch (e) {
      // A callback's throw (the interrupt) or a fault in the host's own code:
      // the run ends here, and running again gives the same answer.
      let ip = -1;
      try {
        ip = new DataView(this.#exports.memory.buffer).getInt32(HEADER.ip, true);
      } catch {
        /* no core to ask */
      }
      return (this.#outcome = this.#guest.fail(e, ip));
    }
  }

  #run(): RunResult {
    if (this.#outcome) return this.#outcome;
    if (this.#drainedOps !== undefined) return { status: 'halted' }; // as #finish on an empty stack
    if (!this.#interp) {
      if (!this.#fresh) return this.#finish();
      let core: Core;
      try {
        core = this.#bound();
      } catch (e) {
        if (e instanceof OutOfMemory) return { status: 'error', error: e };
        throw e;
      }
      this.#fresh = false;
      // With a numeric or undef hook installed, the hooked ops must reach the
      // host's strict handlers: no compiled code runs them natively.
      if (this.#routed === undefined && this.#jit?.beforeRun(this.#chunk, core, this.#regions)) this.#hooksInstalled = true;
      this.busy = true;
      try {
        return this.#runCore(core);
      } finally {
        this.busy = false;
        if (this.#jit && this.#core !== DISPOSED) this.#jit.afterRun(core);
      }
    }
    return this.#interp!.run();
  }

  #runCore(core: Core): RunResult {
    {
      const { fuel, interrupt, interruptEvery } = this.limits;
      const exports = core.exports;
      const view = this.#view;
      const OPS_LO = HEADER.ops >> 2;
      const FUEL_WORD = HEADER.fuel >> 3;
      // ops executed, from its two words (never negative; no BigInt made).
      const opsDone = (v: CoreView) => v.u32[OPS_LO]! + v.u32[OPS_LO + 1]! * 4294967296;
      // Fuel is spent by ops and by the work host ops charge for (the guest's extraFuel).
      const extra = () => (this.#guestVM !== undefined && !this.#guestStale ? this.#guestVM.extraFuel : 0);
      // With an interrupt callback the core runs in slices of interruptEvery
      // units of fuel, returning between them so the host can poll.
      let nextPoll = interrupt ? opsDone(view.refresh()) + extra() + interruptEvery : Infinity;
      for (;;) {
        const v = view.refresh();
        const done = opsDone(v);
        const spent = done + extra();
        // While the process is young the core also returns every WARM_SLICE
        // ops: V8 runs its loop in the baseline tier until a call returns and
        // the next one enters the optimised code (see WARM_OPS).
        // (Not while compiled code is installed: it would leave its loops at every slice.)
        const warming = warmOps < WARM_OPS && !this.#hooksInstalled;
        // A trace being recorded: one op per slice, the recorder looking at each (trace-record.ts).
        const recording = this.#jit?.trace?.recorder !== undefined;
        const slice = Math.min(fuel, nextPoll, recording ? spent + 1 : warming ? spent + WARM_SLICE : Infinity);
        // The core counts ops against the header's fuel: the slice less the work already charged.
        // A fresh layout's header already holds limits.fuel.
        if (done !== 0 || spent !== done || slice !== fuel) v.i64[FUEL_WORD] = slice === fuel && spent === done ? this.#prep.fuel : fuelWord(slice - (spent - done));
        let status: number;
        core.host = this;
        try {
          status = exports.run();
        } catch (e) {
          // A trap inside the core is reported like any run-time error; the
          // next reset lays the memory out afresh.
          const ip = view.refresh().i32[HEADER.ip >> 2]!;
          core.loaded = undefined;
          return { status: 'error', error: new VMRuntimeError(`wasm core trapped: ${(e as Error).message}`, this.#guest.site(ip)) };
        } finally {
          core.host = undefined;
        }
        if (warming) warmOps += opsDone(view.refresh()) - done;
        if (recording && status !== STATUS.deopt) this.#jit!.trace!.abort('runEnded');
        if (status === STATUS.hot && this.#jit?.trace) {
          // Tracing: an ip got hot; the state is consistent there and the core resumes it.
          this.#jit!.trace!.onHot();
          continue;
        }
        if (status === STATUS.done) return this.#finish();
        if (status === STATUS.hostStop) {
          if (this.#outcome) return this.#outcome;
          break; // the interpreter took the run over inside hostOp
        }
        if (status !== STATUS.deopt) {
          // Compiled code is ours, but a status nobody knows must still end as a typed error.
          const ip = view.refresh().i32[HEADER.ip >> 2]!;
          return { status: 'error', error: new VMRuntimeError(`the wasm core returned an unknown status ${status}`, this.#guest.site(ip)) };
        }
        const ops = opsDone(view.refresh()) + extra();
        if (ops >= slice && slice < fuel) {
          if (ops >= nextPoll) {
            if (interrupt!()) {
              const ip = view.refresh().i32[HEADER.ip >> 2]!;
              return { status: 'error', error: new Interrupted('interrupt', 'interrupted by the host', this.#guest.site(ip)) };
            }
            nextPoll = ops + interruptEvery;
          }
          if (recording) this.#jit!.trace!.step();
          continue;
        }
        if (recording) this.#jit!.trace!.abort('handedOver');
        this.#handoff();
        break;
      }
    }
    return this.#interp!.run();
  }

  /** The run ended inside the core: the top of the stack is the result. */
  #finish(): RunResult {
    const v = this.#view;
    const sp = v.i32[HEADER.sp >> 2]!;
    if (sp === 0) return { status: 'halted' };
    v.i32[HEADER.sp >> 2] = sp - 1;
    return { status: 'ok', value: v.read(this.#regions.stack + (sp - 1) * VALUE_BYTES) };
  }

  /** Run op `ip` for the core, in place on its stack and slots (see the `hostOp` import),
   *  and then, while compiled code is not installed, the ops after it that can
   *  run on in the same crossing (see src/core/fast-ops.ts). */
  hostOp(ip: number): number {
    const code = this.#codes[ip]!;
    if (FRAME_OPS[code]) return HOST_OP.handOver;
    const v = this.#view;
    const r = this.#regions;
    const sp = v.i32[HEADER.sp >> 2]!;
    const fp = v.i32[HEADER.fp >> 2]!;
    if (this.#heap.due) this.#collect(sp, fp);
    const chunk = this.#chunk;
    const ops = chunk.ops;
    const ins = ops[ip]!;
    const base = sp - popCount(OPS[code]!, ins.args, sp);
    const g = this.#guest;
    const globals = this.#globals!;
    globals.pull(v);
    const stack: Value[] = [];
    for (let k = base; k < sp; k++) stack.push(v.read(r.stack + k * VALUE_BYTES));
    const frame = (this.#frame ??= new CoreFrame()).at(v, r.slots + (fp - 1) * r.slotsPerFrame * VALUE_BYTES, r.slotsPerFrame);
    g.stack = stack;
    g.frames = this.#frameList ??= [frame];
    g.ip = ip + 1;
    // The op counts as executed while it runs, as in the interpreter (fuel checks read it).
    const entryOps = v.u32[HEADER.ops >> 2]! + v.i32[(HEADER.ops >> 2) + 1]! * 4294967296;
    g.opsExecuted = entryOps + 1;
    const extraBefore = g.extraFuel;
    // Run on only when the core called (compiled code's jitHostOp wants one op), with the fuel as the core counts it.
    // Nor while tracing counts the core's back edges (HEADER.hot): the loops it would trace must run in the core.
    let plan = v.i32[HEADER.hooks >> 2] === 0 && v.i32[HEADER.hot >> 2] === 0 ? (this.#runOn ??= runOnPlan(chunk, this.#enc)) : undefined;
    if (plan?.far[ip]) plan = undefined;
    const fuelAt = v.u32[HEADER.fuel >> 2]! + v.i32[(HEADER.fuel >> 2) + 1]! * 4294967296;
    let cut = 0; // work charged by the ops run, off the core's fuel
    let done = 0; // ops run on after the first
    let at = ip; // the op running
    let first = true; // it is the op the core asked for
    this.#hostBase = base;
    this.#inHostOp = true;
    try {
      g.heapTick(ip);
      g.handlers[code]!(g, ins.args, ip);
      cut += g.fuelCut;
      g.fuelCut = 0;
      if (plan !== undefined) {
        const ro = (this.#ro ??= new RunOn());
        ro.done = 0;
        ro.cut = cut;
        ro.at = -1;
        this.#hostIp = ip;
        try {
          this.#runOnFrom(ro, plan, g, frame, globals, base, fp, entryOps, fuelAt);
        } finally {
          done = ro.done;
          cut = ro.cut;
          first = ro.at < 0;
          if (!first) at = ro.at;
        }
      }
    } catch (e) {
      g.fuelCut = 0;
      if (e === ENTERS_FRAME && first) {
        g.extraFuel = extraBefore; // the interpreter re-runs the op and charges it then
        return HOST_OP.handOver; // nothing written back
      }
      // (ENTERS_FRAME after the first op cannot be: those ops do not run on.)
      // The failing op counts as run (the core counts the first one).
      if (!first) this.#setOps(entryOps + done + 1);
      this.#cutFuel(cut);
      return this.#stopWith(g.fail(e, at));
    } finally {
      this.#inHostOp = false;
      globals.push(v.refresh());
    }
    // The ops run on are counted here; the core counts the first when it carries on.
    if (done !== 0) this.#setOps(entryOps + done);
    this.#cutFuel(cut);
    const newSp = base + g.stack.length;
    if (newSp > this.limits.stackDepth) {
      return this.#stopWith({ status: 'error', error: new StackOverflow('stackDepth', `value stack deeper than ${this.limits.stackDepth} (limits.stackDepth)`, g.site(at)) });
    }
    if (newSp > r.stackCap || frame.overflow || g.halted) {
      // (A halt requested by a handler: the interpreter stops at its next op.)
      // More than the core's regions hold: the interpreter carries on from here.
      this.#takeOver(base, g.stack, frame);
      return HOST_OP.stopped;
    }
    v.refresh();
    for (let k = 0; k < g.stack.length; k++) v.write(r.stack + (base + k) * VALUE_BYTES, g.stack[k]);
    v.i32[HEADER.sp >> 2] = newSp;
    // A jump past the end (any usize, as upstream) ends the run: clamp it so the i32 return cannot wrap.
    return Math.min(g.ip, ops.length);
  }

  /** The run-on loop of hostOp (see src/core/fast-ops.ts): runs ops on the
   *  guest while they can run on, keeping in `ro` what hostOp needs after it
   *  (also when a handler throws). */
  #runOnFrom(ro: RunOn, plan: RunOnPlan, g: Interpreter, frame: CoreFrame, globals: GlobalsMirror, base: number, fp: number, entryOps: number, fuelAt: number): void {
    const ops = this.#chunk.ops;
    const n = ops.length;
    const r = this.#regions;
    const side = (this.#side ??= { slotsPerFrame: 0, constants: [], globalCount: 0, globals: [], frame });
    side.slotsPerFrame = r.slotsPerFrame;
    side.constants = this.#chunk.constants;
    side.globalCount = globals.count;
    side.globals = globals.values;
    side.frame = frame;
    const kinds = plan.kind, reads = plan.reads, codes = this.#codes, handlers = g.handlers;
    const room = r.stackCap - base; // values the core's stack holds above base
    // Past either the core's stack or the depth limit, hostOp sorts it out.
    const lim = Math.min(room, this.limits.stackDepth - base);
    // The core checks its fuel before each op: ops it ran ≥ its fuel less the work charged.
    let left = fuelAt - ro.cut - entryOps - 1;
    const weights = plan.weight, far = plan.far;
    let weight = 0; // of the plain ops since the last host op
    let last = this.#hostIp; // that host op
    let done = 0;
    if (g.stack.length > lim) return; // the first op's results already do not fit
    let next = 0;
    let ran = -1; // the op that ran last
    try {
      for (;;) {
        next = g.ip;
        if (next >= n || done >= left || g.halted || frame.overflow) break;
        const k = kinds[next]!;
        const st = g.stack;
        const len = st.length;
        if (k === STOP || len < reads[next]!) break;
        const nx = ops[next]!;
        g.opsExecuted = entryOps + 2 + done;
        if (k === HOST || (len + 2 <= room && k !== ALWAYS_RUNS && !coreRuns(k, nx.args, st, side))) {
          weight = 0;
          last = next;
          if (this.#heap.due) {
            globals.push(this.#view);
            this.#collect(base, fp);
          }
          g.ip = next + 1;
          g.heapTick(next);
        } else if (len + 2 > room) {
          break; // left to the core
        } else if ((weight += weights[next]!) > RUN_ON_WEIGHT) {
          far[last] = 1; // no host op near after that one: from now on the core runs on from it
          break;
        } else g.ip = next + 1;
        handlers[codes[next]!]!(g, nx.args, next);
        if (g.fuelCut !== 0) {
          ro.cut += g.fuelCut;
          left -= g.fuelCut;
          g.fuelCut = 0;
        }
        done++;
        ran = next;
        if (g.stack.length > lim) break;
        if (last === next && far[next] === 1) break; // learnt: the core runs what follows that host op
      }
    } catch (e) {
      // hostOp reports the op that threw (counted as run).
      ro.at = next;
      ro.done = done;
      throw e;
    }
    // (An op left to the core above has opsExecuted one ahead: hostOp's count comes from ro.done.)
    g.opsExecuted = entryOps + 1 + done;
    ro.at = ran;
    ro.done = done;
  }

  /** The header's op count (the core reads it back after a host op). */
  #setOps(n: number): void {
    const v = this.#view;
    const lo = n % 4294967296;
    v.u32[HEADER.ops >> 2] = lo;
    v.u32[(HEADER.ops >> 2) + 1] = (n - lo) / 4294967296;
  }

  /** Work charged by host ops comes off the fuel the core counts against (an i64: low word unsigned, borrowing from the high one). */
  #cutFuel(cut: number): void {
    if (cut === 0) return;
    const v = this.#view;
    const k = HEADER.fuel >> 2;
    let lo = v.u32[k]! - cut;
    if (lo < 0) {
      const borrow = Math.ceil(-lo / 4294967296);
      lo += borrow * 4294967296;
      v.i32[k + 1] = v.i32[k + 1]! - borrow;
    }
    v.u32[k] = lo;
  }

  /** An Int that compiled code holds past the core's inline range, boxed as an exact handle. */
  boxInt(v: bigint): bigint {
    const h = this.#heap.alloc(normInt(v));
    return BigInt.asIntN(64, (BigInt(TAG.handle) << 48n) | BigInt(h));
  }

  /** Trace from the next run on: the tracing tier replaces whichever tier this VM had (its counts carry on). */
  enableTracing(thresholds?: JitThresholds): void {
    const old = this.#jit;
    const l = this.limits;
    const jit = new VmJit('trace', { ...old?.thresholds, ...thresholds }, l.interrupt !== undefined, l.fuel === Infinity && l.interrupt === undefined, this.#jitOptions.onTrace);
    if (old) Object.assign(jit.stats, old.stats);
    this.#jit = jit;
  }
  #tracer(): VmJit {
    return this.#jit ?? new VmJit('trace', {}, this.limits.interrupt !== undefined, this.limits.fuel === Infinity && this.limits.interrupt === undefined);
  }
  exportTraces(): TraceMetadata {
    return exportTraces(this.#chunk, this.#tracer().unlimitedFuel);
  }
  importTraces(meta: unknown): number {
    const jit = this.#tracer();
    return importTraces(this.#chunk, meta, jit.unlimitedFuel, jit.stats);
  }

  /** What compiled code did for this VM (zeros with the JIT off). */
  jitStats(): JitStats {
    return this.#jit ? { ...this.#jit.stats } : emptyJitStats();
  }

  /** End the run inside a host op (the core counts the op as executed, as the interpreter does). */
  #stopWith(outcome: RunResult): number {
    this.#outcome = outcome;
    return HOST_OP.stopped;
  }

  /** Mark every handle the core can still reach: its stack, every frame's slots, the constant pool, the globals. */
  #collect(sp: number, fp: number): void {
    const u32 = this.#view.u32;
    const r = this.#regions;
    const heap = this.#heap;
    const marks = heap.beginMark();
    // Straight over the words: a value is a handle when its tag is one of the two handle tags.
    const mark = (addr: number, count: number) => {
      for (let k = addr >>> 2, end = k + count * 2; k < end; k += 2) {
        const tag = u32[k + 1]! >>> 16;
        if (tag === TAG.handle || tag === TAG.container) marks[u32[k]!] = 1;
      }
    };
    mark(r.stack, sp);
    mark(r.slots, fp * r.slotsPerFrame);
    mark(r.pool, this.#chunk.constants.length);
    mark(r.globals, this.#chunk.names.length);
    heap.sweep();
  }

  /** Every value the core holds that lives on the host heap (handles), for the heap meter. */
  #coreRoots(meter: HeapMeter): boolean {
    const v = this.#view;
    const r = this.#regions;
    const heap = this.#heap;
    // Inside a host op the values it popped are the guest's now: not counted twice.
    const sp = this.#inHostOp ? this.#hostBase : v.i32[HEADER.sp >> 2]!;
    const fp = v.i32[HEADER.fp >> 2]!;
    // A wide Int counts as the host's own value would (a bigint past 2^53, nothing below).
    const visit = (addr: number) => {
      const h = v.handleAt(addr);
      return h >= 0 ? meter.add(heap.get(h)) : !v.isWide(addr) || meter.add(v.read(addr));
    };
    for (let k = 0; k < sp; k++) if (!visit(r.stack + k * VALUE_BYTES)) return false;
    for (let k = 0; k < fp * r.slotsPerFrame; k++) if (!visit(r.slots + k * VALUE_BYTES)) return false;
    return true;
  }

  /** The core's frames as interpreter frames (trailing Undef slots are unset ones). */
  #frames(fp: number): Frame[] {
    const v = this.#view;
    const r = this.#regions;
    const frames: Frame[] = [];
    for (let f = 0; f < fp; f++) {
      const slots: Value[] = [];
      for (let k = 0; k < r.slotsPerFrame; k++) slots.push(v.read(r.slots + (f * r.slotsPerFrame + k) * VALUE_BYTES));
      while (slots.length && slots[slots.length - 1] === undefined) slots.pop();
      const rec = r.frames + f * FRAME_RECORD.bytes;
      const returnIp = v.i32[(rec + FRAME_RECORD.returnIp) >> 2]!;
      frames.push({ returnIp, stackBase: v.i32[(rec + FRAME_RECORD.stackBase) >> 2]!, slots, entryIp: f === 0 ? undefined : this.#entryOf(returnIp) });
    }
    return frames;
  }

  /** A core frame is opened by Call or PushFrame only (other calls hand the
   *  run to the interpreter), so the op before its return ip says which. */
  #entryOf(returnIp: number): number | undefined {
    const ins = this.#chunk.ops[returnIp - 1];
    return ins?.op === 'Call' ? this.#chunk.findSub(Number(ins.args[0])) : undefined;
  }

  /** Hand the run, stopped before op ip, to the interpreter. */
  #handoff(): Interpreter {
    const v = this.#view;
    const r = this.#regions;
    const g = this.#guest;
    this.#globals?.pull(v);
    const sp = v.i32[HEADER.sp >> 2]!;
    g.core = undefined;
    g.ip = v.i32[HEADER.ip >> 2]!;
    g.opsExecuted = Number(v.i64[HEADER.ops >> 3]!);
    g.stack = Array.from({ length: sp }, (_, k) => v.read(r.stack + k * VALUE_BYTES));
    g.frames = this.#frames(v.i32[HEADER.fp >> 2]!);
    g.globals = [...g.globals];
    this.#heap.clear();
    this.#interp = g;
    return g;
  }

  /** Hand the run over just after a host op whose results the core cannot hold. */
  #takeOver(base: number, top: Value[], frame: CoreFrame): void {
    const v = this.#view;
    const r = this.#regions;
    const g = this.#guest;
    this.#globals?.pull(v);
    const next = g.ip;
    const frames = this.#frames(v.i32[HEADER.fp >> 2]!);
    if (frame.overflow) frames[frames.length - 1]!.slots = frame.slots;
    g.core = undefined;
    g.stack = [...Array.from({ length: base }, (_, k) => v.read(r.stack + k * VALUE_BYTES)), ...top];
    g.frames = frames;
    g.ip = next;
    g.opsExecuted = Number(v.i64[HEADER.ops >> 3]!) + 1;
    g.globals = [...g.globals];
    this.#heap.clear();
    this.#interp = g;
  }

  /** Install compiled code (a wasm function `() => i32` that reads and writes
   *  the state in the header) to be entered at op `ip` — the chunk entry or a
   *  backward-jump target. It returns 0 to go on at the header's ip, or a
   *  status to stop (1: hand the rest to the interpreter). */
  installCompiled(ip: number, fn: (...args: never[]) => unknown): void {
    if (!Number.isInteger(ip) || ip < 0 || ip >= this.#chunk.ops.length) throw new RangeError(`no op ${ip} in this chunk`);
    const index = installFunction(this.#bound(), fn);
    const v = this.#view;
    // The region may hold what an earlier chunk on this core left there.
    if (!this.#hooksInstalled) v.i32.fill(0, this.#regions.hooks >> 2, (this.#regions.hooks >> 2) + this.#chunk.ops.length);
    v.i32[(this.#regions.hooks >> 2) + ip] = index;
    v.i32[HEADER.hooks >> 2] = this.#regions.hooks;
    this.#hooksInstalled = true;
  }

  // ── Introspection: reads the core's memory; writes it where it can ──

  snapshot(): StateSnapshot {
    if (this.#interp) return this.#interp.snapshot();
    const v = this.#view.refresh();
    const r = this.#regions;
    const g = this.#guest;
    this.#globals?.pull(v);
    const sp = this.#inHostOp ? this.#hostBase : v.i32[HEADER.sp >> 2]!;
    const stack = Array.from({ length: sp }, (_, k) => v.read(r.stack + k * VALUE_BYTES));
    if (this.#inHostOp) stack.push(...g.stack);
    const frames = this.#frames(v.i32[HEADER.fp >> 2]!);
    const frame = this.#frame;
    if (this.#inHostOp && frame?.overflow && frames.length) frames[frames.length - 1]!.slots = frame.slots;
    return { stack, frames: frames.map((f) => ({ returnIp: f.returnIp, stackBase: f.stackBase, slots: f.slots, entryIp: f.entryIp })), globals: [...g.globals] };
  }
  getSlot(i: number): Value {
    if (this.#interp) return this.#interp.getSlot(i);
    if (this.#inHostOp) return this.#guest.getSlot(i);
    const v = this.#view.refresh();
    const fp = v.i32[HEADER.fp >> 2]!;
    const r = this.#regions;
    return fp > 0 && i < r.slotsPerFrame ? v.read(r.slots + ((fp - 1) * r.slotsPerFrame + i) * VALUE_BYTES) : undefined;
  }
  setSlot(i: number, val: Value): void {
    if (this.#inHostOp) return this.#guest.setSlot(i, val);
    const r = this.#regions;
    if (!this.#interp && i < r.slotsPerFrame) {
      const v = this.#view.refresh();
      const fp = v.i32[HEADER.fp >> 2]!;
      if (fp > 0) v.write(r.slots + ((fp - 1) * r.slotsPerFrame + i) * VALUE_BYTES, val);
      return;
    }
    // Past the core's slot region: the interpreter holds the state from here.
    (this.#interp ?? this.#handoff()).setSlot(i, val);
  }
  get lastStatus(): number {
    return this.#guest.lastStatus;
  }
  requestHalt(): void {
    if (this.#inHostOp) this.#guest.halted = true;
    else (this.#interp ?? this.#handoff()).halted = true;
  }
  clearHalt(): void {
    this.#guest.halted = false;
    if (this.#interp) this.#interp.halted = false;
  }
  /** A hook was installed or removed: ops that consult it go to the host now
   *  (the core reads each op's code from memory, so this holds mid-run too). */
  policyChanged(): void {
    this.#guestVM?.policyChanged();
    this.#routed = hostRouted(this.hooks.policy);
    const enc = encodeChunk(this.#chunk, this.#routed);
    if (enc === this.#enc) return;
    this.#enc = enc;
    this.#runOn = undefined;
    const core = this.#core;
    if (core === undefined || core === DISPOSED) return; // laid with it when the VM next takes a core
    const mem = core.exports.memory.buffer;
    new Int32Array(mem, this.#regions.code, enc.code.length).set(enc.code);
    core.loaded = enc;
    // Compiled code would run the hooked ops natively: the core enters it no more.
    if (hostRouted(this.hooks.policy) !== undefined && this.#hooksInstalled) new Int32Array(mem, this.#regions.hooks, this.#chunk.ops.length).fill(0);
    // Nor does the tracing tier record or install any more in this run.
    if (hostRouted(this.hooks.policy) !== undefined && this.#jit?.tracing) this.#jit.trace!.stop();
  }

  /** The core's linear memory (for compiled code and memory figures). */
  get memory(): WebAssembly.Memory {
    return this.#exports.memory;
  }
  /** Live handles in the host heap (strings, arrays, … the core refers to). */
  get handleCount(): number {
    return this.#heap.size;
  }
  memoryUsage(): MemoryUsage {
    return { linearMemoryBytes: this.#exports.memory.buffer.byteLength, linearMemoryUsed: this.#regions.end, handles: this.#heap.size };
  }

  #stackOwner(): Interpreter {
    // Within a host op (a builtin or extension handler) the stack is the
    // guest's; a push or pop from outside a run moves the state to the
    // interpreter first.
    if (this.#inHostOp) return this.#guest;
    if (this.#drainedOps !== undefined) return this.#undrain();
    return this.#interp ?? this.#handoff();
  }
  push(v: Value): void {
    this.#stackOwner().push(v);
  }
  pop(): Value {
    return this.#stackOwner().pop();
  }
  peek(): Value {
    return this.#stackOwner().peek();
  }
  /** Whether this run left the core for the interpreter (for tests and stats). */
  get handedOff(): boolean {
    return this.#interp !== undefined;
  }
  get opsExecuted(): number {
    if (this.#interp) return this.#interp.opsExecuted;
    if (this.#drainedOps !== undefined) return this.#drainedOps;
    // A VM laid nowhere has not run (a moved-out one that had is in the interpreter).
    return this.#core === undefined ? 0 : Number(this.#view.i64[HEADER.ops >> 3]!);
  }
  dispose(): void {
    if (this.#core === DISPOSED) return;
    this.#guestVM?.dispose();
    this.#interp = undefined;
    this.#heap.clear();
    // The next VM to want a core takes this one as it is.
    if (this.#core !== undefined) releaseCore(this.#core, this);
    this.#core = DISPOSED;
  }
}

const disposed = (): never => {
  throw new Error('this VM has been disposed');
};
const DISPOSED: Core = {
  get exports(): CoreExports {
    return disposed();
  },
  host: undefined,
  loaded: undefined,
  imports: { hostOp: disposed, boxInt: disposed },
  jit: undefined,
  owner: undefined,
  get view(): CoreView {
    return disposed();
  },
};

let warmed = false;
/** Once per process, on the first core: see src/core/warm.ts. */
function warmUp(): void {
  warmed = true;
  const noHost: HostHooks = { output: () => {}, readLine: () => undefined, builtin: () => undefined };
  const vm = new WasmBackend(warmChunk(), noHost, () => undefined, DEFAULT_LIMITS);
  vm.run();
  vm.dispose();
}

export function createWasmBackend(chunk: Chunk, hooks: HostHooks, shell: () => ShellHost | undefined, limits: Limits, jit?: JitOptions): Backend {
  return new WasmBackend(chunk, hooks, shell, limits, jit);
}
