// Encodes a Chunk into the core's compact form: four i32 words per op (the
// core's opcode, a, b, c) and a constant area of 64-bit literals. Operands place
// by kind; Call gets its subroutine's entry ip resolved here, once. Then the
// head of each superinstruction's sequence (src/ops/super.ts) is re-encoded.

import type { Chunk } from '../chunk/chunk.js';
import { OPS, coreOrder, type OpSpec } from '../ops/table.js';
import { SUPERS, superAt, superinstructions } from '../ops/super.js';
import { verifyChunk } from '../chunk/verify.js';
import { OP_RECORD, PACKING } from './abi.js';

export interface EncodedChunk {
  readonly code: Int32Array;
  readonly consts: BigInt64Array;
  /** Frame slots the core reserves per frame (highest slot operand + 1). */
  readonly slotsPerFrame: number;
}

const cache = new WeakMap<Chunk, EncodedChunk>();
/** Op name → the core's opcode (see coreOrder: the core's own numbering). */
const CORE_CODE: Record<string, number> = Object.fromEntries(coreOrder().map((s, i) => [s.name, i]));
const f64bits = new DataView(new ArrayBuffer(8));

/** An opcode the core has no case for: it hands the op to the host. */
const TO_HOST = coreOrder().length;
const HOOKED = new Map(OPS.map((s) => [s.name, (s as OpSpec).hook]));

/** The chunk's core encoding. `routed` names the hooks installed: the ops
 *  that consult them are encoded TO_HOST, so the host's strict handler runs
 *  (and no superinstruction covers one). */
export function encodeChunk(chunk: Chunk, routed?: 'numeric' | 'undef' | 'both'): EncodedChunk {
  const plain = routed !== undefined ? encodeRouted(chunk, routed) : encodePlain(chunk);
  return superinstructions() ? withSupers(chunk, plain) : plain;
}

/** The core's head opcode of each superinstruction, after TO_HOST (as assembly/opcodes.generated.ts). */
const SUPER_CODE = SUPERS.map((_, k) => TO_HOST + 1 + k);
const superCache = new WeakMap<EncodedChunk, EncodedChunk>();

/** `enc` with the head record of each sequence a superinstruction covers
 *  re-encoded: its opcode the superinstruction's, its spare operands (GetSlot
 *  reads only a) the core opcodes of the sequence's third and fourth ops. The
 *  records after the head keep their ops. */
function withSupers(chunk: Chunk, enc: EncodedChunk): EncodedChunk {
  const hit = superCache.get(enc);
  if (hit) return hit;
  const W = OP_RECORD.bytes >> 2;
  const OPC = OP_RECORD.opcode >> 2;
  const names = chunk.ops.map((i) => i.op);
  const int32 = (ip: number) => enc.code[ip * W + (OP_RECORD.a >> 2)] === PACKING.loadIntInline;
  const routed = (ip: number) => enc.code[ip * W + OPC] === TO_HOST;
  let code: Int32Array | undefined;
  for (let ip = 0; ip < names.length; ip++) {
    const k = superAt(names, ip, int32, routed);
    if (k < 0) continue;
    code ??= enc.code.slice();
    const w = ip * W;
    code[w + OPC] = SUPER_CODE[k]!;
    code[w + (OP_RECORD.b >> 2)] = enc.code[w + 2 * W + OPC]!;
    code[w + (OP_RECORD.c >> 2)] = enc.code[w + 3 * W + OPC]!;
  }
  const out = code === undefined ? enc : { code, consts: enc.consts, slotsPerFrame: enc.slotsPerFrame };
  superCache.set(enc, out);
  return out;
}

function encodePlain(chunk: Chunk): EncodedChunk {
  const hit = cache.get(chunk);
  if (hit) return hit;
  const n = chunk.ops.length;
  const W = OP_RECORD.bytes >> 2;
  const [A, B, C] = [OP_RECORD.a >> 2, OP_RECORD.b >> 2, OP_RECORD.c >> 2];
  const code = new Int32Array(n * W);
  const consts: bigint[] = [];
  for (let ip = 0; ip < n; ip++) {
    const ins = chunk.ops[ip]!;
    const w = ip * W;
    code[w + (OP_RECORD.opcode >> 2)] = CORE_CODE[ins.op]!;
    const [x, y, z] = ins.args;
    switch (ins.op) {
      case 'LoadInt': {
        const v = BigInt(x!);
        if (v >= -(2n ** 31n) && v < 2n ** 31n) {
          code[w + A] = PACKING.loadIntInline;
          code[w + B] = Number(v);
        } else {
          code[w + A] = PACKING.loadIntLiteral;
          code[w + B] = consts.length;
          consts.push(v);
        }
        break;
      }
      case 'LoadFloat':
        f64bits.setFloat64(0, x as number, true);
        code[w + B] = consts.length;
        consts.push(f64bits.getBigInt64(0, true));
        break;
      case 'Call': {
        const entry = chunk.findSub(Number(x));
        code[w + A] = Number(x);
        // An entry past the end (upstream's ip, unchecked) ends the run there.
        code[w + B] = entry === undefined ? PACKING.noEntry : toI32(entry);
        code[w + C] = Number(y);
        break;
      }
      default:
        // Every other operand the core reads fits an i32 (u16, u8, i32 limit);
        // a jump target past i32 clamps to i32::MAX, still past the end,
        // where the run ends as upstream's does. Wider ones deopt.
        code[w + A] = toI32(x);
        code[w + B] = toI32(y);
        code[w + C] = toI32(z);
    }
  }
  const enc = { code, consts: BigInt64Array.from(consts), slotsPerFrame: Math.max(1, verifyChunk(chunk).slotCount) };
  cache.set(chunk, enc);
  return enc;
}

const routedCache = new WeakMap<Chunk, Map<string, EncodedChunk>>();
function encodeRouted(chunk: Chunk, routed: 'numeric' | 'undef' | 'both'): EncodedChunk {
  let m = routedCache.get(chunk);
  if (!m) routedCache.set(chunk, (m = new Map()));
  let enc = m.get(routed);
  if (!enc) {
    const plain = encodePlain(chunk);
    const code = plain.code.slice();
    chunk.ops.forEach((ins, ip) => {
      const h = HOOKED.get(ins.op);
      if (h !== undefined && (routed === 'both' || routed === h)) code[ip * (OP_RECORD.bytes >> 2) + (OP_RECORD.opcode >> 2)] = TO_HOST;
    });
    enc = { code, consts: plain.consts, slotsPerFrame: plain.slotsPerFrame };
    m.set(routed, enc);
  }
  return enc;
}

function toI32(v: number | bigint | undefined): number {
  if (v === undefined) return 0;
  const n = Number(v);
  return n >= -0x8000_0000 && n <= PACKING.wide ? n : PACKING.wide;
}
