// Type checks of the packed tarball, as a TypeScript consumer sees it:
//   - arethetypeswrong on the tarball: types resolve, and are ESM for
//     `import` and CommonJS for `require`, under node10, node16 and bundler
//     resolution, with the repo's .attw.json (which leaves core.wasm out: a
//     wasm file, not a module), the same check as `npm run attw`;
//   - `tsc --strict --target es2022 --module node16` on an .mts and a .cts
//     consumer with no @types/node (checking the package's own declarations,
//     no skipLibCheck), `using vm = new VM(…)` included.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const USE = (from) => `import { ChunkBuilder, Op, VM, type RunResult } from 'fusevm';
import { init, initSync, CoreNotLoadedError } from 'fusevm/slim';
const b = new ChunkBuilder();
b.emit(Op.LoadInt(40), 1);
b.emit(Op.SetSlot(0), 1);
b.emit(Op.AccumSumLoop(0, 1, 10), 1);
export function run(): RunResult {
  using vm = new VM(b.build());
  return vm.run();
}
export const loaders: unknown[] = [init, initSync, CoreNotLoadedError, '${from}'];
`;

/** Runs both checks in `consumer` (where the tarball is installed); reports each. */
export function checkTypes({ repo, consumer, tarball, run, report }) {
  const attw = run(process.execPath, [join(repo, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball, '--config-path', join(repo, '.attw.json'), '--format', 'ascii', '--no-color'], consumer, { allowFail: true });
  const found = /No problems found/.test(attw.out);
  report('types-attw', attw.status === 0 && found, found ? 'no problems found (node10, node16 from CJS and ESM, bundler)' : attw.out.trim().split('\n').slice(-25).join('\n'));

  const dir = join(consumer, 'ts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'esm.mts'), USE('esm'));
  writeFileSync(join(dir, 'cjs.cts'), USE('cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'node16', noEmit: true, skipLibCheck: false }, files: ['esm.mts', 'cjs.cts'] }, null, 2));
  const tsc = run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir, { allowFail: true });
  report('types-tsc-es2022-no-types-node', tsc.status === 0, tsc.status === 0 ? '.mts and .cts consumers, --strict --target es2022 --module node16' : tsc.out.trim().slice(0, 1500));
}
