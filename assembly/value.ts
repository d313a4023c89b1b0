// NaN-boxed values: every value is one u64.
//
//   63      51 50 48 47                                            0
//   ┌────────┬──┬───┬───────────────────────────────────────────────┐
//   │ 1..1 (13 bits) │tag│ payload (48 bits)                          │  tagged: bits 63..51 all set
//   └────────┴──┴───┴───────────────────────────────────────────────┘
//   anything else is an f64 as itself (NaNs are canonicalised to 0x7FF8…, so
//   no double ever lands in the tagged space)
//
//   tag 1  Int    payload = i64 sign-extended from 48 bits
//   tag 2  Bool   payload = 0 | 1
//   tag 3  Undef  payload = 0
//   tag 4  Handle payload = index into the host's heap of an immutable value
//                 (string, Int outside ±2^47 held exactly, Status, native fn)
//   tag 5  Handle payload = index of a mutable container (array, hash, ref):
//                 copying one (Dup, GetSlot) deep-copies it, so the host does it
//   tag 6  Wide   payload = index of the core's own i64 cell of an Int outside
//                 ±2^47 (assembly/wide.ts); never an Int that fits inline
// The core never looks inside a handle: any op on one goes to the host.

// The tags and widths are the core ABI's (src/core/abi.ts → abi.generated.ts).
import { CANON_NAN, FLOAT_LIMIT, INT_BITS, TAG_BOOL, TAG_CONTAINER, TAG_HANDLE, TAG_INT, TAG_UNDEF, TAG_WIDE } from './abi.generated';
export { TAG_BOOL, TAG_CONTAINER, TAG_HANDLE, TAG_INT, TAG_WIDE };

export const TAG_MASK: u64 = 0xffff_0000_0000_0000;
export const UNDEF: u64 = TAG_UNDEF;
export const TRUE: u64 = TAG_BOOL | 1;
export const FALSE: u64 = TAG_BOOL;
const PAYLOAD: u64 = (<u64>1 << INT_BITS) - 1;
const SHIFT: u64 = 64 - INT_BITS;

@inline export function isInt(v: u64): bool { return (v & TAG_MASK) == TAG_INT; }
/** A wide Int (its i64 is in a cell: assembly/wide.ts). */
@inline export function isWide(v: u64): bool { return (v & TAG_MASK) == TAG_WIDE; }
@inline export function isBool(v: u64): bool { return (v & TAG_MASK) == TAG_BOOL; }
/** A mutable container: copying it is the host's job (a deep copy). */
@inline export function isContainer(v: u64): bool { return (v & TAG_MASK) == TAG_CONTAINER; }
@inline export function isFloat(v: u64): bool { return v < FLOAT_LIMIT; }
@inline export function isNum(v: u64): bool { return isInt(v) || isFloat(v); }
@inline export function intOf(v: u64): i64 { return (<i64>(v << SHIFT)) >> SHIFT; }
@inline export function floatOf(v: u64): f64 { return reinterpret<f64>(v); }
@inline export function fitsInt(i: i64): bool { return ((i << SHIFT) >> SHIFT) == i; }
@inline export function mkInt(i: i64): u64 { return TAG_INT | (<u64>i & PAYLOAD); }
@inline export function mkBool(b: bool): u64 { return b ? TRUE : FALSE; }
@inline export function mkFloat(f: f64): u64 { return f != f ? CANON_NAN : reinterpret<u64>(f); }
/** A number as f64 (callers check isNum first). */
@inline export function numOf(v: u64): f64 { return isInt(v) ? <f64>intOf(v) : floatOf(v); }

/** Shell truthiness for the kinds the core holds: 1 or 0, -1 for a handle. */
@inline export function truthy(v: u64): i32 {
  if (isInt(v)) return <i32>(intOf(v) != 0);
  if (isBool(v)) return <i32>(v & 1);
  if (v == UNDEF) return 0;
  if (isWide(v)) return 1; // never 0: zero is inline
  if (!isFloat(v)) return -1;
  return <i32>(floatOf(v) != 0); // NaN is truthy, as upstream
}
