// Disassembler: a Chunk as .fasm text that `assemble` reads back to the same
// chunk. Operands print by kind (formats.ts); jump targets become labels.

import { specOf } from '../ops/op.js';
import { Float, type Value } from '../values/value.js';
import type { Chunk } from './chunk.js';
import { floatLiteral, stringifyExactJSON } from './exact-json.js';
import { valueToJSON } from './json.js';

/** One value in .fasm's literal syntax: 42, 1.5, "text", true, undef, or serde JSON. */
export function valueLiteral(v: Value): string {
  if (v === undefined) return 'undef';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Float) return floatText(v.value);
  return stringifyExactJSON(valueToJSON(v));
}

export function floatText(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (f === Infinity) return 'inf';
  if (f === -Infinity) return '-inf';
  if (Object.is(f, -0)) return '-0.0';
  return floatLiteral(f);
}

export function disassemble(chunk: Chunk, indent = ''): string {
  const out: string[] = [];
  const n = chunk.ops.length;
  const labels = new Set<number>();
  for (const ins of chunk.ops) {
    const spec = specOf(ins.op);
    spec.operands.forEach((o, k) => {
      if (o.kind === 'target' && Number(ins.args[k]) <= n) labels.add(Number(ins.args[k]));
    });
  }
  for (const [, ip] of chunk.subEntries) if (ip <= n) labels.add(ip);
  for (const [a, b] of chunk.blockRanges) {
    if (a <= n) labels.add(a);
    if (b <= n) labels.add(b);
  }
  const label = (ip: number) => (labels.has(ip) ? `L${ip}` : String(ip));
  const w = (s: string) => out.push(indent + s);
  if (chunk.source) w(`.source ${JSON.stringify(chunk.source)}`);
  for (const name of chunk.names) w(`.name ${JSON.stringify(name)}`);
  for (const c of chunk.constants) w(`.const ${valueLiteral(c)}`);
  if (chunk.intOverflowDeopt) w('.int_overflow_deopt');
  if (chunk.nativeId) w(`.native_id ${chunk.nativeId}`);
  if (chunk.aotSeededSlots) w(`.aot_seeded_slots ${chunk.aotSeededSlots}`);
  for (const [name, ip] of chunk.subEntries) w(`.sub ${name}, ${label(ip)}${chunk.names[name] !== undefined ? `  ; ${chunk.names[name]}` : ''}`);
  for (const [a, b] of chunk.blockRanges) w(`.block ${label(a)}, ${label(b)}`);
  for (const [ip, names] of chunk.subSlotNames) w(`.slot_names ${ip}, ${names.map((s) => JSON.stringify(s)).join(', ')}`);
  const linesParallel = chunk.lines.length === n;
  if (!linesParallel) w(`.lines ${chunk.lines.join(', ')}`);
  for (const sub of chunk.subChunks) {
    w('.subchunk');
    out.push(disassemble(sub, indent + '  ').trimEnd());
    w('.end');
  }
  let line = 1;
  for (let ip = 0; ip < n; ip++) {
    if (linesParallel && chunk.lines[ip] !== line) {
      line = chunk.lines[ip]!;
      w(`.line ${line}`);
    }
    if (labels.has(ip)) w(`L${ip}:`);
    const ins = chunk.ops[ip]!;
    const spec = specOf(ins.op);
    const args = spec.operands.map((o, k) => {
      const a = ins.args[k]!;
      if (o.kind === 'target') return label(Number(a));
      if (o.kind === 'float') return floatText(a as number);
      return String(a);
    });
    w(`  ${ins.op}${args.length ? ' ' + args.join(', ') : ''}`);
  }
  if (labels.has(n)) w(`L${n}:`);
  return out.join('\n') + '\n';
}
