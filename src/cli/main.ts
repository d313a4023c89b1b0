// The fusevm command: run chunks (upstream JSON or .fasm), disassemble,
// assemble, and time a chunk. Usage errors: one line on stderr, exit 2.

import { readFileSync, writeFileSync } from 'node:fs';
import type { BackendName, RunResult } from '../backend.js';
import { assemble } from '../chunk/asm.js';
import { Chunk } from '../chunk/chunk.js';
import { disassemble } from '../chunk/disasm.js';
import { valueToJSONText } from '../chunk/json.js';
import { VM } from '../vm.js';
import { createRequire } from 'node:module';
import { emitChunkModule, freshEntryState } from '../jit/block.js';
import { checkJitMode, emptyJitStats, type JitMode, type JitStats } from '../jit/jit.js';
import { toStr } from '../values/convert.js';
import { useEmbeddedCore } from '../core/load.js';
import { CORE_WASM_BASE64 } from '../core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

const USAGE = `usage:
  fusevm run [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--json] [--stats] FILE...   (default backend: wasm)
  fusevm dis [--wasm] FILE
  fusevm asm FILE.fasm -o OUT.json
  fusevm bench FILE [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--runs N] [--json]
  (--jit off|linear|block|auto: which JIT tier compiles to WebAssembly; --jit-threshold: runs before it does)`;

class UsageError extends Error {}

function loadChunk(file: string): Chunk {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return file.endsWith('.fasm') ? assemble(text, file) : Chunk.fromJSON(text);
}

interface Flags {
  backend: BackendName;
  jit: JitMode;
  jitThreshold?: number;
  wasm: boolean;
  json: boolean;
  stats: boolean;
  runs: number;
  out?: string;
  files: string[];
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { backend: 'wasm', jit: 'off', wasm: false, json: false, stats: false, runs: 10, files: [] };
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
    } else if (a === '--jit') {
      try {
        f.jit = checkJitMode(val());
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    } else if (a === '--jit-threshold') {
      f.jitThreshold = Number(val());
      if (!Number.isInteger(f.jitThreshold) || f.jitThreshold < 0) throw new UsageError('--jit-threshold needs a whole number ≥ 0');
    } else if (a === '--wasm') f.wasm = true;
    else if (a === '--json') f.json = true;
    else if (a === '--stats') f.stats = true;
    else if (a === '--runs') {
      f.runs = Number(val());
      if (!Number.isInteger(f.runs) || f.runs < 1) throw new UsageError('--runs needs a whole number ≥ 1');
    } else if (a === '-o') f.out = val();
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else f.files.push(a);
  }
  return f;
}

const vmOptions = (f: Flags) => ({ backend: f.backend, jit: f.jit, jitThresholds: f.jitThreshold === undefined ? undefined : { linear: f.jitThreshold, block: f.jitThreshold } });

function resultJSON(r: RunResult, output: string, stats?: { ops: number; ns: number; jit: JitStats }): string {
  let s: string;
  if (r.status === 'ok') s = `{"ok":${valueToJSONText(r.value)}`;
  else if (r.status === 'error') s = `{"error":${JSON.stringify(r.error.message)}`;
  else s = '{"halted":true';
  if (output) s += `,"output":${JSON.stringify(output)}`;
  if (stats) s += `,"ops":${stats.ops},"ns":${stats.ns},"jit":${JSON.stringify(stats.jit)}`;
  return s + '}';
}

function cmdRun(f: Flags): number {
  if (f.files.length === 0) throw new UsageError('run needs at least one FILE');
  let failed = 0;
  for (const file of f.files) {
    let out = '';
    let r: RunResult;
    let ops = 0;
    let jit = emptyJitStats();
    const t0 = process.hrtime.bigint();
    try {
      const vm = new VM(loadChunk(file), { ...vmOptions(f), output: f.json ? (s) => (out += s) : (s) => process.stdout.write(s) });
      r = vm.run();
      ops = vm.opsExecuted;
      jit = vm.jitStats();
      vm.dispose();
    } catch (e) {
      if (e instanceof UsageError && !f.json) throw e;
      r = { status: 'error', error: e as never };
    }
    const ns = Number(process.hrtime.bigint() - t0);
    const stats = f.stats ? { ops, ns, jit } : undefined;
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

function cmdBench(f: Flags): number {
  if (f.files.length !== 1) throw new UsageError('bench needs one FILE');
  const chunk = loadChunk(f.files[0]!);
  const ns: number[] = [];
  let last: RunResult | undefined;
  for (let i = 0; i < f.runs; i++) {
    const t0 = process.hrtime.bigint();
    const vm = new VM(chunk, { ...vmOptions(f), output: () => {} });
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

/** The Block tier's module for the chunk as a fresh run enters it, printed as text (binaryen, when installed). */
function disWasm(chunk: Chunk): number {
  const out = emitChunkModule(chunk, 'block', 0, freshEntryState(chunk));
  if (!out) throw new Error('the Block tier does not compile this chunk');
  let binaryen: { Features: { All: number }; readBinary(b: Uint8Array): { emitText(): string; validate(): number; setFeatures(f: number): void } };
  try {
    binaryen = createRequire(import.meta.url)('binaryen');
  } catch {
    throw new Error('dis --wasm prints modules with binaryen: npm install binaryen');
  }
  const m = binaryen.readBinary(out.bytes);
  m.setFeatures(binaryen.Features.All);
  if (!m.validate()) throw new Error('the emitted module does not validate');
  process.stdout.write(m.emitText());
  return 0;
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
        const chunk = loadChunk(f.files[0]!);
        if (f.wasm) return disWasm(chunk);
        process.stdout.write(disassemble(chunk));
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
