// Types for scripts/gen-ops.mjs, which the drift test imports.
export function renderOpcodes(ops: readonly { name: string }[]): string;
