#!/usr/bin/env node
// Issue 19: the p99 the local runtime itself gives at the load run's fixed rate. Serves the app relay-free
// (bench/serve-quiet.mjs) on a seeded state and offers /health, then /api/v1/health/db (one D1 call, no
// auth), open-loop at a rate (default: half of /health's closed-loop req/s measured first), so a route's
// p99 at that rate can be read against what a request that does nothing, or one D1 call, gets.
//
//   node bench/floor-latency.mjs --state=bench/.state/load [--seconds=10] [--rate=N]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedRate } from './fixed-rate.mjs';
import { freePort } from './lib.mjs';
import { DEFAULT_STATE } from './seed.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const opt = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const state = resolve(opt.state ?? DEFAULT_STATE);
const seconds = Number(opt.seconds ?? 10);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(
  process.execPath,
  ['bench/serve-quiet.mjs', '--port', String(port), '--persist-to', state, '--var', 'RATE_LIMITS:off'],
  {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  },
);
try {
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 360) throw new Error('the server did not answer /health');
    await new Promise((r) => setTimeout(r, 500));
  }
  const warm = await autocannon({ url: `${base}/health`, connections: 10, duration: 3 });
  const closed = await autocannon({ url: `${base}/health`, connections: 10, duration: seconds });
  const rate = Number(opt.rate ?? Math.round(closed.requests.average / 2));
  console.log(
    `load ${os.loadavg()[0].toFixed(2)}; /health closed-loop (10 conn): ${closed.requests.average.toFixed(0)} req/s (warm-up ${warm.requests.average.toFixed(0)}); fixed rate ${rate}/s for ${seconds} s`,
  );
  for (const path of ['/health', '/api/v1/health/db']) {
    const r = await fixedRate(base, () => ({ method: 'GET', path, headers: {} }), { rate, seconds });
    console.log(
      `${path.padEnd(20)} at ${rate}/s: ${r.rps.toFixed(0)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (2xx ${r.ok}, other ${r.other}, errors ${r.errors})`,
    );
  }
} finally {
  process.kill(-child.pid, 'SIGTERM');
}
