// Prints vitest's JSON report as one plain closing line, "tests: N passed,
// M failed", which CI logs read the same way for every runner.
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(new URL('../build/vitest.json', import.meta.url), 'utf8'));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
process.exit(r.numFailedTests > 0 || r.numTotalTests === 0 ? 1 : 0);
