// `npm run measure` (builds first): the figures the README's
// Embedding section quotes — the core's size (wasm bytes, the base64 the
// default entry embeds, gzipped), and what making a VM costs on the wasm
// backend with a pooled core instance (make + dispose; make + run + dispose):
// the median, over 9 batches of 20,000 after a warm-up batch, of the time per VM.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ChunkBuilder, Op, VM } from '../dist/index.js';

const wasm = readFileSync(new URL('../dist/core.wasm', import.meta.url));
const b64 = wasm.toString('base64');
console.log(`core: ${wasm.length} B of wasm (gzip ${gzipSync(wasm).length} B); embedded as ${b64.length} B of base64 (${(b64.length / 1024).toFixed(1)} KiB, gzip ${gzipSync(b64).length} B)`);

const b = new ChunkBuilder();
b.emit(Op.LoadInt(40), 1);
b.emit(Op.LoadInt(2), 1);
b.emit(Op.Add, 1);
const chunk = b.build();

function perVm(body) {
  const N = 20_000;
  const batches = [];
  for (let k = 0; k < 10; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) body();
    const ns = Number(process.hrtime.bigint() - t0) / N;
    if (k > 0) batches.push(ns); // the first batch is the warm-up
  }
  batches.sort((x, y) => x - y);
  return batches[batches.length >> 1] / 1000;
}
const make = perVm(() => new VM(chunk, { output: () => {} }).dispose());
const makeRun = perVm(() => {
  const vm = new VM(chunk, { output: () => {} });
  vm.run();
  vm.dispose();
});
console.log(`VM on the wasm backend (core instance reused): make + dispose ${make.toFixed(1)} µs; make + run + dispose ${makeRun.toFixed(1)} µs (Node ${process.versions.node})`);
