// Types for scripts/gen-ops.mjs, which the drift test imports.
export function renderOpcodes<S extends { name: string }>(ops: readonly S[], coreOrder: (ops: readonly S[]) => S[]): string;
export function renderAbi(abi: typeof import("../src/core/abi.js")): string;
