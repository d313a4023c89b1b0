// Writes dist/cli.js, the `fusevm` bin: the CLI from tsc's output, bundled so
// the published package needs nothing outside dist/.
import { rollup } from 'rollup';
import { chmodSync } from 'node:fs';

const bundle = await rollup({ input: 'build/lib/cli/main.js', treeshake: { moduleSideEffects: true }, onwarn: () => {} });
await bundle.write({ file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node' });
chmodSync('dist/cli.js', 0o755);
