// Embedding: the default entry needs no init, the slim entry refuses the wasm
// backend until init()/initSync() and accepts module, bytes or url, the raw
// core.wasm is the embedded core, dispose never throws, forgotten VMs give
// their core back, and 100,000 VMs made and disposed leave memory flat.
// Runs against the built bundles in dist/ (npm run build).

import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { coreStats } from '../src/core/load.js';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Op, type Instr } from '../src/ops/op.js';
import { VM } from '../src/vm.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const dist = (f: string) => new URL(`../dist/${f}`, import.meta.url);
const coreWasm = () => readFileSync(dist('core.wasm'));


type Lib = typeof import('../src/api.js');
const program = (lib: Lib) => {
  const b = new lib.ChunkBuilder();
  b.emit(lib.Op.LoadInt(40), 1);
  b.emit(lib.Op.LoadInt(2), 1);
  b.emit(lib.Op.Add, 1);
  return b.build();
};

describe('fusevm (default entry)', () => {
  it('runs on the wasm backend with no init, and init() is harmless', async () => {
    const lib = (await import(dist('index.js').href)) as Lib;
    expect(new lib.VM(program(lib)).run()).toEqual({ status: 'ok', value: 42 });
    await lib.init();
    lib.initSync();
    expect(new lib.VM(program(lib), { backend: 'wasm' }).run()).toEqual({ status: 'ok', value: 42 });
  });
  it('exports core.wasm: the very core it embeds', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./core.wasm']).toBe('./dist/core.wasm');
    const src = readFileSync(dist('index.js'), 'utf8');
    expect(src).toContain(coreWasm().toString('base64'));
    expect(readFileSync(dist('slim.js'), 'utf8')).not.toContain(coreWasm().toString('base64').slice(0, 64));
  });
});

