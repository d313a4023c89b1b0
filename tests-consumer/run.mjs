#!/usr/bin/env node
// Consumer tests for the packed tarball: `npm pack` the library, install the
// tarball into a fresh project next to the bundlers, then run the same two
// chunks (40 + 2 and 'fuse' . 'vm') on both backends from
//   - Node: ESM import, CommonJS require, a worker_threads Worker;
//   - the browser: bundles made by Vite, webpack 5, esbuild and Rollup, with no
//     wasm-specific configuration, loaded in headless Chromium;
//   - the browser under a strict Content-Security-Policy.
//
// Run `npm run build` first, then `node tests-consumer/run.mjs`. The
// bundlers are the repo's own pinned dev dependencies (nothing is installed
// at test time but the tarball itself); Chromium comes from
// scripts/chromium.mjs. Writes build/consumer.json ({ passed, failed }) for
// the closing summary line of `npm test`.
// Environment: FUSEVM_CONSUMER_KEEP=1 keeps the temp dir; CHROMIUM=/path and
// CHROMIUM_LOOKUP_SKIP_SYSTEM=1 choose the Chromium (scripts/chromium.mjs).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../scripts/chromium.mjs';
import { checkTypes } from './types.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRepo = createRequire(join(repo, 'package.json'));

// The bundlers: exact versions in the repo's devDependencies (see README.md
// in this folder); run from the repo's node_modules/.bin.
const BUNDLERS = ['vite', 'webpack', 'webpack-cli', 'esbuild', 'rollup', '@rollup/plugin-node-resolve'];

// errorName: a thrown VerifyError keeps its name through minification.
const EXPECTED = { 'wasm:int': 42, 'wasm:str': 'fusevm', 'ts:int': 42, 'ts:str': 'fusevm', errorName: 'VerifyError' };

