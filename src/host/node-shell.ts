// NodeShellHost: a ShellHost that does the real thing under Node — globbing,
// file tests, tilde expansion, running commands, pipelines, redirects,
// here-docs, command substitution. Opt-in (the `fusevm/node` entry): the
// default VM never touches files or processes.
//
// Commands run one at a time (spawnSync) and read an empty standard input
// unless given a here-doc, here-string, pipe or `<`; a pipeline runs its
// stages in order, each reading what the one before wrote, which suits the
// finite commands scripts pipe together but not a stage that waits on the next.

import { spawnSync, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, lstatSync, openSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { BackendName } from '../backend.js';
import type { Chunk } from '../chunk/chunk.js';
import { VM } from '../vm.js';
import { FILE_TEST, REDIRECT_OP, type ShellHost } from './shell.js';
import { glob, patternToRegExp } from './glob.js';

export interface NodeShellHostOptions {
  /** Working directory for relative paths and commands. Default process.cwd(). */
  cwd?: string;
  /** Environment of the commands. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where commands' standard output goes when not redirected. Default process.stdout. */
  output?: (text: string) => void;
  /** Where their standard error goes. Default process.stderr. */
  errorOutput?: (text: string) => void;
  /** Backend of the VMs that run command substitutions. Default 'wasm'. */
  backend?: BackendName;
}

interface Redirect {
  fd: number;
  op: number;
  target: string;
}

/** Where fds 0–2 of the next command go: a file we opened, or a pipe we read. */
type Sink = { kind: 'fd'; fd: number } | { kind: 'capture' };
/** A pipeline under way: stages left, what the last stage wrote, its status. */
interface PipeState {
  stages: number;
  input: string | undefined;
  status: number;
}

export class NodeShellHost implements ShellHost {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  #out: ((s: string) => void)[];
  #err: (s: string) => void;
  #backend: BackendName;
  #pending: Redirect[] = [];
  #scoped: Redirect[][] = [];
  #scopeFill = 0;
  #stdin: string | undefined;
  // Pipeline state: stages left, and what the last stage wrote.
  #pipe: PipeState | undefined;

  constructor(options: NodeShellHostOptions = {}) {
    this.cwd = resolve(options.cwd ?? process.cwd());
    this.env = options.env ?? process.env;
    this.#out = [options.output ?? ((s) => void process.stdout.write(s))];
    this.#err = options.errorOutput ?? ((s) => void process.stderr.write(s));
    this.#backend = options.backend ?? 'wasm';
  }

  // ── Words ──

  glob(pattern: string, recursive: boolean): string[] {
    return glob(this.tildeExpand(pattern), recursive, this.cwd);
  }
  tildeExpand(word: string): string {
    if (word === '~' || word.startsWith('~/')) return homedir() + word.slice(1);
    if (word === '~+' || word.startsWith('~+/')) return this.cwd + word.slice(2);
    return word;
  }
  strMatch(text: string, pattern: string): boolean {
    return patternToRegExp(pattern).test(text);
  }
  regexMatch(text: string, regex: string): boolean {
    try {
      return new RegExp(regex, 'u').test(text);
    } catch {
      return false;
    }
  }

  // ── Files ──

  testFile(test: number, path: string): boolean {
    const p = resolve(this.cwd, this.tildeExpand(path));
    try {
      if (test === FILE_TEST.IS_SYMLINK) return lstatSync(p).isSymbolicLink();
      const st = statSync(p);
      switch (test) {
        case FILE_TEST.IS_FILE: return st.isFile();
        case FILE_TEST.IS_DIR: return st.isDirectory();
        case FILE_TEST.IS_READABLE: return can(p, constants.R_OK);
        case FILE_TEST.IS_WRITABLE: return can(p, constants.W_OK);
        case FILE_TEST.IS_EXECUTABLE: return can(p, constants.X_OK);
        case FILE_TEST.EXISTS: return true;
        case FILE_TEST.IS_NONEMPTY: return st.size > 0;
        case FILE_TEST.IS_SOCKET: return st.isSocket();
        case FILE_TEST.IS_FIFO: return st.isFIFO();
        case FILE_TEST.IS_BLOCK_DEV: return st.isBlockDevice();
        case FILE_TEST.IS_CHAR_DEV: return st.isCharacterDevice();
      }
      return false;
    } catch {
      return false;
    }
  }

  // ── Redirects and input for the next command ──

  redirect(fd: number, op: number, target: string): void {
    const r = { fd, op, target: this.tildeExpand(target) };
    if (this.#scopeFill > 0) {
      this.#scopeFill--;
      this.#scoped[this.#scoped.length - 1]!.push(r);
    } else this.#pending.push(r);
  }
  withRedirectsBegin(count: number): void {
    this.#scoped.push([]);
    this.#scopeFill = count;
  }
  withRedirectsEnd(): void {
    this.#scoped.pop();
    this.#scopeFill = 0;
  }
  hereDoc(content: string): void {
    this.#stdin = content;
  }
  hereString(word: string): void {
    this.#stdin = word + '\n';
  }

  // ── Commands ──

  exec(argv: string[]): number {
    if (argv.length === 0) return 0;
    const redirects = [...this.#scoped.flat(), ...this.#pending];
    this.#pending = [];
    let input = this.#stdin;
    this.#stdin = undefined;
    const pipe = this.#pipe;
    if (pipe && input === undefined) input = pipe.input;
    const lastStage = !pipe || pipe.stages <= 1;
    const opened: number[] = [];
    try {
      const fds: (Sink | undefined)[] = [undefined, lastStage ? undefined : { kind: 'capture' }, undefined];
      for (const r of redirects) this.#apply(r, fds, opened);
      // Unredirected fds are pipes too: output reaches `output` (or the next stage), input is ours to give.
      const stdio = fds.map((s) => (s?.kind === 'fd' ? s.fd : 'pipe'));
      const res = spawnSync(argv[0]!, argv.slice(1), { cwd: this.cwd, env: this.env, input: stdio[0] === 'pipe' ? (input ?? '') : undefined, stdio, maxBuffer: 1 << 30 });
      if (res.error) {
        const code = (res.error as NodeJS.ErrnoException).code;
        this.#err(`${argv[0]}: ${code === 'ENOENT' ? 'command not found' : res.error.message}\n`);
        return this.#finish(pipe, lastStage, '', code === 'ENOENT' ? 127 : 126);
      }
      const out = res.stdout?.toString() ?? '';
      const err = res.stderr?.toString() ?? '';
      // 2>&1 onto a captured stdout: stderr follows stdout (spawnSync keeps them apart).
      const merged = fds[2] === fds[1] && fds[1]?.kind === 'capture';
      if (err && !merged) this.#err(err);
      const status = res.status ?? 128 + (res.signal ? 9 : 0);
      return this.#finish(pipe, lastStage, merged ? out + err : out, status);
    } finally {
      for (const fd of opened) closeSync(fd);
    }
  }

  /** Hand a command's output on: to the next stage, or out. */
  #finish(pipe: PipeState | undefined, last: boolean, out: string, status: number): number {
    if (pipe && !last) pipe.input = out;
    else if (out) this.#out[this.#out.length - 1]!(out);
    if (pipe) pipe.status = status;
    return status;
  }
  #apply(r: Redirect, fds: (Sink | undefined)[], opened: number[]): void {
    const open = (flags: string) => {
      const fd = openSync(resolve(this.cwd, r.target), flags);
      opened.push(fd);
      return { kind: 'fd', fd } as const;
    };
    switch (r.op) {
      case REDIRECT_OP.WRITE:
      case REDIRECT_OP.CLOBBER:
        fds[r.fd] = open('w');
        break;
      case REDIRECT_OP.APPEND:
        fds[r.fd] = open('a');
        break;
      case REDIRECT_OP.READ:
        fds[r.fd] = open('r');
        break;
      case REDIRECT_OP.READ_WRITE:
        fds[r.fd] = open('a+');
        break;
      case REDIRECT_OP.DUP_READ:
      case REDIRECT_OP.DUP_WRITE: {
        const from = Number(r.target);
        // n>&m: fd n goes where fd m goes now (a captured stdout included).
        fds[r.fd] = fds[from] ?? (from === 1 && r.fd === 2 ? (fds[1] = { kind: 'capture' }) : undefined);
        break;
      }
      case REDIRECT_OP.WRITE_BOTH:
        fds[1] = fds[2] = open('w');
        break;
      case REDIRECT_OP.APPEND_BOTH:
        fds[1] = fds[2] = open('a');
        break;
    }
  }

  execBg(argv: string[]): void {
    if (argv.length === 0) return;
    const child = spawn(argv[0]!, argv.slice(1), { cwd: this.cwd, env: this.env, stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  }

  pipelineBegin(stages: number): void {
    this.#pipe = { stages, input: undefined, status: 0 };
  }
  pipelineStage(): void {
    if (this.#pipe) this.#pipe.stages--;
  }
  pipelineEnd(): number {
    const status = this.#pipe?.status ?? 0;
    this.#pipe = undefined;
    return status;
  }

  /** $(…): run the sub-chunk with this host, its output (Print and commands) captured, trailing newlines removed. */
  cmdSubst(sub: Chunk): string {
    let text = '';
    const capture = (s: string) => void (text += s);
    this.#out.push(capture);
    const saved = this.#pipe;
    this.#pipe = undefined;
    try {
      const vm = new VM(sub, { backend: this.#backend, output: capture });
      vm.setShellHost(this);
      vm.run();
      vm.dispose();
    } finally {
      this.#out.pop();
      this.#pipe = saved;
    }
    return text.replace(/\n+$/, '');
  }
}

function can(p: string, mode: number): boolean {
  try {
    accessSync(p, mode);
    return true;
  } catch {
    return false;
  }
}
