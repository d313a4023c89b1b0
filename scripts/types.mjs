// Finishes dist/types after tsc: drops the declarations of internal modules
// (the demo and the CLI, which the package does not export), and writes a
// .d.cts beside each .d.ts for the `require` condition, with its relative
// imports pointing at .cjs, so CommonJS TypeScript consumers get CommonJS
// types (TypeScript reads a .d.ts in this "type": "module" package as ESM).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../dist/types/', import.meta.url).pathname;
const INTERNAL = ['demo.d.ts', 'cli'];

for (const p of INTERNAL) rmSync(join(ROOT, p), { recursive: true, force: true });

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const RELATIVE = /((?:from|import\()\s*['"])(\.{1,2}\/[^'"]*?)\.js(['"])/g;
let n = 0;
for (const file of walk(ROOT).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(file, 'utf8');
  if (/\bdeclare module ['"]\.|\/\/\/ <reference path/.test(text)) throw new Error(`${file}: a form this script does not rewrite`);
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text.replace(RELATIVE, '$1$2.cjs$3'));
  n++;
}
console.log(`dist/types: ${n} declarations, each also as .d.cts; internal ones dropped (${INTERNAL.join(', ')})`);
