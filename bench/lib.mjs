// Shared pieces of the benchmarks: start a `wrangler dev` in its own process group, find its
// processes through /proc, sample their RSS from a separate thread, and generate upload content
// on the fly (never a whole file in memory).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';

export const MiB = 1024 * 1024;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

// ------------------------------------------------------------------------------ /proc

/** Every process as { pid, comm, ppid, pgrp } (processes that vanish while reading are skipped). */
export function procTable() {
  const rows = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      rows.push({ pid: Number(d), comm, ppid: Number(f[1]), pgrp: Number(f[2]) });
    } catch {
      // gone
    }
  }
  return rows;
}

/** The spawned process, every process of its process group, and all their descendants. */
export function familyOf(rootPid) {
  const rows = procTable();
  const family = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) {
      if (!family.has(r.pid) && (family.has(r.ppid) || r.pgrp === rootPid)) {
        family.add(r.pid);
        grew = true;
      }
    }
  }
  return rows.filter((r) => family.has(r.pid));
}

/** VmRSS, RssAnon, RssFile, RssShmem of a process in KiB, or null if it is gone. */
export function memOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS'), anon: kib('RssAnon'), file: kib('RssFile'), shmem: kib('RssShmem') };
  } catch {
    return null;
  }
}

/** Which workerd is which: the one listening on the dev port, and the one with the local D1/R2/KV files open. */
export function rolesOf(pids, port, persistTo) {
  const listening = new Set();
  try {
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) listening.add(f[9]);
    }
  } catch {
    // no /proc/net/tcp
  }
  const roles = {};
  for (const pid of pids) {
    let listens = false;
    let storage = 0;
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        let target = '';
        try {
          target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const socket = /^socket:\[(\d+)\]$/.exec(target);
        if (socket && listening.has(socket[1])) listens = true;
        if (target.startsWith(persistTo)) storage++;
      }
    } catch {
      // not readable
    }
    roles[pid] = listens
      ? 'dev proxy (listens on the dev port)'
      : storage
        ? 'runtime (Worker + local D1/R2/KV; has the state files open)'
        : 'workerd';
  }
  return roles;
}