const t0 = Date.now();
const timings = {};
const lines = [];
let failures = 0;
let passes = 0;
function report(name, ok, detail = '') {
  const line = ok ? `consumer ${name}: ok${detail ? ` (${detail})` : ''}` : `consumer ${name}: FAIL ${detail}`;
  if (ok) passes++;
  else failures++;
  lines.push(line);
  console.log(line);
}
function time(name, fn) {
  const s = Date.now();
  const r = fn();
  timings[name] = Date.now() - s;
  return r;
}
async function timeAsync(name, fn) {
  const s = Date.now();
  try {
    return await fn();
  } finally {
    timings[name] = Date.now() - s;
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

// Under `npm run`, node_modules/.bin comes first on PATH, and a dev
// dependency ships an old npm there: use the npm installed with this Node.
const BUNDLED_NPM = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
const NPM = existsSync(BUNDLED_NPM) ? [process.execPath, BUNDLED_NPM] : ['npm'];

function run(cmd, args, cwd, { allowFail = false, env } = {}) {
  if (cmd === 'npm') [cmd, args] = [NPM[0], [...NPM.slice(1), ...args]];
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${out.trim().split('\n').slice(-30).join('\n')}`);
  }
  return { status: r.status, stdout: r.stdout ?? '', out };
}
const npmQuiet = (out) =>
  out
    .split('\n')
    .filter((l) => l.trim() && !l.includes('Unknown user config'))
    .join('\n');

// ---------------------------------------------------------------- the checks
// One source for every consumer: two chunks on both backends. Results are
// plain JSON: the value on success, else { status, error } / { threw }.
const CHECK_BODY = `
function intChunk() {
  const b = new ChunkBuilder();
  b.emit(Op.LoadInt(40), 1);
  b.emit(Op.LoadInt(2), 1);
  b.emit(Op.Add, 1);
  return b.build();
}
function strChunk() {
  const b = new ChunkBuilder();
  const fuse = b.addConstant('fuse');
  const vm = b.addConstant('vm');
  b.emit(Op.LoadConst(fuse), 1);
  b.emit(Op.LoadConst(vm), 1);
  b.emit(Op.Concat, 1);
  return b.build();
}
// Not a pass/fail check: the name a thrown error reports (minifiers rename
// classes, so a name taken from the constructor would come out mangled).
function errorName() {
  const b = new ChunkBuilder();
  b.emit(Op.Jump(99), 1);
  try {
    new VM(b.build(), { backend: 'ts', verify: 'strict' });
    return 'no error';
  } catch (e) {
    return e && e.name;
  }
}
function runChecks() {
  const results = {};
  for (const backend of ['wasm', 'ts']) {
    for (const [name, make] of [['int', intChunk], ['str', strChunk]]) {
      const key = backend + ':' + name;
      try {
        const vm = new VM(make(), { backend });
        if (vm.backend !== backend) throw new Error('vm.backend is ' + vm.backend);
        const r = vm.run();
        vm.dispose();
        vm.dispose(); // documented as safe twice
        results[key] = r.status === 'ok' ? r.value : { status: r.status, error: r.error ? String(r.error) : undefined };
      } catch (e) {
        results[key] = { threw: (e && e.name) + ': ' + (e && e.message) };
      }
    }
  }
  results.errorName = errorName();
  return results;
}
`;

const BROWSER_MAIN = `import { ChunkBuilder, Op, VM } from 'fusevm';
${CHECK_BODY}
let results;
try {
  results = runChecks();
} catch (e) {
  results = { fatal: String(e) };
}
globalThis.__FUSEVM_RESULT__ = results;
document.title = 'RESULT ' + JSON.stringify(results);
`;

const INDEX_HTML = (src, module = true) =>
  `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>pending</title></head>
  <body>
    <script ${module ? 'type="module" ' : ''}src="${src}"></script>
  </body>
</html>
`;

function sameResults(got, want = EXPECTED) {
  return !!got && Object.keys(want).every((k) => JSON.stringify(got[k]) === JSON.stringify(want[k]));
}
const show = (r) => JSON.stringify(r);

// ------------------------------------------------------------ scan bundles
// A browser bundle must not import Node built-ins. `process.getBuiltinModule`
// is tolerated only behind a `process.versions.node` check.
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
function scanBundle(dir) {
  const problems = [];
  const notes = [];
  const files = walk(dir).filter((f) => /\.(m?js|cjs)$/.test(f));
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    const rel = relative(dir, f);
    for (const m of src.matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)(["'`])([^"'`]+)\1/g)) {
      const spec = m[2];
      if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0])) problems.push(`${rel}: imports Node built-in '${spec}'`);
    }
    for (const m of src.matchAll(/["'`]node:[a-z_/]+["'`]/g)) {
      if (!problems.some((p) => p.includes(m[0].slice(1, -1)))) problems.push(`${rel}: mentions ${m[0]}`);
    }
    for (const m of src.matchAll(/getBuiltinModule/g)) {
      const before = src.slice(Math.max(0, m.index - 300), m.index);
      const guarded = /versions\s*\)?\s*\??\.\s*node/.test(before) || /versions\?\.node|versions\.node/.test(before);
      const ctx = src.slice(Math.max(0, m.index - 80), m.index + 40).replace(/\s+/g, ' ');
      if (guarded) notes.push(`${rel}: getBuiltinModule guarded by process.versions.node (…${ctx}…)`);
      else problems.push(`${rel}: unguarded getBuiltinModule (…${ctx}…)`);
    }
  }
  return { files, problems, notes };
}
function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
const dirSize = (dir) => walk(dir).filter((f) => /\.(m?js|cjs)$/.test(f)).reduce((n, f) => n + statSync(f).size, 0);

