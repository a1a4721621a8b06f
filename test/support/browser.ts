// Debian's chromium driven by playwright-core: never a downloaded browser (CONTRIBUTING "Browser
// tests"). `.ci/run` installs the package when it is missing.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export { CHROMIUM, CHROMIUM_ARGS } from '../../bench/chromium.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../bench/chromium.js';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Where tests leave files for people to look at (screenshots); ignored by git. */
export async function testOutputDir(...parts: string[]): Promise<string> {
  const dir = join(process.cwd(), 'test-output', ...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}
