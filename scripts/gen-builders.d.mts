// Types for scripts/gen-builders.mjs, which the drift test imports.
export function renderBuilders(ops: readonly { name: string; doc: string; operands: readonly { name: string; kind: string }[] }[], formats: Record<string, { repr: string; bits: number }>): string;
