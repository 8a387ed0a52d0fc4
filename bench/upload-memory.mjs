#!/usr/bin/env node
// Upload memory benchmark (see bench/README.md): starts its own `wrangler dev` (node
// scripts/start.mjs, local D1/R2 in a temp folder), signs up a user, then runs a large resumable
// (chunked) upload and a large direct multipart upload while a sampler thread reads the RSS of the
// workerd processes of that wrangler dev from /proc every ~100 ms. This process never holds a
// whole file or request body: the bytes are generated on the fly while they are sent.
//
//   npm run bench
//   node bench/upload-memory.mjs --chunked-mib=100 --direct-mib=20 --out=-
//
// Options: --chunked-mib=N (default 500; 0 skips), --direct-mib=N (default 90; 0 skips),
// --concurrency=N (chunked parts in flight, default 1), --server=each|shared (a fresh wrangler dev
// per scenario, the default, or one for both), --sample-ms=N (default 100), --target-mib=N
// (default 64), --out=PATH (default bench/RESULTS.md; "-" prints instead), --json=PATH (raw samples),
// --label=TEXT (what code was measured, for the report), --inspector (also poll the Worker isolate's heap through the DevTools inspector; off by default
// because an attached inspector changes the process's memory a little).
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bytesAt,
  connectInspector,
  contentStream,
  freePort,
  mean,
  MiB,
  rolesOf,
  sleep,
  startDev,
  startSampler,
  summarize,
  versions,
} from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOTES = '<!-- notes below this line are kept when the benchmark rewrites this file -->';