// ------------------------------------------------------------ static server
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.map': 'application/json', '.json': 'application/json' };
function serve(root, headers = {}) {
  return new Promise((ok) => {
    const server = createServer((req, res) => {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === '/favicon.ico') return void res.writeHead(204).end();
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(root, '.' + path);
      if ((file !== root && !file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
      res.end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

let browser;
async function loadInBrowser(root, headers = {}) {
  const { server, url } = await serve(root, headers);
  const context = await browser.newContext();
  const page = await context.newPage();
  const messages = [];
  page.on('console', (m) => messages.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => messages.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 15000 });
    await page.waitForFunction(() => document.title.startsWith('RESULT '), null, { timeout: 15000 });
    const results = JSON.parse((await page.title()).slice('RESULT '.length));
    const global = await page.evaluate(() => globalThis.__FUSEVM_RESULT__);
    if (JSON.stringify(global) !== JSON.stringify(results)) messages.push('global and title disagree');
    return { results, messages };
  } catch (e) {
    return { error: e.message.split('\n')[0], messages };
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
  }
}

// =================================================================== main
if (!existsSync(join(repo, 'dist/index.js')) || !existsSync(join(repo, 'dist/index.cjs'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'fusevm-consumer-'));
const consumer = join(tmp, 'consumer');
mkdirSync(consumer);
console.log(`temp dir: ${tmp}`);

let exitCode = 0;
try {
  // ---------------------------------------------------------- 1. pack + install
  const pack = time('npm pack', () => JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], repo).stdout)[0]);
  const tarball = join(tmp, pack.filename);
  const tarSize = statSync(tarball).size;
  console.log(`packed ${pack.filename}: ${kb(tarSize)} (${tarSize} B), unpacked ${kb(pack.unpackedSize)}, ${pack.entryCount} files`);
  const packedFiles = pack.files.map((f) => f.path);
  {
    // What a package must carry, and what it must not: internal modules' declarations.
    const need = ['dist/index.js', 'dist/index.cjs', 'dist/shared.js', 'dist/shared.cjs', 'dist/types/index.d.ts', 'dist/types/index.d.cts', 'dist/types/slim.d.cts', 'slim/package.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'package.json'];
    const missing = need.filter((f) => !packedFiles.includes(f));
    const internal = packedFiles.filter((f) => f === 'dist/types/demo.d.ts' || f.startsWith('dist/types/cli/'));
    const meta = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    const noMeta = ['description', 'license', 'repository', 'homepage', 'keywords'].filter((k) => !meta[k]);
    const problems = [...missing.map((f) => `missing ${f}`), ...internal.map((f) => `ships internal ${f}`), ...noMeta.map((k) => `package.json has no ${k}`)];
    report('tarball', problems.length === 0, problems.length ? problems.join('; ') : `${pack.entryCount} files, LICENSE and CHANGELOG.md included, no internal declarations`);
  }

  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'fusevm-consumer-test', version: '0.0.0', private: true }, null, 2) + '\n');
  const install = time('npm install', () => run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], consumer));
  const tail = npmQuiet(install.out).split('\n').slice(-3).join(' | ');
  console.log(`npm install: ${(timings['npm install'] / 1000).toFixed(1)} s — ${tail}`);
  const consumerRequire = createRequire(join(consumer, 'package.json'));
  const versions = {};
  versions.fusevm = JSON.parse(readFileSync(join(consumer, 'node_modules', 'fusevm', 'package.json'), 'utf8')).version;
  for (const p of BUNDLERS) versions[p] = JSON.parse(readFileSync(join(repo, 'node_modules', p, 'package.json'), 'utf8')).version;
  versions.node = process.versions.node;
  versions.chromium = '?';
  console.log('versions:', Object.entries(versions).filter(([k]) => k !== 'chromium').map(([k, v]) => `${k}@${v}`).join(', '));
  const tAfterInstall = Date.now();
  const installedPkgPath = join(consumer, 'node_modules', 'fusevm', 'package.json');
  const installedPkg = JSON.parse(readFileSync(installedPkgPath, 'utf8'));
  console.log(`fusevm package.json sideEffects: ${JSON.stringify(installedPkg.sideEffects)}`);

  // ---------------------------------------------------------- 2. Node consumers
  const nodeDir = join(consumer, 'node');
  mkdirSync(nodeDir);
  writeFileSync(join(nodeDir, 'esm.mjs'), `import { ChunkBuilder, Op, VM } from 'fusevm';\n${CHECK_BODY}\nconsole.log(JSON.stringify(runChecks()));\n`);
  writeFileSync(join(nodeDir, 'cjs.cjs'), `'use strict';\nconst { ChunkBuilder, Op, VM } = require('fusevm');\n${CHECK_BODY}\nconsole.log(JSON.stringify(runChecks()));\n`);
  // The README's slim example: the core loaded from the package's own file.
  writeFileSync(
    join(nodeDir, 'slim-url.mjs'),
    `import { ChunkBuilder, Op, VM, init } from 'fusevm/slim';\nawait init({ url: import.meta.resolve('fusevm/core.wasm') });\n${CHECK_BODY}\nconsole.log(JSON.stringify(runChecks()));\n`,
  );
  writeFileSync(join(nodeDir, 'worker-inner.mjs'), `import { parentPort } from 'node:worker_threads';\nimport { ChunkBuilder, Op, VM } from 'fusevm';\n${CHECK_BODY}\nparentPort.postMessage(runChecks());\n`);
  writeFileSync(
    join(nodeDir, 'worker.mjs'),
    `import { Worker } from 'node:worker_threads';
const w = new Worker(new URL('./worker-inner.mjs', import.meta.url));
const timer = setTimeout(() => { console.log(JSON.stringify({ fatal: 'worker timed out' })); process.exit(1); }, 20000);
w.once('message', (m) => { clearTimeout(timer); console.log(JSON.stringify(m)); w.terminate(); });
w.once('error', (e) => { clearTimeout(timer); console.log(JSON.stringify({ fatal: String(e) })); process.exitCode = 1; });
`,
  );
  for (const [name, file] of [['node-esm', 'esm.mjs'], ['node-cjs', 'cjs.cjs'], ['node-worker', 'worker.mjs'], ['node-slim-init-url', 'slim-url.mjs']]) {
    time(name, () => {
      const r = run(process.execPath, [file], nodeDir, { allowFail: true });
      let got;
      try {
        got = JSON.parse(r.stdout.trim().split('\n').pop());
      } catch {
        report(name, false, `exit ${r.status}, no JSON result: ${r.out.trim().slice(0, 400)}`);
        return;
      }
      if (r.status === 0 && sameResults(got)) report(name, true, show(got));
      else report(name, false, `exit ${r.status}, got ${show(got)}`);
    });
  }
  // The CJS entry resolves to dist/index.cjs, the ESM one to dist/index.js.
  const resolvedCjs = relative(consumer, consumerRequire.resolve('fusevm'));
  if (!resolvedCjs.endsWith(join('fusevm', 'dist', 'index.cjs'))) report('node-cjs-resolve', false, `require.resolve gave ${resolvedCjs}`);

  // ---------------------------------------------------------- 2b. TypeScript consumers
  time('types', () => checkTypes({ repo, consumer, tarball, run, report }));

  // ---------------------------------------------------------- 3. browser bundles
  const app = join(consumer, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'src', 'main.js'), BROWSER_MAIN);
  const bin = (b) => join(repo, 'node_modules', '.bin', b);
  const outs = {};

  // Vite: index.html at the project root, `vite build`, no config file.
  const viteRoot = join(app, 'vite');
  mkdirSync(viteRoot);
  writeFileSync(join(viteRoot, 'index.html'), INDEX_HTML('/main.js'));
  writeFileSync(join(viteRoot, 'main.js'), BROWSER_MAIN);
  const builds = {
    vite: () => {
      run(bin('vite'), ['build', '--outDir', join(app, 'out-vite'), '--emptyOutDir', '--logLevel', 'warn'], viteRoot);
      return join(app, 'out-vite');
    },
    webpack: () => {
      const out = join(app, 'out-webpack');
      run(bin('webpack'), ['--mode', 'production', '--target', 'web', '--entry', './src/main.js', '--output-path', out, '--output-filename', 'main.js', '--no-stats'], app);
      writeFileSync(join(out, 'index.html'), INDEX_HTML('./main.js', false));
      return out;
    },
    esbuild: () => {
      const out = join(app, 'out-esbuild');
      run(bin('esbuild'), ['src/main.js', '--bundle', '--format=esm', '--platform=browser', `--outfile=${join(out, 'main.js')}`, '--log-level=warning'], app);
      writeFileSync(join(out, 'index.html'), INDEX_HTML('./main.js'));
      // A minified build too, for the size a real app would ship (not served).
      run(bin('esbuild'), ['src/main.js', '--bundle', '--format=esm', '--platform=browser', '--minify', `--outfile=${join(app, 'out-esbuild-min', 'main.js')}`, '--log-level=warning'], app);
      return out;
    },
    rollup: () => {
      const out = join(app, 'out-rollup');
      writeFileSync(
        join(app, 'rollup.config.mjs'),
        `import { nodeResolve } from ${JSON.stringify(import.meta.resolve('@rollup/plugin-node-resolve'))};\nexport default { input: 'src/main.js', output: { dir: ${JSON.stringify(out)}, format: 'es' }, plugins: [nodeResolve({ browser: true })] };\n`,
      );
      run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent'], app);
      writeFileSync(join(out, 'index.html'), INDEX_HTML('./main.js'));
      return out;
    },
  };
  for (const [name, build] of Object.entries(builds)) {
    try {
      outs[name] = time(`build ${name}`, build);
    } catch (e) {
      report(`browser-${name}`, false, `build failed: ${e.message}`);
    }
  }

  const scans = {};
  for (const [name, out] of Object.entries(outs)) {
    scans[name] = scanBundle(out);
    // The core's bytes start with \0asm, 'AGFzbQ' in base64.
    scans[name].hasCore = walk(out).some((f) => /\.(m?js|cjs)$/.test(f) && readFileSync(f, 'utf8').includes('AGFzbQ'));
    for (const n of scans[name].notes) console.log(`  scan ${name}: ${n}`);
  }

  // ---------------------------------------------------------- 3b. run in Chromium
  {
    let source;
    ({ browser, source } = await launchChromium());
    versions.chromium = `${browser.version()} (${source})`;
    try {
      for (const [name, out] of Object.entries(outs)) {
        await timeAsync(`browser ${name}`, async () => {
          const { results, error, messages } = await loadInBrowser(out);
          const scan = scans[name];
          const size = `${kb(dirSize(out))} js`;
          if (error) report(`browser-${name}`, false, `${error}; ${messages.join(' / ') || 'no console output'}`);
          else if (!sameResults(results))
            report(`browser-${name}`, false, `got ${show(results)}${scan.hasCore ? '' : '; the embedded core (base64 AGFzbQ…) is NOT in the bundle: the useEmbeddedCore() call in dist/index.js was tree-shaken away'}${messages.length ? '; ' + messages.join(' / ') : ''}`);
          else if (scan.problems.length) report(`browser-${name}`, false, `runs, but the bundle references Node built-ins: ${scan.problems.join('; ')}`);
          else report(`browser-${name}`, true, `${show(results)}, ${size}`);
        });
      }

      // ------------------------------------------------------ 4. strict CSP
      if (outs.esbuild) {
        await timeAsync('browser csp', async () => {
          const csp1 = "script-src 'self' 'wasm-unsafe-eval'";
          const a = await loadInBrowser(outs.esbuild, { 'content-security-policy': csp1 });
          if (a.error) report('csp-wasm-unsafe-eval', false, `${a.error}; ${a.messages.join(' / ')}`);
          else if (!sameResults(a.results)) report('csp-wasm-unsafe-eval', false, `got ${show(a.results)}; ${a.messages.join(' / ')}`);
          else report('csp-wasm-unsafe-eval', true, `[${csp1}] ${show(a.results)}`);

          const csp2 = "script-src 'self'";
          const b = await loadInBrowser(outs.esbuild, { 'content-security-policy': csp2 });
          if (b.error) report('csp-self-only', false, `${b.error}; ${b.messages.join(' / ')}`);
          else {
            const tsOk = b.results['ts:int'] === 42 && b.results['ts:str'] === 'fusevm';
            const wasmOk = b.results['wasm:int'] === 42 && b.results['wasm:str'] === 'fusevm';
            const wasmErr = show(b.results['wasm:int']);
            if (!tsOk) report('csp-self-only', false, `ts backend failed: ${show(b.results)}`);
            else report('csp-self-only', true, `[${csp2}] ts backend ok; wasm backend ${wasmOk ? 'unexpectedly worked' : `failed as expected: ${wasmErr}`}`);
          }
        });
      }
    } finally {
      await browser.close();
    }
  }

  // ---------------------------------------------------------- 5. summary
  const tAll = Date.now();
  console.log('\n==== summary');
  for (const l of lines) console.log(l);
  console.log(`tarball: ${pack.filename} ${tarSize} B (${kb(tarSize)})`);
  if (outs.esbuild) {
    const js = readFileSync(join(outs.esbuild, 'main.js'));
    const min = readFileSync(join(app, 'out-esbuild-min', 'main.js'));
    console.log(`esbuild browser bundle: ${js.length} B, gzip ${gzipSync(js).length} B (${kb(gzipSync(js).length)}); minified ${min.length} B, gzip ${gzipSync(min).length} B (${kb(gzipSync(min).length)})`);
  }
  for (const [name, out] of Object.entries(outs)) {
    const files = walk(out).filter((f) => /\.(m?js|cjs)$/.test(f));
    const gz = files.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
    console.log(`  ${name} bundle: ${dirSize(out)} B js, gzip ${gz} B`);
  }
  console.log('versions:', Object.entries(versions).map(([k, v]) => `${k}@${v}`).join(', '));
  console.log(
    'timings (ms):',
    Object.entries(timings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  );
  console.log(`after install: ${((tAll - tAfterInstall) / 1000).toFixed(1)} s; total ${((tAll - t0) / 1000).toFixed(1)} s`);
  console.log(failures ? `${failures} FAILURE(S)` : 'all consumers ok');
  exitCode = failures ? 1 : 0;
} catch (e) {
  console.error(`FAIL ${e.stack ?? e}`);
  exitCode = 1;
} finally {
  if (exitCode && !failures) failures++; // a crash is a failure too
  mkdirSync(join(repo, 'build'), { recursive: true });
  writeFileSync(join(repo, 'build', 'consumer.json'), JSON.stringify({ passed: passes, failed: failures }) + '\n');
  if (process.env.FUSEVM_CONSUMER_KEEP) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
