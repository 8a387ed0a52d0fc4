// Open-loop load at a fixed rate, for the latency at the issue 8 target rate (bench/load.mjs).
// autocannon's `overallRate` is not that: each connection fires its quota for the second back to back
// and then waits for the next second (node_modules/autocannon/lib/httpClient.js), so every second
// starts with a burst that queues. Here request i is sent at t0 + i / rate whatever is still in flight,
// and its latency counts from that scheduled time, so a server that falls behind is charged for it
// (no coordinated omission).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `request()` returns { method, path, headers, body } for each request. Resolves to the rate reached
 * (responses per second from the first scheduled send to the last response), p50/p99 in ms, the
 * counts of 2xx and other answers, and errors.
 */
export async function fixedRate(baseUrl, request, { rate, seconds, maxInFlight = 256 }) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies = [];
  let ok = 0;
  let other = 0;
  let errors = 0;
  const inFlight = new Set();
  const t0 = performance.now() + 20;
  let lastEnd = t0;
  for (let i = 0; i < total; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait >= 1) await sleep(wait);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const r = request();
    const done = new Promise((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: r.method,
          path: r.path,
          headers: { ...r.headers, ...(r.body ? { 'content-length': Buffer.byteLength(r.body) } : {}) },
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const end = performance.now();
            latencies.push(end - at);
            lastEnd = Math.max(lastEnd, end);
            if (res.statusCode >= 200 && res.statusCode < 300) ok++;
            else other++;
            resolve();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });
    inFlight.add(done);
    done.then(() => inFlight.delete(done));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: (ok + other) / ((lastEnd - t0) / 1000),
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    ok,
    other,
    errors,
  };
}
