// Copies the upstream conformance sets from ../shared/conformance into
// tests-ts/data/ as gzip (the tests read them there, so a clone with nothing
// beside it runs them). `--check` only verifies that the vendored copies
// decompress to the same bytes as ../shared's.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const check = process.argv.includes('--check');
let differ = 0;
for (const set of ['matrix.jsonl', 'random.jsonl']) {
  const src = readFileSync(new URL(`../../shared/conformance/${set}`, import.meta.url));
  const dest = new URL(`../tests-ts/data/${set}.gz`, import.meta.url);
  if (check) {
    const same = gunzipSync(readFileSync(dest)).equals(src);
    console.log(`${set}: ${same ? 'same as' : 'DIFFERS from'} ../shared/conformance/${set}`);
    differ += same ? 0 : 1;
  } else writeFileSync(dest, gzipSync(src, { level: 9 }));
}
process.exit(differ ? 1 : 0);
