// Debian's chromium driven by playwright-core: never a downloaded browser (CONTRIBUTING "Browser
// tests"). `.ci/run` installs the package when it is missing.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
