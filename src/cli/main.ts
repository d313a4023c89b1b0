// The fusevm command: run chunks (upstream JSON or .fasm), disassemble,
// assemble, and time a chunk. Usage errors: one line on stderr, exit 2.

import { readFileSync, writeFileSync } from 'node:fs';
import type { BackendName, RunResult } from '../backend.js';
import { assemble } from '../chunk/asm.js';
import { Chunk } from '../chunk/chunk.js';
import { checkChunk, type VerifyMode } from '../chunk/verify.js';
import { disassemble } from '../chunk/disasm.js';
import { valueToJSONText } from '../chunk/json.js';
import { VM } from '../vm.js';
import { toStr } from '../values/convert.js';
import { useEmbeddedCore } from '../core/load.js';
import { CORE_WASM_BASE64 } from '../core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

const USAGE = `usage:
  fusevm run [--backend wasm|ts] [--json] [--stats] [--strict] FILE...   (default backend: wasm)
  fusevm check FILE...   (list every dangling index; exit 1 if any)
  fusevm dis FILE
  fusevm asm FILE.fasm -o OUT.json
  fusevm bench FILE [--backend wasm|ts] [--runs N] [--json]`;

class UsageError extends Error {}

function loadChunk(file: string, verify: VerifyMode = 'upstream'): Chunk {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return file.endsWith('.fasm') ? assemble(text, file, { verify }) : Chunk.fromJSON(text, { verify });
}

interface Flags {
  backend: BackendName;
  json: boolean;
  stats: boolean;
  strict: boolean;
  runs: number;
  out?: string;
  files: string[];
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { backend: 'wasm', json: false, stats: false, strict: false, runs: 10, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--backend') {
      const b = val();
      if (b !== 'wasm' && b !== 'ts') throw new UsageError(`--backend must be wasm or ts, not ${b}`);
      f.backend = b;
    } else if (a === '--json') f.json = true;
    else if (a === '--stats') f.stats = true;
    else if (a === '--strict') f.strict = true;
    else if (a === '--runs') {
      f.runs = Number(val());
      if (!Number.isInteger(f.runs) || f.runs < 1) throw new UsageError('--runs needs a whole number ≥ 1');
    } else if (a === '-o') f.out = val();
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else f.files.push(a);
  }
  return f;
}

function resultJSON(r: RunResult, output: string, stats?: { ops: number; ns: number }): string {
  let s: string;
  if (r.status === 'ok') s = `{"ok":${valueToJSONText(r.value)}`;
  else if (r.status === 'error') s = `{"error":${JSON.stringify(r.error.message)}`;
  else s = '{"halted":true';
  if (output) s += `,"output":${JSON.stringify(output)}`;
  if (stats) s += `,"ops":${stats.ops},"ns":${stats.ns}`;
  return s + '}';
}

function cmdRun(f: Flags): number {
  if (f.files.length === 0) throw new UsageError('run needs at least one FILE');
  let failed = 0;
  for (const file of f.files) {
    let out = '';
    let r: RunResult;
    let ops = 0;
    const t0 = process.hrtime.bigint();
    try {
      const verify = f.strict ? 'strict' : 'upstream';
      const vm = new VM(loadChunk(file, verify), { backend: f.backend, verify, output: f.json ? (s) => (out += s) : (s) => process.stdout.write(s) });
      r = vm.run();
      ops = vm.opsExecuted;
      vm.dispose();
    } catch (e) {
      if (e instanceof UsageError && !f.json) throw e;
      r = { status: 'error', error: e as never };
    }
    const ns = Number(process.hrtime.bigint() - t0);
    const stats = f.stats ? { ops, ns } : undefined;
    if (f.json) {
      process.stdout.write(resultJSON(r, out, stats) + '\n');
      continue;
    }
    if (r.status === 'ok') process.stdout.write(toStr(r.value) + '\n');
    else if (r.status === 'error') {
      failed++;
      process.stderr.write(`fusevm: ${file}: ${r.error.message}\n`);
    }
    if (stats) process.stderr.write(`${file}: ${ops} ops in ${(ns / 1e6).toFixed(3)} ms\n`);
  }
  return failed ? 1 : 0;
}

/** Strict mode's findings for each file, one line each: where, op, line, what. */
function cmdCheck(f: Flags): number {
  if (f.files.length === 0) throw new UsageError('check needs at least one FILE');
  let found = 0;
  for (const file of f.files) {
    const problems = checkChunk(loadChunk(file));
    found += problems.length;
    for (const p of problems) {
      const sub = p.path.length ? `sub-chunk ${p.path.join('.')} ` : '';
      const where = p.ip !== undefined ? `${sub}op ${p.ip} (${p.op}, line ${p.line ?? 0})` : `${sub}chunk`;
      process.stdout.write(`${file}: ${where}: ${p.message}\n`);
    }
    if (problems.length === 0) process.stdout.write(`${file}: ok\n`);
  }
  return found ? 1 : 0;
}

function cmdBench(f: Flags): number {
  if (f.files.length !== 1) throw new UsageError('bench needs one FILE');
  const chunk = loadChunk(f.files[0]!);
  const ns: number[] = [];
  let last: RunResult | undefined;
  for (let i = 0; i < f.runs; i++) {
    const t0 = process.hrtime.bigint();
    const vm = new VM(chunk, { backend: f.backend, output: () => {} });
    last = vm.run();
    ns.push(Number(process.hrtime.bigint() - t0));
    vm.dispose();
  }
  ns.sort((a, b) => a - b);
  const min = ns[0]!;
  const median = ns[ns.length >> 1]!;
  if (f.json) process.stdout.write(JSON.stringify({ file: f.files[0], backend: f.backend, runs: f.runs, minNs: min, medianNs: median }) + '\n');
  else process.stdout.write(`${f.files[0]} [${f.backend}] ${f.runs} runs: min ${min} ns, median ${median} ns\n`);
  return last?.status === 'error' ? 1 : 0;
}

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'run':
        return cmdRun(parseFlags(rest));
      case 'dis': {
        const f = parseFlags(rest);
        if (f.files.length !== 1) throw new UsageError('dis needs one FILE');
        process.stdout.write(disassemble(loadChunk(f.files[0]!)));
        return 0;
      }
      case 'asm': {
        const f = parseFlags(rest);
        if (f.files.length !== 1 || !f.out) throw new UsageError('asm needs FILE.fasm and -o OUT.json');
        const chunk = loadChunk(f.files[0]!);
        writeFileSync(f.out, chunk.toJSON() + '\n');
        return 0;
      }
      case 'bench':
        return cmdBench(parseFlags(rest));
      case 'check':
        return cmdCheck(parseFlags(rest));
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      default:
        throw new UsageError(cmd ? `unknown command ${cmd}` : 'no command given');
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`fusevm: ${e.message}\n${USAGE.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`fusevm: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
