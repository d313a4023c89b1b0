// Finds and launches the headless Chromium that the browser and consumer
// tests drive through playwright-core, in this order:
//   1. $CHROMIUM, when set (an error if it does not exist: never a silent
//      fallback from a path the user chose);
//   2. the system's /usr/bin/chromium (Debian's package; .ci/run installs it),
//      unless CHROMIUM_LOOKUP_SKIP_SYSTEM=1;
//   3. the binary inside the @sparticuz/chromium dev dependency: a
//      brotli-compressed headless-shell build that npm installs with no
//      download and no install script. It is inflated once per checkout into
//      node_modules/.cache/fusevm-chromium/VERSION/, with the NSS, NSPR and
//      expat libraries the package ships beside it (on LD_LIBRARY_PATH), so it
//      needs nothing from the system beyond glibc.

import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(REPO, 'package.json'));

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The @sparticuz/chromium package's folder and version. */
function sparticuzPackage() {
  let dir = dirname(require.resolve('@sparticuz/chromium'));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== '@sparticuz/chromium') {
    if (dirname(dir) === dir) throw new Error('@sparticuz/chromium: package.json not found');
    dir = dirname(dir);
  }
  return { dir, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version };
}

/** Regular files and symlinks of a ustar archive, written under dest. */
function untar(buf, dest) {
  for (let at = 0; at + 512 <= buf.length; ) {
    const field = (o, n) => buf.subarray(at + o, at + o + n).toString('utf8').replace(/\0.*$/s, '');
    const name = (field(345, 155) ? field(345, 155) + '/' : '') + field(0, 100);
    if (!name) break;
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const path = join(dest, name);
    if (!path.startsWith(dest + sep)) throw new Error(`tar entry outside ${dest}: ${name}`);
    if (type === '0') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, buf.subarray(at + 512, at + 512 + size));
    } else if (type === '5') mkdirSync(path, { recursive: true });
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/** Inflates the packaged Chromium (once) and says how to start it. */
export async function sparticuzChromium(cacheRoot = join(REPO, 'node_modules', '.cache', 'fusevm-chromium')) {
  const { dir, version } = sparticuzPackage();
  const home = join(cacheRoot, version);
  const executablePath = join(home, 'chromium');
  if (!existsSync(executablePath)) {
    // Built in a temp folder and renamed into place, so a run interrupted
    // half-way, or two runs at once, never leave a half-written binary.
    const tmp = `${home}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await pipeline(createReadStream(join(dir, 'bin', 'chromium.br')), createBrotliDecompress(), createWriteStream(join(tmp, 'chromium'), { mode: 0o755 }));
    untar(brotliDecompressSync(readFileSync(join(dir, 'bin', 'al2023.tar.br'))), tmp);
    try {
      renameSync(tmp, home);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(executablePath)) throw e;
    }
  }
  const lib = join(home, 'lib');
  return { executablePath, env: { LD_LIBRARY_PATH: [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') }, source: `@sparticuz/chromium@${version}` };
}

/**
 * Where Chromium is: { executablePath, env (extra variables for it), source }.
 * `env` defaults to process.env; CHROMIUM and CHROMIUM_LOOKUP_SKIP_SYSTEM are read from it.
 */
export async function findChromium({ env = process.env, systemPaths = SYSTEM_CHROMIUM } = {}) {
  if (env.CHROMIUM) {
    if (!existsSync(env.CHROMIUM)) throw new Error(`$CHROMIUM is ${env.CHROMIUM}, which does not exist`);
    return { executablePath: env.CHROMIUM, env: {}, source: '$CHROMIUM' };
  }
  if (env.CHROMIUM_LOOKUP_SKIP_SYSTEM !== '1') {
    const found = systemPaths.find((p) => existsSync(p));
    if (found) return { executablePath: found, env: {}, source: found };
  }
  return sparticuzChromium();
}

/** Launches the Chromium findChromium() gives: { browser, source }. */
export async function launchChromium() {
  const { chromium } = require('playwright-core');
  const found = await findChromium();
  const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, env: { ...process.env, ...found.env } });
  return { browser, source: found.source, executablePath: found.executablePath };
}