function options() {
  const o = {
    chunkedMiB: 500,
    directMiB: 90,
    concurrency: 1,
    server: 'each',
    sampleMs: 100,
    targetMiB: 64,
    inspector: false,
    out: null,
    json: null,
    label: null,
  };
  for (const arg of process.argv.slice(2)) {
    if (arg === '--inspector') {
      o.inspector = true;
      continue;
    }
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg} (the options are listed at the top of bench/upload-memory.mjs)`);
    const [, key, value] = m;
    if (key === 'chunked-mib') o.chunkedMiB = Number(value);
    else if (key === 'direct-mib') o.directMiB = Number(value);
    else if (key === 'concurrency') o.concurrency = Math.max(1, Number(value));
    else if (key === 'server' && (value === 'each' || value === 'shared')) o.server = value;
    else if (key === 'sample-ms') o.sampleMs = Number(value);
    else if (key === 'target-mib') o.targetMiB = Number(value);
    else if (key === 'out') o.out = value;
    else if (key === 'json') o.json = value;
    else if (key === 'label') o.label = value;
    else throw new Error(`unknown option ${arg}`);
  }
  return o;
}

const t0 = Date.now();
const log = (...a) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

/** A running `npm start` with a signed-in user, warmed up, and its RSS sampler. */
async function openServer(opts) {
  const inspectorPort = opts.inspector ? await freePort() : null;
  const dev = await startDev({
    root: ROOT,
    args: ['scripts/start.mjs', ...(inspectorPort ? ['--inspector-port', String(inspectorPort)] : [])],
  });
  const sampler = startSampler(dev.child.pid, opts.sampleMs);
  let inspector = null;
  try {
    if (inspectorPort) {
      inspector = await connectInspector(ROOT, inspectorPort, opts.sampleMs);
      if (!inspector) log('the inspector could not be reached: no Worker isolate numbers');
    }
    await sleep(opts.sampleMs * 3);
    const startSample = (await sampler.samples(0, Date.now())).at(-1);
    const workerdPids = Object.keys(startSample.workerdByPid).map(Number);
    if (workerdPids.length === 0) throw new Error(`no workerd process in the process group of wrangler dev\n${dev.output()}`);
    const roles = rolesOf(workerdPids, dev.port, dev.persistTo);
    log(`wrangler dev up on ${dev.baseUrl}; workerd processes: ${JSON.stringify(roles)}`);

    const client = new Client(dev.baseUrl);
    await client.signUp();
    // Warm-up: one 64 KiB upload of each kind, so one-time work (first use of local R2, code
    // compiled on first call) is not counted as the memory of a large upload.
    await client.directUpload(64 * 1024, 'bench warm-up direct');
    await client.chunkedUpload(64 * 1024, 'bench warm-up chunked', 1);
    await sleep(1000);
    const warmSample = (await sampler.samples(Date.now() - 500, Date.now())).at(-1);
    return {
      dev,
      sampler,
      inspector,
      client,
      roles,
      startRssKiB: startSample.workerd.rss,
      warmRssKiB: warmSample.workerd.rss,
      close: async () => {
        inspector?.close();
        await sampler.stop();
        await dev.stop();
      },
    };
  } catch (e) {
    inspector?.close();
    await sampler.stop();
    await dev.stop();
    throw e;
  }
}

class Client {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.token = '';
    this.email = `bench.${Date.now().toString(36)}${randomBytes(3).toString('hex')}@example.com`;
    this.password = 'bench-password-123';
  }

  async api(method, path, body, expected) {
    const headers = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  }

  async signUp() {
    await this.api('POST', '/api/v1/auth/register', { email: this.email, name: 'Bench User', password: this.password }, 201);
    await this.login();
  }

  /** Access tokens live 30 minutes by default: a fresh one before each measured upload. */
  async login() {
    this.token = '';
    this.token = (await this.api('POST', '/api/v1/auth/login', { email: this.email, password: this.password }, 200)).access_token;
  }

  /** POST /api/v1/upload with a hand-built multipart/form-data body streamed from generated bytes. */
  async directUpload(size, title) {
    const boundary = `----bench${randomBytes(12).toString('hex')}`;
    const prefix = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nupload-memory benchmark\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const suffix = Buffer.from(`\r\n--${boundary}--\r\n`);
    const res = await fetch(`${this.baseUrl}/api/v1/upload`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(prefix.length + size + suffix.length),
      },
      body: contentStream(0, size, new Uint8Array(prefix), new Uint8Array(suffix)),
      duplex: 'half',
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /api/v1/upload: expected 201, got ${res.status}: ${text.slice(0, 500)}`);
    return { material: JSON.parse(text), parts: 1, partSize: null };
  }

  /** POST /api/v1/uploads, PUT every part (streamed, exact Content-Length), POST .../complete. */
  async chunkedUpload(size, title, concurrency, onPart) {
    const session = await this.api(
      'POST',
      '/api/v1/uploads',
      { filename: 'bench.mp4', size, type: 'video', title, description: 'upload-memory benchmark' },
      201,
    );
    const partSize = session.part_size;
    let next = 1;
    const sender = async () => {
      while (next <= session.total_parts) {
        const n = next++;
        const offset = (n - 1) * partSize;
        const length = Math.min(partSize, size - offset);
        const res = await fetch(`${this.baseUrl}/api/v1/uploads/${session.upload_id}/parts/${n}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) },
          body: contentStream(offset, length),
          duplex: 'half',
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`PUT part ${n}: expected 200, got ${res.status}: ${text.slice(0, 500)}`);
        onPart?.(n);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, session.total_parts) }, sender));
    const material = await this.api('POST', `/api/v1/uploads/${session.upload_id}/complete`, undefined, 200);
    return { material, parts: session.total_parts, partSize };
  }

  /** Status and size from GET /materials/{id}; the last 4096 and first 16 bytes read back with Range and compared. */
  async verify(material, size) {
    const detail = await this.api('GET', `/api/v1/materials/${material.id}`, undefined, 200);
    const TAIL = 4096;
    const tailRes = await fetch(`${this.baseUrl}/api/v1/materials/${material.id}/file`, {
      headers: { Range: `bytes=${size - TAIL}-${size - 1}` },
    });
    const tail = Buffer.from(await tailRes.arrayBuffer());
    const headRes = await fetch(`${this.baseUrl}/api/v1/materials/${material.id}/file`, { headers: { Range: 'bytes=0-15' } });
    const head = Buffer.from(await headRes.arrayBuffer());
    const checks = {
      active: detail.status === 'active',
      fileSize: detail.file_size === size,
      tailStatus206: tailRes.status === 206,
      contentRange: tailRes.headers.get('content-range') === `bytes ${size - TAIL}-${size - 1}/${size}`,
      tailBytes: tail.equals(bytesAt(size - TAIL, TAIL)),
      headBytes: headRes.status === 206 && head.equals(bytesAt(0, 16)),
    };
    return { ok: Object.values(checks).every(Boolean), checks, status: detail.status, fileSize: detail.file_size };
  }
}

async function measure(server, name, size, run) {
  const { sampler, client } = server;
  await client.login();
  await sleep(1500); // idle: the baseline is the mean of the last second
  const idleTo = Date.now();
  const idle = await sampler.samples(idleTo - 1000, idleTo);
  const from = Date.now();
  const start = performance.now();
  const partTimes = [];
  const result = await run((n) => partTimes.push({ part: n, t: Date.now() }));
  const seconds = (performance.now() - start) / 1000;
  const to = Date.now();
  await sleep(2000);
  const after = await sampler.samples(Date.now() - 500, Date.now());
  const during = await sampler.samples(from, to + opts.sampleMs); // the sample just after the last response counts too
  const check = await client.verify(result.material, size);
  const s = summarize(idle, during, server.roles);
  // The Worker isolate itself (inspector): JS heap and ArrayBuffer backing stores.
  const heapIdle = server.inspector?.samples(idleTo - 1000, idleTo) ?? [];
  const heapDuring = server.inspector?.samples(from, to) ?? [];
  const isolate = heapDuring.length
    ? {
        samples: heapDuring.length,
        baselineKiB: mean(heapIdle.map((h) => h.total + h.backing)) / 1024,
        peakUsedKiB: Math.max(...heapDuring.map((h) => h.used)) / 1024,
        peakBackingKiB: Math.max(...heapDuring.map((h) => h.backing)) / 1024,
        peakKiB: Math.max(...heapDuring.map((h) => h.total + h.backing)) / 1024,
      }
    : null;
  const timeline = partTimes.map(({ part, t }) => ({ part, rssKiB: (during.filter((x) => x.t <= t).at(-1) ?? during[0]).workerd.rss }));
  const r = {
    name,
    bytes: size,
    parts: result.parts,
    partSize: result.partSize,
    seconds,
    mbPerS: size / 1e6 / seconds,
    ...s,
    peakAtFraction: Math.min(1, (s.peakT - from) / (to - from)),
    afterKiB: after.reduce((a, x) => a + x.workerd.rss, 0) / after.length,
    startRssKiB: server.startRssKiB,
    warmRssKiB: server.warmRssKiB,
    isolate,
    timeline,
    check,
    raw: [...idle, ...during].map((x) => ({ t: x.t - from, workerd: x.workerd, workerdByPid: x.workerdByPid, other: x.other.rss })),
  };
  const mib = (k) => (k / 1024).toFixed(1);
  log(
    `${name}: ${seconds.toFixed(2)} s, ${r.mbPerS.toFixed(1)} MB/s; workerd RSS baseline ${mib(r.baselineKiB)} MiB, peak ${mib(r.peakKiB)} MiB, ` +
      `growth ${mib(r.growthKiB)} MiB${r.isolate ? `; isolate heap+ArrayBuffers peak ${mib(r.isolate.peakKiB)} MiB (ArrayBuffers ${mib(r.isolate.peakBackingKiB)})` : ''} (${r.perPid.map((p) => `${p.role.split(' ')[0]} +${mib(p.growthKiB)}`).join(', ')}); verified: ${check.ok ? 'yes' : JSON.stringify(check.checks)}${r.restarted ? '; INVALID: workerd restarted during the upload' : ''}`,
  );
  return r;
}

const opts = options();

async function main() {
  const outPath = opts.out === '-' ? null : opts.out ? resolve(opts.out) : join(ROOT, 'bench', 'RESULTS.md');
  const started = new Date();
  const loadAtStart = os.loadavg()[0];
  const scenarios = [];
  if (opts.chunkedMiB > 0) {
    const size = opts.chunkedMiB * MiB;
    scenarios.push({
      name: `Chunked (resumable) upload, ${opts.chunkedMiB} MiB`,
      size,
      run: (server, onPart) => server.client.chunkedUpload(size, 'bench chunked', opts.concurrency, onPart),
    });
  }
  if (opts.directMiB > 0) {
    const size = opts.directMiB * MiB;
    scenarios.push({
      name: `Direct multipart upload, ${opts.directMiB} MiB`,
      size,
      run: (server) => server.client.directUpload(size, 'bench direct'),
    });
  }

  const results = [];
  let shared = null;
  try {
    for (const sc of scenarios) {
      const server = shared ?? (await openServer(opts));
      if (opts.server === 'shared') shared = server;
      try {
        results.push(await measure(server, sc.name, sc.size, (onPart) => sc.run(server, onPart)));
      } finally {
        if (opts.server === 'each') await server.close();
      }
    }
  } finally {
    await shared?.close();
  }

  const md = report(opts, started, { ...versions(ROOT), code: codeLabel(opts), load: [loadAtStart, os.loadavg()[0]] }, results);
  if (outPath) {
    const previous = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
    const kept = previous.includes(NOTES) ? previous.split(NOTES)[1] : '\n';
    writeFileSync(outPath, `${md}\n${NOTES}${kept}`);
    log(`wrote ${outPath}`);
  } else {
    console.log(md);
  }
  if (opts.json) {
    writeFileSync(resolve(opts.json), JSON.stringify({ opts, started, results }, null, 1));
    log(`wrote raw samples to ${resolve(opts.json)}`);
  }
  const failed = results.filter((r) => !r.check.ok || r.restarted);
  if (failed.length) {
    console.error(
      `failed: ${failed.map((r) => `${r.name}: ${r.restarted ? 'workerd restarted during the upload (did a source file change?); ' : ''}${JSON.stringify(r.check.checks)}`).join('; ')}`,
    );
    process.exitCode = 1;
  }
}

function codeLabel(opts) {
  if (opts.label) return opts.label;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'wrangler.toml'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return `git ${head}${dirty ? ' with uncommitted changes under src/ or wrangler.toml' : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

function report(opts, started, v, results) {
  const mib = (kib) => (kib / 1024).toFixed(1);
  const target = opts.targetMiB;
  const L = [];
  L.push('# Upload memory benchmark: results', '');
  const quoted = process.argv.slice(2).map((a) => (/[^\w=./,:-]/.test(a) ? ` '${a.replace(/'/g, `'\\''`)}'` : ` ${a}`));
  L.push(
    `Generated by bench/upload-memory.mjs (\`node bench/upload-memory.mjs${quoted.join('')}\`; \`npm run bench\` runs it without options), started ${started.toISOString()}. Method: bench/README.md.`,
    '',
  );
  L.push('## Machine', '', '| | |', '|---|---|');
  L.push(`| CPUs (\`nproc\`) | ${v.nproc} (${v.cpu}) |`);
  L.push(`| Memory | ${v.memory} |`);
  L.push(`| OS | ${v.kernel} |`);
  L.push(`| Node | ${v.node} |`);
  L.push(`| wrangler | ${v.wrangler} (miniflare ${v.miniflare}) |`);
  L.push(`| workerd | ${v.workerd} |`);
  L.push(`| Load average (1 min) at start / end | ${v.load.map((x) => x.toFixed(2)).join(' / ')} |`);
  L.push(`| Code measured | ${v.code} |`, '');
  L.push('## Method (short)', '');
  L.push(
    `- ${opts.server === 'each' ? 'A fresh' : 'One shared'} \`wrangler dev --local\` (\`node scripts/start.mjs --port <free> --ip 127.0.0.1\`, \`PERSIST_TO\` = a new temp folder)${opts.server === 'each' ? ' per scenario' : ''}, in its own process group; it runs two workerd processes (a dev proxy on the port, and the runtime with the Worker and local D1/R2/KV).`,
  );
  L.push(
    `- RSS = VmRSS summed over the workerd processes of that group, read from /proc every ${opts.sampleMs} ms by a sampler thread. MiB = 2^20 bytes.`,
  );
  L.push(
    '- Baseline = mean workerd RSS over the idle second just before the upload, after signing up and a warm-up (one 64 KiB upload of each kind). Peak = highest sample during the upload. Growth = peak − baseline.',
  );
  L.push(
    `- Chunked: session, then the parts in order, ${opts.concurrency} in flight, each generated on the fly and streamed (\`duplex: 'half'\`, exact Content-Length), then complete. Direct: one hand-built multipart/form-data body (title, description, file) streamed from a generated ReadableStream with its Content-Length.`,
  );
  L.push(
    '- Time = from the first request to the last response (the chunked time includes creating and completing the session). Throughput = bytes / time, in MB/s (10^6 bytes/s).',
  );
  L.push(
    '- Verified = GET /materials/{id} says active with file_size equal to the bytes sent, and the last 4096 bytes and first 16 bytes, read back with Range (206, Content-Range), equal what was sent.',
    '',
  );
  L.push('## Numbers', '');
  L.push(
    `| Scenario | Bytes | Parts | Time (s) | Throughput (MB/s) | workerd RSS baseline (MiB) | workerd RSS peak (MiB) | Peak growth (MiB) | Target: growth < ${target} MiB | RSS 2 s after (MiB) | Verified |`,
  );
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|');
  for (const r of results) {
    L.push(
      `| ${r.name} | ${r.bytes} | ${r.parts} | ${r.seconds.toFixed(2)} | ${r.mbPerS.toFixed(1)} | ${mib(r.baselineKiB)} | ${mib(r.peakKiB)} | ${mib(r.growthKiB)} | ${r.growthKiB < target * 1024 ? 'met' : '**missed**'} | ${mib(r.afterKiB)} | ${r.check.ok ? 'yes' : `**no** ${JSON.stringify(r.check.checks)}`}${r.restarted ? ' **(invalid: workerd restarted during the upload)**' : ''} |`,
    );
  }
  L.push('', 'Per workerd process:', '');
  L.push('| Scenario | pid | Role | Baseline (MiB) | Peak (MiB) | Growth (MiB) |', '|---|---:|---|---:|---:|---:|');
  for (const r of results)
    for (const p of r.perPid)
      L.push(`| ${r.name} | ${p.pid} | ${p.role} | ${mib(p.baselineKiB)} | ${mib(p.peakKiB)} | ${mib(p.growthKiB)} |`);
  L.push(
    '',
    'More detail (workerd total at its peak sample; "other" = the node processes of wrangler and scripts/start.mjs, and esbuild):',
    '',
  );
  L.push(
    '| Scenario | Samples | RSS after start (MiB) | RSS after warm-up (MiB) | Peak RssAnon (MiB) | RssAnon growth (MiB) | Peak RssFile (MiB) | Peak at (% of the upload) | Other baseline (MiB) | Other growth (MiB) |',
  );
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    L.push(
      `| ${r.name} | ${r.samples} | ${mib(r.startRssKiB)} | ${mib(r.warmRssKiB)} | ${mib(r.peakAnonKiB)} | ${mib(r.anonGrowthKiB)} | ${mib(r.peakFileKiB)} | ${(r.peakAtFraction * 100).toFixed(0)} | ${mib(r.otherBaselineKiB)} | ${mib(r.otherGrowthKiB)} |`,
    );
  }
  if (opts.inspector)
    L.push(
      '',
      'The Worker isolate itself (DevTools inspector `Runtime.getHeapUsage`, polled every ~' +
        opts.sampleMs +
        " ms): the memory a deployed Worker's 128 MB limit applies to.",
      '',
    );
  if (opts.inspector)
    L.push(
      '| Scenario | Polls | Baseline heap total + ArrayBuffers (MiB) | Peak JS heap used (MiB) | Peak ArrayBuffer backing stores (MiB) | Peak heap total + ArrayBuffers (MiB) |',
      '|---|---:|---:|---:|---:|---:|',
    );
  for (const r of opts.inspector ? results : []) {
    const i = r.isolate;
    L.push(
      i
        ? `| ${r.name} | ${i.samples} | ${mib(i.baselineKiB)} | ${mib(i.peakUsedKiB)} | ${mib(i.peakBackingKiB)} | ${mib(i.peakKiB)} |`
        : `| ${r.name} | 0 | n/a | n/a | n/a | n/a |`,
    );
  }
  for (const r of results.filter((x) => x.timeline.length > 1)) {
    const pick = [...new Set([1, 2, 3, 5, 10, 15, 20, 25, 30, 35, 40, 45, r.parts].filter((n) => n <= r.parts))];
    L.push('', `workerd RSS (MiB) when each part's response arrived, ${r.name} (${r.partSize}-byte parts):`, '');
    L.push(`| Part | ${pick.join(' | ')} |`, `|---|${pick.map(() => '---:').join('|')}|`);
    L.push(`| RSS | ${pick.map((n) => mib(r.timeline.find((x) => x.part === n)?.rssKiB ?? NaN)).join(' | ')} |`);
  }
  L.push('');
  const missed = results.filter((r) => r.growthKiB >= target * 1024);
  L.push(
    missed.length === 0
      ? `**Target met**: peak workerd RSS growth stayed under ${target} MiB in every scenario.`
      : `**Target missed** for ${missed.map((r) => `${r.name} (growth ${mib(r.growthKiB)} MiB)`).join('; ')}: peak workerd RSS growth was not under ${target} MiB.` +
          (missed.length < results.length
            ? ` Met for ${results
                .filter((r) => !missed.includes(r))
                .map((r) => `${r.name} (${mib(r.growthKiB)} MiB)`)
                .join('; ')}.`
            : ''),
  );
  L.push('');
  return L.join('\n');
}

await main();
