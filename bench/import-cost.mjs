#!/usr/bin/env node
// Per-row cost of POST /api/import/users (docs/progress.md, "Import limits"). A user row costs one
// password hash (PBKDF2-SHA256, 100,000 iterations), which is what bounds the rows per import.
//
//   node bench/import-cost.mjs            # hashing alone in workerd and in Node, then full imports
//   node bench/import-cost.mjs --rows=50,400 --repeat=3
//
// 1. Hashing alone: src/platform/passwords.ts bundled into a tiny Worker run by Miniflare (the same
//    workerd as `wrangler dev`); a request hashes N passwords in a row, and the per-hash time is
//    (t(N) - t(0)) / N. A Worker's clock does not move during computation, so it is timed from here:
//    wall time, and the CPU time of the workerd process read from /proc (Linux), which does not
//    grow when other work shares the cores.
// 2. The real import: the whole Worker (src/index.ts) bundled and run by Miniflare with local D1,
//    KV and R2 and the real migrations; two imports of different sizes, per row = Δt / Δrows. This
//    includes parsing, lookups and the D1 batches (local SQLite: production D1 adds network time,
//    not CPU time).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webcrypto } from 'node:crypto';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { bundleWorker } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const opts = { rows: [20, 200], repeat: 3, hashes: 50 };
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z]+)=(.*)$/.exec(arg);
  if (!m) throw new Error(`unknown argument ${arg}`);
  if (m[1] === 'rows') opts.rows = m[2].split(',').map(Number);
  else if (m[1] === 'repeat') opts.repeat = Number(m[2]);
  else if (m[1] === 'hashes') opts.hashes = Number(m[2]);
  else throw new Error(`unknown option ${arg}`);
}
const COMPAT = { compatibilityDate: '2026-04-20', compatibilityFlags: ['nodejs_compat'] };

const bundle = (entry, platform) => bundleWorker(ROOT, entry, platform);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * CPU time (ms) used so far by the workerd processes this benchmark started (Linux /proc; user +
 * system, 10 ms ticks). CPU time, unlike wall time, does not grow when other work shares the cores.
 */
function workerdCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[1] is the parent pid; utime and stime are fields 14 and 15 of stat (11 and 12 here).
    if (comm === 'workerd' && Number(fields[1]) === process.pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

/** Wall and workerd CPU milliseconds of one call. */
async function timeIt(fn) {
  const cpu = workerdCpuMs();
  const t = performance.now();
  await fn();
  return { wall: performance.now() - t, cpu: workerdCpuMs() - cpu };
}

async function hashingInWorkerd() {
  const worker = await bundle({
    contents: `import { hashPassword } from './src/platform/passwords';
      export default { async fetch(req: Request) { const n = Number(new URL(req.url).searchParams.get('n')); for (let i = 0; i < n; i++) await hashPassword('password-' + i); return new Response('ok'); } };`,
  });
  const mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script: worker, ...COMPAT }));
  try {
    await mf.dispatchFetch('http://bench/?n=3'); // warm-up
    const base = [];
    const full = [];
    for (let r = 0; r < opts.repeat; r++) {
      base.push(await timeIt(() => mf.dispatchFetch('http://bench/?n=0').then((res) => res.text())));
      full.push(await timeIt(() => mf.dispatchFetch(`http://bench/?n=${opts.hashes}`).then((res) => res.text())));
    }
    const per = (k) => (median(full.map((x) => x[k])) - median(base.map((x) => x[k]))) / opts.hashes;
    return { wall: per('wall'), cpu: per('cpu') };
  } finally {
    await mf.dispose();
  }
}

async function hashingInNode() {
  const enc = new TextEncoder();
  const once = async (i) => {
    const key = await webcrypto.subtle.importKey('raw', enc.encode(`password-${i}`), 'PBKDF2', false, ['deriveBits']);
    await webcrypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: webcrypto.getRandomValues(new Uint8Array(16)), iterations: 100_000 },
      key,
      256,
    );
  };
  await once(-1);
  const times = [];
  for (let r = 0; r < opts.repeat; r++)
    times.push(
      (
        await timeIt(async () => {
          for (let i = 0; i < opts.hashes; i++) await once(i);
        })
      ).wall / opts.hashes,
    );
  return median(times);
}

