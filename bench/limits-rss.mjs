// node bench/limits-rss.mjs (after npm run build): peak RSS of a child
// process running allocation-heavy chunks to their limit, per maxHeapBytes,
// on both backends — the figures in the README's guarantee section.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../tests-ts/hostile/child.mjs', import.meta.url));
const MiB = 1 << 20;
const chunk = (ops, constants = [], names = []) => JSON.stringify({ ops, constants, names, lines: ops.map(() => 1), sub_entries: [], block_ranges: [], sub_chunks: [], source: 'rss' });
const WORKLOADS = {
  'live strings (push "y" x 1000 forever)': chunk([{ DeclareArray: 0 }, { LoadConst: 0 }, { LoadInt: 1000 }, 'StringRepeat', { ArrayPush: 0 }, { Jump: 1 }], [{ Str: 'y' }], ['a']),
  'garbage (Range 0..1M; Pop forever)': chunk([{ LoadInt: 0 }, { LoadInt: 1000000 }, 'Range', 'Pop', { Jump: 0 }]),
  'copies of copies (x = [x, x])': chunk([{ LoadInt: 0 }, 'Dup', { MakeArray: 2 }, { Jump: 1 }]),
  'frames of 65,536 slots': chunk(['PushFrame', { LoadInt: 0 }, { SetSlot: 65535 }, { Jump: 0 }]),
};
const rows = [];
for (const mib of [16, 64, 256, 1024]) {
  for (const [name, text] of Object.entries(WORKLOADS)) {
    const cells = [];
    for (const backend of ['wasm', 'ts']) {
      // Fuel bounds the garbage loop (it never runs out of memory); 100 fuel a MiB of limit.
      const limits = { maxHeapBytes: mib * MiB, fuel: 2e6 * mib };
      const r = spawnSync(process.execPath, [`--max-old-space-size=${4 * mib + 512}`, CHILD, JSON.stringify({ backend, chunk: text, limits })], { encoding: 'utf8', timeout: 600_000 });
      const rep = r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').pop()) : { error: `crashed (${r.signal ?? r.status})`, maxRssBytes: NaN };
      cells.push(`${(rep.maxRssBytes / MiB).toFixed(0)} MiB (${rep.error ?? rep.status})`);
    }
    rows.push(`| ${mib} MiB | ${name} | ${cells.join(' | ')} |`);
    console.error(rows[rows.length - 1]);
  }
}
console.log('| maxHeapBytes | workload | peak RSS, wasm | peak RSS, ts |\n|---|---|---|---|\n' + rows.join('\n'));
