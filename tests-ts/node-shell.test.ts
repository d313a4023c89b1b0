// The opt-in Node shell host (fusevm/node) doing the real thing in a temporary
// folder: glob, file tests, tilde, commands, pipelines, redirects, here-docs,
// command substitution — driven by shell ops, on both backends.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { NodeShellHost } from '../src/host/node-shell.js';
import { FILE_TEST, REDIRECT_OP } from '../src/host/shell.js';
import { Op } from '../src/ops/op.js';
import { Status, type Value } from '../src/values/value.js';
import { VM } from '../src/vm.js';

const BACKENDS = ['wasm', 'ts'] as const;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fusevm-node-shell-'));
  for (const f of ['a.txt', 'b.txt', 'c.md', '.hidden.txt', 'sub/d.txt', 'sub/deep/e.txt']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho ran\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  writeFileSync(join(dir, 'input.dat'), 'from a file\n');
});

/** A tiny emitter: words as constants, then the op. */
class Script {
  b = new ChunkBuilder();
  words(...ws: string[]): this {
    for (const w of ws) this.b.emit(Op.LoadConst(this.b.addConstant(w)), 1);
    return this;
  }
  exec(...argv: string[]): this {
    this.words(...argv);
    this.b.emit(Op.Exec(argv.length), 1);
    return this;
  }
  op(...ops: Parameters<ChunkBuilder['emit']>[0][]): this {
    for (const o of ops) this.b.emit(o, 1);
    return this;
  }
  build(): Chunk {
    return this.b.build();
  }
}

function runBoth(c: Chunk): { r: unknown; out: string; err: string }[] {
  return BACKENDS.map((backend) => {
    let out = '';
    let err = '';
    const host = new NodeShellHost({ cwd: dir, output: (s) => (out += s), errorOutput: (s) => (err += s), backend });
    const vm = new VM(c, { backend, output: (s) => (out += s) });
    vm.setShellHost(host);
    const r = vm.run();
    return { r, out, err };
  });
}
const ok = (value: Value) => ({ status: 'ok', value });

describe('NodeShellHost', () => {
  it('globs a segment and, recursively, across folders; dot files only when asked', () => {
    const c = new Script().words('*.txt').op(Op.Glob).words('**/*.txt').op(Op.GlobRecursive).words('.h*').op(Op.Glob, Op.MakeArray(3)).build();
    for (const x of runBoth(c)) expect(x.r).toEqual(ok([['a.txt', 'b.txt'], ['a.txt', 'b.txt', 'sub/d.txt', 'sub/deep/e.txt'], ['.hidden.txt']]));
    expect(new NodeShellHost({ cwd: dir }).glob(join(dir, 'sub', '*.txt'), false)).toEqual([join(dir, 'sub', 'd.txt')]);
    expect(new NodeShellHost({ cwd: dir }).glob('nothing*', false)).toEqual([]);
  });

  it('tests files: -f -d -e -s -x -L', () => {
    const c = new Script()
      .words('a.txt').op(Op.TestFile(FILE_TEST.IS_FILE))
      .words('sub').op(Op.TestFile(FILE_TEST.IS_DIR))
      .words('missing').op(Op.TestFile(FILE_TEST.EXISTS))
      .words('empty').op(Op.TestFile(FILE_TEST.IS_NONEMPTY))
      .words('run.sh').op(Op.TestFile(FILE_TEST.IS_EXECUTABLE))
      .words('a.txt').op(Op.TestFile(FILE_TEST.IS_SYMLINK), Op.MakeArray(6))
      .build();
    for (const x of runBoth(c)) expect(x.r).toEqual(ok([true, true, false, false, true, false]));
  });

  it('expands a tilde', () => {
    for (const x of runBoth(new Script().words('~/notes').op(Op.TildeExpand).build())) expect(x.r).toEqual(ok(`${homedir()}/notes`));
  });

  it('runs commands: output, status, not found', () => {
    const c = new Script().exec('printf', '%s-%s\\n', 'a', 'b').exec('sh', '-c', 'exit 3').exec('no-such-command-xyz').op(Op.MakeArray(3)).build();
    for (const x of runBoth(c)) {
      expect(x.r).toEqual(ok([new Status(0), new Status(3), new Status(127)]));
      expect(x.out).toBe('a-b\n');
      expect(x.err).toMatch(/no-such-command-xyz: command not found/);
    }
  });

  it('runs a pipeline, each stage reading the one before', () => {
    const c = new Script().op(Op.PipelineBegin(3)).exec('printf', 'b\\na\\nb\\n').op(Op.Pop, Op.PipelineStage).exec('sort').op(Op.Pop, Op.PipelineStage).exec('uniq', '-c').op(Op.Pop, Op.PipelineEnd).build();
    for (const x of runBoth(c)) {
      expect(x.r).toEqual(ok(new Status(0)));
      expect(x.out.split('\n').map((l) => l.trim().replace(/ +/g, ' '))).toEqual(['1 a', '2 b', '']);
    }
  });

  it('redirects: > >> < and 2>&1', () => {
    for (const backend of BACKENDS) {
      const out = `out-${backend}.log`;
      const c = new Script()
        .words(out).op(Op.Redirect(1, REDIRECT_OP.WRITE)).exec('printf', 'one\\n').op(Op.Pop)
        .words(out).op(Op.Redirect(1, REDIRECT_OP.APPEND)).exec('printf', 'two\\n').op(Op.Pop)
        .words('input.dat').op(Op.Redirect(0, REDIRECT_OP.READ)).exec('cat').op(Op.Pop)
        .words('1').op(Op.Redirect(2, REDIRECT_OP.DUP_WRITE)).exec('sh', '-c', 'echo to-stderr >&2')
        .build();
      let printed = '';
      let errors = '';
      const vm = new VM(c, { backend, output: (s) => (printed += s) });
      vm.setShellHost(new NodeShellHost({ cwd: dir, output: (s) => (printed += s), errorOutput: (s) => (errors += s), backend }));
      expect(vm.run()).toEqual(ok(new Status(0)));
      expect(readFileSync(join(dir, out), 'utf8')).toBe('one\ntwo\n');
      expect(printed).toBe('from a file\nto-stderr\n');
      expect(errors).toBe('');
    }
  });

  it('feeds a here-doc and a here-string to the next command', () => {
    const b = new Script();
    b.op(Op.HereDoc(b.b.addConstant('line one\nline two\n'))).exec('cat').op(Op.Pop);
    b.words('word').op(Op.HereString).exec('tr', 'a-z', 'A-Z').op(Op.Pop);
    for (const x of runBoth(b.build())) expect(x.out).toBe('line one\nline two\nWORD\n');
  });

  it('captures a command substitution, commands and prints alike, trailing newlines dropped', () => {
    const inner = new Script().exec('printf', 'x\\n').op(Op.Pop).words('y').op(Op.PrintLn(1)).build();
    const b = new Script();
    const k = b.b.addSubChunk(inner);
    b.op(Op.CmdSubst(k));
    for (const x of runBoth(b.build())) {
      expect(x.r).toEqual(ok('x\ny'));
      expect(x.out).toBe('');
    }
  });

  it('matches shell patterns for [[ x = pat ]]', () => {
    const c = new Script().words('report.txt', '*.t?t').op(Op.StrMatch).words('report.md', '*.[!m]d').op(Op.StrMatch, Op.MakeArray(2)).build();
    for (const x of runBoth(c)) expect(x.r).toEqual(ok([true, false]));
  });
});
