// What the host may run on past a host op in the same crossing (HOST_RUN_ON):
// when the core hands the host an op it does not run, the host goes on through
// the ops that follow on the guest interpreter, on the same state, instead of
// returning to the core for each one, so a loop of host ops (array, hash and
// string ops, Ints past ±2^47) and the plain ops between them costs one
// crossing, not one per op. Each following op is classed once per chunk:
//   STOP  leave it to the core (frame ops, calls, shell and extension ops,
//         ops whose pops depend on run-time state, core ops not modelled here);
//   HOST  the core never runs it: run it as hostOp would (heap tick first);
//   core kinds: the core runs it for the operand kinds `coreRuns` names, and
//         then the host runs it as the core would (no heap tick), else as HOST.
// The core's decision is modelled exactly, so the heap's measurements, the op
// count and the fuel are those of one crossing per host op.

import type { Chunk } from '../chunk/chunk.js';
import { OPS, coreOrder, type OpSpec } from '../ops/table.js';
import { Float, Ref, type Value } from '../values/value.js';
import { INT_BITS, OP_RECORD } from './abi.js';
import type { EncodedChunk } from './encode.js';

export const STOP = 0;
export const HOST = 1;
const ALWAYS = 2; // the core runs it whatever the values (stack room checked by the caller)
const LOAD_INT = 3;
const LOAD_CONST = 4;
const DUP = 5;
const DUP2 = 6;
const GET_SLOT = 7;
const SET_SLOT = 8;
const GET_VAR = 9;
const SET_VAR = 10;
const ADD = 11;
const SUB = 14;
const MUL = 15;
const SLOT_STEP = 16; // the slot ±1 family: the slot must hold what the core's toInt reads, the result inline
const SLOT_TEST = 17; // SlotLtIntJumpIfFalse: toInt of the slot
const CMP = 12;
const BRANCH = 13;

const CORE_KIND: Record<string, number> = {
  Nop: ALWAYS, LoadFloat: ALWAYS, LoadTrue: ALWAYS, LoadFalse: ALWAYS, LoadUndef: ALWAYS, Pop: ALWAYS, Swap: ALWAYS, Rot: ALWAYS, Jump: ALWAYS,
  LoadInt: LOAD_INT, LoadConst: LOAD_CONST, Dup: DUP, Dup2: DUP2, GetSlot: GET_SLOT, SetSlot: SET_SLOT,
  GetVar: GET_VAR, SetVar: SET_VAR, DeclareVar: SET_VAR,
  Add: ADD, Sub: SUB, Mul: MUL,
  NumLt: CMP, NumGt: CMP, NumLe: CMP, NumGe: CMP, NumEq: CMP, NumNe: CMP,
  PreIncSlot: SLOT_STEP, PreIncSlotVoid: SLOT_STEP, PreDecSlot: SLOT_STEP, PostIncSlot: SLOT_STEP, PostDecSlot: SLOT_STEP, SlotIncLtIntJumpBack: SLOT_STEP,
  SlotLtIntJumpIfFalse: SLOT_TEST,
  JumpIfTrue: BRANCH, JumpIfFalse: BRANCH, JumpIfTrueKeep: BRANCH, JumpIfFalseKeep: BRANCH,
};
/** Categories whose host ops may open frames (sub calls from builtins and shell ops) or run frontend code. */
const NO_RUN_ON = new Set(['functions', 'shell', 'extension']);
const TO_HOST = coreOrder().length;

/** Per op of a chunk: its class, and how many values it reads from the top (it runs on only with them all on the guest's stack). */
export interface RunOnPlan {
  readonly kind: Uint8Array;
  readonly reads: Int32Array;
  /** What running a core op on the host costs against a crossing: slot ops box and unbox through the core's memory. */
  readonly weight: Uint8Array;
  /** Learnt: after the host op here, the next one was further than RUN_ON_WEIGHT of plain ops, so the core runs them. */
  readonly far: Uint8Array;
}

/** Plain-op weight the host runs on for before it gives up on reaching another host op (about one crossing's cost). */
export const RUN_ON_WEIGHT = 8;
const SLOT_WEIGHT = 3;

const plans = new WeakMap<EncodedChunk, RunOnPlan>();

export function runOnPlan(chunk: Chunk, enc: EncodedChunk): RunOnPlan {
  let p = plans.get(enc);
  if (p) return p;
  const n = chunk.ops.length;
  const kind = new Uint8Array(n);
  const reads = new Int32Array(n);
  const weight = new Uint8Array(n);
  const byName = new Map(OPS.map((s) => [s.name, s as OpSpec]));
  for (let ip = 0; ip < n; ip++) {
    const ins = chunk.ops[ip]!;
    const spec = byName.get(ins.op)!;
    const pop = spec.pop;
    if (spec.frames || pop === 'var' || NO_RUN_ON.has(spec.category)) continue;
    const count = typeof pop === 'number' ? pop : Number(ins.args[pop.operand]!) * (pop.times ?? 1);
    if (!Number.isSafeInteger(count) || count < 0) continue;
    reads[ip] = count;
    // Encoded to go to the host (a hook consults it), or a host op: as hostOp runs it.
    if (spec.host || enc.code[ip * (OP_RECORD.bytes >> 2) + (OP_RECORD.opcode >> 2)] === TO_HOST) kind[ip] = HOST;
    else kind[ip] = settle(CORE_KIND[ins.op] ?? STOP, ins.args, chunk, enc.slotsPerFrame);
    const k = CORE_KIND[ins.op];
    weight[ip] = k === GET_SLOT || k === SET_SLOT || k === SLOT_STEP || k === SLOT_TEST ? SLOT_WEIGHT : 1;
  }
  plans.set(enc, (p = { kind, reads, weight, far: new Uint8Array(n) }));
  return p;
}

