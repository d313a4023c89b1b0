// The WebAssembly core: the dispatch loop over the host's compact encoding of
// a chunk, on NaN-boxed values in linear memory. It runs the numeric, slot,
// control-flow, call and fused ops itself. Any other op, or an operand it does
// not hold (a string or other handle, an Int past ±2^47 the host made), goes to the host
// through the `hostOp` import, which runs the op on the same state in place;
// only ops that open or close frames on the host's side hand the rest of the
// run to the host's interpreter (status DEOPT, stopped *before* the op).
//
// Memory layout (byte offsets; the host sizes and places each region and
// writes the bases into the header — see src/core/abi.ts, the core ABI table):
//   HEADER  0..127   ip, sp, fp, status, ops (i64), fuel (i64), region bases
//   CODE    [codeBase]   4 × i32 per op: opcode, a, b, c
//   CONSTS  [constBase]  u64 literals (LoadFloat, LoadInt beyond i32)
//   STACK   [stackBase]  u64 values, stackCap of them
//   FRAMES  [frameBase]  4 × i32 per frame: return ip, stack base, unused, unused
//   SLOTS   [slotBase]   u64 values, slotsPerFrame per frame
//   HOOKS   [hooks]      i32 per op: table index of compiled code to enter there
//   POOL    [pool]       u64 per chunk constant, boxed by the host at reset
//   GLOBALS [globals]    u64 per chunk name
//   CELLS   [cells]      the wide Ints' i64 cells (assembly/wide.ts)

import * as O from './opcodes.generated';
import {
  FRAME_BYTES, FRAME_RETURN_IP, FRAME_STACK_BASE, HOOK_BYTES, HOSTOP_HAND_OVER, OPR_A, OPR_B, OPR_BYTES, OPR_C, OPR_OPCODE, PACK_LOAD_INT_INLINE, STATUS_DEOPT, STATUS_DONE, STATUS_HOST_STOP, STATUS_HOT, VALUE_BYTES,
  H_CELLS, H_CODE, H_CONSTS, H_FP, H_FRAMES, H_FRAME_CAP, H_FUEL, H_GLOBALS, H_GLOBAL_COUNT, H_HOOKS, H_HOT, H_HOT_THRESHOLD, H_IP, H_N_OPS, H_OPS, H_POOL, H_POOL_COUNT, H_SLOTS, H_SLOTS_PER_FRAME, H_SP, H_STACK, H_STACK_CAP,
} from './abi.generated';
import { SUPER_LENGTH, SUPER_PEAK } from './opcodes.generated';
import { NO_INT, arith, compare, toInt } from './ops/numeric';
import { accumSumLoop, coldStackOp } from './ops/cold';
import { FALSE, TRUE, UNDEF, fitsInt, floatOf, intOf, isContainer, isFloat, isInt, mkBool, mkInt, mkFloat, truthy } from './value';
import { anyIntOf, boxI64, cellsWanted, clearMarks, giveUpCell, isAnyInt, markCells, sweepCells, sweepDue, useCells } from './wide';

// Statuses (src/core/abi.ts STATUS): DONE ran off the end; DEOPT stopped
// before the op at ip, the host continues; HOST_STOP the host ended the run
// or took it over inside hostOp; compiled code may also return JIT_EVENT.
const DONE = STATUS_DONE;
const DEOPT = STATUS_DEOPT;
const HOST_STOP = STATUS_HOST_STOP;
const HOT = STATUS_HOT;

/** Run op `ip` on the host, the core's ip/sp/fp/ops already in the header.
 *  Returns the next ip (the host wrote the new sp to the header), -1 to hand
 *  the run over before the op, or -2 when the host ended or took the run. */
@external("env", "hostOp")
declare function hostOp(ip: i32): i32;

@external("env", "boxInt")
declare function boxIntHost(v: i64): i64;

// Compiled code reaches the host through these, installed at the JIT_TABLE
// slots of the core's table by the host (src/core/load.ts).
export function jitHostOp(ip: i32): i32 { return hostOp(ip); }
export function jitBoxInt(v: i64): i64 { return boxIntHost(v); }

/** Sweep the wide-Int cells over every value the core holds (the loop's sp and fp); whether any is free after. */
function collectCells(stack: i32, sp: i32, slots: i32, nSlots: i32): bool {
  const nGlobals = load<i32>(H_GLOBAL_COUNT), nPool = load<i32>(H_POOL_COUNT);
  if (!sweepDue(sp + nSlots + nGlobals + nPool)) return false;
  clearMarks();
  markCells(stack, sp);
  markCells(slots, nSlots);
  markCells(load<i32>(H_GLOBALS), nGlobals);
  markCells(load<i32>(H_POOL), nPool);
  return sweepCells() > 0;
}

