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
// An Int outside ±2^47 is not represented here: the core deopts to the host
// interpreter, which holds it exactly.

export const TAG_MASK: u64 = 0xffff_0000_0000_0000;
export const TAG_INT: u64 = 0xfff9_0000_0000_0000;
export const TAG_BOOL: u64 = 0xfffa_0000_0000_0000;
export const UNDEF: u64 = 0xfffb_0000_0000_0000;
export const TRUE: u64 = TAG_BOOL | 1;
export const FALSE: u64 = TAG_BOOL;
const CANON_NAN: u64 = 0x7ff8_0000_0000_0000;
const PAYLOAD: u64 = 0x0000_ffff_ffff_ffff;

@inline export function isInt(v: u64): bool { return (v & TAG_MASK) == TAG_INT; }
@inline export function isBool(v: u64): bool { return (v & TAG_MASK) == TAG_BOOL; }
@inline export function isFloat(v: u64): bool { return v < 0xfff8_0000_0000_0000; }
@inline export function isNum(v: u64): bool { return isInt(v) || isFloat(v); }
@inline export function intOf(v: u64): i64 { return (<i64>(v << 16)) >> 16; }
@inline export function floatOf(v: u64): f64 { return reinterpret<f64>(v); }
@inline export function fitsInt(i: i64): bool { return ((i << 16) >> 16) == i; }
@inline export function mkInt(i: i64): u64 { return TAG_INT | (<u64>i & PAYLOAD); }
@inline export function mkBool(b: bool): u64 { return b ? TRUE : FALSE; }
@inline export function mkFloat(f: f64): u64 { return f != f ? CANON_NAN : reinterpret<u64>(f); }
/** A number as f64 (callers check isNum first). */
@inline export function numOf(v: u64): f64 { return isInt(v) ? <f64>intOf(v) : floatOf(v); }

/** Shell truthiness for the kinds the core holds. */
@inline export function truthy(v: u64): bool {
  if (isInt(v)) return intOf(v) != 0;
  if (isBool(v)) return (v & 1) != 0;
  if (v == UNDEF) return false;
  return floatOf(v) != 0; // NaN is truthy, as upstream
}