/** A kind whose answer the operands alone give (constants are immutable), answered at plan time. */
function settle(k: number, args: readonly (number | bigint)[], chunk: Chunk, slotsPerFrame: number): number {
  const i = Number(args[0]);
  switch (k) {
    case LOAD_INT:
      return inlineInt(args[0] as Value) ? ALWAYS : HOST;
    case LOAD_CONST:
      return i < chunk.constants.length && !isContainer(chunk.constants[i]) ? ALWAYS : HOST;
    case SET_SLOT:
      return i < slotsPerFrame ? ALWAYS : HOST;
    case GET_SLOT: case SLOT_STEP: case SLOT_TEST:
      return i < slotsPerFrame ? k : HOST;
    case SET_VAR:
      return i < chunk.names.length ? ALWAYS : HOST;
    case GET_VAR:
      return i < chunk.names.length ? k : HOST;
  }
  return k;
}
export const ALWAYS_RUNS = ALWAYS;

const INT_LIMIT = 2 ** (INT_BITS - 1);
/** An Int the core holds inline (±2^47). */
const inlineInt = (v: Value): v is number => typeof v === 'number' && v >= -INT_LIMIT && v < INT_LIMIT;
const isNum = (v: Value): boolean => inlineInt(v) || v instanceof Float;
const isContainer = (v: Value): boolean => Array.isArray(v) || v instanceof Map || v instanceof Ref;
/** Whether the core's truthy() answers for v (everything but a handle). */
const coreTruthy = (v: Value): boolean => v === undefined || typeof v === 'boolean' || isNum(v);

/** The core's toInt (assembly/ops/numeric.ts) where it answers, else undefined. */
function coreToInt(v: Value): number | undefined {
  if (inlineInt(v)) return v;
  if (v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Float) {
    const f = v.value;
    if (f !== f) return 0;
    return f >= INT_LIMIT || f <= -INT_LIMIT ? undefined : Math.trunc(f);
  }
  return undefined;
}

/** What the core sees beside the stack when it decides. */
export interface CoreSide {
  slotsPerFrame: number;
  constants: readonly Value[];
  globalCount: number;
  globals: readonly Value[];
  /** The current frame's slots. */
  frame: { get(i: number): Value };
}

/** Whether the core would run op `ip` itself on these values (the stack as the guest holds it). */
export function coreRuns(k: number, args: readonly (number | bigint)[], stack: readonly Value[], side: CoreSide): boolean {
  const n = stack.length;
  switch (k) {
    case ALWAYS:
      return true;
    case LOAD_INT:
      return inlineInt(args[0] as Value);
    case LOAD_CONST: {
      const i = Number(args[0]);
      return i < side.constants.length && !isContainer(side.constants[i]);
    }
    case DUP:
      return !isContainer(stack[n - 1]);
    case DUP2:
      return !isContainer(stack[n - 1]) && !isContainer(stack[n - 2]);
    case GET_SLOT: {
      const i = Number(args[0]);
      return i < side.slotsPerFrame && !isContainer(side.frame.get(i));
    }
    case SET_SLOT:
      return Number(args[0]) < side.slotsPerFrame;
    case GET_VAR: {
      const i = Number(args[0]);
      return i < side.globalCount && !isContainer(side.globals[i]);
    }
    case SET_VAR:
      return Number(args[0]) < side.globalCount;
    case ADD: case SUB: case MUL: {
      const a = stack[n - 2], b = stack[n - 1];
      if (inlineInt(a) && inlineInt(b)) {
        // Exact: |a|,|b| < 2^47, so a sum is exact, and a product is exact below 2^53 (past it, surely too big).
        // A result past ±2^47 the core puts in a wide cell when one is free (assembly/wide.ts); the host
        // does not track the cells, so it takes such an op as its own: only where the heap is measured
        // can differ (at the next host op either way), never a value, an op count or the fuel.
        const r = k === ADD ? a + b : k === SUB ? a - b : a * b;
        return inlineInt(r);
      }
      return isNum(a) && isNum(b);
    }
    case SLOT_STEP: case SLOT_TEST: {
      const x = coreToInt(side.frame.get(Number(args[0])));
      return x !== undefined && (k === SLOT_TEST || inlineInt(x + 1) && inlineInt(x - 1));
    }
    case CMP:
      return isNum(stack[n - 1]) && isNum(stack[n - 2]);
    case BRANCH:
      return coreTruthy(stack[n - 1]);
  }
  return false;
}
