// Warm per-run times, min of batches (for a noisy shared machine): each row on
// each backend with a fresh VM per run (disposed), 20 warm-up runs, then 9
// batches; prints JSON {"row/backend": µs per run}. Runs the tsc build of a
// checkout, so two checkouts can be compared run for run:
//   npx tsc -p tsconfig.json && node bench/min-batches.mjs . array_index_1k,str_eq_1k wasm,ts 200
const root = new URL(`${process.argv[2] ?? '.'}/`, `file://${process.cwd()}/`).href;
const { VM } = await import(`${root}build/tsc/src/vm.js`);
const { useEmbeddedCore } = await import(`${root}build/tsc/src/core/load.js`);
const { CORE_WASM_BASE64 } = await import(`${root}build/tsc/src/core/wasm-bytes.generated.js`);
const { WORKLOADS } = await import(`${root}build/tsc/bench/workloads.js`);
useEmbeddedCore(CORE_WASM_BASE64);
const names = (process.argv[3] ?? 'array_index_1k').split(',');
const backends = (process.argv[4] ?? 'wasm,ts').split(',');
const runsPerRow = Number(process.argv[5] ?? 200);
const out = {};
for (const name of names) {
  const wl = WORKLOADS.find((w) => w.name === name);
  if (!wl) throw new Error(`no workload ${name}`);
  const chunk = wl.build();
  for (const backend of backends) {
    const run = () => {
      const vm = new VM(chunk, { backend, jit: 'off' });
      const r = vm.run();
      vm.dispose();
      if (r.status !== 'ok') throw new Error(`${name} on ${backend}: ${r.status}`);
    };
    for (let i = 0; i < 20; i++) run();
    const reps = Math.max(1, Math.floor(runsPerRow / 9));
    let best = Infinity;
    for (let b = 0; b < 9; b++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < reps; i++) run();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / reps);
    }
    out[`${name}/${backend}`] = +(best / 1000).toFixed(2);
  }
}
console.log(JSON.stringify(out));
