// The interpreter's run loop: a switch over the chunk's ops pre-decoded into
// typed arrays, with inline paths for the hot ops on their common values
// (small Ints, Floats, booleans, a slot within the frame). Anything else — an
// uncommon value, an op without an inline path, a hook installed — runs the
// op's handler in interpreter.ts, which stays the one meaning of every op: an
// inline path only ever does what its handler would, and when in doubt it
// leaves before touching any state and lets the handler run the op.
// Counting is the handlers' loop's: one op counted and one unit of fuel spent
// per op, before it runs; limits stop at the same op with the same error.

import type { RunResult } from '../backend.js';
import type { Chunk } from '../chunk/chunk.js';
import { FuelExhausted, Interrupted, StackOverflow } from '../errors.js';
import { isTruthy } from '../values/convert.js';
import { ELEMENT_BYTES, MAX_ARRAY_LENGTH } from '../values/heap-size.js';
import { Float, type Value } from '../values/value.js';
import { HANDLERS, codesOf, values, type Frame, type Interpreter } from './interpreter.js';
import { OPS } from '../ops/table.js';
import { SUPERS, SUPER_LENGTH, superAt, superPeak, superinstructions } from '../ops/super.js';

/** Inline-path numbers: literals, so V8 compiles the switch to a jump table. */
const enum F {
  Generic = 0,
  /** Past the last op: the run ends (so the loop need not compare ip with the length). */
  End,
  Nop,
  LoadInt,
  LoadNum,
  LoadFloat,
  LoadConst,
  LoadTrue,
  LoadFalse,
  LoadUndef,
  Pop,
  Dup,
  Swap,
  Rot,
  GetVar,
  SetVar,
  GetSlot,
  SetSlot,
  Add,
  Sub,
  Mul,
  Mod,
  Inc,
  Dec,
  NumEq,
  NumNe,
  NumLt,
  NumGt,
  NumLe,
  NumGe,
  BitAnd,
  BitOr,
  BitXor,
  Shl,
  Shr,
  LogNot,
  Jump,
  JumpIfTrue,
  JumpIfFalse,
  JumpIfTrueKeep,
  JumpIfFalseKeep,
  Call,
  Return,
  ReturnValue,
  PushFrame,
  PopFrame,
  PreIncSlot,
  PreIncSlotVoid,
  PreDecSlot,
  PostIncSlot,
  PostDecSlot,
  SlotLtIntJumpIfFalse,
  SlotIncLtIntJumpBack,
  AddAssignSlotVoid,
  // Superinstruction heads (src/ops/super.ts), in SUPERS' order: only the super code array holds them.
  SlotSlotArithSet,
  SlotIntArithSet,
  SlotSlotCmpBranch,
  SlotIntCmpBranch,
}

