// Regenerates src/values/libm-*-data.ts, the glibc tables the libm ports
// read, from a glibc source tree (tag glibc-2.36; the release branch has the
// same tables):
//   node scripts/libm-tables.mjs /path/to/glibc
// compiles scripts/libm-tables.c with glibc's data files, against a few
// stand-in headers for the glibc-internal ones they include.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const glibc = process.argv[2];
if (!glibc) throw new Error('usage: node scripts/libm-tables.mjs /path/to/glibc');
const dbl = join(glibc, 'sysdeps/ieee754/dbl-64');
const dir = mkdtempSync(join(tmpdir(), 'libm-tables-'));
const shim = join(dir, 'shim');
mkdirSync(shim);
// Just what the data files and tables need from glibc's internal headers.
writeFileSync(join(shim, 'math_private.h'), '#pragma once\n#include <stdint.h>\n#include <math.h>\n#define attribute_hidden\n');
writeFileSync(join(shim, 'nan-high-order-bit.h'), '#pragma once\n#define HIGH_ORDER_BIT_IS_SET_FOR_SNAN 0\n');
writeFileSync(join(shim, 'endian.h'), '#pragma once\n#include_next <endian.h>\n#define HIGH_HALF 1\n#define LOW_HALF 0\n#define LITTLE_ENDI 1\n');
const cc = (...args) => execFileSync('gcc', ['-O2', '-std=gnu11', '-w', '-I', shim, '-I', dbl, ...args]);
const sources = ['e_exp_data.c', 'e_log_data.c', 'e_log2_data.c', 'e_pow_log_data.c', 'sincostab.c'].map((f) => join(dbl, f));
const exe = join(dir, 'libm-tables');
cc('-o', exe, join(root, 'scripts/libm-tables.c'), ...sources);
const OUT = { exp: 'exp', log: 'log', log2: 'log2', pow: 'pow', sin: 'sin', tan: 'tan', atan: 'atan', asin: 'asin' };
for (const [table, file] of Object.entries(OUT)) {
  const path = join(root, `src/values/libm-${file}-data.ts`);
  writeFileSync(path, execFileSync(exe, [table]));
  console.log(path);
}
