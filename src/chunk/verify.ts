// The load-time verifier: every operand that indexes something must land
// inside it, and the stack depth a chunk can reach is bounded where the op
// table's pop/push counts let us prove it. Runs before anything executes.

import { VerifyError } from '../errors.js';
import { OPERAND_FORMATS } from '../ops/formats.js';
import { specOf } from '../ops/op.js';
import type { StackCount } from '../ops/table.js';
import type { Chunk } from './chunk.js';

export interface VerifyReport {
  /** Highest frame-slot index any op names, plus one (0 when none). */
  readonly slotCount: number;
  /** Deepest the value stack can get, when every path is provable; else undefined
   *  (calls, extension and host ops with run-time stack effects) and the
   *  backends check depth as they run. */
  readonly maxStack: number | undefined;
}

const verified = new WeakMap<Chunk, VerifyReport>();

/** Check `chunk` and its sub-chunks; throws VerifyError naming the op.
 *  Chunks are immutable, so each is verified once and the report kept. */
export function verifyChunk(chunk: Chunk): VerifyReport {
  let r = verified.get(chunk);
  if (!r) {
    r = verifyUncached(chunk);
    verified.set(chunk, r);
  }
  return r;
}

function verifyUncached(chunk: Chunk): VerifyReport {
  const n = chunk.ops.length;
  const site = (ip: number, msg: string): never => {
    throw new VerifyError(msg, { ip, op: chunk.ops[ip]?.op, line: chunk.lines[ip], source: chunk.source });
  };
  const pools = {
    constants: chunk.constants.length,
    names: chunk.names.length,
    blockRanges: chunk.blockRanges.length,
    subChunks: chunk.subChunks.length,
  } as const;
  let slotCount = 0;
  for (let ip = 0; ip < n; ip++) {
    const ins = chunk.ops[ip]!;
    const spec = specOf(ins.op);
    spec.operands.forEach((o, k) => {
      const v = ins.args[k]!;
      const f = OPERAND_FORMATS[o.kind];
      if (o.kind === 'slot') slotCount = Math.max(slotCount, Number(v) + 1);
      switch (f.indexes) {
        case 'ops':
          // A jump to ops.length is a jump to the end: the run finishes there.
          if (Number(v) > n) site(ip, `${o.name} ${v} is outside the chunk (${n} ops)`);
          break;
        case 'constants':
        case 'blockRanges':
        case 'subChunks':
          if (Number(v) >= pools[f.indexes]) site(ip, `${o.name} ${v} is past the ${f.indexes} pool (${pools[f.indexes]} entries)`);
          break;
        case 'names':
          // Globals are addressed by name index; upstream grows the global
          // table on a write past the pool, so only reads of names the chunk
          // cannot have (beyond u16) would be wrong, and the width excludes those.
          break;
      }
    });
  }
  chunk.subEntries.forEach(([name, ip], i) => {
    if (name >= chunk.names.length) throw new VerifyError(`sub_entries[${i}] names ${name}, past the names pool (${chunk.names.length})`, { source: chunk.source });
    if (ip > n) throw new VerifyError(`sub_entries[${i}] enters at op ${ip}, outside the chunk (${n} ops)`, { source: chunk.source });
  });
  chunk.blockRanges.forEach(([a, b], i) => {
    if (a > n || b > n || a > b) throw new VerifyError(`block_ranges[${i}] (${a}, ${b}) is not a range inside the chunk`, { source: chunk.source });
  });
  for (const sub of chunk.subChunks) verifyChunk(sub);
  return { slotCount, maxStack: maxStackDepth(chunk) };
}

function count(c: StackCount, args: readonly (number | bigint)[]): number | undefined {
  if (c === 'var') return undefined;
  if (typeof c === 'number') return c;
  return Number(args[c.operand]!) * (c.times ?? 1);
}

/** Deepest stack over all paths from op 0, by a worklist over the CFG; the
 *  pop counts are what an op takes when the stack holds enough (a short stack
 *  only makes it shallower). Undefined when any reachable op has a run-time
 *  stack effect or depths disagree at a join (a loop that grows the stack). */
function maxStackDepth(chunk: Chunk): number | undefined {
  const n = chunk.ops.length;
  const depthAt = new Int32Array(n + 1).fill(-1);
  const work: number[] = [0];
  depthAt[0] = 0;
  let max = 0;
  const flow = (to: number, d: number): boolean => {
    if (to > n) return true;
    if (depthAt[to] === -1) {
      depthAt[to] = d;
      work.push(to);
      return true;
    }
    return depthAt[to] === d;
  };
  while (work.length) {
    const ip = work.pop()!;
    if (ip >= n) continue;
    const ins = chunk.ops[ip]!;
    const spec = specOf(ins.op);
    const pop = count(spec.pop, ins.args);
    const push = count(spec.push, ins.args);
    if (pop === undefined || push === undefined || spec.jump === 'call' || spec.jump === 'return') return undefined;
    const d = Math.max(0, depthAt[ip]! - pop) + push;
    max = Math.max(max, d);
    const targetIdx = spec.operands.findIndex((o) => o.kind === 'target');
    if (spec.jump === 'always') {
      if (!flow(Number(ins.args[targetIdx]!), d)) return undefined;
      continue;
    }
    if (spec.jump === 'conditional') {
      // Both edges see the same depth (the Keep forms peek on either edge).
      if (!flow(Number(ins.args[targetIdx]!), d) || !flow(ip + 1, d)) return undefined;
      continue;
    }
    if (!flow(ip + 1, d)) return undefined;
  }
  return max;
}
