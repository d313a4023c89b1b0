// The load-time check. By default ('upstream') it refuses nothing upstream
// runs: a dangling index has upstream's meaning inside both backends
// (LoadConst past the pool pushes Undef, a missing block is a no-op, a
// missing sub-chunk gives "", a jump past the end ends the run), so the only
// work left is the report the backends size their regions from. 'strict'
// refuses every dangling index, for frontend authors who want them caught;
// checkChunk lists them all.

import { VerifyError } from '../errors.js';
import { OPERAND_FORMATS } from '../ops/formats.js';
import { specOf, stackCount } from '../ops/op.js';
import type { Chunk } from './chunk.js';

export interface VerifyReport {
  /** Highest frame-slot index any op names, plus one (0 when none). */
  readonly slotCount: number;
  /** Deepest the value stack can get, when every path is provable; else undefined
   *  (calls, extension and host ops with run-time stack effects) and the
   *  backends check depth as they run. */
  readonly maxStack: number | undefined;
}

/** 'upstream': accept every chunk upstream runs, with upstream's meaning for
 *  dangling indices. 'strict': also refuse any index past its pool or chunk. */
export type VerifyMode = 'upstream' | 'strict';

/** One thing strict mode refuses. `path` leads from the checked chunk to the
 *  sub-chunk holding the problem (empty for the chunk itself). */
export interface ChunkProblem {
  readonly message: string;
  readonly ip?: number;
  readonly op?: string;
  readonly line?: number;
  readonly path: readonly number[];
}

const reports = new WeakMap<Chunk, VerifyReport>();
const problemLists = new WeakMap<Chunk, readonly ChunkProblem[]>();

/** Check `chunk` and its sub-chunks and return its report; in 'strict' mode a
 *  VerifyError names the first problem (and carries them all in `problems`).
 *  Chunks are immutable, so each is checked once and the result kept. */
export function verifyChunk(chunk: Chunk, mode: VerifyMode = 'upstream'): VerifyReport {
  if (mode === 'strict') {
    const problems = checkChunk(chunk);
    if (problems.length) {
      const p = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      const where = p.path.length ? ` in sub-chunk ${p.path.join('.')}` : '';
      throw new VerifyError(`${p.message}${where}${more}`, { ip: p.ip, op: p.op, line: p.line, source: chunk.source }, problems);
    }
  } else if (mode !== 'upstream') throw new TypeError(`verify must be 'upstream' or 'strict', not ${JSON.stringify(mode)}`);
  let r = reports.get(chunk);
  if (!r) {
    r = { slotCount: slotCountOf(chunk), maxStack: maxStackDepth(chunk) };
    reports.set(chunk, r);
  }
  return r;
}

function slotCountOf(chunk: Chunk): number {
  let slotCount = 0;
  for (const ins of chunk.ops) {
    specOf(ins.op).operands.forEach((o, k) => {
      if (o.kind === 'slot') slotCount = Math.max(slotCount, Number(ins.args[k]!) + 1);
    });
  }
  return slotCount;
}

/** Every index in `chunk` (and its sub-chunks) that points past what it
 *  indexes, in op order: what strict mode refuses. Empty when none. */
export function checkChunk(chunk: Chunk): readonly ChunkProblem[] {
  let r = problemLists.get(chunk);
  if (!r) {
    r = problemsOf(chunk);
    problemLists.set(chunk, r);
  }
  return r;
}

function problemsOf(chunk: Chunk): ChunkProblem[] {
  const out: ChunkProblem[] = [];
  const n = chunk.ops.length;
  const at = (ip: number, message: string) => out.push({ message, ip, op: chunk.ops[ip]?.op, line: chunk.lines[ip], path: [] });
  const pools = {
    constants: chunk.constants.length,
    names: chunk.names.length,
    blockRanges: chunk.blockRanges.length,
    subChunks: chunk.subChunks.length,
  } as const;
  for (let ip = 0; ip < n; ip++) {
    const ins = chunk.ops[ip]!;
    specOf(ins.op).operands.forEach((o, k) => {
      const v = ins.args[k]!;
      const f = OPERAND_FORMATS[o.kind];
      switch (f.indexes) {
        case 'ops':
          // A jump to ops.length is a jump to the end: the run finishes there.
          if (BigInt(v) > BigInt(n)) at(ip, `${o.name} ${v} is outside the chunk (${n} ops)`);
          break;
        case 'constants':
        case 'blockRanges':
        case 'subChunks':
          if (Number(v) >= pools[f.indexes]) at(ip, `${o.name} ${v} is past the ${f.indexes} pool (${pools[f.indexes]} entries)`);
          break;
        case 'names':
          // Globals are addressed by name index; upstream grows the global
          // table on a write past the pool, so even strict mode lets them be.
          break;
      }
    });
  }
  chunk.subEntries.forEach(([name, ip], i) => {
    if (name >= chunk.names.length) out.push({ message: `sub_entries[${i}] names ${name}, past the names pool (${chunk.names.length})`, path: [] });
    if (ip > n) out.push({ message: `sub_entries[${i}] enters at op ${ip}, outside the chunk (${n} ops)`, path: [] });
  });
  chunk.blockRanges.forEach(([a, b], i) => {
    if (a > n || b > n || a > b) out.push({ message: `block_ranges[${i}] (${a}, ${b}) is not a range inside the chunk`, path: [] });
  });
  chunk.subChunks.forEach((sub, i) => {
    for (const p of checkChunk(sub)) out.push({ ...p, path: [i, ...p.path] });
  });
  return out;
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
    // A jump past the end ends the run, like one to the end.
    if (to >= n) return true;
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
    const pop = stackCount(spec.pop, ins.args);
    const push = stackCount(spec.push, ins.args);
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
