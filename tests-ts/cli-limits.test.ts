// The fusevm command's limit flags, run as a user runs it (the built
// dist/cli.js): a loop stops at --fuel or --timeout, an allocation at
// --max-heap, and a file that fails never stops the files after it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fusevm-cli-limits-'));
const file = (name: string, ops: string, consts = '[]') => {
  const p = join(dir, name);
  const n = (JSON.parse(ops) as unknown[]).length;
  writeFileSync(p, `{"ops":${ops},"constants":${consts},"names":[],"lines":[${new Array(n).fill(1).join(',')}],"sub_entries":[],"block_ranges":[],"sub_chunks":[],"source":"${name}"}`);
  return p;
};
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });

const forever = file('forever.json', '["Nop",{"Jump":0}]');
const grow = file('grow.json', '[{"LoadConst":0},"Dup","Concat",{"Jump":1}]', '[{"Str":"x"}]');
const deep = file('deep.json', '[{"LoadInt":0},{"MakeArray":1},{"SlotIncLtIntJumpBack":[0,1000,1]}]');
const add = file('add.json', '[{"LoadInt":40},{"LoadInt":2},"Add"]');

describe('fusevm run with limits', () => {
  it('stops an endless loop at --fuel and at --timeout, on both backends, and runs the later files', () => {
    for (const backend of ['wasm', 'ts']) {
      const f = run('run', '--json', '--backend', backend, '--fuel', '100000', forever, add);
      expect(f.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^\{"error":"fuel exhausted after 100000 ops/), '{"ok":{"Int":42}}']);
      const t = run('run', '--json', '--backend', backend, '--timeout', '0.2', forever, add);
      expect(t.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^\{"error":"interrupted by the host/), '{"ok":{"Int":42}}']);
    }
  });
  it('stops a growing string at --max-heap or --max-elements, and a value too deep for JSON is an error line', () => {
    expect(run('run', '--json', '--max-heap', '1000000', grow, add).stdout).toMatch(/^\{"error":"[^\n]*limits.maxHeapBytes[^\n]*\n\{"ok":\{"Int":42\}\}\n$/);
    expect(run('run', '--json', '--max-elements', '1000', grow).stdout).toMatch(/limits.maxElements/);
    expect(run('run', '--json', deep, add).stdout).toMatch(/^\{"error":"a value nested deeper than 250 levels[^\n]*\n\{"ok":\{"Int":42\}\}\n$/);
  });
  it('refuses a limit flag without a positive number (exit 2)', () => {
    for (const args of [['--fuel', '0'], ['--timeout', 'soon'], ['--max-heap']]) {
      const r = run('run', ...args, add);
      expect(r.status, args.join(' ')).toBe(2);
    }
  });
});
