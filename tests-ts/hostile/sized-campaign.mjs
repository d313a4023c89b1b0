// A fuzz campaign over the ops whose cost grows with their operands, run in
// its own process (tests-ts/fuzz.test.ts spawns it under a heap cap and a
// watchdog) over the built dist/: argv[2] is the case count. Each case runs
// on both backends, which must agree on status, value or error and op count.
// Prints each seed on stderr as it starts (the last one names a crash) and
// one JSON line on stdout: { seen: { status: count }, disagreement? }.
import { Chunk, Op, VM, valueToJSONText } from '../../dist/index.js';
import { rng } from '../prng.mjs';

const cases = Number(process.argv[2] ?? 1000);
const SIZES = [0n, 1n, 2n, 7n, 1000n, 65535n, 100_000n, 1_000_000n, 2n ** 31n, 2n ** 53n + 1n, -1n, -(2n ** 63n), 2n ** 63n - 1n];
const SIZED = ['Range', 'RangeStep', 'StringRepeat', 'Concat', 'Dup', 'StrLt', 'StrEq', 'StringLen', 'WordSplit', 'Pop', 'Swap'];
const SIZED_GLOBAL = ['HashSet', 'ArrayPush', 'ArraySet', 'HashKeys', 'HashValues', 'GetHash', 'GetArray'];
const LIMITS = { fuel: 50_000, maxHeapBytes: 4 << 20, maxElements: 1_000_000, stackDepth: 10_000 };

/** Loops over sized ops fed sizes from tiny to past every limit. */
function sizedChunk(r) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const ops = [Op.DeclareHash(0), Op.DeclareArray(1), Op.LoadConst(0), Op.LoadInt(1000), Op.StringRepeat];
  const n = 4 + Math.floor(r() * 20);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.35) ops.push(Op.LoadInt(pick(SIZES)));
    else if (k < 0.45) ops.push(Op[pick(['MakeArray', 'MakeHash', 'PrintLn'])](Math.floor(r() * 5)));
    else if (k < 0.55) ops.push(Op[pick(SIZED_GLOBAL)](r() < 0.5 ? 0 : 1));
    else if (k < 0.62) ops.push(Op.Jump(2 + Math.floor(r() * (ops.length - 2))));
    else ops.push(Op[pick(SIZED)]);
  }
  return new Chunk({ ops, constants: ['a b'], names: ['h', 'a'], lines: ops.map(() => 1), subEntries: [], blockRanges: [], subChunks: [], source: 'sized' });
}

function outcome(chunk, backend) {
  const vm = new VM(chunk, { backend, output: () => {}, input: () => undefined, limits: LIMITS });
  const r = vm.run();
  const ops = vm.opsExecuted;
  vm.dispose();
  const text = r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? r.error.name : '';
  // Where a heap measurement ends a run the backends may stop a few ops apart.
  return { status: r.status, text: text === 'OutOfMemory' ? text : `${text} after ${ops} ops` };
}

const seen = {};
for (let seed = 1; seed <= cases; seed++) {
  process.stderr.write(`${seed}\n`);
  const chunk = sizedChunk(rng(seed * 7919));
  const [w, t] = [outcome(chunk, 'wasm'), outcome(chunk, 'ts')];
  if (w.status !== t.status || w.text !== t.text) {
    process.stdout.write(JSON.stringify({ seen, disagreement: { seed, wasm: w, ts: t, chunk: chunk.toJSON() } }) + '\n');
    process.exit(0);
  }
  seen[w.status] = (seen[w.status] ?? 0) + 1;
}
process.stdout.write(JSON.stringify({ seen }) + '\n');
