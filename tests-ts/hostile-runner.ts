// Runs a hostile chunk in a child process (tests-ts/hostile/child.mjs, over
// the built dist/) under a V8 heap cap, with a watchdog, and reports how it
// ended and the child's peak RSS, so a crash, a hang or a blow-up fails the
// test instead of taking the test runner down.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./hostile/child.mjs', import.meta.url));

export interface HostileCase {
  /** The chunk's ops in upstream's JSON form (a string: raw JSON, for i64s past 2^53). */
  ops: unknown[] | string;
  constants?: unknown[];
  names?: string[];
  limits?: Record<string, number>;
  /** Interrupt the run this many ms after it starts. */
  deadlineMs?: number;
}

export interface ChildReport {
  status: 'ok' | 'error' | 'halted' | 'threw';
  error?: string;
  message?: string;
  ops?: number;
  ms?: number;
  kind?: string;
  maxRssBytes: number;
}

export function chunkJSON(c: HostileCase): string {
  const ops = typeof c.ops === 'string' ? c.ops : JSON.stringify(c.ops);
  const n = typeof c.ops === 'string' ? (JSON.parse(c.ops.replace(/-?\d{16,}/g, '0')) as unknown[]).length : c.ops.length;
  const rest = JSON.stringify({ constants: c.constants ?? [], names: c.names ?? [], lines: new Array(n).fill(1), sub_entries: [], block_ranges: [], sub_chunks: [], source: 'hostile' });
  return `{"ops":${ops},${rest.slice(1)}`;
}

/** Where a case runs: a backend, and on wasm optionally a JIT tier compiling at once. */
export type HostileConfig = 'wasm' | 'ts' | 'wasm+block' | 'wasm+trace';

/** Run `c` on `config` in a child with a V8 heap of `heapMiB` and a `watchdogMs` kill timer. */
export function runHostile(c: HostileCase, config: HostileConfig, heapMiB = 2048, watchdogMs = 120_000): ChildReport {
  const backend = config === 'ts' ? 'ts' : 'wasm';
  const jit = config === 'wasm+block' ? 'block' : config === 'wasm+trace' ? 'trace' : undefined;
  const spec = JSON.stringify({ backend, jit, chunk: chunkJSON(c), limits: c.limits ?? {}, deadlineMs: c.deadlineMs });
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMiB}`, CHILD, spec], { encoding: 'utf8', timeout: watchdogMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 });
  if (r.error || r.status !== 0 || r.signal) {
    const why = r.signal ? `killed by ${r.signal}${r.signal === 'SIGKILL' ? ' (the watchdog: a hang?)' : ''}` : r.error ? String(r.error) : `exit code ${r.status}`;
    throw new Error(`the child crashed: ${why}\n${(r.stderr ?? '').slice(0, 2000)}`);
  }
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as ChildReport;
}