const INLINE: Readonly<Record<string, F>> = {
  Nop: F.Nop,
  LoadInt: F.LoadInt,
  LoadFloat: F.LoadFloat,
  LoadConst: F.LoadConst,
  LoadTrue: F.LoadTrue,
  LoadFalse: F.LoadFalse,
  LoadUndef: F.LoadUndef,
  Pop: F.Pop,
  Dup: F.Dup,
  Swap: F.Swap,
  Rot: F.Rot,
  GetVar: F.GetVar,
  SetVar: F.SetVar,
  DeclareVar: F.SetVar, // the same meaning as SetVar
  GetSlot: F.GetSlot,
  SetSlot: F.SetSlot,
  Add: F.Add,
  Sub: F.Sub,
  Mul: F.Mul,
  Mod: F.Mod,
  Inc: F.Inc,
  Dec: F.Dec,
  NumEq: F.NumEq,
  NumNe: F.NumNe,
  NumLt: F.NumLt,
  NumGt: F.NumGt,
  NumLe: F.NumLe,
  NumGe: F.NumGe,
  BitAnd: F.BitAnd,
  BitOr: F.BitOr,
  BitXor: F.BitXor,
  Shl: F.Shl,
  Shr: F.Shr,
  LogNot: F.LogNot,
  Jump: F.Jump,
  JumpIfTrue: F.JumpIfTrue,
  JumpIfFalse: F.JumpIfFalse,
  JumpIfTrueKeep: F.JumpIfTrueKeep,
  JumpIfFalseKeep: F.JumpIfFalseKeep,
  Call: F.Call,
  Return: F.Return,
  ReturnValue: F.ReturnValue,
  PushFrame: F.PushFrame,
  PopFrame: F.PopFrame,
  PreIncSlot: F.PreIncSlot,
  PreIncSlotVoid: F.PreIncSlotVoid,
  PreDecSlot: F.PreDecSlot,
  PostIncSlot: F.PostIncSlot,
  PostDecSlot: F.PostDecSlot,
  SlotLtIntJumpIfFalse: F.SlotLtIntJumpIfFalse,
  SlotIncLtIntJumpBack: F.SlotIncLtIntJumpBack,
  AddAssignSlotVoid: F.AddAssignSlotVoid,
};

/** A chunk decoded for the loop: per op its inline path and up to three
 *  operands (as int32 where they index or jump, as f64 where they are values). */
interface Decoded {
  readonly code: Uint8Array;
  /** `code` with each superinstruction's head re-encoded (the ops after it keep theirs). */
  readonly superCode: Uint8Array;
  readonly i: Int32Array;
  readonly f: Float64Array;
  /** The Float each LoadFloat pushes (made once: a Float is immutable, and a
   *  Float constant is shared the same way by LoadConst). */
  readonly floats: readonly Float[];
}

/** Which operand is the jump target, for the inline paths that jump. */
const JUMP_OPERAND: Partial<Record<F, number>> = {
  [F.Jump]: 0,
  [F.JumpIfTrue]: 0,
  [F.JumpIfFalse]: 0,
  [F.JumpIfTrueKeep]: 0,
  [F.JumpIfFalseKeep]: 0,
  [F.SlotLtIntJumpIfFalse]: 2,
  [F.SlotIncLtIntJumpBack]: 2,
};

const DECODED = new WeakMap<Chunk, Decoded>();
const MAX = Number.MAX_SAFE_INTEGER;
const I32 = (x: number | bigint | undefined): x is number => typeof x === 'number' && (x | 0) === x;

function decode(chunk: Chunk): Decoded {
  let d = DECODED.get(chunk);
  if (d) return d;
  const n = chunk.ops.length;
  const code = new Uint8Array(n + 1);
  const iv = new Int32Array(n * 3);
  const fv = new Float64Array(n);
  const floats: Float[] = [];
  for (let ip = 0; ip < n; ip++) {
    const { op, args } = chunk.ops[ip]!;
    let c = INLINE[op] ?? F.Generic;
    for (let k = 0; k < args.length && k < 3; k++) {
      const a = args[k]!;
      // An operand an inline path cannot hold exactly sends the op to its handler.
      if (typeof a !== 'number') c = F.Generic;
      else {
        if (k === 0) fv[ip] = a;
        if (I32(a)) iv[ip * 3 + k] = a;
        else if (!(op === 'LoadInt' || op === 'LoadFloat')) c = F.Generic;
      }
    }
    if (c === F.LoadFloat) {
      iv[ip * 3] = floats.length;
      floats.push(new Float(args[0] as number));
    }
    // An Int literal within int32 is read from the int32 operands (a small integer to V8).
    if (c === F.LoadInt && !I32(args[0])) c = F.LoadNum;
    if (c === F.Call) {
      // The callee resolved once: the chunk is immutable.
      const entry = chunk.findSub(args[0] as number);
      if (entry === undefined || entry > n) c = F.Generic;
      else iv[ip * 3 + 2] = entry;
    }
    // Inline jumps land on an op or on End; a target past that is the handler's.
    const target = JUMP_OPERAND[c];
    if (target !== undefined && iv[ip * 3 + target]! > n) c = F.Generic;
    code[ip] = c;
  }
  code[n] = F.End;
  d = { code, superCode: withSupers(chunk, code), i: iv, f: fv, floats };
  DECODED.set(chunk, d);
  return d;
}