describe('fusevm/slim', () => {
  // Each scenario in its own process: the slim entry's state starts unloaded
  // (in this process the default entry has registered its bytes already).
  const slim = (body: string): string =>
    execFileSync(process.execPath, ['--input-type=module', '-e', `
      import * as lib from ${JSON.stringify(dist('slim.js').href)};
      import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
      const bytes = readFileSync(new URL(${JSON.stringify(dist('core.wasm').href)}));
      const b = new lib.ChunkBuilder();
      b.emit(lib.Op.LoadInt(40), 1); b.emit(lib.Op.LoadInt(2), 1); b.emit(lib.Op.Add, 1);
      const chunk = b.build();
      const out = [];
      const run = (backend) => { try { out.push(JSON.stringify(new lib.VM(chunk, { backend }).run())); } catch (e) { out.push(e.name + ': ' + e.message); } };
      ${body}
      console.log(out.join('\\n'));`], { encoding: 'utf8' }).trim();
  const OK = '{"status":"ok","value":42}';

  it('refuses the wasm backend before init with an error that says what to call; ts needs none', () => {
    const [wasm, ts] = slim("run('wasm'); run('ts');").split('\n');
    expect(wasm).toMatch(/^BackendUnavailableError: .*await init\(/);
    expect(ts).toBe(OK);
  });
  it('initSync({ bytes }) and initSync({ module }); initSync cannot fetch', () => {
    expect(slim("lib.initSync({ bytes }); run('wasm');")).toBe(OK);
    expect(slim("lib.initSync({ module: new WebAssembly.Module(bytes) }); run('wasm');")).toBe(OK);
    expect(slim("try { lib.initSync({ url: 'http://x/core.wasm' }); } catch (e) { out.push(e.message); }")).toMatch(/init\(\{ url \}\)/);
  });
  it('await init({ bytes }) and await init({ url }) — streamed when served as application/wasm', async () => {
    expect(slim("await lib.init({ bytes }); run('wasm');")).toBe(OK);
    const server = createServer((req, res) => {
      if (req.url === '/core.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(coreWasm());
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const url = `http://127.0.0.1:${port}`;
      // execFileSync would block the server in this process: run the child asynchronously.
      const child = (body: string) =>
        new Promise<string>((resolve, reject) =>
          execFile(process.execPath, ['--input-type=module', '-e', `
            import * as lib from ${JSON.stringify(dist('slim.js').href)};
            const b = new lib.ChunkBuilder();
            b.emit(lib.Op.LoadInt(40), 1); b.emit(lib.Op.LoadInt(2), 1); b.emit(lib.Op.Add, 1);
            ${body}`], { encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
        );
      expect(await child(`await lib.init({ url: '${url}/core.wasm' }); console.log(JSON.stringify(new lib.VM(b.build()).run()));`)).toBe(OK);
      expect(await child(`try { await lib.init({ url: '${url}/missing.wasm' }); } catch (e) { console.log(e.message); }`)).toMatch(/HTTP 404/);
      // Nothing listening: a typed error that keeps fetch's own as its cause.
      server.close();
      expect(await child(`try { await lib.init({ url: '${url}/core.wasm' }); } catch (e) { console.log(e.name, '|', e.message, '|', e.cause?.name); }`)).toBe(
        `CoreNotLoadedError | fetching the core from ${url}/core.wasm failed: fetch failed | TypeError`,
      );
    } finally {
      server.close();
    }
  });
  it('await init({ url }) with a file: URL reads the file under Node, and says so when it cannot', async () => {
    const url = dist('core.wasm').href;
    for (const form of [`'${url}'`, `new URL('${url}')`]) expect(slim(`await lib.init({ url: ${form} }); run('wasm');`)).toBe(OK);
    const missing = new URL('missing.wasm', url).href;
    expect(slim(`try { await lib.init({ url: '${missing}' }); } catch (e) { out.push(e.name + ': ' + e.message + ' / ' + e.cause?.code); }`)).toBe(
      `CoreNotLoadedError: reading the core from ${missing} failed: ENOENT / ENOENT`,
    );
  });
});

describe('lifetimes', () => {
  const chunkOf = (ops: Instr[]) => {
    const b = new ChunkBuilder();
    for (const op of ops) b.emit(op, 1);
    return b.build();
  };
  it('dispose never throws: after errors, limits, a finished run, twice; using works', () => {
    const cases = [
      chunkOf([Op.LoadInt(1), Op.LoadInt(0), Op.Mod]),
      chunkOf([Op.Nop, Op.Jump(0)]),
      chunkOf([Op.LoadInt(1)]),
    ];
    for (const backend of ['wasm', 'ts'] as const)
      for (const c of cases) {
        const vm = new VM(c, { backend, limits: { fuel: 1000 } });
        vm.run();
        expect(() => vm.dispose()).not.toThrow();
        expect(() => vm.dispose()).not.toThrow();
        {
          using scoped = new VM(c, { backend, limits: { fuel: 1000 } });
          scoped.run();
        }
      }
  });
  it('100,000 VMs made, run and disposed leave the JS heap and wasm memory flat', () => {
    const c = chunkOf([Op.LoadInt(40), Op.LoadInt(2), Op.Add]);
    const measure = () => {
      gc();
      const m = process.memoryUsage();
      return { heap: m.heapUsed, buffers: m.arrayBuffers };
    };
    for (let i = 0; i < 1000; i++) new VM(c).dispose();
    const before = measure();
    const made = coreStats().instantiated;
    for (let i = 0; i < 100_000; i++) {
      const vm = new VM(c);
      if (vm.run().status !== 'ok') throw new Error('bad run');
      vm.dispose();
    }
    const after = measure();
    expect(coreStats().instantiated - made).toBe(0); // every VM reused a disposed core
    expect(after.heap - before.heap).toBeLessThan(4 << 20);
    expect(after.buffers - before.buffers).toBeLessThan(1 << 20);
  }, 120_000);
  it('VMs dropped without dispose need no instance of their own, and each keeps its state', () => {
    // In a fresh process (no core yet), from tsc's output of src/.
    const lib = (f: string) => JSON.stringify(new URL(`../build/lib/${f}`, import.meta.url).href);
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
      const { VM, ChunkBuilder, Op } = await import(${lib('index.js')});
      const { coreStats } = await import(${lib('core/load.js')});
      const b = new ChunkBuilder(); b.emit(Op.LoadInt(7), 1); b.emit(Op.LoadInt(1), 1);
      const c = b.build();
      const vms = [];
      for (let i = 0; i < 100; i++) { const vm = new VM(c); vm.run(); vms.push(vm); }
      // Every VM moved out of the core by a later one still has its stack and op count.
      const rest = vms.map((vm) => [vm.opsExecuted, vm.pop()].join(':'));
      // One whose run left an empty stack keeps its op count, runs on to halted, and takes pushes.
      const one = new ChunkBuilder(); one.emit(Op.LoadInt(3), 1);
      const d = new VM(one.build()); const first = d.run().value; new VM(c).run();
      const again = d.run().status; d.push(5);
      console.log(coreStats().instantiated, new Set(rest).size, rest[0], first, d.opsExecuted, again, d.pop());`], { encoding: 'utf8' });
    expect(out.trim()).toBe('1 1 2:7 3 1 halted 5');
  });
});
