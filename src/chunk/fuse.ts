// The fusion pass (VM option `fuse: true`): frequent op sequences become the
// fused superinstructions the op table already has, where the fused op
// computes exactly what the sequence does for every value — the rules below
// and their reasons. Jump targets, subroutine entries, block ranges and slot
// names are remapped; a sequence is fused only when nothing jumps into its
// middle. What differs is what counts ops: the fused op is one op, so
// opsExecuted and fuel count fewer (and a transient stack slot the sequence
// used is not used). Counts behind the choice: bench/FUSION.md.

import { instr, type Instr } from '../ops/op.js';
import { OPS } from '../ops/table.js';
import { Chunk } from './chunk.js';

interface Rule {
  /** The sequence's op names. */
  readonly ops: readonly string[];
  /** The fused op for ops[at..], or undefined when the operands do not fit (ip: the sequence's first op). */
  fuse(seq: readonly Instr[], ip: number): Instr | undefined;
}

type Operand = Instr['args'][number];
const I = (op: string, args: readonly Operand[]): Instr => instr(op, args);
const same = (a: Operand | undefined, b: Operand | undefined) => a !== undefined && b !== undefined && Number(a) === Number(b);

// Only rules whose fused op is exact on every value: Inc/Dec apply toInt as
// PreIncSlot* do, and the slot read by GetSlot is the one SetSlot writes.
// (GetSlot/LoadInt/NumLt/JumpIfFalse is NOT SlotLtIntJumpIfFalse: NumLt
// compares a Float slot as a float, the fused op truncates it; nor is
// GetSlot/GetSlot/Add/SetSlot AddAssignSlotVoid, which adds as integers.)
const RULES: readonly Rule[] = [
  // ++$s, value kept: GetSlot s, Inc, Dup, SetSlot s
  { ops: ['GetSlot', 'Inc', 'Dup', 'SetSlot'], fuse: (q) => (same(q[0]!.args[0], q[3]!.args[0]) ? I('PreIncSlot', [q[0]!.args[0]!]) : undefined) },
  { ops: ['GetSlot', 'Dec', 'Dup', 'SetSlot'], fuse: (q) => (same(q[0]!.args[0], q[3]!.args[0]) ? I('PreDecSlot', [q[0]!.args[0]!]) : undefined) },
  // ++$s as a statement: GetSlot s, Inc, SetSlot s
  { ops: ['GetSlot', 'Inc', 'SetSlot'], fuse: (q) => (same(q[0]!.args[0], q[2]!.args[0]) ? I('PreIncSlotVoid', [q[0]!.args[0]!]) : undefined) },
  // A loop's back edge: ++$s; if !($s < L) exit (the op after the Jump); jump back.
  // The incremented slot is an Int, so both tests agree.
  {
    ops: ['PreIncSlotVoid', 'SlotLtIntJumpIfFalse', 'Jump'],
    fuse: (q, ip) => {
      const [inc, test, back] = q as [Instr, Instr, Instr];
      if (!same(inc.args[0], test.args[0]) || Number(test.args[2]) !== ip + 3) return undefined;
      return I('SlotIncLtIntJumpBack', [inc.args[0]!, test.args[1]!, back.args[0]!]);
    },
  },
];

const TARGET = new Map(OPS.map((s) => [s.name, s.operands.findIndex((o) => o.kind === 'target')]));
const cache = new WeakMap<Chunk, Chunk>();

/** `chunk` with its frequent sequences fused (and its sub-chunks'); the same chunk when nothing fuses. */
export function fuseChunk(chunk: Chunk): Chunk {
  let out = cache.get(chunk);
  if (!out) {
    out = fuseOnce(chunk);
    cache.set(chunk, out);
  }
  return out;
}

function fuseOnce(chunk: Chunk): Chunk {
  const subChunks = chunk.subChunks.map(fuseChunk);
  let ops = chunk.ops;
  let lines = chunk.lines;
  let parts = { subEntries: chunk.subEntries, blockRanges: chunk.blockRanges, subSlotNames: chunk.subSlotNames };
  // Rules run in order, each over the result of the one before (the back-edge
  // rule fuses what the ++$s rule made).
  for (const rule of RULES) {
    const r = applyRule(rule, ops, lines, parts);
    ops = r.ops;
    lines = r.lines;
    parts = r.parts;
  }
  if (ops === chunk.ops && subChunks.every((c, k) => c === chunk.subChunks[k])) return chunk;
  return new Chunk({
    ops,
    constants: chunk.constants,
    names: chunk.names,
    lines,
    subEntries: parts.subEntries,
    blockRanges: parts.blockRanges,
    subChunks,
    source: chunk.source,
    intOverflowDeopt: chunk.intOverflowDeopt,
    nativeId: chunk.nativeId,
    aotSeededSlots: chunk.aotSeededSlots,
    subSlotNames: parts.subSlotNames,
  });
}

type Parts = Pick<Chunk, 'subEntries' | 'blockRanges' | 'subSlotNames'>;

function applyRule(rule: Rule, ops: readonly Instr[], lines: readonly number[], parts: Parts) {
  const n = ops.length;
  // Ops something may start at besides the next op: no sequence may cover one past its first op.
  const entry = new Uint8Array(n + 1);
  for (const ins of ops) {
    const t = TARGET.get(ins.op) ?? -1;
    if (t >= 0) {
      const to = Number(ins.args[t]);
      if (to >= 0 && to <= n) entry[to] = 1;
    }
  }
  for (const [, ip] of parts.subEntries) if (ip <= n) entry[ip] = 1;
  for (const [s, e] of parts.blockRanges) {
    for (const ip of [s, e, e + 1]) if (ip >= 0 && ip <= n) entry[ip] = 1;
  }
  for (const [ip] of parts.subSlotNames) if (ip <= n) entry[ip] = 1;

  const k = rule.ops.length;
  const newIp = new Int32Array(n + 1);
  const outOps: Instr[] = [];
  const outLines: number[] = [];
  let ip = 0;
  while (ip < n) {
    newIp[ip] = outOps.length;
    let fused: Instr | undefined;
    if (ip + k <= n && rule.ops.every((name, j) => ops[ip + j]!.op === name && (j === 0 || !entry[ip + j]))) fused = rule.fuse(ops.slice(ip, ip + k), ip);
    if (fused) {
      for (let j = 1; j < k; j++) newIp[ip + j] = outOps.length;
      outOps.push(fused);
      outLines.push(lines[ip] ?? 0);
      ip += k;
    } else {
      outOps.push(ops[ip]!);
      outLines.push(lines[ip] ?? 0);
      ip++;
    }
  }
  newIp[n] = outOps.length;
  if (outOps.length === n) return { ops, lines, parts };
  const map = (x: number) => (x >= 0 && x <= n ? newIp[x]! : x);
  const remapped = outOps.map((ins) => {
    const t = TARGET.get(ins.op) ?? -1;
    if (t < 0) return ins;
    const args = ins.args.slice();
    args[t] = map(Number(args[t])) as Operand;
    return I(ins.op, args);
  });
  return {
    ops: remapped,
    lines: outLines,
    parts: {
      subEntries: parts.subEntries.map(([name, e]) => [name, map(e)] as const),
      blockRanges: parts.blockRanges.map(([s, e]) => [map(s), map(e)] as const),
      subSlotNames: parts.subSlotNames.map(([e, names]) => [map(e), names] as const),
    },
  };
}
