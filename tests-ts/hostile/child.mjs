// Runs one hostile case in its own process (see tests-ts/hostile-runner.ts):
// argv[2] is JSON { backend, jit?, chunk, limits, deadlineMs? }. Prints one JSON
// line: how the run ended, its op count and this process's peak RSS.
import { Chunk, VM } from '../../dist/index.js';

const spec = JSON.parse(process.argv[2]);
const limits = { ...spec.limits };
if (spec.deadlineMs !== undefined) {
  const end = Date.now() + spec.deadlineMs;
  limits.interrupt = () => Date.now() > end;
}
const report = (o) => process.stdout.write(JSON.stringify({ ...o, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
let result;
const t0 = process.hrtime.bigint();
try {
  const jit = spec.jit ? { jit: spec.jit, jitThresholds: { linear: 1, block: 1, trace: 1 } } : {};
  const vm = new VM(Chunk.fromJSON(spec.chunk), { backend: spec.backend, ...jit, limits, output: () => {} });
  const r = vm.run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  result = { status: r.status, error: r.status === 'error' ? r.error.name : undefined, message: r.status === 'error' ? r.error.message : undefined, ops: vm.opsExecuted, ms };
  if (r.status === 'ok') result.kind = Array.isArray(r.value) ? `array(${r.value.length})` : typeof r.value;
  vm.dispose();
} catch (e) {
  // A throw out of the VM's constructor (a typed error such as OutOfMemory) is an answer too.
  result = { status: 'threw', error: e?.name, message: e?.message };
}
report(result);