// ------------------------------------------------------------------------------ processes

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node <args...>` (args get `--port <free> --ip 127.0.0.1` appended) detached, in its own
 * process group, with PERSIST_TO (and with `persistFlag`, `--persist-to`) pointing at `persistTo`, or at
 * a fresh temp folder removed by stop(); waits for GET <readyPath> to answer 200. wrangler's debug log
 * (every DevTools event of every request, about 1 GB per full load run) goes to a temp folder on the same
 * disk, not the user's ~/.config. stop() kills the whole group and removes the temp folders.
 */
export async function startDev({
  root,
  args,
  readyPath = '/health',
  persistTo = null,
  persistFlag = false,
  env = {},
  timeoutMs = 120_000,
}) {
  const port = await freePort();
  const ownState = persistTo === null;
  const state = ownState ? mkdtempSync(join(os.tmpdir(), 'course-edge-bench-')) : persistTo;
  const logDir = mkdtempSync(join(os.tmpdir(), 'course-edge-wrangler-logs-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    process.execPath,
    [...args, ...(persistFlag ? ['--persist-to', state] : []), '--port', String(port), '--ip', '127.0.0.1'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PERSIST_TO: state,
        WRANGLER_LOG_PATH: logDir,
        WRANGLER_SEND_METRICS: 'false',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        ...env,
      },
    },
  );
  const keep = (chunk) => (output = (output + chunk.toString('utf8')).slice(-200_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false;
    }
  };
  const onExit = () => signal('SIGKILL');
  process.once('exit', onExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (signal('SIGTERM')) {
      for (let waited = 0; waited < 10_000 && signal(0); waited += 100) await sleep(100);
      signal('SIGKILL');
    }
    process.removeListener('exit', onExit);
    if (ownState) rmSync(state, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited early\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`no answer from ${readyPath} within ${timeoutMs / 1000} s\n${output}`);
    }
    try {
      const res = await fetch(baseUrl + readyPath, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
  return { baseUrl, port, child, persistTo: state, stop, output: () => output };
}

/** A thread that samples the RSS of every process of the group every intervalMs, so a busy event loop here can't skip samples. */
export function startSampler(rootPid, intervalMs) {
  const worker = new Worker(new URL('./rss-sampler.mjs', import.meta.url), { workerData: { rootPid, intervalMs } });
  let nextId = 0;
  const ask = (msg) =>
    new Promise((resolve) => {
      const id = ++nextId;
      const onMessage = (reply) => {
        if (reply.id !== id) return;
        worker.off('message', onMessage);
        resolve(reply);
      };
      worker.on('message', onMessage);
      worker.postMessage({ ...msg, id });
    });
  return {
    samples: async (from, to) => (await ask({ cmd: 'samples', from, to })).samples,
    stop: () => worker.terminate(),
  };
}

/** Baseline (mean over the idle window), peak and growth of the workerd RSS, overall and per process. */
export function summarize(idle, during, roles = {}) {
  const peak = during.reduce((a, b) => (b.workerd.rss > a.workerd.rss ? b : a), during[0]);
  const baseline = mean(idle.map((s) => s.workerd.rss));
  const pids = [...new Set([...idle, ...during].flatMap((s) => Object.keys(s.workerdByPid)))];
  const idlePids = new Set(idle.flatMap((s) => Object.keys(s.workerdByPid)));
  return {
    // wrangler dev restarts workerd when a source file changes: then the numbers mean nothing
    restarted: pids.some((pid) => !idlePids.has(pid)),
    samples: during.length,
    baselineKiB: baseline,
    peakKiB: peak.workerd.rss,
    growthKiB: peak.workerd.rss - baseline,
    peakAnonKiB: peak.workerd.anon,
    anonGrowthKiB: peak.workerd.anon - mean(idle.map((s) => s.workerd.anon)),
    peakFileKiB: peak.workerd.file,
    peakT: peak.t,
    otherBaselineKiB: mean(idle.map((s) => s.other.rss)),
    otherGrowthKiB: Math.max(...during.map((s) => s.other.rss)) - mean(idle.map((s) => s.other.rss)),
    perPid: pids.map((pid) => {
      const base = mean(idle.map((s) => s.workerdByPid[pid] ?? 0));
      const top = Math.max(...during.map((s) => s.workerdByPid[pid] ?? 0));
      return { pid: Number(pid), role: roles[pid] ?? 'workerd', baselineKiB: base, peakKiB: top, growthKiB: top - base };
    }),
  };
}

/**
 * A DevTools session with the Worker isolate of wrangler dev (`--inspector-port`): send(method, params)
 * resolves to the result, or null after `timeoutMs`. Null when the inspector can't be reached (`ws` is
 * wrangler's dependency; Node 20 has no WebSocket of its own).
 */
export async function devtools(root, port, timeoutMs = 5000) {
  let WebSocket;
  try {
    WebSocket = createRequire(join(root, 'node_modules', 'wrangler', 'package.json'))('ws');
  } catch {
    return null;
  }
  let url;
  for (let i = 0; i < 40 && !url; i++) {
    try {
      url = (await (await fetch(`http://127.0.0.1:${port}/json`)).json())[0]?.webSocketDebuggerUrl;
    } catch {
      // not yet
    }
    if (!url) await sleep(250);
  }
  if (!url) return null;
  const ws = new WebSocket(url);
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  } catch {
    return null;
  }
  ws.on('error', () => {});
  let nextId = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg.result ?? null);
      pending.delete(msg.id);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
      setTimeout(() => pending.delete(id) && resolve(null), timeoutMs);
    });
  return { send, close: () => ws.close() };
}

