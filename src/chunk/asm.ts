// Assembler for .fasm: one op per line (`AccumSumLoop 0, 1, 1000`), `name:`
// labels, directives (.name .const .sub .block .source .line .subchunk/.end …)
// and `;`/`#` comments. Operands parse by kind; errors name the line.

import { ChunkFormatError } from '../errors.js';
import { instr, specOf, type Instr } from '../ops/op.js';
import { Float, type Value } from '../values/value.js';
import { Chunk } from './chunk.js';
import { parseExactJSON } from './exact-json.js';
import { valueFromJSON } from './json.js';
import { verifyChunk, type VerifyMode } from './verify.js';

type Tok = { t: 'word' | 'str' | 'json' | 'comma' | 'colon'; v: string };

function tokenize(line: string, lineNo: number, file: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const fail = (m: string): never => {
    throw new ChunkFormatError(`${file}:${lineNo}: ${m}`);
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === ';' || c === '#') break;
    else if (c === ',') toks.push({ t: 'comma', v: c }), i++;
    else if (c === ':') toks.push({ t: 'colon', v: c }), i++;
    else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) fail('unterminated string');
      toks.push({ t: 'str', v: line.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '{' || c === '[') {
      let depth = 0;
      let j = i;
      for (; j < line.length; j++) {
        const d = line[j];
        if (d === '"') {
          j++;
          while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
        } else if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (depth !== 0) fail('unbalanced JSON literal');
      toks.push({ t: 'json', v: line.slice(i, j + 1) });
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !' \t\r,;#:"'.includes(line[j]!)) j++;
      toks.push({ t: 'word', v: line.slice(i, j) });
      i = j;
    }
  }
  return toks;
}

/** Values in .fasm: 42 (Int), 1.5 / nan / inf (Float), "s", true/false, undef, or serde JSON. */
function parseValue(tok: Tok, where: string): Value {
  if (tok.t === 'str') return JSON.parse(tok.v) as string;
  if (tok.t === 'json') return valueFromJSON(parseExactJSON(tok.v), where);
  const v = tok.v;
  if (v === 'undef') return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^[+-]?[0-9]+$/.test(v)) return valueFromJSON({ Int: BigInt(v) }, where);
  const f = parseFloatText(v);
  if (f !== undefined) return new Float(f);
  throw new ChunkFormatError(`${where}: cannot read value ${v}`);
}

function parseFloatText(v: string): number | undefined {
  if (v === 'nan') return NaN;
  if (v === 'inf' || v === '+inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : undefined;
}

interface Pending {
  ops: { name: string; args: Tok[]; line: number; src: number }[];
  labels: Map<string, number>;
  names: string[];
  constants: Value[];
  subEntries: [number, Tok][];
  blocks: [Tok, Tok][];
  slotNames: [number, string[]][];
  subChunks: Chunk[];
  source: string;
  lines?: number[];
  intOverflowDeopt: boolean;
  nativeId: number;
  aotSeededSlots: number;
}

/** Assemble .fasm text into a Chunk (`verify: 'strict'` refuses dangling indices). */
export function assemble(text: string, file = '<fasm>', options: { verify?: VerifyMode } = {}): Chunk {
  const lines = text.split('\n');
  const [chunk, next] = assembleFrom(lines, 0, file, 0);
  if (next < lines.length) throw new ChunkFormatError(`${file}:${next + 1}: .end without .subchunk`);
  verifyChunk(chunk, options.verify ?? 'upstream');
  return chunk;
}

function assembleFrom(lines: string[], start: number, file: string, depth: number): [Chunk, number] {
  const nested = depth > 0;
  if (depth > 64) throw new ChunkFormatError(`${file}:${start}: .subchunk nested too deep (more than 64 levels)`);
  const p: Pending = { ops: [], labels: new Map(), names: [], constants: [], subEntries: [], blocks: [], slotNames: [], subChunks: [], source: '', intOverflowDeopt: false, nativeId: 0, aotSeededSlots: 0 };
  let curLine = 1;
  let i = start;
  for (; i < lines.length; i++) {
    const lineNo = i + 1;
    const where = `${file}:${lineNo}`;
    const fail = (m: string): never => {
      throw new ChunkFormatError(`${where}: ${m}`);
    };
    let toks = tokenize(lines[i]!, lineNo, file);
    while (toks.length >= 2 && toks[0]!.t === 'word' && toks[1]!.t === 'colon') {
      const name = toks[0]!.v;
      if (p.labels.has(name)) fail(`label ${name} defined twice`);
      p.labels.set(name, p.ops.length);
      toks = toks.slice(2);
    }
    if (toks.length === 0) continue;
    const head = toks[0]!;
    if (head.t !== 'word') fail(`expected an op or directive, got ${head.v}`);
    const args = splitArgs(toks.slice(1), fail);
    const one = (): Tok => (args.length === 1 ? args[0]! : fail(`${head.v} takes one argument`));
    const int = (t: Tok): number => (t.t === 'word' && /^\d+$/.test(t.v) ? Number(t.v) : fail(`expected a whole number, got ${t.v}`));
    const str = (t: Tok): string => (t.t === 'str' ? (JSON.parse(t.v) as string) : fail(`expected a string, got ${t.v}`));
    switch (head.v) {
      case '.source':
        p.source = str(one());
        continue;
      case '.name':
        p.names.push(str(one()));
        continue;
      case '.const':
        p.constants.push(parseValue(one(), where));
        continue;
      case '.sub':
        if (args.length !== 2) fail('.sub takes a name index and an entry label');
        p.subEntries.push([int(args[0]!), args[1]!]);
        continue;
      case '.block':
        if (args.length !== 2) fail('.block takes a start and an end');
        p.blocks.push([args[0]!, args[1]!]);
        continue;
      case '.slot_names':
        if (args.length < 1) fail('.slot_names takes an entry op index and names');
        p.slotNames.push([int(args[0]!), args.slice(1).map(str)]);
        continue;
      case '.line':
        curLine = int(one());
        continue;
      case '.lines':
        p.lines = args.map(int);
        continue;
      case '.int_overflow_deopt':
        p.intOverflowDeopt = true;
        continue;
      case '.native_id':
        p.nativeId = int(one());
        continue;
      case '.aot_seeded_slots':
        p.aotSeededSlots = int(one());
        continue;
      case '.subchunk': {
        const [sub, end] = assembleFrom(lines, i + 1, file, depth + 1);
        p.subChunks.push(sub);
        i = end;
        continue;
      }
      case '.end':
        if (!nested) fail('.end without .subchunk');
        return [finish(p, file), i];
    }
    if (head.v.startsWith('.')) fail(`unknown directive ${head.v}`);
    try {
      specOf(head.v);
    } catch {
      fail(`unknown op ${head.v}`);
    }
    p.ops.push({ name: head.v, args, line: curLine, src: lineNo });
  }
  if (nested) throw new ChunkFormatError(`${file}: .subchunk without .end`);
  return [finish(p, file), i];
}

function splitArgs(toks: Tok[], fail: (m: string) => never): Tok[] {
  const out: Tok[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.t === 'comma' || t.t === 'colon') fail(`unexpected ${t.v}`);
    out.push(t);
    if (k + 1 < toks.length) {
      if (toks[k + 1]!.t !== 'comma') fail(`expected ',' after ${t.v}`);
      k++;
    }
  }
  return out;
}

