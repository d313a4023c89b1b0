// The fusevm command, run as a user runs it: the built dist/cli/main.js.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk/chunk.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fusevm-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const chunk = (ops: string, consts = '[]') =>
  `{"ops":${ops},"constants":${consts},"names":["main"],"lines":[${ops === '[]' ? '' : '1'}],"sub_entries":[],"block_ranges":[],"sub_chunks":[],"source":"t"}`;

let add: string, big: string, printer: string, halts: string, fails: string, hash: string;
beforeAll(() => {
  add = file('add.json', chunk('[{"LoadInt":40},{"LoadInt":2},"Add"]').replace('"lines":[1]', '"lines":[1,1,1]'));
  big = file('big.json', chunk('[{"LoadInt":9223372036854775807},{"LoadInt":1},"Add"]').replace('"lines":[1]', '"lines":[1,1,1]'));
  printer = file('print.json', chunk('[{"LoadConst":0},{"LoadFloat":1e-7},{"PrintLn":2},{"LoadFloat":2.0}]', '[{"Str":"x="}]').replace('"lines":[1]', '"lines":[1,1,1,1]'));
  halts = file('halt.json', chunk('["Nop"]'));
  fails = file('fail.json', chunk('[{"Call":[0,0]}]'));
  hash = file('hash.json', chunk('[{"LoadConst":0},{"LoadInt":1},{"LoadConst":1},{"LoadFloat":0.5},{"MakeHash":4}]', '[{"Str":"b"},{"Str":"a"}]').replace('"lines":[1]', '"lines":[1,1,1,1,1]'));
});

describe('fusevm CLI', () => {
  it('prints one upstream-shaped JSON line per file, in order', () => {
    const r = run('run', '--json', '--backend', 'ts', add, big, printer, halts, fails, hash);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      '{"ok":{"Int":42}}',
      '{"ok":{"Int":-9223372036854775808}}',
      '{"ok":{"Float":2.0},"output":"x=0.0000001\\n"}',
      '{"halted":true}',
      expect.stringMatching(/^\{"error":"undefined function: main/),
      '{"ok":{"Hash":{"a":{"Float":0.5},"b":{"Int":1}}}}',
    ]);
  });
  it('prints a value plainly without --json, and errors on stderr with exit 1', () => {
    expect(run('run', add).stdout).toBe('42\n');
    const r = run('run', fails);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/undefined function: main \[op 0 \(Call\), line 1, t\]/);
  });
  it('adds ops executed and time with --stats', () => {
    const line = JSON.parse(run('run', '--json', '--stats', add).stdout) as { ops: number; ns: number };
    expect(line.ops).toBe(3);
    expect(line.ns).toBeGreaterThan(0);
  });
  it('disassembles and reassembles to the same chunk', () => {
    const fasm = file('add.fasm', run('dis', printer).stdout);
    const out = join(dir, 'back.json');
    expect(run('asm', fasm, '-o', out).status).toBe(0);
    expect(readFileSync(out, 'utf8').trim()).toBe(Chunk.fromJSON(readFileSync(printer, 'utf8')).toJSON());
    expect(run('run', fasm).stdout).toBe('x=0.0000001\n2\n');
  });
  it('times a chunk with bench', () => {
    const r = run('bench', add, '--runs', '3', '--json');
    const j = JSON.parse(r.stdout) as { runs: number; minNs: number; medianNs: number };
    expect(j.runs).toBe(3);
    expect(j.minNs).toBeLessThanOrEqual(j.medianNs);
  });
  it('runs a dangling chunk as upstream does; --strict refuses it and check lists each problem', () => {
    const dangling = file('dangling.json', chunk('[{"LoadConst":3},{"Jump":40},{"CmdSubst":1}]').replace('"lines":[1]', '"lines":[1,2,3]'));
    expect(run('run', '--json', dangling).stdout.trim()).toBe('{"ok":"Undef"}');
    const strict = run('run', '--strict', dangling);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/index 3 is past the constants pool .*and 2 more/);
    const c = run('check', dangling, add);
    expect(c.status).toBe(1);
    expect(c.stdout.split('\n')).toEqual([
      `${dangling}: op 0 (LoadConst, line 1): index 3 is past the constants pool (0 entries)`,
      `${dangling}: op 1 (Jump, line 2): target 40 is outside the chunk (3 ops)`,
      `${dangling}: op 2 (CmdSubst, line 3): sub 1 is past the subChunks pool (0 entries)`,
      `${add}: ok`,
      '',
    ]);
    expect(run('check', add).status).toBe(0);
  });
  it('answers bad arguments and unreadable files with one line and exit 2', () => {
    for (const args of [['frob'], ['run'], ['check'], ['run', '--backend', 'x', add], ['run', join(dir, 'missing.json')], []]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^fusevm: /);
    }
  });
});
