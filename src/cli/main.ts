// The fusevm command: run chunks (upstream JSON or .fasm), disassemble,
// assemble, and time a chunk. Commands and options are tables (COMMANDS,
// OPTIONS): usage and help text come from them, and a new option is one row.
// Exit codes: 0 ok; 1 a chunk that fails (to load or to run); 2 bad arguments
// or an unreadable file, with one line on stderr.

import { readFileSync, writeFileSync } from 'node:fs';
import type { BackendName, RunResult } from '../backend.js';
import { assemble } from '../chunk/asm.js';
import { Chunk } from '../chunk/chunk.js';
import { checkChunk, type VerifyMode } from '../chunk/verify.js';
import { disassemble } from '../chunk/disasm.js';
import { valueToJSONText } from '../chunk/json.js';
import { VM } from '../vm.js';
import type { Limits } from '../limits.js';
import { createRequire } from 'node:module';
import { emitChunkModule, freshEntryState } from '../jit/block.js';
import { checkJitMode, emptyJitStats, type JitMode, type JitStats } from '../jit/jit.js';
import { formatTraceEvent, type TraceEvent } from '../jit/trace-jit.js';
import { toStr } from '../values/convert.js';
import { useEmbeddedCore } from '../core/load.js';
import { CORE_WASM_BASE64 } from '../core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

type Command = 'run' | 'check' | 'dis' | 'asm' | 'bench';

interface Flags {
  backend: BackendName;
  jit: JitMode;
  jitThreshold?: number;
  traceLog: boolean;
  wasm: boolean;
  json: boolean;
  stats: boolean;
  strict: boolean;
  runs: number;
  out?: string;
  help: boolean;
  files: string[];
  limits: Partial<Limits>;
  timeout?: number;
}
const defaults = (): Flags => ({ backend: 'wasm', jit: 'auto', traceLog: false, wasm: false, json: false, stats: false, strict: false, runs: 10, help: false, files: [], limits: {} });

/** Bad arguments or an unreadable file: exit 2. `command` picks the usage line shown. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

const oneOf = <T extends string>(flag: string, v: string, allowed: readonly T[]): T => {
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} must be ${allowed.join(' or ')}, not ${v}`);
  return v as T;
};
const wholeNumber = (flag: string, v: string, min: number): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number ≥ ${min}, not ${v}`);
  return n;
};

/** A check that throws a plain error, as a usage error. */
const asUsage = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
};

const positive = (flag: string, v: string): number => {
  const n = Number(v);
  if (!(n > 0)) throw new UsageError(`${flag} needs a number > 0, not ${v}`);
  return n;
};
/** A row for one of the VM's limits (Limits in src/limits.ts). */
const limitOption = (flag: string, value: string, key: keyof Limits, help: string): OptionSpec[] => [
  { flag, value, commands: ['run', 'bench'], help, apply: (f, v) => void ((f.limits as Record<string, number>)[key] = positive(flag, v)) },
];

interface OptionSpec {
  flag: string;
  /** The value's placeholder; absent for a switch. */
  value?: string;
  commands: readonly Command[];
  /** Shown after the operands in the usage line, not in brackets. */
  required?: boolean;
  help: string;
  apply(f: Flags, value: string): void;
}

