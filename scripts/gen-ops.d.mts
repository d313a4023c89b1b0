// Types for scripts/gen-ops.mjs, which the drift test imports.
export function renderOpcodes<S extends { name: string }>(ops: readonly S[], coreOrder: (ops: readonly S[]) => S[], supers: readonly { name: string }[], superPeak: (ops: readonly S[]) => number): string;
export function checkSupers(ops: readonly object[], supers: readonly object[], length: number): void;
export function renderAbi(abi: typeof import("../src/core/abi.js")): string;
