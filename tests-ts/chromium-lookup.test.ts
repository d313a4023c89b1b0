// Which Chromium the browser and consumer tests drive (scripts/chromium.mjs):
// $CHROMIUM first, then the system's, then the one inside @sparticuz/chromium,
// which a machine with no Chromium installed still has after `npm ci`.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

const fakeSystem = join(mkdtempSync(join(tmpdir(), 'fusevm-chromium-')), 'chromium');
writeFileSync(fakeSystem, '');
const packaged = (JSON.parse(readFileSync(new URL('../node_modules/@sparticuz/chromium/package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('finding Chromium', () => {
  it('takes $CHROMIUM first, and refuses one that does not exist', async () => {
    expect(await findChromium({ env: { CHROMIUM: fakeSystem }, systemPaths: [] })).toMatchObject({ executablePath: fakeSystem, source: '$CHROMIUM' });
    await expect(findChromium({ env: { CHROMIUM: '/nonexistent/chromium' } })).rejects.toThrow('$CHROMIUM is /nonexistent/chromium, which does not exist');
  });

  it('takes the system Chromium next', async () => {
    expect(await findChromium({ env: {}, systemPaths: ['/nonexistent/chromium', fakeSystem] })).toMatchObject({ executablePath: fakeSystem, source: fakeSystem });
  });

  it('falls back to the packaged Chromium, which starts headless and runs wasm', async () => {
    for (const env of [{ CHROMIUM_LOOKUP_SKIP_SYSTEM: '1' }, {}]) {
      const found = await findChromium({ env, systemPaths: env.CHROMIUM_LOOKUP_SKIP_SYSTEM ? [fakeSystem] : ['/nonexistent/chromium'] });
      expect(found.source).toBe(`@sparticuz/chromium@${packaged}`);
      const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, env: { ...process.env, ...found.env } });
      try {
        expect(browser.version().split('.')[0]).toBe(packaged.split('.')[0]);
        const page = await browser.newPage();
        // The smallest module there is: the 8-byte header.
        expect(await page.evaluate('WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))')).toBe(true);
      } finally {
        await browser.close();
      }
    }
  }, 120_000);
});
