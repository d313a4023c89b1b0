// Encodes a Chunk into the core's compact form: four i32 words per op (the
// core's opcode, a, b, c) and a constant area of 64-bit literals. Operands place
// by kind; Call gets its subroutine's entry ip resolved here, once.

import type { Chunk } from '../chunk/chunk.js';
import { OPS, coreOrder, type OpSpec } from '../ops/table.js';
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
 *  that consult them are encoded TO_HOST, so the host's strict handler runs. */
export function encodeChunk(chunk: Chunk, routed?: 'numeric' | 'undef' | 'both'): EncodedChunk {
  if (routed !== undefined) return encodeRouted(chunk, routed);
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
    const plain = encodeChunk(chunk);
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
