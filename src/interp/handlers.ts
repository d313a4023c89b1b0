// The handler tables: the groups' handlers by op name, one table per
// policy (strict numeric and undef hooks swap in their forms), indexed by
// opcode, and each chunk's opcodes.

import type { Chunk } from '../chunk/chunk.js';
import { OPS, type OpSpec } from '../ops/table.js';
import { CONTROL_OPS } from './control-ops.js';
import { DATA_OPS } from './data-ops.js';
import { FUSED_OPS } from './fused-ops.js';
import { strictNumeric, strictNumericHandlers, strictUndefHandlers, type Policy } from './hooks.js';
import { NUMERIC_OPS } from './numeric-ops.js';
import type { Handler } from './shapes.js';
import { SHELL_OPS } from './shell-ops.js';
const H: Record<string, Handler> = {
  ...DATA_OPS,
  ...NUMERIC_OPS,
  ...CONTROL_OPS,
  ...FUSED_OPS,
  ...SHELL_OPS,
};

const CODE_OF = new Map<string, number>(OPS.map((s, i) => [s.name, i]));
const CODES = new WeakMap<Chunk, Int32Array>();
/** Opcodes of a chunk's ops, computed once per chunk (chunks are immutable). */
export function codesOf(chunk: Chunk): Int32Array {
  let c = CODES.get(chunk);
  if (!c) {
    c = Int32Array.from(chunk.ops, (o) => CODE_OF.get(o.op)!);
    CODES.set(chunk, c);
  }
  return c;
}

const STRICT_NUM = strictNumericHandlers(H);
const STRICT_UNDEF = strictUndefHandlers(H);

function table(numeric: boolean, undef: boolean): readonly Handler[] {
  return OPS.map((s) => {
    const h = H[s.name];
    if (!h) throw new Error(`interpreter: no handler for ${s.name}`);
    const hook = (s as OpSpec).hook;
    if (numeric && hook === 'numeric') return STRICT_NUM[s.name]!;
    if (undef && hook === 'undef') return STRICT_UNDEF[s.name]!;
    return h;
  });
}
/** Handler per opcode; a missing one is a bug the op-table test catches. */
export const HANDLERS: readonly Handler[] = table(false, false);
const TABLES = [HANDLERS, table(true, false), table(false, true), table(true, true)] as const;
/** The table for what `policy` has installed: the ops the op table marks
 *  `hook` run their strict forms while their hook is set. */
export function handlersFor(policy: Policy | undefined): readonly Handler[] {
  return TABLES[(strictNumeric(policy) ? 1 : 0) + (policy?.undef ? 2 : 0)]!;
}