/** The inline path of each superinstruction, in SUPERS' order. */
const SUPER_PATH = [F.SlotSlotArithSet, F.SlotIntArithSet, F.SlotSlotCmpBranch, F.SlotIntCmpBranch] as const;
if (SUPER_PATH.length !== SUPERS.length) throw new Error('fast-loop: a superinstruction without an inline path');
const SUPER_PEAK = superPeak(OPS);

/** The code with the heads of the sequences that superinstructions cover
 *  re-encoded, where every op of the sequence has its inline path (an op sent
 *  to its handler, or a LoadInt past int32, runs unfused). */
function withSupers(chunk: Chunk, code: Uint8Array): Uint8Array {
  const names = chunk.ops.map((i) => i.op);
  const out = code.slice();
  for (let ip = 0; ip < names.length; ip++) {
    const k = superAt(names, ip, (at) => code[at] === F.LoadInt, (at) => code[at] === F.Generic);
    if (k >= 0) out[ip] = SUPER_PATH[k]!;
  }
  return out;
}

/** Add, Sub or Mul (`c` its inline path) on the values the inline paths
 *  handle: the result, or undefined when the op's handler must run it. */
function arith(c: number, a: Value, b: Value): Value | undefined {
  if (typeof a === 'number') {
    if (typeof b === 'number') {
      const x = c === F.Add ? a + b : c === F.Sub ? a - b : a * b;
      if (x > MAX || x < -MAX) return undefined;
      return x === 0 ? 0 : x; // no -0 for an Int
    }
    if (b instanceof Float) return new Float(c === F.Add ? a + b.value : c === F.Sub ? a - b.value : a * b.value);
    return undefined;
  }
  if (a instanceof Float) {
    const y = typeof b === 'number' ? b : b instanceof Float ? b.value : undefined;
    if (y === undefined) return undefined;
    return new Float(c === F.Add ? a.value + y : c === F.Sub ? a.value - y : a.value * y);
  }
  return undefined;
}

/** A numeric comparison (`c` its inline path) on Ints and Floats, or undefined for the handler. */
function compare(c: number, a: Value, b: Value): boolean | undefined {
  let x: number, y: number;
  if (typeof a === 'number') x = a;
  else if (a instanceof Float) x = a.value;
  else return undefined;
  if (typeof b === 'number') y = b;
  else if (b instanceof Float) y = b.value;
  else return undefined;
  return c === F.NumLt ? x < y : c === F.NumLe ? x <= y : c === F.NumGt ? x > y : c === F.NumGe ? x >= y : c === F.NumEq ? x === y : x !== y;
}

const truthy = (v: Value): boolean => (typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : isTruthy(v));
/** Pushed as they are: values `copy` returns unchanged (not arrays, hashes, refs). */
const plainValue = (v: Value): boolean => typeof v !== 'object' || v instanceof Float;

let inlineOn = true;
/** For tests: with inline paths off, every op runs its handler (the meaning
 *  the inline paths are checked against). */
export function setInlinePaths(on: boolean): void {
  inlineOn = on;
}

