/** mulberry32: small, fast, reproducible by seed; numbers in [0, 1). */
export declare function rng(seed: number): () => number;
