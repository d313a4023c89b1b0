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
    expect(r.status).toBe(1); // one of them is an error run
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
  it('logs the tracing JIT\'s events with --trace-log, and --json --stats carries its counts', () => {
    // slot0 = 0; while (slot0 < 200) slot0++; slot0
    const ops = '[{"LoadInt":0},{"SetSlot":0},{"GetSlot":0},{"LoadInt":200},"NumLt",{"JumpIfFalse":8},{"PreIncSlotVoid":0},{"Jump":2},{"GetSlot":0}]';
    const loop = file('loop.json', `{"ops":${ops},"constants":[],"names":[],"lines":[1,1,1,1,1,1,1,1,1],"sub_entries":[],"block_ranges":[],"sub_chunks":[],"source":"loop"}`);
    const r = run('run', '--jit', 'trace', '--jit-threshold', '1', '--trace-log', '--json', '--stats', loop);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('fusevm: trace start root at 2\n');
    expect(r.stderr).toMatch(/fusevm: trace compile root at 2: trace 0, \d+ ops recorded/);
    expect(r.stderr).toContain('fusevm: trace enter: 1 entries this run');
    const line = JSON.parse(r.stdout) as { ok: unknown; ops: number; jit: { traces: number; entered: number; opsCompiled: number } };
    expect(line.ok).toEqual({ Int: 200 });
    expect(line.jit.traces).toBe(1);
    expect(line.jit.opsCompiled).toBeGreaterThan(line.ops / 2);
    expect(run('run', '--jit', 'trace', '--json', loop).stderr).toBe(''); // no log without the flag
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
  it('answers bad arguments with why, then the usage line of the command, and exit 2', () => {
    const cases: [string[], string, string][] = [
      [['check'], 'fusevm: check needs at least one FILE', 'usage: fusevm check FILE...'],
      [['frob'], 'fusevm: unknown command frob', "usage: fusevm COMMAND [OPTIONS] FILE... ('fusevm --help' lists the commands)"],
      [['run'], 'fusevm: run needs at least one FILE', 'usage: fusevm run [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--trace-log] [--json] [--stats] [--strict] [--fuel N] [--timeout SECONDS] [--max-heap BYTES] [--call-depth N] [--stack-depth N] [--max-elements N] [--max-memory-pages N] FILE...'],
      [['run', '--backend', 'x', add], 'fusevm: --backend must be wasm or ts, not x', 'usage: fusevm run [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--trace-log] [--json] [--stats] [--strict] [--fuel N] [--timeout SECONDS] [--max-heap BYTES] [--call-depth N] [--stack-depth N] [--max-elements N] [--max-memory-pages N] FILE...'],
      [['run', '--backend'], 'fusevm: --backend needs a value (wasm|ts)', 'usage: fusevm run [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--trace-log] [--json] [--stats] [--strict] [--fuel N] [--timeout SECONDS] [--max-heap BYTES] [--call-depth N] [--stack-depth N] [--max-elements N] [--max-memory-pages N] FILE...'],
      [['dis', '--json', add], 'fusevm: dis takes no --json option', 'usage: fusevm dis [--wasm] FILE'],
      [['asm', add], 'fusevm: asm needs -o OUT.json', 'usage: fusevm asm FILE.fasm -o OUT.json'],
      [['bench', '--runs=0', add], 'fusevm: --runs needs a whole number ≥ 1, not 0', 'usage: fusevm bench [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--json] [--runs N] [--fuel N] [--timeout SECONDS] [--max-heap BYTES] [--call-depth N] [--stack-depth N] [--max-elements N] [--max-memory-pages N] FILE'],
      [['run', '--jit', 'warp', add], `fusevm: unknown jit mode "warp": use 'off', 'linear', 'block', 'trace', 'auto'`, 'usage: fusevm run [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--trace-log] [--json] [--stats] [--strict] [--fuel N] [--timeout SECONDS] [--max-heap BYTES] [--call-depth N] [--stack-depth N] [--max-elements N] [--max-memory-pages N] FILE...'],
      [['run', '--frob', add], 'fusevm: unknown option --frob', 'usage: fusevm run [--backend wasm|ts] [--jit MODE] [--jit-threshold N] [--trace-log] [--json] [--stats] [--strict] [--fuel N] [--timeout SECONDS] [--max-heap BYTES] [--call-depth N] [--stack-depth N] [--max-elements N] [--max-memory-pages N] FILE...'],
    ];
    for (const [args, why, usage] of cases) {
      const r = run(...args);
      expect([r.status, r.stderr, r.stdout], args.join(' ')).toEqual([2, `${why}\n${usage}\n`, '']);
    }
  });
  it('gives exit 2 and one line for an unreadable file, with or without --json, after running the others', () => {
    const missing = join(dir, 'missing.json');
    const plain = run('run', missing, add);
    expect([plain.status, plain.stdout, plain.stderr]).toEqual([2, '42\n', `fusevm: cannot read ${missing}: ENOENT\n`]);
    const json = run('run', '--json', missing, add);
    expect([json.status, json.stdout, json.stderr]).toEqual([2, `{"error":"cannot read ${missing}: ENOENT"}\n{"ok":{"Int":42}}\n`, `fusevm: cannot read ${missing}: ENOENT\n`]);
    expect(run('dis', missing).status).toBe(2);
  });
  it('gives exit 1 with --json for an error run, and 0 when every file runs', () => {
    expect(run('run', '--json', fails).status).toBe(1);
    expect(run('run', '--json', add, halts).status).toBe(0);
  });
  it('names the file once in a message', () => {
    const fasm = file('bad.fasm', '  LoadInt 1\n  Frobnicate\n');
    const json = file('bad.json', '{"ops":[');
    expect(run('run', fasm).stderr).toBe(`fusevm: ${fasm}:2: unknown op Frobnicate\n`);
    expect(run('run', json).stderr).toBe(`fusevm: ${json}: malformed JSON: unexpected end at offset 8\n`);
    expect(run('dis', json)).toMatchObject({ status: 1, stderr: `fusevm: ${json}: malformed JSON: unexpected end at offset 8\n` });
  });
  it('says why a benched chunk fails, with exit 1 and no timings', () => {
    const r = run('bench', fails, '--runs', '3');
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^fusevm: .*fail\.json: undefined function: main \[op 0 \(Call\), line 1, t\]\n$/);
  });
  it('shows the usage with no command, help for each command, and the version', () => {
    const bare = run();
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('usage: fusevm COMMAND [OPTIONS] FILE...');
    for (const cmd of ['run', 'check', 'dis', 'asm', 'bench']) expect(bare.stderr).toContain(`fusevm ${cmd} `);
    expect(run('--help')).toMatchObject({ status: 0, stdout: bare.stderr });
    const help = run('run', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: fusevm run \[--backend wasm\|ts\] \[--jit MODE\] \[--jit-threshold N\] \[--trace-log\] \[--json\] \[--stats\] \[--strict\] \[--fuel N\] \[--timeout SECONDS\] \[--max-heap BYTES\] \[--call-depth N\] \[--stack-depth N\] \[--max-elements N\] \[--max-memory-pages N\] FILE\.\.\.\n/);
    expect(help.stdout).toContain('--stats');
    expect(run('help', 'bench').stdout).toContain('--runs N');
    expect(run('bench', '-h').stdout).toBe(run('help', 'bench').stdout);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run('--version')).toMatchObject({ status: 0, stdout: `fusevm ${pkg.version}\n` });
  });
});
