// Reads the upstream conformance sets with exact integers, and judges a run's
// result by the rules of their README. The sets are vendored, gzipped, in
// tests-ts/data/ (copied byte for byte from shared/conformance/*.jsonl, whose
// README describes them) so that a clone with nothing beside it runs them.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { RunResult } from '../src/backend.js';
import { JSONFloat, parseExactJSON } from '../src/chunk/exact-json.js';
import { valueToJSONText } from '../src/chunk/json.js';

const DATA = new URL('./data/', import.meta.url);
export const SETS = ['matrix.jsonl', 'random.jsonl'] as const;

/** A set's text, decompressed from tests-ts/data/SET.gz. */
export function setText(set: string): string {
  return gunzipSync(readFileSync(new URL(`${set}.gz`, DATA))).toString('utf8');
}

export interface Case {
  name: string;
  chunkText: string;
  expect: Record<string, unknown>;
}

export function* readCases(set: string): Generator<Case> {
  for (const line of setText(set).split('\n')) {
    if (!line.trim()) continue;
    const m = line.indexOf('"chunk":');
    const e = line.lastIndexOf(',"expect":');
    const name = (JSON.parse(line.slice(0, m - 1) + '}') as { name: string }).name;
    yield { name, chunkText: line.slice(m + 8, e), expect: parseExactJSON(line.slice(e + 10, -1)) as Record<string, unknown> };
  }
}

function sameNum(w: unknown, g: unknown): boolean {
  const wi = typeof w === 'number' || typeof w === 'bigint';
  const gi = typeof g === 'number' || typeof g === 'bigint';
  if (wi && gi) return BigInt(w as number) === BigInt(g as number);
  const a = w instanceof JSONFloat ? w.value : Number(w);
  const b = g instanceof JSONFloat ? g.value : Number(g);
  if (wi) return Number.isInteger(b) && BigInt(b) === BigInt(w as number);
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

export function same(w: unknown, g: unknown): boolean {
  const isNum = (x: unknown) => typeof x === 'number' || typeof x === 'bigint' || x instanceof JSONFloat;
  if (isNum(w)) return isNum(g) && sameNum(w, g);
  if (w === null || typeof w !== 'object') return w === g;
  if (Array.isArray(w)) return Array.isArray(g) && w.length === g.length && w.every((x, k) => same(x, g[k]));
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return false;
  const wk = Object.keys(w);
  return wk.length === Object.keys(g).length && wk.every((k) => k in g && same((w as never)[k], (g as never)[k]));
}

/** null when the run conforms, else why not. */
export function judge(expect: Record<string, unknown>, r: RunResult, output: string): string | null {
  const want = Object.keys(expect).find((k) => k !== 'output')!;
  if (want !== r.status) return `${want} expected, ${r.status} given`;
  if (r.status === 'ok' && !same(expect.ok, parseExactJSON(valueToJSONText(r.value)))) return `value differs: got ${valueToJSONText(r.value).slice(0, 200)}`;
  if (((expect.output as string) ?? '') !== output) return 'output differs';
  return null;
}
