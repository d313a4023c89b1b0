// The peer table: the same algorithms written for fusevm (wasm core and ts
// backend, a fresh VM per run), Lua 5.4 in wasm (wasmoon), Lua in JS
// (fengari), QuickJS in wasm (quickjs-emscripten) and plain JS, all in one
// process, every run's result checked. Peers keep one engine and call an
// already-defined function per run (their fastest way); fusevm builds its
// chunk once and makes a VM per run, as an embedder would.
//
//   npm run bench:peers                 15 batched samples each
//   npm run bench:peers -- --quick      5 timed runs each
//   npm run bench:peers -- --publish    also writes bench/PEERS.md
//   npm run bench:peers -- --no-supers  fusevm without superinstructions

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getQuickJS } from 'quickjs-emscripten';
import { LuaFactory } from 'wasmoon';
import { useEmbeddedCore } from '../src/core/load.js';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';
import { setSuperinstructions } from '../src/ops/super.js';
import { VM } from '../src/vm.js';
import type { Value } from '../src/values/value.js';
import { SAMPLE_NS, WARM_MS, fmtNs, time, type Timing } from './timing.js';
import { WORKLOADS } from './workloads.js';

useEmbeddedCore(CORE_WASM_BASE64);

interface PeerRow {
  /** The fusevm workload (bench/workloads.ts) this row runs. */
  readonly workload: string;
  /** Lua source defining `bench()`; `fengari` overrides it where fengari's
   *  32-bit integers would overflow (it then sums in floats). */
  readonly lua: string;
  readonly fengari?: string;
  /** JavaScript source defining `bench()`, for QuickJS and plain JS alike. */
  readonly js: string;
}

// Loops are written as while loops with the test where the fusevm chunk has
// it, calls as calls: the same algorithm, not each language's idiom for it.
const ROWS: readonly PeerRow[] = [
  {
    workload: 'fib_recursive_20',
    lua: 'local function fib(n) if n <= 1 then return n end return fib(n - 1) + fib(n - 2) end function bench() return fib(20) end',
    js: 'function fib(n) { return n <= 1 ? n : fib(n - 1) + fib(n - 2); } function bench() { return fib(20); }',
  },
  {
    workload: 'ackermann_3_4',
    lua: 'local function ack(m, n) if m == 0 then return n + 1 end if n == 0 then return ack(m - 1, 1) end return ack(m - 1, ack(m, n - 1)) end function bench() return ack(3, 4) end',
    js: 'function ack(m, n) { if (m === 0) return n + 1; if (n === 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); } function bench() { return ack(3, 4); }',
  },
  {
    workload: 'fib_iterative_35',
    lua: 'function bench() local a, b, i = 0, 1, 35 while i > 0 do local t = a + b a = b b = t i = i - 1 end return a end',
    js: 'function bench() { let a = 0, b = 1, i = 35; while (i > 0) { const t = a + b; a = b; b = t; i--; } return a; }',
  },
  {
    workload: 'sum_1M_unfused',
    lua: 'function bench() local s, i = 0, 0 repeat s = s + i i = i + 1 until not (i < 1000000) return s end',
    fengari: 'function bench() local s, i = 0.0, 0 repeat s = s + i i = i + 1 until not (i < 1000000) return s end',
    js: 'function bench() { let s = 0, i = 0; do { s += i; i++; } while (i < 1000000); return s; }',
  },
  {
    workload: 'nested_loop_100x100',
    lua: 'function bench() local s, i = 0, 0 while i < 100 do local j = 0 while j < 100 do s = s + i + j j = j + 1 end i = i + 1 end return s end',
    js: 'function bench() { let s = 0, i = 0; while (i < 100) { let j = 0; while (j < 100) { s += i + j; j++; } i++; } return s; }',
  },
  {
    workload: 'counter_loop_100k',
    lua: 'function bench() local i = 0 repeat i = i + 1 until not (i < 100000) return i end',
    js: 'function bench() { let i = 0; do i++; while (i < 100000); return i; }',
  },
  {
    workload: 'function_call_1k',
    lua: 'local function inc(x) return x + 1 end function bench() local v = 0 for _ = 1, 1000 do v = inc(v) end return v end',
    js: 'function inc(x) { return x + 1; } function bench() { let v = 0; for (let i = 0; i < 1000; i++) v = inc(v); return v; }',
  },
  {
    workload: 'concat_1k',
    lua: "function bench() local s = 'x' for _ = 1, 999 do s = s .. 'x' end return s end",
    js: "function bench() { let s = 'x'; for (let i = 0; i < 999; i++) s += 'x'; return s; }",
  },
  {
    workload: 'array_push_pop_1k',
    lua: 'function bench() local a = {} for i = 0, 999 do a[#a + 1] = i end for _ = 1, 1000 do a[#a] = nil end return #a end',
    js: 'function bench() { const a = []; for (let i = 0; i < 1000; i++) a.push(i); for (let i = 0; i < 1000; i++) a.pop(); return a.length; }',
  },
  {
    workload: 'hash_set_get_1k',
    lua: "local keys = {} for i = 0, 99 do keys[i] = 'key_' .. i end function bench() local h = {} for i = 0, 99 do h[keys[i]] = i end local x = 0 for _ = 1, 10 do for i = 0, 99 do x = h[keys[i]] end end return x - x end",
    js: "const keys = Array.from({ length: 100 }, (_, i) => 'key_' + i); function bench() { const h = new Map(); for (let i = 0; i < 100; i++) h.set(keys[i], i); let x = 0; for (let r = 0; r < 10; r++) for (let i = 0; i < 100; i++) x = h.get(keys[i]); return x - x; }",
  },
  {
    workload: 'global_var_rw_1k',
    lua: 'function bench() x = 0 for _ = 1, 1000 do x = x + 1 end return x end',
    js: 'var x; function bench() { x = 0; for (let i = 0; i < 1000; i++) x = x + 1; return x; }',
  },
];

