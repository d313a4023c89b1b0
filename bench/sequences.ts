// Counts op sequences in the conformance sets and the bench workloads: the
// most frequent 2-, 3- and 4-op sequences, how often each fusion rule's
// sequence occurs and how many ops the pass removes (src/chunk/fuse.ts), and
// how many heads each superinstruction takes (src/ops/super.ts; static counts,
// sequences overlapping allowed as the encoders allow them).
//
//   npx tsc -p tsconfig.json && node build/tsc/bench/sequences.js

import { Chunk } from '../src/chunk/chunk.js';
import { fuseChunk } from '../src/chunk/fuse.js';
import { SUPERS, superAt } from '../src/ops/super.js';
import { SETS, readCases } from '../tests-ts/conformance-data.js';
import { WORKLOADS } from './workloads.js';

const chunks: [string, Chunk][] = [];
for (const set of SETS) for (const c of readCases(set)) chunks.push([set, Chunk.fromJSON(c.chunkText)]);
for (const w of WORKLOADS) chunks.push(['workloads', w.build()]);

const all = (c: Chunk): Chunk[] => [c, ...c.subChunks.flatMap(all)];
const grams = new Map<string, number>();
const removed = new Map<string, number>();
/** Superinstruction → set → heads taken. */
const heads = new Map<string, Map<string, number>>();
const int32 = (c: Chunk) => (ip: number) => {
  const v = c.ops[ip]!.args[0];
  return typeof v === 'number' && (v | 0) === v;
};
let ops = 0;
for (const [from, top] of chunks) {
  for (const c of all(top)) {
    const names = c.ops.map((o) => o.op);
    ops += names.length;
    for (let ip = 0; ip < names.length; ip++) {
      const k = superAt(names, ip, int32(c));
      if (k < 0) continue;
      const m = heads.get(SUPERS[k]!.name) ?? new Map<string, number>();
      m.set(from, (m.get(from) ?? 0) + 1);
      heads.set(SUPERS[k]!.name, m);
    }
    for (const n of [2, 3, 4]) for (let i = 0; i + n <= names.length; i++) {
      const k = names.slice(i, i + n).join(' ');
      grams.set(k, (grams.get(k) ?? 0) + 1);
    }
  }
  const f = fuseChunk(top);
  const d = all(top).reduce((s, c) => s + c.ops.length, 0) - all(f).reduce((s, c) => s + c.ops.length, 0);
  removed.set(from, (removed.get(from) ?? 0) + d);
}
console.log(`${chunks.length} chunks, ${ops} ops (static)\n`);
for (const n of [2, 3, 4]) {
  console.log(`top ${n}-op sequences:`);
  [...grams].filter(([k]) => k.split(' ').length === n).sort((a, b) => b[1] - a[1]).slice(0, 12).forEach(([k, c]) => console.log(`  ${String(c).padStart(6)}  ${k}`));
}
for (const k of ['GetSlot Inc SetSlot', 'GetSlot Inc Dup SetSlot', 'GetSlot Dec Dup SetSlot', 'PreIncSlotVoid SlotLtIntJumpIfFalse Jump', 'GetSlot LoadInt NumLt JumpIfFalse', 'GetSlot GetSlot Add SetSlot'])
  console.log(`rule sequence ${k.padEnd(42)} ${grams.get(k) ?? 0}`);
for (const [from, d] of removed) console.log(`ops removed by the pass in ${from}: ${d}`);
console.log('\nsuperinstruction heads (static):');
for (const s of SUPERS) {
  const m = heads.get(s.name) ?? new Map();
  console.log(`  ${s.name.padEnd(18)} ${[...m].map(([set, n]) => `${set} ${n}`).join(', ') || '0'}`);
}
