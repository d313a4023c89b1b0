// The built bundle in headless Chromium (through playwright-core; which
// Chromium: scripts/chromium.mjs): a sample of the upstream conformance chunks and the bench
// workloads run on both backends in the page, and every outcome matches the ts
// backend's in Node (which the conformance suite checks against upstream).
// Needs `npm run build`.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKLOADS } from '../bench/workloads.js';
import { Chunk } from '../src/chunk/chunk.js';
import { valueToJSONText } from '../src/chunk/json.js';
import { VM } from '../src/vm.js';
import { parseExactJSON } from '../src/chunk/exact-json.js';
import { launchChromium } from '../scripts/chromium.mjs';
import { SETS, readCases, same } from './conformance-data.js';

const ROOT = new URL('../', import.meta.url);
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };

/** What a run gives, as text both sides can compare. */
function outcome(chunkText: string, backend: 'wasm' | 'ts'): string {
  let out = '';
  try {
    const vm = new VM(Chunk.fromJSON(chunkText), { backend, output: (s) => (out += s), limits: { fuel: 5_000_000 } });
    const r = vm.run();
    vm.dispose();
    return JSON.stringify([r.status, r.status === 'ok' ? valueToJSONText(r.value) : r.status === 'error' ? r.error.name : '', out]);
  } catch (e) {
    return JSON.stringify(['threw', (e as Error).name, out]);
  }
}

// Every 8th conformance chunk, and every bench workload.
const cases: { name: string; chunk: string }[] = [];
for (const set of SETS) {
  let i = 0;
  for (const c of readCases(set)) if (i++ % 8 === 0) cases.push({ name: c.name, chunk: c.chunkText });
}
for (const w of WORKLOADS) if (w.quick) cases.push({ name: `workload ${w.name}`, chunk: w.build().toJSON() });

let browser: Browser;
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The JIT compiles wasm at run time: the page allows that and nothing more ('wasm-unsafe-eval', no 'unsafe-eval').
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "script-src 'self' 'wasm-unsafe-eval'" }).end('<!doctype html><title>fusevm</title>');
    const file = new URL('.' + path, ROOT);
    if (!path.startsWith('/dist/') || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ({ browser } = await launchChromium());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the built bundle in headless Chromium', () => {
  it('runs conformance chunks and workloads on both backends and the Block tier exactly as the ts backend does in Node', async () => {
    expect(cases.length).toBeGreaterThan(4000);
    const page = await browser.newPage();
    await page.goto(origin + '/');
    // The page's code goes in as text: vitest would rewrite a dynamic import() in a function.
    const got = (await page.evaluate(`(async (list) => {
      const lib = await import('/dist/index.js');
      const results = [];
      let entered = 0;
      for (const { chunk } of list) {
        const row = [];
        // the wasm core, the ts backend, and the wasm core with the Block tier compiling each chunk at its first run
        for (const [backend, jit] of [['wasm', 'off'], ['ts', 'off'], ['wasm', 'block']]) {
          let out = '';
          try {
            const vm = new lib.VM(lib.Chunk.fromJSON(chunk), { backend, jit, jitThresholds: { block: 1 }, output: (s) => (out += s), limits: { fuel: 5000000 } });
            const r = vm.run();
            entered += vm.jitStats().entered;
            vm.dispose();
            row.push(JSON.stringify([r.status, r.status === 'ok' ? lib.valueToJSONText(r.value) : r.status === 'error' ? r.error.name : '', out]));
          } catch (e) {
            row.push(JSON.stringify(['threw', e.name, out]));
          }
        }
        results.push(row);
      }
      return { results, entered, userAgent: navigator.userAgent };
    })(${JSON.stringify(cases)})`)) as { results: string[][]; entered: number; userAgent: string };
    // The Block tier did compile in the page (under the CSP above).
    expect(got.entered).toBeGreaterThan(cases.length / 2);
    expect(got.userAgent).toContain('Chrome');
    // Floats may differ in the last place between V8 builds (Math.pow in
    // Chromium 150 vs Node 20): compare values as the conformance README does.
    const agree = (a: string, b: string) => {
      if (a === b) return true;
      const [sa, va, oa] = JSON.parse(a) as string[];
      const [sb, vb, ob] = JSON.parse(b) as string[];
      return sa === sb && oa === ob && sa === 'ok' && same(parseExactJSON(va!), parseExactJSON(vb!));
    };
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const want = outcome(c.chunk, 'ts');
      const [wasm, ts, jit] = got.results[i]!;
      if (!agree(jit!, want)) mismatches.push(`${c.name} Block tier in Chromium: ${jit}, ts in Node: ${want}`);
      if (!agree(wasm!, want)) mismatches.push(`${c.name} wasm in Chromium: ${wasm}, ts in Node: ${want}`);
      if (!agree(ts!, want)) mismatches.push(`${c.name} ts in Chromium: ${ts}, ts in Node: ${want}`);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    await page.close();
  }, 300_000);
});
