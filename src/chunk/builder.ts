// ChunkBuilder: how a frontend emits a Chunk (upstream's API in TS casing).
// Pools refuse to overflow their u16 index width instead of aliasing.

import { PoolOverflowError } from '../errors.js';
import { OP_SPECS, instr, specOf, type Instr } from '../ops/op.js';
import type { Value } from '../values/value.js';
import { Chunk } from './chunk.js';
import { verifyChunk, type VerifyMode } from './verify.js';

const U16_LIMIT = 0x1_0000;

const describe = (v: unknown): string => {
  try {
    return typeof v === 'object' && v !== null ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)).slice(0, 80) : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
};

export class ChunkBuilder {
  #ops: Instr[] = [];
  #lines: number[] = [];
  #constants: Value[] = [];
  #names: string[] = [];
  #nameIndex = new Map<string, number>();
  #subEntries: (readonly [number, number])[] = [];
  #blockRanges: (readonly [number, number])[] = [];
  #subChunks: Chunk[] = [];
  #subSlotNames: (readonly [number, readonly string[]])[] = [];
  #source = '';
  #intOverflowDeopt = false;

  /** Append an op; returns its index (for patchJump). Throws a TypeError for
   *  anything but an instruction, e.g. `Op.LoadInt` not called. */
  emit(op: Instr, line: number): number {
    if (typeof op === 'function') {
      const name = (op as { name: string }).name;
      const spec = OP_SPECS.get(name);
      const params = spec ? spec.operands.map((o) => o.name).join(', ') : '…';
      throw new TypeError(`emit: Op.${name} is a builder, not an instruction: call it with its operands, Op.${name}(${params})`);
    }
    const spec = op !== null && typeof op === 'object' ? OP_SPECS.get(op.op) : undefined;
    if (!spec || !Array.isArray(op.args) || op.args.length !== spec.operands.length) {
      throw new TypeError(`emit: not an instruction: ${describe(op)} (build one with Op, e.g. Op.Add or Op.LoadInt(1))`);
    }
    this.#ops.push(op);
    this.#lines.push(line);
    return this.#ops.length - 1;
  }

  /** Add a constant and return its index (no deduplication, as upstream).
   *  Throws PoolOverflowError past 65,536 entries. */
  addConstant(v: Value): number {
    if (this.#constants.length >= U16_LIMIT) throw new PoolOverflowError('constant pool is full (65,536 entries)');
    this.#constants.push(Object.is(v, -0) ? 0 : v); // an i64 has no -0
    return this.#constants.length - 1;
  }

  /** Intern a name; the same name always gets the same index. */
  addName(name: string): number {
    const k = this.#nameIndex.get(name);
    if (k !== undefined) return k;
    if (this.#names.length >= U16_LIMIT) throw new PoolOverflowError('name pool is full (65,536 entries)');
    this.#names.push(name);
    this.#nameIndex.set(name, this.#names.length - 1);
    return this.#names.length - 1;
  }

  /** Index the next emitted op will have. */
  currentPos(): number {
    return this.#ops.length;
  }

  /** Point the jump at `opIdx` (its target operand) to `target`; any target
   *  is taken, as upstream (one past the end ends the run there). */
  patchJump(opIdx: number, target: number): void {
    const op = this.#ops[opIdx];
    if (!op) throw new RangeError(`patchJump: no op at ${opIdx}`);
    const spec = specOf(op.op);
    const k = spec.operands.findIndex((o) => o.kind === 'target');
    if (k < 0) throw new TypeError(`patchJump: ${op.op} at ${opIdx} has no jump target`);
    const args = [...op.args];
    args[k] = target;
    this.#ops[opIdx] = instr(op.op, args);
  }

  addSubEntry(nameIdx: number, ip: number): void {
    this.#subEntries.push([nameIdx, ip]);
  }

  setSubSlotNames(entryIp: number, names: readonly string[]): void {
    this.#subSlotNames = this.#subSlotNames.filter(([ip]) => ip !== entryIp);
    this.#subSlotNames.push([entryIp, [...names]]);
  }

  addBlockRange(start: number, end: number): number {
    if (this.#blockRanges.length >= U16_LIMIT) throw new PoolOverflowError('block range table is full (65,536 entries)');
    this.#blockRanges.push([start, end]);
    return this.#blockRanges.length - 1;
  }

  addSubChunk(sub: Chunk): number {
    if (this.#subChunks.length >= U16_LIMIT) throw new PoolOverflowError('sub-chunk table is full (65,536 entries)');
    this.#subChunks.push(sub);
    return this.#subChunks.length - 1;
  }

  setSource(source: string): void {
    this.#source = source;
  }

  setIntOverflowDeopt(on: boolean): void {
    this.#intOverflowDeopt = on;
  }

  /** The finished chunk. Like upstream's build() it accepts every chunk;
   *  `{ verify: 'strict' }` refuses dangling indices with a VerifyError. */
  build(options: { verify?: VerifyMode } = {}): Chunk {
    return verified(options.verify ?? 'upstream', new Chunk({
      ops: [...this.#ops],
      constants: [...this.#constants],
      names: [...this.#names],
      lines: [...this.#lines],
      subEntries: [...this.#subEntries],
      blockRanges: [...this.#blockRanges],
      subChunks: [...this.#subChunks],
      source: this.#source,
      intOverflowDeopt: this.#intOverflowDeopt,
      subSlotNames: [...this.#subSlotNames],
    }));
  }
}

function verified(mode: VerifyMode, c: Chunk): Chunk {
  verifyChunk(c, mode);
  return c;
}
