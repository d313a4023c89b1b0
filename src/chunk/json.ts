// Upstream's serde-JSON form of chunks, ops and values, both ways. Ops map
// through the op table: unit ops as "Add", one operand as {"LoadInt":42},
// several as {"AccumSumLoop":[0,1,1000]}.

import { ChunkFormatError, LimitError } from '../errors.js';
import { checkOperand, specOf, type Instr, instr } from '../ops/op.js';
import { Float, NativeFn, Obj, Ref, Status, normInt, type Value } from '../values/value.js';
import { Chunk } from './chunk.js';
import { JSONFloat, parseExactJSON, stringifyExactJSON } from './exact-json.js';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JSONFloat);

function fail(msg: string, ip?: number, op?: string): never {
  throw new ChunkFormatError(msg, { ip, op });
}

// ── Values ──

/** A value from its serde form (`{"Int":42}`, `"Undef"`, …). */
export function valueFromJSON(j: unknown, where = 'value', depth = 0): Value {
  if (j === 'Undef') return undefined;
  if (depth > 512) fail(`${where}: values nested too deep (more than 512 levels)`);
  if (!isObj(j)) fail(`${where}: expected a value such as {"Int":1} or "Undef", got ${brief(j)}`);
  const keys = Object.keys(j);
  if (keys.length !== 1) fail(`${where}: a value has exactly one key, got ${keys.length}`);
  const k = keys[0]!;
  const x = j[k];
  switch (k) {
    case 'Int':
      if (typeof x === 'bigint') {
        if (x < -(1n << 63n) || x >= 1n << 63n) fail(`${where}: Int out of i64 range`);
        return normInt(x);
      }
      if (typeof x === 'number' && Number.isSafeInteger(x)) return x + 0; // -0 is Int 0: an i64 has no -0
      // An already-parsed number past 2^53 may have been rounded by JSON.parse.
      if (typeof x === 'number' && Number.isInteger(x)) return fail(`${where}: Int ${x} is beyond 2^53 and may have been rounded by JSON.parse; pass the JSON text instead`);
      return fail(`${where}: Int needs an integer`);
    case 'Float':
      if (x === null) return new Float(NaN);
      if (x instanceof JSONFloat) return new Float(x.value);
      if (typeof x === 'number') return new Float(x);
      if (typeof x === 'bigint') return new Float(Number(x));
      return fail(`${where}: Float needs a number`);
    case 'Bool':
      if (typeof x !== 'boolean') fail(`${where}: Bool needs true or false`);
      return x as boolean;
    case 'Str':
      if (typeof x !== 'string') fail(`${where}: Str needs a string`);
      return x as string;
    case 'Array':
      if (!Array.isArray(x)) fail(`${where}: Array needs a list`);
      return (x as unknown[]).map((e, i) => valueFromJSON(e, `${where}[${i}]`, depth + 1));
    case 'Hash': {
      if (!isObj(x)) fail(`${where}: Hash needs an object`);
      const m = new Map<string, Value>();
      for (const [hk, hv] of Object.entries(x as Record<string, unknown>)) m.set(hk, valueFromJSON(hv, `${where}.${hk}`, depth + 1));
      return m;
    }
    case 'Status':
      return new Status(smallInt(x, -0x8000_0000, 0x7fff_ffff, `${where}: Status`));
    case 'Ref':
      return new Ref(valueFromJSON(x, `${where}.Ref`, depth + 1));
    case 'NativeFn':
      return new NativeFn(smallInt(x, 0, 0xffff, `${where}: NativeFn`));
    case 'Obj':
      return new Obj(smallInt(x, 0, 0xffff_ffff, `${where}: Obj`));
  }
  return fail(`${where}: unknown value kind ${JSON.stringify(k)}`);
}

function smallInt(x: unknown, lo: number, hi: number, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) fail(`${what} needs an integer in ${lo}..${hi}`);
  return x as number;
}

/** A value in serde form, ready for stringifyExactJSON. Hash keys are sorted
 *  so the output is canonical. */
/** Levels of nesting a value's JSON form may have (the JSON writer and
 *  readers recurse); a value nested deeper has a LimitError('depth') instead. */
export const MAX_JSON_DEPTH = 250; // its JSON (two levels per value) reads back within the reader's 512

