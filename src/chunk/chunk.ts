// Chunk: one compiled unit — ops, constant and name pools, line table,
// subroutine entries, block ranges, nested sub-chunks. Immutable once built.

import type { Instr } from '../ops/op.js';
import type { Value } from '../values/value.js';
import { chunkFromJSON, chunkToJSON } from './json.js';
import { verifyChunk, type VerifyMode } from './verify.js';
import { chunkIdentityOf, opHashOf } from './op-hash.js';

export interface ChunkParts {
  ops: readonly Instr[];
  constants: readonly Value[];
  names: readonly string[];
  lines: readonly number[];
  /** (name index, op index) of each compiled subroutine. */
  subEntries: readonly (readonly [number, number])[];
  /** (start op, end op) of each block for the higher-order ops. */
  blockRanges: readonly (readonly [number, number])[];
  subChunks: readonly Chunk[];
  source: string;
  /** Native tiers check integer overflow and deopt instead of wrapping. */
  intOverflowDeopt?: boolean;
  /** Ahead-of-time slot (upstream's AOT; carried, not used here). */
  nativeId?: number;
  /** Leading slots the caller seeds before the chunk runs. */
  aotSeededSlots?: number;
  /** Slot names per subroutine entry: (entry op index, names). */
  subSlotNames?: readonly (readonly [number, readonly string[]])[];
}

export class Chunk {
  readonly ops: readonly Instr[];
  readonly constants: readonly Value[];
  readonly names: readonly string[];
  readonly lines: readonly number[];
  readonly subEntries: readonly (readonly [number, number])[];
  readonly blockRanges: readonly (readonly [number, number])[];
  readonly subChunks: readonly Chunk[];
  readonly source: string;
  readonly intOverflowDeopt: boolean;
  readonly nativeId: number;
  readonly aotSeededSlots: number;
  readonly subSlotNames: readonly (readonly [number, readonly string[]])[];
  #hash: string | undefined;
  #opHash: bigint | undefined;
  #identity: bigint | undefined;
  #subIndex: Map<number, number> | undefined;

  constructor(p: ChunkParts) {
    this.ops = p.ops;
    this.constants = p.constants;
    this.names = p.names;
    this.lines = p.lines;
    this.subEntries = p.subEntries;
    this.blockRanges = p.blockRanges;
    this.subChunks = p.subChunks;
    this.source = p.source;
    this.intOverflowDeopt = p.intOverflowDeopt ?? false;
    this.nativeId = p.nativeId ?? 0;
    this.aotSeededSlots = p.aotSeededSlots ?? 0;
    this.subSlotNames = p.subSlotNames ?? [];
  }

  /** Entry op index of the subroutine named by `nameIdx`, if one is registered
   *  (the first registration wins, as upstream's linear search does). */
  findSub(nameIdx: number): number | undefined {
    if (!this.#subIndex) {
      this.#subIndex = new Map();
      for (const [n, ip] of this.subEntries) if (!this.#subIndex.has(n)) this.#subIndex.set(n, ip);
    }
    return this.#subIndex.get(nameIdx);
  }

  /** Slot names recorded for the subroutine entered at `entryIp` (empty when none). */
  subSlotNamesAt(entryIp: number): readonly string[] {
    return this.subSlotNames.find(([ip]) => ip === entryIp)?.[1] ?? [];
  }

  /** Source line of op `ip` (0 when the line table is short). */
  lineAt(ip: number): number {
    return this.lines[ip] ?? 0;
  }

  /** A content hash over ops, pools and metadata (hex, 64-bit FNV-1a of the
   *  upstream JSON form): equal chunks hash equal, so compiled-code caches
   *  can key on it. Computed on first use. */
  get hash(): string {
    if (this.#hash === undefined) this.#hash = fnv1a64(chunkToJSON(this));
    return this.#hash;
  }

  /** Upstream's op_hash (u64): Rust's DefaultHasher over the ops and then the
   *  constants, as upstream's build() computes it; lines, names and the other
   *  pools do not change it. (Upstream's serde skips the field, so a chunk it
   *  reads from JSON has 0 there until rebuilt; this one is always computed.)
   *  A Hash constant with two or more entries hashes in sorted key order, where
   *  upstream's follows its randomly seeded HashMap. */
  get opHash(): bigint {
    return (this.#opHash ??= opHashOf(this.ops, this.constants));
  }

  /** Upstream's chunk identity, the `chunk` its numeric and undef hooks are
   *  told: a hash of opHash and the name pool (so two chunks sharing ops but
   *  not names differ). Here the hooks get it as `chunkId` beside the Chunk. */
  get identity(): bigint {
    return (this.#identity ??= chunkIdentityOf(this.opHash, this.names));
  }

  /** Read upstream's serde-JSON form; a malformed chunk is a ChunkFormatError.
   *  With `{ verify: 'strict' }` a dangling index (a jump outside the chunk…)
   *  is a VerifyError; by default it keeps upstream's meaning. */
  static fromJSON(text: string | object, options: { verify?: VerifyMode } = {}): Chunk {
    const c = chunkFromJSON(text);
    verifyChunk(c, options.verify ?? 'upstream');
    return c;
  }

  /** Upstream's serde-JSON form (integers exact). */
  toJSON(): string {
    return chunkToJSON(this);
  }
}

function fnv1a64(s: string): string {
  // Two 32-bit halves keep this in plain number arithmetic.
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0xcbf29ce4 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ (c + h1), 0x01000193);
  }
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
