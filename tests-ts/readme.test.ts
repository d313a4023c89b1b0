// Every ```ts example in README.md runs, importing 'fusevm' from src/, and its
// own assertions pass.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = fileURLToPath(new URL('../build/readme-examples/', import.meta.url));
const entry = fileURLToPath(new URL('../src/index.js', import.meta.url));
const nodeEntry = fileURLToPath(new URL('../src/node.js', import.meta.url));

describe('README examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(4));
  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i runs', async (i, code) => {
    mkdirSync(dir, { recursive: true });
    const file = `${dir}example-${i}.ts`;
    writeFileSync(file, code.replaceAll(`from 'fusevm/node'`, `from '${nodeEntry}'`).replaceAll(`from 'fusevm'`, `from '${entry}'`));
    await import(/* @vite-ignore */ file);
  });
});
