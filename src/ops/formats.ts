// Operand kinds: the small closed set of shapes an op's operands take.
// Encoder, decoder, disassembler, assembler and the JSON mapping switch on
// these kinds, never on individual ops.

/** What an operand means, which fixes its width and how it is checked. */
export type OperandKind =
  | 'int' //    i64 literal (exact; bigint outside ±2^53)
  | 'float' //  f64 literal
  | 'const' //  u16 index into the constant pool
  | 'name' //   u16 index into the name pool (globals, subroutine names)
  | 'slot' //   u16 frame-slot index
  | 'block' //  u16 index into block_ranges
  | 'sub' //    u16 index into sub_chunks
  | 'count' //  u16 element count
  | 'argc' //   u8 argument / value count
  | 'code' //   u8 enumerated code (file test, redirect op, param modifier, fd)
  | 'id' //     u16 extension or builtin id
  | 'limit' //  i32 loop bound
  | 'target' // usize jump target: an op index in the same chunk
  | 'wide'; //  usize extension payload

export interface OperandFormat {
  /** Width in bits as upstream declares it. */
  readonly bits: 8 | 16 | 32 | 64;
  /** Signed integer, float, or unsigned. */
  readonly repr: 'signed' | 'unsigned' | 'float';
  /** Inclusive bounds for integer kinds (bigint so i64/usize are exact). */
  readonly min: bigint;
  readonly max: bigint;
  /** What the operand indexes, when it is an index (for the verifier). */
  readonly indexes?: 'constants' | 'names' | 'blockRanges' | 'subChunks' | 'ops';
}

const U8 = { bits: 8, repr: 'unsigned', min: 0n, max: 0xffn } as const;
const U16 = { bits: 16, repr: 'unsigned', min: 0n, max: 0xffffn } as const;
// usize on a 64-bit host; we keep the whole range so upstream JSON loads, and
// the verifier bounds targets by the chunk's length.
const USIZE = { bits: 64, repr: 'unsigned', min: 0n, max: 0xffff_ffff_ffff_ffffn } as const;

export const OPERAND_FORMATS: Readonly<Record<OperandKind, OperandFormat>> = {
  int: { bits: 64, repr: 'signed', min: -(1n << 63n), max: (1n << 63n) - 1n },
  float: { bits: 64, repr: 'float', min: 0n, max: 0n },
  const: { ...U16, indexes: 'constants' },
  name: { ...U16, indexes: 'names' },
  slot: U16,
  block: { ...U16, indexes: 'blockRanges' },
  sub: { ...U16, indexes: 'subChunks' },
  count: U16,
  argc: U8,
  code: U8,
  id: U16,
  limit: { bits: 32, repr: 'signed', min: -(1n << 31n), max: (1n << 31n) - 1n },
  target: { ...USIZE, indexes: 'ops' },
  wide: USIZE,
};

/** An operand as the TS side holds it: a number, or a bigint where a
 *  64-bit integer does not fit a double exactly. */
export type Operand = number | bigint;
