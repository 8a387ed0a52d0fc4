import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Debian's chromium through playwright-core; a missing browser is a failure, never a skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(
      `No chromium at ${CHROME_PATH}. Install Debian's chromium (apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.`,
    );
  }
  return chromium.launch({
    executablePath: CHROME_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
