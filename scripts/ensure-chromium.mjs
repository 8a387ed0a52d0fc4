// The browser test drives Debian's chromium (no test tool downloads a browser here). When it is
// missing and we are root on Debian, install it with apt-get; otherwise say how.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const root = process.getuid?.() === 0;
if (root && existsSync('/usr/bin/apt-get')) {
  console.log(`${path} not found: installing Debian's chromium with apt-get`);
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (existsSync(path)) process.exit(0);
}
console.error(`Chromium not found at ${path}. Install Debian's chromium (apt-get install chromium) or set CHROME_PATH.`);
process.exit(1);