export function run(): i32 {
  const code = load<i32>(H_CODE);
  const stack = load<i32>(H_STACK);
  const stackCap = load<i32>(H_STACK_CAP);
  const frames = load<i32>(H_FRAMES);
  const slotsBase = load<i32>(H_SLOTS);
  const slotsPer = load<i32>(H_SLOTS_PER_FRAME);
  const hooks = load<i32>(H_HOOKS);
  const n = load<i32>(H_N_OPS);
  let ip = load<i32>(H_IP);
  let sp = load<i32>(H_SP); // values on the stack
  let fp = load<i32>(H_FP); // frames open
  let ops = load<i64>(H_OPS);
  let fuel = load<i64>(H_FUEL); // lowered by the host for a host op's work: re-read after one
  let slots = slotsBase + (fp - 1) * slotsPer * VALUE_BYTES;
  let status = DONE;
  // Compiled code is entered at the chunk entry and at backward-jump targets.
  let atHeader = hooks != 0;
  // Tracing: a counter per op for back-edge targets and the ips compiled code exits to.
  const hot = load<i32>(H_HOT);
  const hotAt = load<i32>(H_HOT_THRESHOLD);
  useCells(load<i32>(H_CELLS));

  while (ip < n) {
    if (atHeader) {
      atHeader = false;
      const fn = load<i32>(hooks + ip * HOOK_BYTES);
      if (fn != 0) {
        const entered = ip;
        // The compiled function reads and writes the state in the header,
        // like hostOp, and returns 0 to continue here or a status to stop.
        store<i32>(H_IP, ip); store<i32>(H_SP, sp); store<i32>(H_FP, fp); store<i64>(H_OPS, ops);
        const r = call_indirect<i32>(<u32>fn);
        ip = load<i32>(H_IP); sp = load<i32>(H_SP); fp = load<i32>(H_FP); ops = load<i64>(H_OPS); fuel = load<i64>(H_FUEL);
        slots = slotsBase + (fp - 1) * slotsPer * VALUE_BYTES;
        if (r != 0) { status = r; break; }
        if (hot != 0 && ip != entered && ip < n) {
          // An exit: count where it landed (a side trace may start there), and enter what is installed there.
          const c = load<i32>(hot + ip * HOOK_BYTES) + 1;
          store<i32>(hot + ip * HOOK_BYTES, c);
          if (c == hotAt) { status = HOT; break; }
          atHeader = true;
        }
        continue;
      }
    }
    if (ops >= fuel) { status = DEOPT; break; }
    const p = code + ip * OPR_BYTES;
    const op = load<i32>(p, OPR_OPCODE);
    const a = load<i32>(p, OPR_A);
    const b = load<i32>(p, OPR_B);
    const c = load<i32>(p, OPR_C);
    let next = ip + 1;
    let ok = true;
    switch (op) {
      case O.OP_Nop: break;
      case O.OP_LoadInt: {
        // a: 0 = inline i32 in b; 1 = i64 in the constant area at index b
        const v: i64 = a == PACK_LOAD_INT_INLINE ? <i64>b : load<i64>(load<i32>(H_CONSTS) + b * VALUE_BYTES);
        if (sp >= stackCap) { ok = false; break; }
        const r = boxI64(v);
        if (r == 0) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, r); sp++;
        break;
      }
      case O.OP_LoadFloat: {
        if (sp >= stackCap) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, mkFloat(load<f64>(load<i32>(H_CONSTS) + b * VALUE_BYTES))); sp++;
        break;
      }
      case O.OP_LoadConst: {
        // Constants are boxed by the host at reset; a container is copied by the host.
        if (sp >= stackCap || a >= load<i32>(H_POOL_COUNT)) { ok = false; break; }
        const v = load<u64>(load<i32>(H_POOL) + a * VALUE_BYTES);
        if (isContainer(v)) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, v); sp++;
        break;
      }
      case O.OP_LoadTrue: case O.OP_LoadFalse: case O.OP_LoadUndef: {
        if (sp >= stackCap) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, op == O.OP_LoadTrue ? TRUE : op == O.OP_LoadFalse ? FALSE : UNDEF); sp++;
        break;
      }
      case O.OP_Pop: if (sp > 0) sp--; break;
      case O.OP_Dup: {
        if (sp >= stackCap) { ok = false; break; }
        const v = sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF;
        if (isContainer(v)) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, v); sp++;
        break;
      }
      case O.OP_Dup2: {
        if (sp < 2) break; // no effect with fewer than two
        const x = load<u64>(stack + (sp - 2) * VALUE_BYTES), y = load<u64>(stack + (sp - 1) * VALUE_BYTES);
        if (sp + 2 > stackCap || isContainer(x) || isContainer(y)) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, x); store<u64>(stack + (sp + 1) * VALUE_BYTES, y); sp += 2;
        break;
      }
      case O.OP_Swap: {
        if (sp >= 2) {
          const x = load<u64>(stack + (sp - 1) * VALUE_BYTES);
          store<u64>(stack + (sp - 1) * VALUE_BYTES, load<u64>(stack + (sp - 2) * VALUE_BYTES));
          store<u64>(stack + (sp - 2) * VALUE_BYTES, x);
        }
        break;
      }
      case O.OP_Rot: {
        if (sp >= 3) {
          const x = load<u64>(stack + (sp - 3) * VALUE_BYTES);
          store<u64>(stack + (sp - 3) * VALUE_BYTES, load<u64>(stack + (sp - 2) * VALUE_BYTES));
          store<u64>(stack + (sp - 2) * VALUE_BYTES, load<u64>(stack + (sp - 1) * VALUE_BYTES));
          store<u64>(stack + (sp - 1) * VALUE_BYTES, x);
        }
        break;
      }
      // Superinstructions (src/ops/super.ts): GetSlot a; then GetSlot s2 or an
      // int32 LoadInt (the next record); the binary op whose core opcode b holds;
      // a SetSlot, or the branch whose opcode c holds (the last record). Run as
      // one only when all four would take their cases below, counting four ops;
      // else the head runs alone as the GetSlot it is (falling through).
      case O.SUPER_SlotSlotArithSet: case O.SUPER_SlotIntArithSet: case O.SUPER_SlotSlotCmpBranch: case O.SUPER_SlotIntCmpBranch: {
        if (fuel - ops >= <i64>SUPER_LENGTH && sp + SUPER_PEAK <= stackCap && fp != 0 && a < slotsPer) {
          const x = load<u64>(slots + a * VALUE_BYTES);
          let y: u64 = UNDEF; // no number: the fused path does not apply
          if (op == O.SUPER_SlotSlotArithSet || op == O.SUPER_SlotSlotCmpBranch) {
            const s2 = load<i32>(p + OPR_BYTES, OPR_A);
            if (s2 < slotsPer) y = load<u64>(slots + s2 * VALUE_BYTES);
          } else y = mkInt(<i64>load<i32>(p + OPR_BYTES, OPR_B)); // the encoder fuses only an inline literal
          const d = load<i32>(p + (SUPER_LENGTH - 1) * OPR_BYTES, OPR_A); // SetSlot's slot, the branch's target
          if (op == O.SUPER_SlotSlotArithSet || op == O.SUPER_SlotIntArithSet) {
            const r = d < slotsPer ? arith(b, x, y) : 0;
            if (r != 0) {
              store<u64>(slots + d * VALUE_BYTES, r);
              ops += SUPER_LENGTH - 1; ip += SUPER_LENGTH - 1; next = ip + 1;
              break;
            }
          } else {
            const t = compare(b, x, y);
            if (t >= 0) {
              // The branch's bookkeeping below is the last op's (ip is its ip).
              ops += SUPER_LENGTH - 1; ip += SUPER_LENGTH - 1;
              next = (t == 1) == (c == O.OP_JumpIfTrue) ? d : ip + 1;
              break;
            }
          }
        }
      }
      // falls through
      case O.OP_GetSlot: {
        if (sp >= stackCap || a >= slotsPer || fp == 0) { ok = false; break; }
        const v = load<u64>(slots + a * VALUE_BYTES);
        if (isContainer(v)) { ok = false; break; }
        store<u64>(stack + sp * VALUE_BYTES, v); sp++;
        break;
      }
      case O.OP_GetVar: {
        if (sp >= stackCap || a >= load<i32>(H_GLOBAL_COUNT)) { ok = false; break; }
        const v = load<u64>(load<i32>(H_GLOBALS) + a * VALUE_BYTES);
        if (isContainer(v)) { ok = false; break; } // the host copies it
        store<u64>(stack + sp * VALUE_BYTES, v); sp++;
        break;
      }
      case O.OP_SetVar: case O.OP_DeclareVar: {
        if (a >= load<i32>(H_GLOBAL_COUNT)) { ok = false; break; }
        store<u64>(load<i32>(H_GLOBALS) + a * VALUE_BYTES, sp > 0 ? load<u64>(stack + (--sp) * VALUE_BYTES) : UNDEF);
        break;
      }
      case O.OP_SetSlot: {
        if (a >= slotsPer || fp == 0) { ok = false; break; }
        store<u64>(slots + a * VALUE_BYTES, sp > 0 ? load<u64>(stack + (--sp) * VALUE_BYTES) : UNDEF);
        break;
      }
      case O.OP_Add: case O.OP_Sub: case O.OP_Mul: {
        if (sp < 2) break; // upstream: a no-op on a short stack
        const r = arith(op, load<u64>(stack + (sp - 2) * VALUE_BYTES), load<u64>(stack + (sp - 1) * VALUE_BYTES));
        if (r == 0) { ok = false; break; }
        sp--; store<u64>(stack + (sp - 1) * VALUE_BYTES, r);
        break;
      }
      case O.OP_NumLt: case O.OP_NumGt: case O.OP_NumLe: case O.OP_NumGe: case O.OP_NumEq: case O.OP_NumNe: {
        if (sp < 2) break;
        const r = compare(op, load<u64>(stack + (sp - 2) * VALUE_BYTES), load<u64>(stack + (sp - 1) * VALUE_BYTES));
        if (r < 0) { ok = false; break; }
        sp--; store<u64>(stack + (sp - 1) * VALUE_BYTES, mkBool(r != 0));
        break;
      }
      case O.OP_Div: case O.OP_Mod: case O.OP_Negate: case O.OP_Spaceship: case O.OP_LogNot: case O.OP_LogAnd: case O.OP_LogOr:
      case O.OP_BitAnd: case O.OP_BitOr: case O.OP_BitXor: case O.OP_Shl: case O.OP_Shr: case O.OP_BitNot: case O.OP_AbsInt: case O.OP_TruncInt:
      case O.OP_SqrtFloat: case O.OP_AbsFloat: case O.OP_CeilFloat: case O.OP_FloorFloat: case O.OP_TruncFloat: {
        // Out of line, to keep this loop small for V8 (assembly/ops/cold.ts).
        const r = coldStackOp(op, stack, sp, stackCap);
        if (r < 0) { ok = false; break; }
        sp = r;
        break;
      }
      case O.OP_Inc: case O.OP_Dec: {
        const v = sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF;
        const i = toInt(v);
        if (i == NO_INT || sp == 0) { ok = false; break; }
        const r = boxI64(op == O.OP_Inc ? i + 1 : i - 1);
        if (r == 0) { ok = false; break; }
        store<u64>(stack + (sp - 1) * VALUE_BYTES, r);
        break;
      }
      case O.OP_Jump: next = a; break;
      case O.OP_JumpIfTrue: case O.OP_JumpIfFalse: {
        const t = truthy(sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF);
        if (t < 0) { ok = false; break; }
        if (sp > 0) sp--;
        if ((t == 1) == (op == O.OP_JumpIfTrue)) next = a;
        break;
      }
      case O.OP_JumpIfTrueKeep: case O.OP_JumpIfFalseKeep: {
        const t = truthy(sp > 0 ? load<u64>(stack + (sp - 1) * VALUE_BYTES) : UNDEF);
        if (t < 0) { ok = false; break; }
        if ((t == 1) == (op == O.OP_JumpIfTrueKeep)) next = a;
        break;
      }
      case O.OP_Call: case O.OP_PushFrame: {
        // Call: b = entry ip resolved by the host (-1: none), c = argc.
        if (fp >= load<i32>(H_FRAME_CAP) || (op == O.OP_Call && (b < 0 || c > sp))) { ok = false; break; }
        const f = frames + fp * FRAME_BYTES;
        store<i32>(f, next, FRAME_RETURN_IP);
        store<i32>(f, op == O.OP_Call ? sp - c : sp, FRAME_STACK_BASE);
        fp++;
        slots = slotsBase + (fp - 1) * slotsPer * VALUE_BYTES;
        for (let k = 0; k < slotsPer; k++) store<u64>(slots + k * VALUE_BYTES, UNDEF);
        if (op == O.OP_Call) next = b;
        break;
      }
      case O.OP_Return: case O.OP_ReturnValue: case O.OP_PopFrame: {
        // The base frame's Return restarts at op 0 upstream; the host handles that.
        if (fp <= 1) { ok = false; break; }
        const v = op == O.OP_ReturnValue ? (sp > 0 ? load<u64>(stack + (--sp) * VALUE_BYTES) : UNDEF) : 0;
        fp--;
        const f = frames + fp * FRAME_BYTES;
        const base = load<i32>(f, FRAME_STACK_BASE);
        if (base < sp) sp = base;
        if (op != O.OP_PopFrame) next = load<i32>(f, FRAME_RETURN_IP);
        slots = slotsBase + (fp - 1) * slotsPer * VALUE_BYTES;
        if (op == O.OP_ReturnValue) { store<u64>(stack + sp * VALUE_BYTES, v); sp++; }
        break;
      }
      case O.OP_PreIncSlot: case O.OP_PreIncSlotVoid: case O.OP_PreDecSlot: case O.OP_PostIncSlot: case O.OP_PostDecSlot: {
        if (a >= slotsPer || fp == 0 || sp >= stackCap) { ok = false; break; }
        const old = toInt(load<u64>(slots + a * VALUE_BYTES));
        if (old == NO_INT) { ok = false; break; }
        const nv = boxI64(op == O.OP_PreDecSlot || op == O.OP_PostDecSlot ? old - 1 : old + 1);
        const ov = op == O.OP_PostIncSlot || op == O.OP_PostDecSlot ? boxI64(old) : nv;
        if (nv == 0 || ov == 0) { ok = false; break; }
        store<u64>(slots + a * VALUE_BYTES, nv);
        if (op != O.OP_PreIncSlotVoid) { store<u64>(stack + sp * VALUE_BYTES, ov); sp++; }
        break;
      }
      case O.OP_SlotLtIntJumpIfFalse: {
        if (a >= slotsPer || fp == 0) { ok = false; break; }
        const v = toInt(load<u64>(slots + a * VALUE_BYTES));
        if (v == NO_INT) { ok = false; break; }
        if (v >= <i64>b) next = c;
        break;
      }
      case O.OP_SlotIncLtIntJumpBack: {
        if (a >= slotsPer || fp == 0) { ok = false; break; }
        const v = toInt(load<u64>(slots + a * VALUE_BYTES));
        const nv = v == NO_INT ? 0 : boxI64(v + 1);
        if (nv == 0) { ok = false; break; }
        store<u64>(slots + a * VALUE_BYTES, nv);
        if (v + 1 < <i64>b) next = c;
        break;
      }
      case O.OP_AddAssignSlotVoid: {
        if (a >= slotsPer || b >= slotsPer || fp == 0) { ok = false; break; }
        const x = toInt(load<u64>(slots + a * VALUE_BYTES)), y = toInt(load<u64>(slots + b * VALUE_BYTES));
        const r = x == NO_INT || y == NO_INT ? 0 : boxI64(x + y);
        if (r == 0) { ok = false; break; }
        store<u64>(slots + a * VALUE_BYTES, r);
        break;
      }
      case O.OP_AccumSumLoop: {
        // a = sum slot, b = i slot, c = limit (assembly/ops/cold.ts)
        if (a >= slotsPer || b >= slotsPer || fp == 0 || !accumSumLoop(slots, a, b, c)) ok = false;
        break;
      }
      default: ok = false;
    }
    if (!ok) {
      if (cellsWanted()) {
        // No cell was free: sweep when enough were asked for since the last sweep, and run the op again.
        if (collectCells(stack, sp, slotsBase, fp * slotsPer)) continue;
        giveUpCell();
      }
      // The host runs the op in place on the same state.
      store<i32>(H_IP, ip); store<i32>(H_SP, sp); store<i32>(H_FP, fp); store<i64>(H_OPS, ops);
      const r = hostOp(ip);
      ops = load<i64>(H_OPS); // the host may have run on past the op (src/core/fast-ops.ts)
      if (r == HOSTOP_HAND_OVER) { status = DEOPT; break; }
      if (r < 0) { ops++; status = HOST_STOP; break; } // the op ran (and ended the run)
      sp = load<i32>(H_SP);
      fuel = load<i64>(H_FUEL);
      next = r;
    }
    ops++;
    if (next <= ip) {
      if (hot != 0) {
        const c = load<i32>(hot + next * HOOK_BYTES) + 1;
        store<i32>(hot + next * HOOK_BYTES, c);
        if (c == hotAt) { ip = next; status = HOT; break; }
      }
      if (hooks != 0) atHeader = true;
    }
    ip = next;
  }
  store<i32>(H_IP, ip);
  store<i32>(H_SP, sp);
  store<i32>(H_FP, fp);
  store<i64>(H_OPS, ops);
  return status;
}
