// Chunk.opHash as upstream's ChunkBuilder::build computes it: Rust's
// DefaultHasher (SipHash-1-3, zero key) fed the ops and then the constants the
// way upstream's Hash impls write them. Lines, names and the other pools do
// not enter it (upstream keys its native-code cache on it).

import { OPERAND_FORMATS } from '../ops/formats.js';
import { specOf, type Instr } from '../ops/op.js';
import { Float, NativeFn, Obj, Ref, Status, type Value } from '../values/value.js';

/** The bytes Rust's `Hash` writes, little-endian, as a growing buffer. */
class Bytes {
  buf = new Uint8Array(256);
  len = 0;
  #dv = new DataView(this.buf.buffer);
  #room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.#dv = new DataView(b.buffer);
  }
  int(bits: 8 | 16 | 32 | 64, v: number | bigint): void {
    this.#room(bits / 8);
    if (bits === 64) this.#dv.setBigUint64(this.len, BigInt.asUintN(64, BigInt(v)), true);
    else if (bits === 32) this.#dv.setUint32(this.len, Number(v) >>> 0, true);
    else if (bits === 16) this.#dv.setUint16(this.len, Number(v), true);
    else this.#dv.setUint8(this.len, Number(v));
    this.len += bits / 8;
  }
  f64(f: number): void {
    this.#room(8);
    this.#dv.setFloat64(this.len, f, true);
    this.len += 8;
  }
  /** str's Hash: its UTF-8 bytes, then 0xFF (which no str contains). */
  str(s: string): void {
    const b = new TextEncoder().encode(s);
    this.#room(b.length + 1);
    this.buf.set(b, this.len);
    this.len += b.length;
    this.buf[this.len++] = 0xff;
  }
}

// Value's variants in upstream's declaration order (its Hash writes the index first).
const enum V { Undef, Bool, Int, Float, Str, Array, Hash, Status, Ref, NativeFn, Obj }

function hashValue(out: Bytes, v: Value): void {
  const tag = (t: V) => out.int(64, t);
  if (v === undefined) tag(V.Undef);
  else if (typeof v === 'boolean') (tag(V.Bool), out.int(8, v ? 1 : 0));
  else if (typeof v === 'number' || typeof v === 'bigint') (tag(V.Int), out.int(64, v));
  else if (v instanceof Float) (tag(V.Float), out.f64(v.value));
  else if (typeof v === 'string') (tag(V.Str), out.str(v));
  else if (Array.isArray(v)) {
    tag(V.Array);
    out.int(64, v.length);
    for (const x of v) hashValue(out, x);
  } else if (v instanceof Map) {
    // Upstream walks its HashMap in its (randomly seeded) order; sorted keys
    // agree with it for up to one entry and keep ours deterministic.
    tag(V.Hash);
    out.int(64, v.size);
    for (const k of [...v.keys()].sort()) {
      out.str(k);
      hashValue(out, v.get(k));
    }
  } else if (v instanceof Status) (tag(V.Status), out.int(32, v.code));
  else if (v instanceof Ref) (tag(V.Ref), hashValue(out, v.value));
  else if (v instanceof NativeFn) (tag(V.NativeFn), out.int(16, v.id));
  else if (v instanceof Obj) (tag(V.Obj), out.int(32, v.id));
}

function hashOp(out: Bytes, ins: Instr): void {
  const spec = specOf(ins.op);
  out.int(64, spec.discriminant);
  spec.operands.forEach((o, k) => {
    const f = OPERAND_FORMATS[o.kind];
    if (f.repr === 'float') out.f64(ins.args[k] as number);
    else out.int(f.bits, ins.args[k]!);
  });
}

/** Upstream's op_hash of these ops and constants, as an unsigned 64-bit bigint. */
export function opHashOf(ops: readonly Instr[], constants: readonly Value[]): bigint {
  const out = new Bytes();
  out.int(64, ops.length);
  for (const ins of ops) hashOp(out, ins);
  out.int(64, constants.length);
  for (const c of constants) hashValue(out, c);
  return sipHash13(out.buf.subarray(0, out.len));
}

/** Upstream's chunk identity (what its hooks are told as `chunk`): the
 *  DefaultHasher of op_hash and then the name pool, with the low bit set. */
export function chunkIdentityOf(opHash: bigint, names: readonly string[]): bigint {
  const out = new Bytes();
  out.int(64, opHash);
  out.int(64, names.length);
  for (const n of names) out.str(n);
  return sipHash13(out.buf.subarray(0, out.len)) | 1n;
}

const M = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M;

/** SipHash-1-3 with the zero key (Rust's DefaultHasher::new()). */
export function sipHash13(msg: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n;
  let v1 = 0x646f72616e646f6dn;
  let v2 = 0x6c7967656e657261n;
  let v3 = 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const whole = msg.length - (msg.length % 8);
  for (let i = 0; i < whole; i += 8) {
    const m = dv.getBigUint64(i, true);
    v3 ^= m;
    round();
    v0 ^= m;
  }
  let last = BigInt(msg.length & 0xff) << 56n;
  for (let i = whole; i < msg.length; i++) last |= BigInt(msg[i]!) << BigInt(8 * (i - whole));
  v3 ^= last;
  round();
  v0 ^= last;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return v0 ^ v1 ^ v2 ^ v3;
}