// One row per option.
const OPTIONS: readonly OptionSpec[] = [
  { flag: '--backend', value: 'wasm|ts', commands: ['run', 'bench'], help: 'the backend that runs the chunk (default wasm)', apply: (f, v) => void (f.backend = oneOf('--backend', v, ['wasm', 'ts'] as const)) },
  { flag: '--jit', value: 'MODE', commands: ['run', 'bench'], help: 'which JIT tier compiles to WebAssembly: off, linear, block, trace or auto (default auto)', apply: (f, v) => void (f.jit = asUsage(() => checkJitMode(v))) },
  { flag: '--jit-threshold', value: 'N', commands: ['run', 'bench'], help: 'runs of a chunk before the JIT compiles it (default 10; 0 or 1: the first run), and back-edges before a loop is traced (default 50)', apply: (f, v) => void (f.jitThreshold = wholeNumber('--jit-threshold', v, 0)) },
  { flag: '--trace-log', commands: ['run'], help: 'print the tracing JIT\'s events on stderr: start, abort (why), compile, enter, exit, blacklist', apply: (f) => void (f.traceLog = true) },
  { flag: '--wasm', commands: ['dis'], help: "print the Block tier's wasm module instead (needs binaryen)", apply: (f) => void (f.wasm = true) },
  { flag: '--json', commands: ['run', 'bench'], help: 'one JSON line per file (run) or per bench', apply: (f) => void (f.json = true) },
  { flag: '--stats', commands: ['run'], help: 'also give ops executed and the time each file took', apply: (f) => void (f.stats = true) },
  { flag: '--strict', commands: ['run'], help: 'refuse a chunk with a dangling index (default: upstream meaning)', apply: (f) => void (f.strict = true) },
  { flag: '--runs', value: 'N', commands: ['bench'], help: 'timed runs, a fresh VM each (default 10)', apply: (f, v) => void (f.runs = wholeNumber('--runs', v, 1)) },
  ...limitOption('--fuel', 'N', 'fuel', 'fuel the run may spend: 1 an op, plus its work'),
  { flag: '--timeout', value: 'SECONDS', commands: ['run', 'bench'], help: 'interrupt the run after this long', apply: (f, v) => void (f.timeout = positive('--timeout', v)) },
  ...limitOption('--max-heap', 'BYTES', 'maxHeapBytes', "bytes the VM's strings, arrays and hashes may hold (default 1 GiB)"),
  ...limitOption('--call-depth', 'N', 'callDepth', 'frames that may be open at once (default 10,000)'),
  ...limitOption('--stack-depth', 'N', 'stackDepth', 'values the stack may hold (default 1,000,000)'),
  ...limitOption('--max-elements', 'N', 'maxElements', 'elements one array, or units one string, may hold (default 2^27)'),
  ...limitOption('--max-memory-pages', 'N', 'maxMemoryPages', "64 KiB pages the wasm core's memory may grow to (default 16,384)"),
  { flag: '-o', value: 'OUT.json', commands: ['asm'], required: true, help: 'where to write the chunk (upstream JSON)', apply: (f, v) => void (f.out = v) },
];

interface CommandSpec {
  args: string;
  summary: string;
  /** Checks the operands, then does the work; returns the exit code. */
  action(f: Flags): number;
}

const COMMANDS: Record<Command, CommandSpec> = {
  run: { args: 'FILE...', summary: 'run chunks (.json in upstream form, or .fasm) and print each result', action: cmdRun },
  check: { args: 'FILE...', summary: 'list every dangling index (op, line, what); exit 1 if any', action: cmdCheck },
  dis: { args: 'FILE', summary: 'print a chunk as .fasm text', action: cmdDis },
  asm: { args: 'FILE.fasm', summary: 'assemble .fasm text into upstream JSON', action: cmdAsm },
  bench: { args: 'FILE', summary: 'time a chunk: min and median ns over fresh VMs', action: cmdBench },
};

function usageLine(cmd: Command): string {
  const opts = OPTIONS.filter((o) => o.commands.includes(cmd));
  const show = (o: OptionSpec) => `${o.flag}${o.value ? ' ' + o.value : ''}`;
  const optional = opts.filter((o) => !o.required).map((o) => `[${show(o)}]`);
  const required = opts.filter((o) => o.required).map(show);
  return ['fusevm', cmd, ...optional, COMMANDS[cmd].args, ...required].join(' ');
}

function commandHelp(cmd: Command): string {
  const opts = OPTIONS.filter((o) => o.commands.includes(cmd));
  const rows = opts.map((o) => `  ${`${o.flag}${o.value ? ' ' + o.value : ''}`.padEnd(20)} ${o.help}`);
  return `usage: ${usageLine(cmd)}\n\n${COMMANDS[cmd].summary}\n${rows.length ? '\noptions:\n' + rows.join('\n') + '\n' : ''}`;
}

