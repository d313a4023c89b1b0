// Types for scripts/gen-ops.mjs, which the drift test imports.
export function renderOpcodes<S extends { name: string }>(ops: readonly S[], coreOrder: (ops: readonly S[]) => S[]): string;
export function renderLayout(header: Record<string, number>, headerSize: number): string;
