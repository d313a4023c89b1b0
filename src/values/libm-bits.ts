// The two 32-bit halves of a double, as glibc's code reads them (its
// EXTRACT_WORDS / asuint64): the ported functions test and build bit patterns.

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer); // little-endian: [low word, high word]

/** The high word (sign, exponent, top of the mantissa), signed as glibc's int32_t. */
export function hiWord(x: number): number {
  f64[0] = x;
  return i32[1]!;
}
/** The low word, unsigned. */
export function loWord(x: number): number {
  f64[0] = x;
  return i32[0]! >>> 0;
}
export function fromWords(hi: number, lo: number): number {
  i32[1] = hi;
  i32[0] = lo;
  return f64[0]!;
}