function fullHelp(): string {
  const cmds = Object.keys(COMMANDS) as Command[];
  return (
    `usage: fusevm COMMAND [OPTIONS] FILE...\n\ncommands:\n` +
    cmds.map((c) => `  ${usageLine(c).padEnd(58)} ${COMMANDS[c].summary}`).join('\n') +
    `\n\n'fusevm COMMAND --help' describes a command's options; 'fusevm --version' prints the version.\n` +
    `exit codes: 0 ok, 1 a chunk failed to load or run, 2 bad arguments or an unreadable file.\n`
  );
}

function version(): string {
  // dist/cli.js sits one folder below the package's package.json.
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function parseFlags(cmd: Command, argv: string[]): Flags {
  const f = defaults();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      f.help = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      f.files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const spec = OPTIONS.find((o) => o.flag === name);
    if (!spec) throw new UsageError(`unknown option ${name}`, cmd);
    if (!spec.commands.includes(cmd)) throw new UsageError(`${cmd} takes no ${name} option`, cmd);
    let value = '';
    if (spec.value !== undefined) {
      if (name !== a) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new UsageError(`${name} needs a value (${spec.value})`, cmd);
    } else if (name !== a) throw new UsageError(`${name} takes no value`, cmd);
    try {
      spec.apply(f, value);
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(e.message, cmd);
      throw e;
    }
  }
  return f;
}

/** A file that cannot be read at all: exit 2. */
class Unreadable extends Error {}

function loadChunk(file: string, verify: VerifyMode = 'upstream'): Chunk {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Unreadable(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return file.endsWith('.fasm') ? assemble(text, file, { verify }) : Chunk.fromJSON(text, { verify });
}

/** A chunk of dis, asm or bench that does not load or run: exit 1; the message names the file. */
class ChunkFailed extends Error {}

/** loadChunk for the commands that stop at the first failure. */
function loadOrFail(file: string): Chunk {
  try {
    return loadChunk(file);
  } catch (e) {
    if (e instanceof Unreadable) throw e;
    throw new ChunkFailed(about(file, e as Error));
  }
}

/** `FILE: message`, without naming the file twice (the assembler's messages start with it). */
function about(file: string, e: Error): string {
  if (e instanceof Unreadable || e.message.startsWith(file + ':')) return e.message;
  return `${file}: ${e.message}`;
}

const vmOptions = (f: Flags) => {
  const end = Date.now() + (f.timeout ?? 0) * 1000; // --timeout counts from the VM's creation
  const limits = f.timeout === undefined ? f.limits : { ...f.limits, interrupt: () => Date.now() > end };
  const onTrace = f.traceLog ? (e: TraceEvent) => void process.stderr.write(`fusevm: ${formatTraceEvent(e)}\n`) : undefined;
  return { backend: f.backend, jit: f.jit, limits, onTrace, jitThresholds: f.jitThreshold === undefined ? undefined : { linear: f.jitThreshold, block: f.jitThreshold, trace: f.jitThreshold } };
};

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
  if (f.files.length === 0) throw new UsageError('run needs at least one FILE', 'run');
  let code = 0;
  for (const file of f.files) {
    let out = '';
    let r: RunResult;
    let ops = 0;
    let jit = emptyJitStats();
    const t0 = process.hrtime.bigint();
    try {
      const verify = f.strict ? 'strict' : 'upstream';
      const vm = new VM(loadChunk(file, verify), { ...vmOptions(f), verify, output: f.json ? (s) => (out += s) : (s) => process.stdout.write(s) });
      r = vm.run();
      ops = vm.opsExecuted;
      jit = vm.jitStats();
      vm.dispose();
    } catch (e) {
      r = { status: 'error', error: e as never };
    }
    const ns = Number(process.hrtime.bigint() - t0);
    const stats = f.stats ? { ops, ns, jit } : undefined;
    let text = '';
    try {
      text = f.json ? resultJSON(r, out, stats) : r.status === 'ok' ? toStr(r.value) : '';
    } catch (e) {
      r = { status: 'error', error: e as never }; // too deep for JSON, or past V8's string length
      text = f.json ? resultJSON(r, out, stats) : '';
    }
    if (r.status === 'error') {
      const unreadable = r.error instanceof Unreadable;
      code = Math.max(code, unreadable ? 2 : 1);
      // With --json the line on stdout carries the error; an unreadable file is also said on stderr.
      if (!f.json || unreadable) process.stderr.write(`fusevm: ${about(file, r.error)}\n`);
    }
    if (f.json || r.status === 'ok') process.stdout.write(text + '\n');
    if (stats && !f.json) process.stderr.write(`${file}: ${ops} ops in ${(ns / 1e6).toFixed(3)} ms\n`);
  }
  return code;
}

