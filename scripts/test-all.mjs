// The test part of `npm test` (after build and typecheck): the core's
// as-pect tests, every vitest suite, then the consumer tests from the packed
// tarball. Each part runs even when one before it failed, and the output ends
// with one line for the whole run, "tests: N passed, M failed", which CI logs
// read the same way for every runner. Exit 1 on any failure, or if nothing ran.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const parts = [];

function step(name, cmd, args, count, { capture = false } = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 256 << 20 });
  if (capture) process.stdout.write(r.stdout ?? '');
  let counts;
  try {
    counts = count(r.stdout ?? '');
  } catch (e) {
    counts = { passed: 0, failed: 0, note: `no result (${e.message})` };
  }
  // A part that exits non-zero with no failure counted (a crash) counts one.
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  parts.push({ name, ...counts, status: r.status ?? r.signal });
}

// as-pect prints "[Tests]: PASSED / TOTAL".
step('as-pect', bin('asp'), ['--config', 'as-pect.config.js'], (out) => {
  const m = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
  if (!m) throw new Error('no [Tests] line');
  return { passed: Number(m[1]), failed: Number(m[2]) - Number(m[1]) };
}, { capture: true });

const vitestJson = `${root}build/vitest.json`;
rmSync(vitestJson, { force: true });
step('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], () => {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  // A file that failed to load has no failed test of its own: count it once.
  const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles };
});

const consumerJson = `${root}build/consumer.json`;
rmSync(consumerJson, { force: true });
step('consumers', process.execPath, [`${root}tests-consumer/run.mjs`], () => {
  if (!existsSync(consumerJson)) throw new Error('build/consumer.json not written');
  return JSON.parse(readFileSync(consumerJson, 'utf8'));
});

const passed = parts.reduce((n, p) => n + p.passed, 0);
const failed = parts.reduce((n, p) => n + p.failed, 0);
console.log('\n' + parts.map((p) => `${p.name}: ${p.passed} passed, ${p.failed} failed${p.note ? ` — ${p.note}` : ''}`).join('; '));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
