// Malformed and random chunks: each gives a typed error or a result — never
// an uncaught exception, never a hang past the fuel limit — and the wasm and
// ts backends agree on which, value for value.
// FUZZ_CASES=1000000 npx vitest run tests-ts/fuzz.test.ts runs a long campaign.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Chunk } from '../src/chunk/chunk.js';
import { checkChunk } from '../src/chunk/verify.js';
import { ChunkFormatError, FuseVMError } from '../src/errors.js';
import { OPERAND_FORMATS } from '../src/ops/formats.js';
import { instr, type Instr } from '../src/ops/op.js';
import { OPS } from '../src/ops/table.js';
import { VM } from '../src/vm.js';
import { valueToJSONText } from '../src/chunk/json.js';
import { SETS, readCases } from './conformance-data.js';
import { rng } from './random-programs.js';

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
/** Every random chunk runs (none is refused for a dangling index), in three
 *  configurations: 6–25 ms a case as the machine is loaded; give them the time. */
const TIMEOUT = Math.max(180_000, CASES * 60);

const EDGE = [0n, 1n, -1n, 2n, 7n, 255n, 65535n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 53n, 2n ** 63n - 1n, -(2n ** 63n)];

/** Every op but TimeInt, whose result is the clock's (two runs a second apart differ). */
const FUZZ_OPS = OPS.filter((s) => s.name !== 'TimeInt');

function randomChunk(r: () => number): Chunk {
  const n = 1 + Math.floor(r() * 40);
  const ops: Instr[] = [];
  for (let i = 0; i < n; i++) {
    const spec = FUZZ_OPS[Math.floor(r() * FUZZ_OPS.length)]!;
    const args = spec.operands.map((o) => {
      const f = OPERAND_FORMATS[o.kind];
      if (f.repr === 'float') return [0, -0, 1.5, NaN, Infinity, 1e300][Math.floor(r() * 6)]!;
      // Past the end too: upstream runs such jumps (they end the run).
      if (o.kind === 'target') return r() < 0.1 ? n + 1 + Math.floor(r() * 1e6) : Math.floor(r() * (n + 1));
      if (f.indexes) return Math.floor(r() * 4);
      const e = EDGE.filter((x) => x >= f.min && x <= f.max);
      return r() < 0.5 ? e[Math.floor(r() * e.length)]! : BigInt(Math.floor(r() * 10));
    });
    ops.push(instr(spec.name, args));
  }
  return new Chunk({
    ops,
    constants: ['x', 1, [1, 2], undefined].slice(0, Math.floor(r() * 5)),
    names: ['a', 'b', 'c'],
    lines: ops.map(() => 1),
    subEntries: r() < 0.5 ? [[0, Math.floor(r() * n)]] : [],
    blockRanges: [],
    subChunks: [],
    source: 'fuzz',
  });
}

/** The wasm core, the ts backend, and the wasm core with the Block tier compiling at the first run, and with tracing forced. */
const CONFIGS = [{ backend: 'wasm' }, { backend: 'ts' }, { backend: 'wasm', jit: 'block', jitThresholds: { block: 1 } }, { backend: 'wasm', jit: 'trace', jitThresholds: { trace: 1 } }] as const;

/** Runs the chunk on both backends and the JIT; they must agree on the outcome and value. */
function runGuarded(chunk: Chunk): string {
  const outcomes = CONFIGS.map((config) => {
    let vm: VM;
    try {
      vm = new VM(chunk, { ...config, output: () => {}, input: () => undefined, limits: { fuel: 20_000, maxElements: 100_000, stackDepth: 100_000, callDepth: 200 } });
    } catch (e) {
      if (e instanceof FuseVMError) return { status: 'refused', text: e.constructor.name };
      throw e;
    }
    const r = vm.run();
    const ops = vm.opsExecuted;
    vm.dispose();
    if (r.status === 'error' && !(r.error instanceof FuseVMError)) throw new Error('untyped error');
    const text = r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? r.error.constructor.name : '';
    // Fuel is charged alike on both backends: runs it ends, or that end by
    // themselves, agree on the op count too (a heap measurement's timing may differ).
    return { status: r.status, text: text === 'OutOfMemory' ? text : `${text} after ${ops} ops` };
  });
  for (const k of [1, 2, 3])
    if (outcomes[0]!.status !== outcomes[k]!.status || outcomes[0]!.text !== outcomes[k]!.text)
      throw new Error(`backends disagree: wasm ${JSON.stringify(outcomes[0])}, ${JSON.stringify(CONFIGS[k])} ${JSON.stringify(outcomes[k])}\n${chunk.toJSON()}`);
  return outcomes[0]!.status;
}

/** Each sized case does up to 50,000 fuel of work on each backend: a third as many. */
const SIZED_CASES = Math.ceil(CASES / 3);
const CAMPAIGN = fileURLToPath(new URL('./hostile/sized-campaign.mjs', import.meta.url));

describe('fuzzing', () => {
  it(`runs ${CASES} random op streams without an uncaught exception`, () => {
    const seen = new Map<string, number>();
    let dangling = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = randomChunk(rng(seed));
      if (checkChunk(c).length) dangling++;
      const s = runGuarded(c);
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    // Every outcome is exercised; dangling indices are among the inputs, and
    // (upstream's meaning) none is refused.
    expect([...seen.keys()].sort()).toEqual(['error', 'halted', 'ok']);
    expect(dangling).toBeGreaterThan(CASES / 10);
  }, TIMEOUT);

  it(`runs ${SIZED_CASES} loops over sized ops (ranges, repeats, copies, keys, splits) under small limits alike on both backends, in a child process`, () => {
    // Hostile sizes: in a child under a heap cap and a watchdog, so a crash or hang fails here.
    const watchdog = 60_000 + SIZED_CASES * 100;
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', CAMPAIGN, String(SIZED_CASES)], { encoding: 'utf8', timeout: watchdog, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
    const lastSeed = r.stderr.trim().split('\n').pop();
    expect(r.status, `the campaign crashed or hung (signal ${r.signal}) at seed ${lastSeed}\n${r.stderr.slice(-2000)}`).toBe(0);
    const report = JSON.parse(r.stdout.trim()) as { seen: Record<string, number>; disagreement?: unknown };
    expect(report.disagreement).toBeUndefined();
    expect(Object.keys(report.seen).sort()).toEqual(['error', 'halted', 'ok']);
  }, 120_000 + SIZED_CASES * 100);

  it(`reads ${CASES} mutated and truncated chunk texts as a chunk or a ChunkFormatError`, () => {
    const texts = [...readCases(SETS[1])].slice(0, 200).map((c) => c.chunkText);
    const r = rng(42);
    let loaded = 0;
    for (let i = 0; i < CASES; i++) {
      let t = texts[i % texts.length]!;
      const k = Math.floor(r() * t.length);
      const how = Math.floor(r() * 4);
      if (how === 0) t = t.slice(0, k);
      else if (how === 1) t = t.slice(0, k) + '{[",:}]0-e9"'[Math.floor(r() * 12)] + t.slice(k + 1);
      else if (how === 2) t = t.slice(0, k) + t.slice(k + 1 + Math.floor(r() * 10));
      else t = t.replace(/\d+/, String(EDGE[Math.floor(r() * EDGE.length)]));
      try {
        const c = Chunk.fromJSON(t);
        loaded++;
        runGuarded(c);
      } catch (e) {
        if (!(e instanceof ChunkFormatError)) throw e;
      }
    }
    expect(loaded).toBeGreaterThan(0);
  }, TIMEOUT);
});