type Engine = 'wasm' | 'ts' | 'wasmoon' | 'fengari' | 'quickjs' | 'js';
const ENGINES: readonly Engine[] = ['wasm', 'ts', 'wasmoon', 'fengari', 'quickjs', 'js'];
type Result = Timing | { error: string };

const args = process.argv.slice(2);
// --no-supers: fusevm with its superinstructions off (src/ops/super.ts), for bench/FUSION.md's before/after.
if (args.includes('--no-supers')) setSuperinstructions(false);
const RUNS = args.includes('--quick') ? 5 : 15;
const WARM = args.includes('--quick') ? 2 : 5;

async function makeRunners(row: PeerRow): Promise<Record<Engine, () => unknown>> {
  const wl = WORKLOADS.find((w) => w.name === row.workload);
  if (!wl) throw new Error(`no workload ${row.workload}`);
  const chunk = wl.build();
  const onVM = (backend: 'wasm' | 'ts') => () => {
    const vm = new VM(chunk, { backend, jit: 'off' });
    const r = vm.run();
    vm.dispose();
    if (r.status !== 'ok') throw new Error(r.status === 'error' ? r.error.message : 'halted');
    return r.value;
  };

  const lua = await new LuaFactory().createEngine();
  await lua.doString(row.lua);
  const luaBench = lua.global.get('bench') as () => unknown;

  const { lua: F, lauxlib, lualib, to_luastring } = fengari;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  if (lauxlib.luaL_dostring(L, to_luastring(row.fengari ?? row.lua)) !== 0) throw new Error('fengari: ' + F.lua_tojsstring(L, -1));
  const fengariBench = () => {
    F.lua_getglobal(L, to_luastring('bench'));
    F.lua_call(L, 0, 1);
    const v = F.lua_isinteger(L, -1) ? F.lua_tointeger(L, -1) : F.lua_type(L, -1) === F.LUA_TSTRING ? F.lua_tojsstring(L, -1) : F.lua_tonumber(L, -1);
    F.lua_pop(L, 1);
    return v;
  };

  const ctx = (await getQuickJS()).newContext();
  ctx.unwrapResult(ctx.evalCode(row.js)).dispose();
  const qfn = ctx.getProp(ctx.global, 'bench');
  const quickjsBench = () => {
    const h = ctx.unwrapResult(ctx.callFunction(qfn, ctx.undefined));
    const v = ctx.dump(h);
    h.dispose();
    return v;
  };

  const jsBench = new Function(`${row.js}; return bench;`)() as () => unknown;
  return { wasm: onVM('wasm'), ts: onVM('ts'), wasmoon: luaBench, fengari: fengariBench, quickjs: quickjsBench, js: jsBench };
}