/** Run `vm` from its ip until it ends, as Interpreter.run. */
export function runLoop(vm: Interpreter): RunResult {
  const chunk = vm.chunk;
  const ops = chunk.ops;
  const n = ops.length;
  const codes = codesOf(chunk);
  const d = decode(chunk);
  // Running single ops for the wasm core (vm.core set), every op goes to its handler.
  const code = vm.core === undefined && inlineOn ? (superinstructions() ? d.superCode : d.code) : new Uint8Array(n + 1).fill(F.End, n);
  const I = d.i;
  const FV = d.f;
  const FL = d.floats;
  const consts = chunk.constants;
  let ip = vm.ip;
  const { fuel, stackDepth, interrupt, interruptEvery, callDepth, maxElements } = vm.limits;
  // One counter, of fuel spent, serves fuel, the interrupt poll and the heap
  // measurement: the loop stops at whichever comes first and then sorts out
  // which. An op that charges for its work takes that off the budget too.
  let nextPoll = interrupt ? vm.opsExecuted + vm.extraFuel + interruptEvery : Infinity;
  let budget = Math.min(fuel, nextPoll, vm.nextHeapCheck) - vm.opsExecuted - vm.extraFuel;
  let s = vm.stack;
  let frames = vm.frames;
  let frame: Frame | undefined = frames[frames.length - 1];
  let slots: Value[] | undefined = frame?.slots;
  // Hooked ops run inline only while no hook is installed (their handlers are the defaults).
  let plain = vm.handlers === HANDLERS && vm.core === undefined;
  // The op count lives in a local while ops run inline, stored back before
  // anything that reads it (a handler, the limits, the end of the run).
  let oc = vm.opsExecuted;
  try {
    // Halting is only ever asked for inside a handler or the interrupt
    // callback, so the loop looks at vm.halted after those alone.
    if (!vm.halted && ip < n)
      loop: for (;;) {
      if (budget-- <= 0) {
        if (ip >= n || vm.halted) break;
        vm.opsExecuted = oc;
        const done = oc + vm.extraFuel;
        vm.ip = ip;
        if (done >= fuel) throw new FuelExhausted('fuel', `fuel exhausted after ${oc} ops (limits.fuel)`, vm.site(ip));
        if (done >= nextPoll) {
          if (interrupt?.()) throw new Interrupted('interrupt', 'interrupted by the host', vm.site(ip));
          nextPoll = done + interruptEvery;
          plain = vm.handlers === HANDLERS && vm.core === undefined;
        }
        if (done >= vm.nextHeapCheck) {
          // An OutOfMemory found here is charged to the op about to run, as
          // when a handler's own allocation finds it.
          vm.opsExecuted = oc + 1;
          vm.measureHeap(ip);
          vm.opsExecuted = oc;
        }
        budget = Math.min(fuel, nextPoll, vm.nextHeapCheck) - done - 1;
        // Halted by the interrupt callback: this op still runs, the next one stops.
        if (vm.halted) budget = 0;
      }
      oc++;
      // Each case either finishes its op and continues, or breaks before
      // changing anything so that the handler runs the op.
      switch (code[ip]) {
          case F.End:
            oc--; // not an op
            break loop;
          case F.Nop:
            ip++;
            continue;
          case F.LoadInt:
            s.push(I[ip * 3]!);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          case F.LoadNum:
            s.push(FV[ip]!);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          case F.LoadFloat:
            s.push(FL[I[ip * 3]!]!);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          case F.LoadConst: {
            const v = consts[I[ip * 3]!];
            if (!plainValue(v)) break;
            s.push(v);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          }
          case F.LoadTrue:
            s.push(true);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          case F.LoadFalse:
            s.push(false);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          case F.LoadUndef:
            s.push(undefined);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          case F.Pop:
            s.pop();
            ip++;
            continue;
          case F.Dup: {
            const v = s[s.length - 1];
            if (!plainValue(v)) break;
            s.push(v);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          }
          case F.Swap: {
            const k = s.length;
            if (k >= 2) {
              const t = s[k - 1];
              s[k - 1] = s[k - 2];
              s[k - 2] = t;
            }
            ip++;
            continue;
          }
          case F.Rot: {
            const k = s.length;
            if (k >= 3) {
              const a = s[k - 3];
              s[k - 3] = s[k - 2];
              s[k - 2] = s[k - 1];
              s[k - 1] = a;
            }
            ip++;
            continue;
          }
          case F.GetVar: {
            if (!plain) break;
            const v = vm.globals[I[ip * 3]!];
            if (!plainValue(v)) break;
            s.push(v);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          }
          case F.SetVar: {
            const g = vm.globals;
            const x = I[ip * 3]!;
            if (x >= g.length) break;
            g[x] = s.pop();
            ip++;
            continue;
          }
          // Superinstructions (src/ops/super.ts): GetSlot a; GetSlot or an int32
          // LoadInt; a binary op; a SetSlot or a branch. Run as one only when
          // each op would take its inline path (the same helpers), counting
          // and charging each; else the head runs alone as the GetSlot it is.
          case F.SlotSlotArithSet:
          case F.SlotIntArithSet:
          case F.SlotSlotCmpBranch:
          case F.SlotIntCmpBranch: {
            // Fuel for the three ops after the head: each would find budget > 0.
            if (plain && slots !== undefined && budget >= SUPER_LENGTH - 1 && s.length + SUPER_PEAK <= stackDepth) {
              const c = code[ip]!;
              const x = slots[I[ip * 3]!];
              const y = c === F.SlotSlotArithSet || c === F.SlotSlotCmpBranch ? slots[I[ip * 3 + 3]!] : I[ip * 3 + 3]!;
              const last = ip + SUPER_LENGTH - 1;
              if (c === F.SlotSlotArithSet || c === F.SlotIntArithSet) {
                const d = I[last * 3]!;
                const r = d < slots.length ? arith(code[ip + 2]!, x, y) : undefined;
                if (r !== undefined) {
                  slots[d] = r;
                  oc += SUPER_LENGTH - 1;
                  budget -= SUPER_LENGTH - 1;
                  ip = last + 1;
                  continue;
                }
              } else {
                const r = compare(code[ip + 2]!, x, y);
                if (r !== undefined) {
                  oc += SUPER_LENGTH - 1;
                  budget -= SUPER_LENGTH - 1;
                  ip = r === (code[last] === F.JumpIfTrue) ? I[last * 3]! : last + 1;
                  continue;
                }
              }
            }
          }
          // falls through
          case F.GetSlot: {
            if (!plain || slots === undefined) break;
            const v = slots[I[ip * 3]!];
            if (!plainValue(v)) break;
            s.push(v);
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          }
          case F.SetSlot: {
            const x = I[ip * 3]!;
            if (slots === undefined) break;
            if (x < slots.length) slots[x] = s.pop();
            else if (x < maxElements && x < MAX_ARRAY_LENGTH && vm.tryReserve((x + 1 - slots.length) * ELEMENT_BYTES)) {
              // The frame grows to x + 1 slots, within limits.maxElements, its memory charged (setSlot's growth).
              const v = s.pop();
              while (slots.length < x) slots.push(undefined);
              slots[x] = v;
            } else {
              // A new slot: the frame grows, its memory reserved (which can stop the run).
              vm.ip = ip + 1;
              vm.opsExecuted = oc;
              vm.setSlot(x, s.pop());
            }
            ip++;
            continue;
          }
          case F.Add:
          case F.Sub:
          case F.Mul: {
            if (!plain) break;
            const k = s.length;
            if (k < 2) break;
            const r = arith(code[ip]!, s[k - 2], s[k - 1]);
            if (r === undefined) break;
            s.pop();
            s[k - 2] = r;
            ip++;
            continue;
          }
          case F.Mod: {
            if (!plain) break;
            const k = s.length;
            if (k < 2) break;
            const a = s[k - 2];
            const b = s[k - 1];
            if (typeof a !== 'number' || typeof b !== 'number' || b === 0) break;
            const r = a % b;
            s.pop();
            s[k - 2] = r === 0 ? 0 : r;
            ip++;
            continue;
          }
          case F.Inc: {
            if (!plain) break;
            const k = s.length;
            const v = s[k - 1];
            if (k === 0 || typeof v !== 'number' || v >= MAX) break;
            s[k - 1] = v + 1;
            ip++;
            continue;
          }
          case F.Dec: {
            if (!plain) break;
            const k = s.length;
            const v = s[k - 1];
            if (k === 0 || typeof v !== 'number' || v <= -MAX) break;
            s[k - 1] = v - 1;
            ip++;
            continue;
          }
          case F.NumEq:
          case F.NumNe:
          case F.NumLt:
          case F.NumGt:
          case F.NumLe:
          case F.NumGe: {
            if (!plain) break;
            const k = s.length;
            if (k < 2) break;
            const r = compare(code[ip]!, s[k - 2], s[k - 1]);
            if (r === undefined) break;
            s.pop();
            s[k - 2] = r;
            ip++;
            continue;
          }
          case F.BitAnd:
          case F.BitOr:
          case F.BitXor:
          case F.Shl:
          case F.Shr: {
            const k = s.length;
            if (k < 2) break;
            const a = s[k - 2];
            const b = s[k - 1];
            if (typeof a !== 'number' || typeof b !== 'number' || (a | 0) !== a || (b | 0) !== b) break;
            const c = code[ip];
            let r: number;
            if (c === F.BitAnd) r = a & b;
            else if (c === F.BitOr) r = a | b;
            else if (c === F.BitXor) r = a ^ b;
            else if (c === F.Shl) {
              const sh = b & 63;
              if (sh >= 21) break;
              r = a * (1 << sh); // sh < 21: exact, as a * 2 ** sh
            } else {
              const sh = b & 63;
              r = sh >= 32 ? (a < 0 ? -1 : 0) : a >> sh;
            }
            s.pop();
            s[k - 2] = r;
            ip++;
            continue;
          }
          case F.LogNot: {
            const v = s.pop();
            s.push(!truthy(v));
            ip++;
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          }
          case F.Jump:
            ip = I[ip * 3]!;
            continue;
          case F.JumpIfTrue:
            ip = truthy(s.pop()) ? I[ip * 3]! : ip + 1;
            continue;
          case F.JumpIfFalse:
            ip = truthy(s.pop()) ? ip + 1 : I[ip * 3]!;
            continue;
          case F.JumpIfTrueKeep:
            ip = truthy(s[s.length - 1]) ? I[ip * 3]! : ip + 1;
            continue;
          case F.JumpIfFalseKeep:
            ip = truthy(s[s.length - 1]) ? ip + 1 : I[ip * 3]!;
            continue;
          case F.Call: {
            if (frames.length >= callDepth) break;
            const base = s.length - I[ip * 3 + 1]!;
            frame = { returnIp: ip + 1, stackBase: base < 0 ? Infinity : base, slots: values(), entryIp: I[ip * 3 + 2]! };
            frames.push(frame);
            slots = frame.slots;
            ip = frame.entryIp!;
            continue;
          }
          case F.Return: {
            if (frame === undefined || frame.returnIp > n) break;
            const f = frames.pop()!;
            if (f.stackBase < s.length) s.length = f.stackBase;
            ip = f.returnIp;
            frame = frames[frames.length - 1];
            slots = frame?.slots;
            continue;
          }
          case F.ReturnValue: {
            if (frame === undefined || frame.returnIp > n) break;
            const at = ip;
            const v = s.pop();
            const f = frames.pop()!;
            if (f.stackBase < s.length) s.length = f.stackBase;
            ip = f.returnIp;
            s.push(v);
            frame = frames[frames.length - 1];
            slots = frame?.slots;
            if (s.length > stackDepth) throw overflow(vm, at, ip, stackDepth);
            continue;
          }
          case F.PushFrame: {
            if (frames.length >= callDepth) break;
            frame = { returnIp: ip + 1, stackBase: s.length, slots: values(), entryIp: undefined };
            frames.push(frame);
            slots = frame.slots;
            ip++;
            continue;
          }
          case F.PopFrame: {
            const f = frames.pop();
            if (f !== undefined && f.stackBase < s.length) s.length = f.stackBase;
            frame = frames[frames.length - 1];
            slots = frame?.slots;
            ip++;
            continue;
          }
          case F.PreIncSlotVoid:
          case F.PreIncSlot:
          case F.PreDecSlot:
          case F.PostIncSlot:
          case F.PostDecSlot: {
            const x = I[ip * 3]!;
            if (slots === undefined || x >= slots.length) break;
            const v = slots[x];
            if (typeof v !== 'number' || v >= MAX || v <= -MAX) break;
            const c = code[ip];
            const w = c === F.PreDecSlot || c === F.PostDecSlot ? v - 1 : v + 1;
            slots[x] = w;
            ip++;
            if (c === F.PreIncSlotVoid) continue;
            s.push(c === F.PreIncSlot || c === F.PreDecSlot ? w : v);
            if (s.length > stackDepth) throw overflow(vm, ip - 1, ip, stackDepth);
            continue;
          }
          case F.SlotLtIntJumpIfFalse: {
            const v = slots === undefined ? undefined : slots[I[ip * 3]!];
            if (typeof v !== 'number') break;
            ip = v >= I[ip * 3 + 1]! ? I[ip * 3 + 2]! : ip + 1;
            continue;
          }
          case F.SlotIncLtIntJumpBack: {
            const x = I[ip * 3]!;
            if (slots === undefined || x >= slots.length) break;
            const v = slots[x];
            if (typeof v !== 'number' || v >= MAX) break;
            const w = v + 1;
            slots[x] = w;
            ip = w < I[ip * 3 + 1]! ? I[ip * 3 + 2]! : ip + 1;
            continue;
          }
          case F.AddAssignSlotVoid: {
            const x = I[ip * 3]!;
            if (slots === undefined || x >= slots.length) break;
            const a = slots[x];
            const b = slots[I[ip * 3 + 1]!];
            if (typeof a !== 'number' || typeof b !== 'number') break;
            const w = a + b;
            if (w > MAX || w < -MAX) break;
            slots[x] = w;
            ip++;
            continue;
          }
        }
      // The handler runs the op.
      vm.ip = ip + 1;
      vm.opsExecuted = oc;
      vm.handlers[codes[ip]!]!(vm, ops[ip]!.args, ip);
      oc = vm.opsExecuted;
      if (vm.fuelCut !== 0) {
        budget -= vm.fuelCut;
        vm.fuelCut = 0;
      }
      if (vm.stack.length > stackDepth) throw new StackOverflow('stackDepth', `value stack deeper than ${stackDepth} (limits.stackDepth)`, vm.site(ip));
      if (vm.finished) return { status: 'ok', value: vm.finished.value };
      ip = vm.ip;
      s = vm.stack;
      frames = vm.frames;
      frame = frames[frames.length - 1];
      slots = frame?.slots;
      plain = vm.handlers === HANDLERS && vm.core === undefined;
      if (vm.halted || ip >= n) break;
    }
  } catch (e) {
    vm.opsExecuted = oc;
    return vm.fail(e, ip);
  }
  vm.opsExecuted = oc;
  vm.ip = ip;
  if (s.length > 0) return { status: 'ok', value: s.pop() };
  return { status: 'halted' };
}

/** The value stack passed limits.stackDepth after op `at` (the loop's error, with its ip state). */
function overflow(vm: Interpreter, at: number, next: number, stackDepth: number): StackOverflow {
  vm.ip = next;
  return new StackOverflow('stackDepth', `value stack deeper than ${stackDepth} (limits.stackDepth)`, vm.site(at));
}
