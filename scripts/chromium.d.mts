// Types for scripts/chromium.mjs, which tests-ts/ imports.
import type { Browser } from 'playwright-core';

export interface FoundChromium {
  executablePath: string;
  /** Variables to add to the environment Chromium starts in. */
  env: Record<string, string>;
  /** '$CHROMIUM', the system path, or '@sparticuz/chromium@VERSION'. */
  source: string;
}
export const CHROMIUM_ARGS: string[];
export const SYSTEM_CHROMIUM: string[];
export function sparticuzChromium(cacheRoot?: string): Promise<FoundChromium>;
export function findChromium(options?: { env?: Record<string, string | undefined>; systemPaths?: string[] }): Promise<FoundChromium>;
export function launchChromium(): Promise<{ browser: Browser; source: string; executablePath: string }>;
