// The hostile chunks of issue #14 and variants: each ends in a result or the
// typed error named here, on both backends, within its memory bounds.

import type { HostileCase } from './hostile-runner.js';

const MiB = 1 << 20;
const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

export interface NamedCase extends HostileCase {
  name: string;
  /** The outcome on both backends: an error's name, or 'ok'. */
  expect: string;
}

export const CASES: NamedCase[] = [
  { name: 'a Range past V8\'s array limit (repro 1)', expect: 'OutOfMemory', ops: [{ LoadInt: 0 }, { LoadInt: 134217727 }, 'Range'] },
  { name: 'a 64M-element Range under 1 MiB (repro 2)', expect: 'OutOfMemory', limits: { maxHeapBytes: MiB }, ops: [{ LoadInt: 0 }, { LoadInt: 67108863 }, 'Range', 'StringLen'] },
  { name: 'a Range of Ints past 2^53, charged as bigints (repro 2)', expect: 'OutOfMemory', limits: { maxHeapBytes: 256 * MiB }, ops: `[{"LoadInt":9007199254740993},{"LoadInt":9007199294740993},"Range","StringLen"]` },
  {
    name: 'a reversed Range, then a Range loop under 64 MiB (repro 3)',
    expect: 'FuelExhausted',
    limits: { maxHeapBytes: 64 * MiB, fuel: 3e7 },
    ops: `[{"LoadInt":${I64_MAX}},{"LoadInt":${I64_MIN}},"Range","Pop",{"LoadInt":0},{"LoadInt":1000000},"Range","Pop",{"Jump":4}]`,
  },
  { name: 'frames of 65,536 slots without end (repro 4)', expect: 'OutOfMemory', limits: { maxHeapBytes: 256 * MiB }, ops: ['PushFrame', { LoadInt: 0 }, { SetSlot: 65535 }, { Jump: 0 }] },
  { name: 'copies of copies (x = [x, x]) under 64 MiB (repro 5)', expect: 'OutOfMemory', limits: { maxHeapBytes: 64 * MiB }, ops: [{ LoadInt: 0 }, 'Dup', { MakeArray: 2 }, { Jump: 1 }] },
  {
    name: 'HashKeys of a 100k-key hash in a loop under 64 MiB (repro 6)',
    expect: 'FuelExhausted',
    limits: { maxHeapBytes: 64 * MiB, fuel: 5e7 },
    names: ['h'],
    ops: [{ DeclareHash: 0 }, { LoadInt: 0 }, { SetSlot: 0 }, { GetSlot: 0 }, { GetSlot: 0 }, { HashSet: 0 }, { SlotIncLtIntJumpBack: [0, 100000, 3] }, { HashKeys: 0 }, 'Pop', { Jump: 7 }],
  },
  {
    name: 'WordSplit of a 400k-character string under 1 MiB (repro 6)',
    expect: 'OutOfMemory',
    limits: { maxHeapBytes: MiB },
    constants: [{ Str: 'a ' }],
    ops: [{ LoadConst: 0 }, { LoadInt: 200000 }, 'StringRepeat', { SetSlot: 0 }, { GetSlot: 0 }, 'WordSplit', 'Pop', { Jump: 4 }],
  },
  { name: 'a popped 4M Range in a loop with fuel 1500 (repro 7)', expect: 'FuelExhausted', limits: { fuel: 1500 }, ops: [{ LoadInt: 0 }, { LoadInt: 4194303 }, 'Range', 'Pop', { Jump: 0 }] },
  { name: 'a popped 4M Range in a loop under 256 MiB (repro 7)', expect: 'FuelExhausted', limits: { fuel: 4e7, maxHeapBytes: 256 * MiB }, ops: [{ LoadInt: 0 }, { LoadInt: 4194303 }, 'Range', 'Pop', { Jump: 0 }] },
  {
    name: 'an array nested 100,000 deep, copied, compared, printed, returned (repro 10)',
    expect: 'ok',
    ops: [{ LoadInt: 0 }, { MakeArray: 1 }, { SlotIncLtIntJumpBack: [0, 100000, 1] }, 'Dup', 'Dup', 'StrEq', 'Pop', 'Dup', { PrintLn: 1 }, 'Dup', 'StringLen', 'Pop'],
  },
  { name: 'a 2^27-character string with fuel 1e6 (repro 11)', expect: 'FuelExhausted', limits: { fuel: 1e6 }, constants: [{ Str: 'x' }], ops: [{ LoadConst: 0 }, { LoadInt: 134217728 }, 'StringRepeat', 'Dup', 'StrLt'] },
  {
    name: 'copies of a 200k-entry hash with fuel 5e6 (repro 11)',
    expect: 'FuelExhausted',
    limits: { fuel: 5e6 },
    names: ['h'],
    ops: [{ DeclareHash: 0 }, { LoadInt: 0 }, { SetSlot: 0 }, { GetSlot: 0 }, { GetSlot: 0 }, { HashSet: 0 }, { SlotIncLtIntJumpBack: [0, 200000, 3] }, { GetHash: 0 }, 'Pop', { Jump: 7 }],
  },
  {
    name: 'a deadline during big string compares (repro 11)',
    expect: 'Interrupted',
    deadlineMs: 200,
    constants: [{ Str: 'x' }],
    ops: [{ LoadConst: 0 }, { LoadInt: 16777216 }, 'StringRepeat', { SetSlot: 0 }, { GetSlot: 0 }, { GetSlot: 0 }, 'StrLt', 'Pop', { Jump: 4 }],
  },
  { name: 'StringRepeat past V8\'s string limit', expect: 'OutOfMemory', limits: { maxElements: 2 ** 31 }, constants: [{ Str: 'xy' }], ops: [{ LoadConst: 0 }, { LoadInt: 2 ** 28 }, 'StringRepeat'] },
  { name: 'Concat doubling a string', expect: 'OutOfMemory', constants: [{ Str: 'x' }], ops: [{ LoadConst: 0 }, 'Dup', 'Concat', { Jump: 1 }] },
  { name: 'RangeStep with a huge span and step 1', expect: 'OutOfMemory', ops: `[{"LoadInt":${I64_MIN}},{"LoadInt":${I64_MAX}},{"LoadInt":1},"RangeStep"]` },
  { name: 'RangeStep running against its step is empty', expect: 'ok', ops: `[{"LoadInt":${I64_MAX}},{"LoadInt":${I64_MIN}},{"LoadInt":1},"RangeStep"]` },
  { name: 'ArraySet at a huge index', expect: 'OutOfMemory', names: ['a'], ops: [{ DeclareArray: 0 }, { LoadInt: 1 }, { LoadInt: 2 ** 40 }, { ArraySet: 0 }] },
  { name: 'MakeHash of hashes in a loop under 16 MiB', expect: 'OutOfMemory', limits: { maxHeapBytes: 16 * MiB, stackDepth: 1e7 }, constants: [{ Str: 'k' }], ops: [{ LoadConst: 0 }, { LoadInt: 1 }, { MakeHash: 2 }, { Jump: 0 }] },
];
