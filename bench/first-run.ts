// The first long run of a process against its warm runs: sum 1..1M unfused
// (7M ops) in fresh processes, each making one 3-op VM first (so module
// compile and instantiation are not in the figure), then timing 8 runs.
//
//   npm run bench:first            5 processes
//   npm run bench:first -- 10      10 processes

import { execFileSync } from 'node:child_process';

const child = `
  const { VM, ChunkBuilder, Op } = await import(${JSON.stringify(new URL('../../../dist/index.js', import.meta.url).href)});
  const { WORKLOADS } = await import(${JSON.stringify(new URL('./workloads.js', import.meta.url).href)});
  const b = new ChunkBuilder(); b.emit(Op.LoadInt(1), 1); new VM(b.build(), { jit: 'off' }).run();
  const chunk = WORKLOADS.find((w) => w.name === 'sum_1M_unfused').build();
  const t = [];
  for (let i = 0; i < 8; i++) { const t0 = performance.now(); const vm = new VM(chunk, { jit: 'off' }); vm.run(); vm.dispose(); t.push(performance.now() - t0); }
  console.log(JSON.stringify(t));`;

const n = Number(process.argv[2] ?? 5);
const rows: { first: number; warm: number }[] = [];
for (let i = 0; i < n; i++) {
  const t = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' })) as number[];
  rows.push({ first: t[0]!, warm: Math.min(...t.slice(2)) });
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const first = med(rows.map((r) => r.first));
const warm = med(rows.map((r) => r.warm));
console.log(`sum_1M_unfused, ${n} fresh processes: first run ${first.toFixed(1)} ms, warm ${warm.toFixed(1)} ms (medians), first / warm ${(first / warm).toFixed(2)}×`);
