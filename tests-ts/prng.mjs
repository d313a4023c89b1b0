// The tests' seeded random numbers, in plain JavaScript so that both the
// TypeScript tests and the hostile campaigns run as plain Node children
// (tests-ts/hostile/) draw from the one generator.

/** mulberry32: small, fast, reproducible by seed; numbers in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
