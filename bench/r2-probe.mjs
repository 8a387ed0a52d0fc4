#!/usr/bin/env node
// Where does upload memory go? Runs a bare Worker (bench/probes/r2-probe.worker.js) under the
// same `wrangler dev --local` as the app, one fresh server per mode, sends N part-sized request
// bodies (generated on the fly, streamed) and samples the workerd RSS exactly as
// bench/upload-memory.mjs does. Comparing the modes separates request plumbing (sink), local R2
// multipart parts (part), single puts (put) and a Worker that buffers each body (buffered-part).
//
//   node bench/r2-probe.mjs                       (all modes, 50 parts of 10 MiB, writes bench/PROBES.md)
//   node bench/r2-probe.mjs --modes=sink,part --parts=100 --out=-
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentStream, MiB, rolesOf, sleep, startDev, startSampler, summarize, versions } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const opts = { modes: ['sink', 'part', 'put', 'buffered-part'], parts: [50], partMiB: 10, sampleMs: 100, out: null };
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z-]+)=(.*)$/.exec(arg);
  if (!m) throw new Error(`unknown argument ${arg}`);
  if (m[1] === 'modes') opts.modes = m[2].split(',');
  else if (m[1] === 'parts') opts.parts = m[2].split(',').map(Number);
  else if (m[1] === 'part-mib') opts.partMiB = Number(m[2]);
  else if (m[1] === 'sample-ms') opts.sampleMs = Number(m[2]);
  else if (m[1] === 'out') opts.out = m[2];
  else throw new Error(`unknown option ${arg}`);
}
const t0 = Date.now();
const log = (...a) => console.log(`[probe ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const wrangler = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

async function send(baseUrl, path, length) {
  const res = await fetch(baseUrl + path, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) },
    body: contentStream(0, length),
    duplex: 'half',
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`PUT ${path}: ${res.status} ${text.slice(0, 300)}`);
}

async function runMode(mode, count) {
  const dev = await startDev({
    root: ROOT,
    args: [wrangler, 'dev', '--local', '--config', 'bench/probes/wrangler.toml'],
    persistFlag: true,
  });
  const sampler = startSampler(dev.child.pid, opts.sampleMs);
  try {
    await sleep(300);
    const roles = rolesOf(Object.keys((await sampler.samples(0, Date.now())).at(-1).workerdByPid).map(Number), dev.port, dev.persistTo);
    const partSize = opts.partMiB * MiB;
    const path = (n) => `/${mode}/${n}`;
    const multipart = mode === 'part' || mode === 'buffered-part';
    // warm-up: one small request of the same mode (and a multipart upload of its own)
    if (multipart) await fetch(`${dev.baseUrl}/start`, { method: 'POST' }).then((r) => r.text());
    await send(dev.baseUrl, path(1), 64 * 1024);
    if (multipart) await fetch(`${dev.baseUrl}/start`, { method: 'POST' }).then((r) => r.text());
    await sleep(1500);
    const idle = await sampler.samples(Date.now() - 1000, Date.now());
    const from = Date.now();
    const start = performance.now();
    for (let n = 1; n <= count; n++) await send(dev.baseUrl, path(n), partSize);
    let completed = null;
    if (multipart) completed = await (await fetch(`${dev.baseUrl}/complete`, { method: 'POST' })).json();
    const seconds = (performance.now() - start) / 1000;
    const to = Date.now();
    await sleep(2000);
    const after = await sampler.samples(Date.now() - 500, Date.now());
    const during = await sampler.samples(from, to + opts.sampleMs);
    const s = summarize(idle, during, roles);
    const bytes = count * partSize;
    const r = {
      mode,
      count,
      bytes,
      seconds,
      mbPerS: bytes / 1e6 / seconds,
      completed,
      afterKiB: after.reduce((a, x) => a + x.workerd.rss, 0) / after.length,
      ...s,
    };
    log(
      `${mode} x${count}: ${seconds.toFixed(2)} s; workerd RSS baseline ${(s.baselineKiB / 1024).toFixed(1)} MiB, peak ${(s.peakKiB / 1024).toFixed(1)} MiB, growth ${(s.growthKiB / 1024).toFixed(1)} MiB (${s.perPid.map((p) => `${p.role.split(' ')[0]} +${(p.growthKiB / 1024).toFixed(1)}`).join(', ')})${completed ? `; completed ${JSON.stringify(completed)}` : ''}${s.restarted ? '; INVALID: workerd restarted' : ''}`,
    );
    return r;
  } finally {
    await sampler.stop();
    await dev.stop();
  }
}

const started = new Date();
const results = [];
for (const count of opts.parts) for (const mode of opts.modes) results.push(await runMode(mode, count));

const v = versions(ROOT);
const mib = (k) => (k / 1024).toFixed(1);
const describe = {
  sink: 'Worker reads each body and drops it (no R2)',
  part: 'Worker streams each body into an R2 multipart part via FixedLengthStream (what the app does)',
  put: 'Worker streams each body into its own R2 put via FixedLengthStream',
  'buffered-part': 'Worker reads each whole body into memory, then uploads it as a part',
};
const L = [
  '# Upload memory probes',
  '',
  `Generated by \`node bench/r2-probe.mjs${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join(
      '',
    )}\`, started ${started.toISOString()}; ${v.nproc} CPUs, ${v.memory}, Node ${v.node}, wrangler ${v.wrangler}, miniflare ${v.miniflare}, workerd ${v.workerd}.`,
  '',
  `A bare Worker (bench/probes/) under \`wrangler dev --local\`, a fresh server per row; N sequential PUTs of ${opts.partMiB} MiB each, streamed from generated bytes, after a 64 KiB warm-up request. RSS sampled as in bench/upload-memory.mjs (sum over both workerd processes; baseline = mean of the idle second before).`,
  '',
  `| Mode | What the Worker does | N × ${opts.partMiB} MiB | Time (s) | MB/s | Baseline (MiB) | Peak (MiB) | Growth (MiB) | dev proxy growth (MiB) | runtime growth (MiB) | RssAnon growth (MiB) | RSS 2 s after (MiB) |`,
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const r of results) {
  const by = (role) => r.perPid.filter((p) => p.role.startsWith(role)).reduce((a, p) => a + p.growthKiB, 0);
  L.push(
    `| ${r.mode} | ${describe[r.mode] ?? r.mode} | ${r.count} | ${r.seconds.toFixed(2)} | ${r.mbPerS.toFixed(1)} | ${mib(r.baselineKiB)} | ${mib(r.peakKiB)} | ${mib(r.growthKiB)} | ${mib(by('dev'))} | ${mib(by('runtime'))} | ${mib(r.anonGrowthKiB)} | ${mib(r.afterKiB)}${r.restarted ? ' (invalid: workerd restarted)' : ''} |`,
  );
}
L.push('');
const md = L.join('\n');
if (opts.out === '-') console.log(md);
else {
  const out = opts.out ? resolve(opts.out) : join(ROOT, 'bench', 'PROBES.md');
  writeFileSync(out, md);
  log(`wrote ${out}`);
}