/**
 * Polls the Worker isolate's own memory through the DevTools inspector of wrangler dev
 * (Runtime.getHeapUsage: JS heap used/total and ArrayBuffer backing stores) every intervalMs.
 * This is the memory a deployed Worker's 128 MB limit is about (RSS also counts workerd itself,
 * the local R2/D1 simulators and the dev proxy). Null when the inspector can't be reached.
 */
export async function connectInspector(root, port, intervalMs) {
  const session = await devtools(root, port);
  if (!session) return null;
  const samples = [];
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    const r = await session.send('Runtime.getHeapUsage');
    busy = false;
    if (r) samples.push({ t: Date.now(), used: r.usedSize, total: r.totalSize, backing: r.backingStorageSize ?? 0 });
  }, intervalMs);
  return {
    samples: (from, to) => samples.filter((s) => s.t >= from && s.t <= to),
    close: () => {
      clearInterval(timer);
      session.close();
    },
  };
}

// ------------------------------------------------------------------------------ content

// The file is a (1 MiB + 13 B) random block repeated, a period that never lines up with a part,
// with an mp4 `ftyp` box at offset 0, so any range can be recomputed to check what was stored.
const BLOCK = Buffer.from(randomBytes(MiB + 13));
BLOCK.writeUInt32BE(0x18, 0);
BLOCK.write('ftypisom', 4, 'latin1');

/** A fresh buffer with the file's bytes [offset, offset + length). */
export function bytesAt(offset, length) {
  const out = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const at = (offset + filled) % BLOCK.length;
    filled += BLOCK.copy(out, filled, at, Math.min(BLOCK.length, at + length - filled));
  }
  return out;
}

/** The file's bytes [offset, offset + length) as a stream of 64 KiB chunks generated when pulled, optionally framed by prefix/suffix bytes. */
export function contentStream(offset, length, prefix = null, suffix = null) {
  const CHUNK = 64 * 1024;
  let pos = 0;
  let stage = prefix ? 0 : 1;
  return new ReadableStream(
    {
      pull(controller) {
        if (stage === 0) {
          controller.enqueue(prefix);
          stage = 1;
        } else if (stage === 1 && pos < length) {
          const n = Math.min(CHUNK, length - pos);
          controller.enqueue(new Uint8Array(bytesAt(offset + pos, n)));
          pos += n;
        } else if (stage === 1 && suffix) {
          controller.enqueue(suffix);
          stage = 2;
        } else {
          controller.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
}

// ------------------------------------------------------------------------------ environment

export function versions(root) {
  const run = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  };
  const pkg = (path) => (existsSync(join(root, path)) ? JSON.parse(readFileSync(join(root, path), 'utf8')).version : 'unknown');
  // workerd is hoisted to the top level when wrangler and miniflare share it (the package.json override).
  const workerdDir =
    ['node_modules/wrangler/node_modules/workerd', 'node_modules/workerd'].find((d) => existsSync(join(root, d, 'package.json'))) ??
    'node_modules/workerd';
  const workerdBin = join(root, workerdDir, 'bin', 'workerd');
  return {
    node: process.version,
    wrangler: pkg('node_modules/wrangler/package.json'),
    miniflare: pkg('node_modules/miniflare/package.json'),
    workerd: `${pkg(`${workerdDir}/package.json`)} (\`workerd --version\`: ${existsSync(workerdBin) ? run(workerdBin, ['--version']) : 'binary not found'})`,
    nproc: run('nproc', []),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * Bundles a Worker module for Miniflare the way wrangler resolves it (workerd conditions, node: and
 * cloudflare: left to the runtime). `entry` is a path under `root` or `{ contents }` of TypeScript.
 */
export async function bundleWorker(root, entry, platform = 'neutral') {
  const source = typeof entry === 'string' ? { entryPoints: [join(root, entry)] } : { stdin: { ...entry, resolveDir: root, loader: 'ts' } };
  const out = await esbuild.build({
    ...source,
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['node:*', 'cloudflare:*'],
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}