function finish(p: Pending, file: string): Chunk {
  const target = (t: Tok, src: number): number => {
    if (t.t !== 'word') throw new ChunkFormatError(`${file}:${src}: expected a label or op index, got ${t.v}`);
    const l = p.labels.get(t.v);
    if (l !== undefined) return l;
    if (/^\d+$/.test(t.v)) return Number(t.v);
    throw new ChunkFormatError(`${file}:${src}: unknown label ${t.v}`);
  };
  const ops: Instr[] = p.ops.map((o) => {
    const spec = specOf(o.name);
    if (o.args.length !== spec.operands.length) throw new ChunkFormatError(`${file}:${o.src}: ${o.name} takes ${spec.operands.length} operand(s), got ${o.args.length}`);
    const vals = spec.operands.map((s, k) => {
      const t = o.args[k]!;
      if (s.kind === 'target') return target(t, o.src);
      if (t.t !== 'word') throw new ChunkFormatError(`${file}:${o.src}: ${o.name} operand ${s.name} must be a number`);
      if (s.kind === 'float') {
        const f = parseFloatText(t.v) ?? (/^[+-]?\d+$/.test(t.v) ? Number(t.v) : undefined);
        if (f === undefined) throw new ChunkFormatError(`${file}:${o.src}: ${o.name} operand ${s.name}: not a float: ${t.v}`);
        return f;
      }
      if (!/^[+-]?\d+$/.test(t.v)) throw new ChunkFormatError(`${file}:${o.src}: ${o.name} operand ${s.name}: not an integer: ${t.v}`);
      return BigInt(t.v);
    });
    try {
      return instr(o.name, vals);
    } catch (e) {
      throw new ChunkFormatError(`${file}:${o.src}: ${(e as Error).message}`);
    }
  });
  return new Chunk({
    ops,
    constants: p.constants,
    names: p.names,
    lines: p.lines ?? p.ops.map((o) => o.line),
    subEntries: p.subEntries.map(([n, t]) => [n, target(t, 0)] as const),
    blockRanges: p.blocks.map(([a, b]) => [target(a, 0), target(b, 0)] as const),
    subChunks: p.subChunks,
    source: p.source,
    intOverflowDeopt: p.intOverflowDeopt,
    nativeId: p.nativeId,
    aotSeededSlots: p.aotSeededSlots,
    subSlotNames: p.slotNames,
  });
}