function migrationStatements() {
  const dir = join(ROOT, 'migrations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter(Boolean);
}

async function fullImports() {
  const [worker, writer] = await Promise.all([bundle('src/index.ts'), bundle('src/domain/imports/xlsx-writer.ts', 'node')]);
  const { writeXlsx } = await import(`data:text/javascript;base64,${Buffer.from(writer).toString('base64')}`);
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: worker,
      ...COMPAT,
      d1Databases: ['DB'],
      kvNamespaces: ['TOKENS'],
      r2Buckets: ['FILES'],
      bindings: {
        JWT_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
        ADMIN_EMAIL: 'root@bench.test',
        ADMIN_PASSWORD: 'root-password-123',
      },
    }),
  );
  try {
    const db = await mf.getD1Database('DB');
    await db.batch(migrationStatements().map((s) => db.prepare(s)));
    const post = (path, init) =>
      mf.dispatchFetch(`http://bench${path}`, { method: 'POST', ...init }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const login = await post('/api/users/login', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'root@bench.test', password: 'root-password-123' }),
    });
    const auth = { Authorization: `Bearer ${login.body.data.token}` };
    const dept = await post('/api/departments', {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '基准部门' }),
    });
    if (dept.status !== 200) throw new Error(`department: ${JSON.stringify(dept.body)}`);
    let seq = 0;
    /** Wall and CPU ms of importing n new users. */
    const importRows = async (n) => {
      const rows = [['用户名', '邮箱', '密码', '部门名称']];
      for (let i = 0; i < n; i++, seq++) rows.push([`用户${seq}`, `bench${seq}@example.test`, `password-${seq}`, '基准部门']);
      const form = new FormData();
      form.append('file', new Blob([writeXlsx(rows)]), 'users.xlsx');
      // Serialized here: Miniflare's fetch does not take Node's FormData as a body.
      const encoded = new Response(form);
      const body = new Uint8Array(await encoded.arrayBuffer());
      const headers = { ...auth, 'Content-Type': encoded.headers.get('Content-Type') };
      let res;
      const t = await timeIt(async () => (res = await post('/api/import/users', { headers, body })));
      if (res.body.data !== `成功导入${n}条数据`) throw new Error(`import of ${n}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return t;
    };
    await importRows(5); // warm-up
    const [small, large] = opts.rows;
    const t = { small: [], large: [] };
    for (let r = 0; r < opts.repeat; r++) {
      t.small.push(await importRows(small));
      t.large.push(await importRows(large));
    }
    // For comparison, the 5,000-row limits of the other imports (no hashing: parsing and D1 batches).
    const maxRows = async (path, header, row) => {
      const rows = [header];
      for (let i = 0; i < 5000; i++) rows.push(row(i));
      const form = new FormData();
      form.append('file', new Blob([writeXlsx(rows, { sharedStrings: true })]), 'rows.xlsx');
      const encoded = new Response(form);
      const body = new Uint8Array(await encoded.arrayBuffer());
      let res;
      const t = await timeIt(
        async () => (res = await post(path, { headers: { ...auth, 'Content-Type': encoded.headers.get('Content-Type') }, body })),
      );
      if (res.body.data !== '成功导入5000条数据') throw new Error(`${path}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return t;
    };
    const departmentsMs = await maxRows('/api/import/departments', ['部门名称', '部门描述'], (i) => [`部门${i}`, `描述${i}`]);
    const tasksMs = await maxRows('/api/import/lesson-tasks', ['课程名称', '微课名称', '教师邮箱'], (i) => [
      `课程${i % 50}`,
      `微课${i}`,
      'bench0@example.test',
    ]);
    const perRow = (k) => (median(t.large.map((x) => x[k])) - median(t.small.map((x) => x[k]))) / (large - small);
    return {
      small,
      large,
      smallMs: median(t.small.map((x) => x.wall)),
      largeMs: median(t.large.map((x) => x.wall)),
      perRow: { wall: perRow('wall'), cpu: perRow('cpu') },
      departmentsMs,
      tasksMs,
    };
  } finally {
    await mf.dispose();
  }
}

const f = (n) => n.toFixed(1);
const workerdHash = await hashingInWorkerd();
const nodeHash = await hashingInNode();
console.log(
  `PBKDF2-SHA256 100k, one hash: workerd ${f(workerdHash.cpu)} ms CPU (${f(workerdHash.wall)} ms wall), Node ${process.version} ${f(nodeHash)} ms wall (median of ${opts.repeat} runs of ${opts.hashes})`,
);
const full = await fullImports();
const ms = (t) => `${t.cpu} ms CPU (${t.wall.toFixed(0)} ms wall)`;
console.log(`5,000 rows: POST /api/import/departments ${ms(full.departmentsMs)}, POST /api/import/lesson-tasks ${ms(full.tasksMs)}`);
console.log(
  `POST /api/import/users: ${full.small} rows ${full.smallMs.toFixed(0)} ms, ${full.large} rows ${full.largeMs.toFixed(0)} ms wall → per row ${f(full.perRow.cpu)} ms CPU (${f(full.perRow.wall)} ms wall) (median of ${opts.repeat})`,
);