/** Strict mode's findings for each file, one line each: where, op, line, what. */
function cmdCheck(f: Flags): number {
  if (f.files.length === 0) throw new UsageError('check needs at least one FILE', 'check');
  let found = 0;
  for (const file of f.files) {
    const problems = checkChunk(loadOrFail(file));
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

function oneFile(cmd: Command, f: Flags): string {
  if (f.files.length !== 1) throw new UsageError(`${cmd} needs one ${COMMANDS[cmd].args}${f.files.length ? `, not ${f.files.length}` : ''}`, cmd);
  return f.files[0]!;
}

function cmdDis(f: Flags): number {
  const chunk = loadOrFail(oneFile('dis', f));
  if (f.wasm) return disWasm(chunk);
  process.stdout.write(disassemble(chunk));
  return 0;
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

function cmdAsm(f: Flags): number {
  const file = oneFile('asm', f);
  if (!f.out) throw new UsageError('asm needs -o OUT.json', 'asm');
  writeFileSync(f.out, loadOrFail(file).toJSON() + '\n');
  return 0;
}

function cmdBench(f: Flags): number {
  const file = oneFile('bench', f);
  const chunk = loadOrFail(file);
  const ns: number[] = [];
  for (let i = 0; i < f.runs; i++) {
    const t0 = process.hrtime.bigint();
    const vm = new VM(chunk, { ...vmOptions(f), output: () => {} });
    const r = vm.run();
    ns.push(Number(process.hrtime.bigint() - t0));
    vm.dispose();
    // Timing a failing chunk measures nothing useful: say why and stop.
    if (r.status === 'error') {
      process.stderr.write(`fusevm: ${about(file, r.error)}\n`);
      return 1;
    }
  }
  ns.sort((a, b) => a - b);
  const min = ns[0]!;
  const median = ns[ns.length >> 1]!;
  if (f.json) process.stdout.write(JSON.stringify({ file, backend: f.backend, runs: f.runs, minNs: min, medianNs: median }) + '\n');
  else process.stdout.write(`${file} [${f.backend}] ${f.runs} runs: min ${min} ns, median ${median} ns\n`);
  return 0;
}

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined) {
      process.stderr.write(fullHelp());
      return 2;
    }
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      const topic = rest[0];
      if (topic === undefined) process.stdout.write(fullHelp());
      else if (topic in COMMANDS) process.stdout.write(commandHelp(topic as Command));
      else throw new UsageError(`unknown command ${topic}`);
      return 0;
    }
    if (cmd === '--version' || cmd === '-V' || cmd === 'version') {
      process.stdout.write(`fusevm ${version()}\n`);
      return 0;
    }
    if (!(cmd in COMMANDS)) throw new UsageError(`unknown command ${cmd}`);
    const command = cmd as Command;
    const f = parseFlags(command, rest);
    if (f.help) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    return COMMANDS[command].action(f);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.command ? `usage: ${usageLine(e.command)}` : `usage: fusevm COMMAND [OPTIONS] FILE... ('fusevm --help' lists the commands)`;
      process.stderr.write(`fusevm: ${e.message}\n${hint}\n`);
      return 2;
    }
    process.stderr.write(`fusevm: ${(e as Error).message}\n`);
    return e instanceof Unreadable ? 2 : 1;
  }
}

process.exitCode = main(process.argv.slice(2));