export function valueToJSON(v: Value, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw new LimitError('depth', `a value nested deeper than ${MAX_JSON_DEPTH} levels has no JSON form`);
  switch (typeof v) {
    case 'undefined':
      return 'Undef';
    case 'boolean':
      return { Bool: v };
    case 'number':
    case 'bigint':
      return { Int: v };
    case 'string':
      return { Str: v };
  }
  if (v instanceof Float) return { Float: Number.isFinite(v.value) ? new JSONFloat(v.value) : null };
  if (Array.isArray(v)) return { Array: v.map((x) => valueToJSON(x, depth + 1)) };
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const k of [...v.keys()].sort()) o[k] = valueToJSON(v.get(k), depth + 1);
    return { Hash: o };
  }
  if (v instanceof Status) return { Status: v.code };
  if (v instanceof Ref) return { Ref: valueToJSON(v.value, depth + 1) };
  if (v instanceof NativeFn) return { NativeFn: v.id };
  if (v instanceof Obj) return { Obj: v.id };
  throw new TypeError(`not a fusevm value: ${String(v)}`);
}

// ── Ops ──

export function opFromJSON(j: unknown, ip?: number): Instr {
  if (typeof j === 'string') {
    const s = tryspec(j, ip);
    if (s.operands.length !== 0) fail(`${j} takes ${s.operands.length} operand(s)`, ip, j);
    return instr(j);
  }
  if (!isObj(j)) fail(`expected an op such as "Add" or {"LoadInt":1}, got ${brief(j)}`, ip);
  const keys = Object.keys(j);
  if (keys.length !== 1) fail(`an op has exactly one key, got ${keys.length}`, ip);
  const name = keys[0]!;
  const s = tryspec(name, ip);
  const raw = j[name];
  let args: unknown[];
  if (s.operands.length === 1) args = [raw];
  else if (Array.isArray(raw)) args = raw;
  else return fail(`${name} takes ${s.operands.length} operands as a list`, ip, name);
  if (args.length !== s.operands.length) fail(`${name} takes ${s.operands.length} operand(s), got ${args.length}`, ip, name);
  try {
    return instr(
      name,
      args.map((a, k) => {
        if (s.operands[k]!.kind === 'float') return floatArg(a);
        if (typeof a === 'number' && Number.isInteger(a) && !Number.isSafeInteger(a))
          throw new Error(`operand ${a} is beyond 2^53 and may have been rounded by JSON.parse; pass the JSON text instead`);
        return a;
      }),
    );
  } catch (e) {
    return fail((e as Error).message, ip, name);
  }
}

function floatArg(a: unknown): unknown {
  if (a instanceof JSONFloat) return a.value;
  if (a === null) return NaN; // serde writes non-finite floats as null
  return a;
}

function tryspec(name: string, ip?: number) {
  try {
    return specOf(name);
  } catch {
    return fail(`unknown op ${JSON.stringify(name)}`, ip, name);
  }
}

/** One op from upstream's serde text (`{"LoadInt":9007199254740993}` stays exact). */
export function opFromJSONText(text: string): Instr {
  let j: unknown;
  try {
    j = parseExactJSON(text);
  } catch (e) {
    return fail(`malformed JSON: ${(e as Error).message}`);
  }
  return opFromJSON(j);
}
/** One op in upstream's serde text. */
export function opToJSONText(ins: Instr): string {
  return stringifyExactJSON(opToJSON(ins));
}
/** A value from upstream's serde text, integers beyond 2^53 exact. */
export function valueFromJSONText(text: string): Value {
  let j: unknown;
  try {
    j = parseExactJSON(text);
  } catch (e) {
    return fail(`malformed JSON: ${(e as Error).message}`);
  }
  return valueFromJSON(j);
}

export function opToJSON(ins: Instr): unknown {
  const s = specOf(ins.op);
  if (s.operands.length === 0) return ins.op;
  const args = ins.args.map((a, k) => (s.operands[k]!.kind === 'float' ? new JSONFloat(a as number) : a));
  return { [ins.op]: args.length === 1 ? args[0] : args };
}

// ── Chunks ──

const REQUIRED = ['ops', 'constants', 'names', 'lines', 'sub_entries', 'block_ranges', 'sub_chunks', 'source'] as const;