// fengari ships no types; its API is the C API's names on plain objects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fengari = createRequire(import.meta.url)('fengari') as any;

const med = (r: Result | undefined) => (r && 'medianNs' in r ? r.medianNs : undefined);
const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : '—');
const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

async function main(): Promise<void> {
  const table: { workload: string; results: Partial<Record<Engine, Result>> }[] = [];
  for (const row of ROWS) {
    const want = WORKLOADS.find((w) => w.name === row.workload)!.expect as Value;
    const runners = await makeRunners(row);
    const results: Partial<Record<Engine, Result>> = {};
    for (const e of ENGINES) {
      try {
        results[e] = time(runners[e], want, RUNS, WARM);
      } catch (err) {
        results[e] = { error: (err as Error).message.split('\n')[0]! };
      }
    }
    table.push({ workload: row.workload, results });
    console.log(`${row.workload.padEnd(22)} ${ENGINES.map((e) => `${e} ${med(results[e]) !== undefined ? fmtNs(med(results[e])!) : 'ERR'}`.padEnd(20)).join(' ')}`);
  }
  const md = markdown(table);
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = here.includes(join('build', 'tsc')) ? join(here, '..', '..', '..', 'bench', 'out') : join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'peers.json'), JSON.stringify({ runs: RUNS, warmup: WARM, table }, null, 2) + '\n');
  writeFileSync(join(outDir, 'peers.md'), md);
  console.log('\n' + md);
  if (args.includes('--publish')) writeFileSync(join(outDir, '..', 'PEERS.md'), `# fusevm beside its JS-world peers\n\n${md}`);
}

function markdown(table: { workload: string; results: Partial<Record<Engine, Result>> }[]): string {
  const head = ['workload', ...ENGINES.map((e) => `${e} median`), 'wasmoon / wasm', 'quickjs / wasm', 'fengari / ts', 'js / wasm'];
  const out = [
    `\`npm run bench:peers${args.length ? ' -- ' + args.join(' ') : ''}\` — Node ${process.version}, ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores; medians of ${RUNS} samples, each the mean of a batch of runs lasting at least ${SAMPLE_NS / 1000} µs, after at least ${WARM} runs and ${WARM_MS} ms of warm-up; every result checked. fusevm: a fresh VM per run (JIT off); peers: one engine, one call of a predefined \`bench()\` per run. A ratio above 1 means fusevm is faster. wasmoon ${pkgVersion('wasmoon')}, fengari ${pkgVersion('fengari')}, quickjs-emscripten ${pkgVersion('quickjs-emscripten')}. fengari's integers are 32-bit, so its sum_1M sums in floats.`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  const cols: [Engine, Engine][] = [['wasmoon', 'wasm'], ['quickjs', 'wasm'], ['fengari', 'ts'], ['js', 'wasm']];
  const logs: number[][] = cols.map(() => []);
  for (const r of table) {
    const cells = [r.workload, ...ENGINES.map((e) => {
      const t = r.results[e];
      return !t ? '—' : 'error' in t ? `error: ${t.error}` : fmtNs(t.medianNs);
    })];
    cols.forEach(([a, b], i) => {
      const x = med(r.results[a]), y = med(r.results[b]);
      if (x !== undefined && y !== undefined) logs[i]!.push(x / y);
      cells.push(ratio(x, y));
    });
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push(`| **geometric mean** | ${ENGINES.map(() => '').join(' | ')} | ${logs.map((l) => (l.length ? `${geomean(l).toFixed(2)}×` : '—')).join(' | ')} |`);
  return out.join('\n') + '\n';
}

function pkgVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

await main();
process.exit(0);