export function chunkFromJSON(input: string | object, depth = 0): Chunk {
  let j: unknown;
  if (typeof input === 'string') {
    try {
      j = parseExactJSON(input);
    } catch (e) {
      return fail(`malformed JSON: ${(e as Error).message}`);
    }
  } else j = input;
  if (!isObj(j)) fail(`a chunk is a JSON object, got ${brief(j)}`);
  if (depth > 64) fail('sub-chunks nested too deep');
  for (const k of REQUIRED) if (!(k in j)) fail(`chunk is missing key "${k}"`);
  const list = (k: string): unknown[] => {
    const v = j[k];
    if (!Array.isArray(v)) fail(`"${k}" must be a list`);
    return v as unknown[];
  };
  const ops = list('ops').map((o, ip) => opFromJSON(o, ip));
  const constants = list('constants').map((c, i) => valueFromJSON(c, `constants[${i}]`));
  const names = list('names').map((n, i) => {
    if (typeof n !== 'string') fail(`names[${i}] must be a string`);
    return n as string;
  });
  const lines = list('lines').map((l, i) => {
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l > 0xffff_ffff) fail(`lines[${i}] must be a u32`);
    return l as number;
  });
  const pairs = (k: string, a: 'name' | 'target', b: 'target') =>
    list(k).map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) fail(`${k}[${i}] must be a pair`);
      try {
        return [Number(checkOperand(a, p[0])), Number(checkOperand(b, p[1]))] as const;
      } catch (e) {
        return fail(`${k}[${i}]: ${(e as Error).message}`);
      }
    });
  const subEntries = pairs('sub_entries', 'name', 'target');
  const blockRanges = pairs('block_ranges', 'target', 'target');
  const subChunks = list('sub_chunks').map((c) => chunkFromJSON(c as object, depth + 1));
  if (typeof j.source !== 'string') fail('"source" must be a string');
  const opt = <T>(k: string, ok: (v: unknown) => boolean, dflt: T): T => {
    if (!(k in j) || j[k] === null) return dflt;
    if (!ok(j[k])) fail(`"${k}" has the wrong type`);
    return j[k] as T;
  };
  const u = (max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  const subSlotNames = opt<unknown[]>('sub_slot_names', Array.isArray, []).map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !u(Number.MAX_SAFE_INTEGER)(p[0]) || !Array.isArray(p[1]) || !p[1].every((s) => typeof s === 'string'))
      fail(`sub_slot_names[${i}] must be [op index, [names]]`);
    return [p[0] as number, p[1] as string[]] as const;
  });
  return new Chunk({
    ops,
    constants,
    names,
    lines,
    subEntries,
    blockRanges,
    subChunks,
    source: j.source as string,
    intOverflowDeopt: opt('int_overflow_deopt', (v) => typeof v === 'boolean', false),
    nativeId: opt('native_id', u(0xffff_ffff), 0),
    aotSeededSlots: opt('aot_seeded_slots', u(0xffff), 0),
    subSlotNames,
  });
}

export function chunkToJSONValue(c: Chunk): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ops: c.ops.map(opToJSON),
    constants: c.constants.map(valueToJSON),
    names: c.names,
    lines: c.lines,
    sub_entries: c.subEntries,
    block_ranges: c.blockRanges,
    sub_chunks: c.subChunks.map(chunkToJSONValue),
    source: c.source,
  };
  if (c.intOverflowDeopt) o.int_overflow_deopt = true;
  if (c.nativeId) o.native_id = c.nativeId;
  if (c.aotSeededSlots) o.aot_seeded_slots = c.aotSeededSlots;
  if (c.subSlotNames.length) o.sub_slot_names = c.subSlotNames;
  return o;
}

export function chunkToJSON(c: Chunk): string {
  return stringifyExactJSON(chunkToJSONValue(c));
}

/** A result value as one JSON text in upstream's form (hash keys sorted,
 *  integers exact, non-finite floats as null). */
export function valueToJSONText(v: Value): string {
  return stringifyExactJSON(valueToJSON(v));
}

function brief(v: unknown): string {
  // Only a shallow picture: a deeply nested list must not overflow the stack here.
  if (Array.isArray(v)) return v.length ? '[…]' : '[]';
  if (isObj(v) && !(v instanceof JSONFloat)) return Object.keys(v).length ? '{…}' : '{}';
  const s = typeof v === 'bigint' ? v.toString() : JSON.stringify(v instanceof JSONFloat ? v.value : v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 40) + '…' : s;
}
