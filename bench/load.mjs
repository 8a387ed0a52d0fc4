#!/usr/bin/env node
// Issue 8 load run: requests/s and p50/p99 latency of the read routes (and token refresh, login)
// against `wrangler dev`, started the way users start it (scripts/start.mjs), over the seeded data
// set of bench/seed.mjs, then the same against wrangler without its DevTools relay (bench/serve-quiet.mjs)
// for comparison. `/health` is the baseline (what the local runtime gives a route that does no work),
// measured on the same server just before each route; every read route should reach half of it, with
// a p99 under 50 ms at that rate (bench/README.md, "Load run").
//
//   npm run bench:load                                  # seed (or reuse) bench/.state/load, run, write bench/RESULTS.md
//   node bench/load.mjs --scale=0.05 --state=/tmp/s --duration=3 --out=-     # quick check
//
// Options: --state=DIR (default bench/.state/load), --scale=N (1), --duration=S (10 per route),
// --warmup=S (2), --connections=N (10), --single=S (5: each route again with 1 connection, for the
// latency of a lone request without queueing; 0 skips), --only=a,b (route ids), --out=PATH|- (bench/RESULTS.md),
// --snapshot (serve a `git archive HEAD` copy, so edits to src/ by others cannot reload the Worker
// mid-run), --label=TEXT, --profile[=DIR] (a V8 CPU profile of the Worker isolate per route, written
// to DIR with the top functions by self time printed; profiling slows the run, so its figures are not
// written to RESULTS.md), --rate=S (5: each read route again, open-loop at a fixed 0.5 x /health
// req/s (bench/fixed-rate.mjs), the latency at the target rate; 0 skips), --servers=wrangler,quiet,peer (all by default: `wrangler dev` as
// users run it, the same wrangler without its DevTools relay (bench/serve-quiet.mjs), and the Node peer
// (bench/peer/server.mjs: Fastify + node:sqlite on a copy of the same rows; /health and the materials list
// only)), --rows=0 (skips the rows pass: D1 rows read/written per route from the metered Worker,
// bench/metered-worker.ts, one request each).
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedRate } from './fixed-rate.mjs';
import { devtools, familyOf, freePort, startDev, versions } from './lib.mjs';
import { writeSection } from './load-section.mjs';
import { DEFAULT_STATE, seed } from './seed.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const opts = {
  state: DEFAULT_STATE,
  scale: 1,
  duration: 10,
  warmup: 2,
  connections: 10,
  only: null,
  out: join(ROOT, 'bench', 'RESULTS.md'),
  snapshot: false,
  label: null,
  profile: null,
  single: 5,
  rate: 5,
  servers: ['wrangler', 'quiet', 'peer'],
  rows: 1,
};
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
  if (!m) throw new Error(`unknown argument ${arg}`);
  const [, k, v] = m;
  if (k === 'state') opts.state = resolve(v);
  else if (['scale', 'duration', 'warmup', 'connections', 'single', 'rate', 'rows'].includes(k)) opts[k] = Number(v);
  else if (k === 'servers') opts.servers = v.split(',');
  else if (k === 'only') opts.only = v.split(',');
  else if (k === 'out') opts.out = v === '-' ? '-' : resolve(v);
  else if (k === 'snapshot') opts.snapshot = true;
  else if (k === 'label') opts.label = v;
  else if (k === 'profile') opts.profile = resolve(v ?? join(os.tmpdir(), 'course-edge-profiles'));
  else throw new Error(`unknown option ${arg}`);
}

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
const loadavg = () => os.loadavg()[0].toFixed(2);
const git = (args, cwd = ROOT) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

// ------------------------------------------------------------------------------ wrangler dev

/** CPU ms (user + system) used so far by the processes of the wrangler dev group, split workerd / the rest. */
function cpuOf(rootPid) {
  const tck = 100; // USER_HZ on Linux
  let workerd = 0;
  let other = 0;
  const workerdByPid = {};
  for (const p of familyOf(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(f[11]) + Number(f[12])) * 1000) / tck;
      if (p.comm === 'workerd') {
        workerd += ms;
        workerdByPid[p.pid] = ms;
      } else other += ms;
    } catch {
      // gone
    }
  }
  return { workerd, other, workerdByPid };
}

/** Per request: each workerd process (in pid order: the dev proxy starts first, then the runtime) and the node processes. */
function cpuSplit(cpu0, cpu1, total) {
  const per = (a, b) => ((b - a) / total).toFixed(2);
  const pids = Object.keys(cpu1.workerdByPid).sort((a, b) => Number(a) - Number(b));
  return `${pids.map((pid) => per(cpu0.workerdByPid[pid] ?? 0, cpu1.workerdByPid[pid])).join(' + ')} (node ${per(cpu0.other, cpu1.other)})`;
}

const SERVERS = {
  wrangler: '`wrangler dev --local` through scripts/start.mjs (`--var RATE_LIMITS:off`), the way `npm start` runs it',
  quiet:
    'the same wrangler, wrangler.toml and local state through `unstable_startWorker` with `dev.inspector: false` (bench/serve-quiet.mjs): no DevTools relay',
  peer: `a conventional Node server for comparison: Fastify ${JSON.parse(readFileSync(join(ROOT, 'node_modules', 'fastify', 'package.json'), 'utf8')).version} with SQLite in-process (node:sqlite, Node ${process.versions.node}, SQLite ${process.versions.sqlite}) on a copy of the seeded D1 database, the materials list with the Worker's query and response shape (bench/peer/server.mjs)`,
};

/**
 * One server of a pass on the seed's state (kept): `wrangler dev` as `npm start` runs it, the quiet one,
 * the quiet one serving the metered Worker, or the Node peer.
 */
function startServer(root, state, inspectorPort = null, kind = 'wrangler') {
  const args = {
    quiet: ['bench/serve-quiet.mjs', '--var', 'RATE_LIMITS:off'],
    metered: ['bench/serve-quiet.mjs', '--entry', 'bench/metered-worker.ts', '--var', 'RATE_LIMITS:off'],
    peer: ['bench/peer/server.mjs'],
    wrangler: ['scripts/start.mjs', '--var', 'RATE_LIMITS:off', ...(inspectorPort ? ['--inspector-port', String(inspectorPort)] : [])],
  }[kind];
  const env = { CI: '1', ...(kind === 'peer' ? { JWT_SECRET: readDevVar('JWT_SECRET') } : {}) };
  return startDev({ root, args, persistTo: state, persistFlag: kind !== 'wrangler', env, timeoutMs: 180_000 });
}

/** A copy of HEAD (git archive) with node_modules linked and .dev.vars copied: edits in the work tree cannot reload it. */
function snapshot() {
  const dir = mkdtempSync(join(os.tmpdir(), 'course-edge-load-'));
  execFileSync('sh', ['-c', `git archive HEAD | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (existsSync(join(ROOT, '.dev.vars'))) cpSync(join(ROOT, '.dev.vars'), join(dir, '.dev.vars'));
  return dir;
}

/** A DevTools session with the Worker isolate (wrangler dev --inspector-port), for CPU profiles. */
async function inspector(port) {
  const session = await devtools(ROOT, port, 60_000);
  if (!session) throw new Error('no inspector target');
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  return session;
}

/** Top functions by self time of a V8 CPU profile (idle excluded), as text lines. */
function topSelf(profile, n = 12) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(root)') continue;
    busy += dt;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [
    `busy ${busy.toFixed(0)} ms`,
    ...[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `  ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${k}`),
  ];
}

// ------------------------------------------------------------------------------ HTTP helpers

async function call(baseUrl, method, path, { token, body } = {}) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return json;
}

const login = (baseUrl, email, password) => call(baseUrl, 'POST', '/api/v1/auth/login', { body: { email, password } });

/** One autocannon run; resolves to the figures plus every status code seen. */
function cannon(baseUrl, route, seconds, connections = opts.connections) {
  const headers = {
    ...(route.token ? { authorization: `Bearer ${route.token}` } : {}),
    ...(route.body || route.rotate ? { 'content-type': 'application/json' } : {}),
  };
  const request = {
    method: route.method,
    path: route.path,
    headers,
    ...(route.body ? { body: JSON.stringify(route.body) } : {}),
    ...(route.request ?? {}),
  };
  return new Promise((resolveRun, reject) => {
    autocannon({ url: baseUrl, connections, duration: seconds, requests: [request], timeout: 10 }, (err, result) =>
      err ? reject(err) : resolveRun(result),
    );
  });
}

// ------------------------------------------------------------------------------ routes

function defineRoutes(m, t) {
  const lastPage = Math.max(1, Math.ceil(m.counts.materials / 20));
  const list = (sort, page) => ({
    id: `materials-${sort}-p${page === 1 ? 1 : 'deep'}`,
    name: `GET /api/v1/materials?sort_by=${sort}&page=${page}`,
    method: 'GET',
    path: `/api/v1/materials?page=${page}&page_size=20&sort_by=${sort}&sort_order=desc`,
    token: t.learner,
    note: page === 1 ? 'signed in (is_liked per item)' : `last page of ${lastPage} (OFFSET ${(page - 1) * 20})`,
  });
  // The detail counts a view (a write): each request asks for the next material of the data set.
  let nextMaterial = 0;
  const detail = {
    id: 'material-detail',
    name: 'GET /api/v1/materials/{id}',
    method: 'GET',
    path: `/api/v1/materials/${m.materialIds[0]}`,
    token: t.learner,
    note: 'a different material per request (the route counts a view: 1 write)',
    request: {
      setupRequest(req) {
        req.path = `/api/v1/materials/${m.materialIds[nextMaterial++ % m.materialIds.length]}`;
        return req;
      },
    },
  };
  // Each refresh consumes its token and returns the next one: a queue of live tokens, refilled by the responses.
  const refresh = {
    id: 'refresh',
    name: 'POST /api/v1/auth/refresh',
    method: 'POST',
    path: '/api/v1/auth/refresh',
    rotate: true,
    write: true,
    note: 'each request spends a fresh token; its response refills the queue (2 writes)',
    request: {
      setupRequest(req) {
        const token = t.refreshPool.shift();
        if (!token) throw new Error('refresh token queue ran dry');
        req.body = JSON.stringify({ refresh_token: token });
        return req;
      },
      onResponse(status, body) {
        if (status === 200) t.refreshPool.push(JSON.parse(body).refresh_token);
      },
    },
  };
  return [
    { id: 'health', name: 'GET /health', method: 'GET', path: '/health', note: 'baseline: no database, no auth', baseline: true },
    {
      id: 'health-db',
      name: 'GET /api/v1/health/db',
      method: 'GET',
      path: '/api/v1/health/db',
      note: 'reference: one D1 call (`select 1`), no auth, the least any route that reads D1 costs',
      reference: true,
    },
    list('created_at', 1),
    list('created_at', lastPage),
    list('view_count', 1),
    list('view_count', lastPage),
    list('like_count', 1),
    list('like_count', lastPage),
    detail,
    {
      id: 'student-courses',
      name: 'GET /api/student/courses',
      method: 'GET',
      path: '/api/student/courses',
      token: t.learner,
      note: `the learner with the most enrollments (${m.learner.enrollments})`,
    },
    {
      id: 'student-stats',
      name: 'GET /api/student/stats',
      method: 'GET',
      path: '/api/student/stats',
      token: t.learner,
      note: 'same learner',
    },
    {
      id: 'teacher-stats',
      name: 'GET /api/teacher/stats',
      method: 'GET',
      path: '/api/teacher/stats',
      token: t.teacher,
      note: `the teacher with the most students (${m.teacher.students} in ${m.teacher.courses} courses)`,
    },
    {
      id: 'lesson-tasks-admin',
      name: 'GET /api/lesson-tasks',
      method: 'GET',
      path: '/api/lesson-tasks',
      token: t.admin,
      note: `an admin: all ${m.counts.lessonTasks} tasks, page 1 of 10`,
    },
    {
      id: 'lesson-tasks-teacher',
      name: 'GET /api/lesson-tasks',
      method: 'GET',
      path: '/api/lesson-tasks',
      token: t.progressTeacher,
      note: `a teacher: own tasks (${m.progressTeacher.tasks}), page 1`,
    },
    {
      id: 'campus-schools',
      name: 'GET /v1/teacher/schools',
      method: 'GET',
      path: '/v1/teacher/schools',
      token: t.schoolOwner,
      note: `a campus teacher owning ${m.schoolOwner.schools} schools`,
    },
    {
      id: 'campus-admin-schools',
      name: 'GET /v1/admin/schools',
      method: 'GET',
      path: '/v1/admin/schools',
      token: t.sysadmin,
      note: `the sysadmin: all ${m.counts.schools} schools, page 1`,
    },
    refresh,
    {
      id: 'login',
      name: 'POST /api/v1/auth/login',
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email: m.medianLearner.email, password: m.password },
      note: 'one PBKDF2-SHA256 verification (100,000 iterations) per request',
      login: true,
    },
  ];
}

// ------------------------------------------------------------------------------ main

async function main() {
  const startedAt = new Date();
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const manifest = await seed({ state: opts.state, scale: opts.scale });
  const root = opts.snapshot ? snapshot() : ROOT;
  const codeLabel =
    opts.label ??
    `git ${git(['rev-parse', '--short', 'HEAD'])}${opts.snapshot ? ' (HEAD exported with git archive; work-tree edits cannot reload it)' : git(['status', '--porcelain', 'src']) ? ' + uncommitted changes in src/' : ''}`;
  const passes = [];
  let rows = null;
  try {
    rows = opts.rows && !opts.profile ? await measureRows(root, manifest) : null;
    for (const kind of opts.profile ? ['wrangler'] : opts.servers) passes.push(await runPass(kind, root, manifest));
  } finally {
    if (root !== ROOT) rmSync(root, { recursive: true, force: true });
  }
  const report = render({ manifest, passes, rows, startedAt, codeLabel });
  if (opts.out === '-' || opts.profile) console.log(opts.profile ? '(profiled run: RESULTS.md not written)' : report);
  else {
    writeSection(opts.out, 'load', report);
    console.log(`wrote the load section of ${opts.out}`);
  }
  if (passes.some((p) => p.reloads > 0)) {
    console.error('wrangler dev reloaded the Worker during the run: the run is invalid (use --snapshot)');
    process.exitCode = 1;
  }
}

/** Signs in the load run's users (each sign-in is a real password check; they share the seed password). */
async function signIn(u, manifest) {
  const pw = manifest.password;
  const tokens = {
    learner: (await login(u, manifest.learner.email, pw)).access_token,
    teacher: (await login(u, manifest.teacher.email, pw)).access_token,
    admin: null,
    progressTeacher: (await login(u, manifest.progressTeacher.email, pw)).access_token,
    schoolOwner: (await login(u, manifest.schoolOwner.email, pw)).access_token,
    sysadmin: (await login(u, manifest.adminEmail, readDevVar('ADMIN_PASSWORD'))).access_token,
    refreshPool: [],
  };
  tokens.admin = tokens.sysadmin;
  // A run that ends drops the tokens of its in-flight requests (spent, no answer read): the warm-up,
  // the run and the 1-connection pass may each lose up to `connections` of them.
  for (let i = 0; i < opts.connections * 5; i++) tokens.refreshPool.push((await login(u, manifest.medianLearner.email, pw)).refresh_token);

  return tokens;
}

/**
 * The peer has no sign-in: it checks the Worker's access tokens (HS256, same secret), so the learner's is
 * minted here with the claims it reads. Only the materials list and /health run against it.
 */
async function peerTokens(manifest) {
  const { SignJWT } = await import('jose');
  const secret = new TextEncoder().encode(readDevVar('JWT_SECRET'));
  const learner = await new SignJWT({ typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(manifest.learner.id))
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(secret);
  return { learner, refreshPool: [] };
}

/**
 * D1 rows read and written by one request of each route, from the metered Worker (bench/metered-worker.ts)
 * on the same state: each route is called twice and the second answer counted (the first pays the
 * once-per-binding work). Its requests are not timed. Map of route id to { read, written, statements, roundTrips }.
 */
async function measureRows(root, manifest) {
  const server = await startServer(root, opts.state, null, 'metered');
  try {
    const u = server.baseUrl;
    const tokens = await signIn(u, manifest);
    const rows = new Map();
    for (const r of defineRoutes(manifest, tokens)) {
      let meter = null;
      for (let i = 0; i < 2; i++) {
        const path = r.request?.setupRequest ? r.request.setupRequest({ path: r.path }).path : r.path;
        const body = r.rotate ? { refresh_token: tokens.refreshPool.shift() } : r.body;
        const res = await fetch(u + path, {
          method: r.method,
          headers: { ...(r.token ? { authorization: `Bearer ${r.token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`rows pass: ${r.method} ${path}: ${res.status} ${text.slice(0, 300)}`);
        if (r.rotate) tokens.refreshPool.push(JSON.parse(text).refresh_token);
        const m = /d1;desc="rows_read=(\d+) rows_written=(\d+) statements=(\d+) round_trips=(\d+)"/.exec(
          res.headers.get('server-timing') ?? '',
        );
        if (!m) throw new Error(`rows pass: ${r.id} answered without the metered Server-Timing entry`);
        meter = { read: Number(m[1]), written: Number(m[2]), statements: Number(m[3]), roundTrips: Number(m[4]) };
      }
      rows.set(r.id, meter);
      console.log(
        `rows ${r.id.padEnd(26)} read ${meter.read}, written ${meter.written}, ${meter.statements} statements in ${meter.roundTrips} D1 calls`,
      );
    }
    return rows;
  } finally {
    await server.stop();
  }
}

/** Every route against one server: the saturated run, the run at the target rate, the lone-request run. */
async function runPass(kind, root, manifest) {
  const loadAtStart = loadavg();
  const inspectorPort = opts.profile ? await freePort() : null;
  let server = await startServer(root, opts.state, inspectorPort, kind);
  const results = [];
  let reloads = 0;
  try {
    let u = server.baseUrl;
    const tokens = kind === 'peer' ? await peerTokens(manifest) : await signIn(u, manifest);
    const routes = defineRoutes(manifest, tokens).filter(
      (r) => (!opts.only || r.baseline || opts.only.includes(r.id)) && (kind !== 'peer' || r.baseline || r.id.startsWith('materials-')),
    );
    // Every route answers 200 before it is loaded (a fast 401 is not a result).
    for (const r of routes) {
      if (r.rotate || r.request?.setupRequest) continue;
      await call(u, r.method, r.path, { token: r.token, body: r.body });
    }
    let reloadsBefore = countReloads(server.output());
    let baseline = null;
    console.log(`-- ${kind}: ${SERVERS[kind]}`);
    for (const [i, r] of routes.entries()) {
      // wrangler dev's DevTools proxy keeps every inspector event while no DevTools client is attached:
      // it grew from 60 to 414 MB over 10,000 requests and /health fell from 766 to 541 req/s
      // (bench/README.md). Each route therefore gets a fresh wrangler dev, as /health does.
      if (kind === 'wrangler' && i > 0 && !opts.profile) {
        reloads += countReloads(server.output()) - reloadsBefore;
        await server.stop();
        server = await startServer(root, opts.state, inspectorPort, kind);
        u = server.baseUrl;
        reloadsBefore = countReloads(server.output());
      }
      // The machine's speed drifts over a pass (a shared VM), so each route is compared with a /health
      // run on the same server just before it, not only with the pass's first one.
      let paired = null;
      let pairedP99 = null;
      if (!r.baseline && baseline) {
        const health = routes[0];
        if (opts.warmup > 0) await cannon(u, health, opts.warmup);
        const h = await cannon(u, health, opts.duration);
        paired = h.requests.average;
        pairedP99 = h.latency.p99;
      }
      if (opts.warmup > 0) await cannon(u, r, opts.warmup);
      const load1 = loadavg();
      const cdp = opts.profile ? await inspector(inspectorPort) : null;
      if (cdp) await cdp.send('Profiler.start');
      const cpu0 = cpuOf(server.child.pid);
      const res = await cannon(u, r, opts.duration);
      const cpu1 = cpuOf(server.child.pid);
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        cdp.close();
        mkdirSync(opts.profile, { recursive: true });
        writeFileSync(join(opts.profile, `${r.id}.cpuprofile`), JSON.stringify(profile));
        console.log(
          `${r.id}: Worker isolate profile (${join(opts.profile, `${r.id}.cpuprofile`)}), ${res.requests.total} requests\n${topSelf(profile).join('\n')}`,
        );
      }
      const total = res.requests.total;
      const row = {
        id: r.id,
        name: r.name,
        note: r.note,
        rps: res.requests.average,
        p50: res.latency.p50,
        p99: res.latency.p99,
        total,
        ok: res['2xx'],
        non2xx: res.non2xx,
        errors: res.errors + res.timeouts,
        statuses: Object.keys(res.statusCodeStats ?? {}).join(' '),
        workerdCpuMs: total ? (cpu1.workerd - cpu0.workerd) / total : NaN,
        nodeCpuMs: total ? (cpu1.other - cpu0.other) / total : NaN,
        cpuSplit: total ? cpuSplit(cpu0, cpu1, total) : '–',
        loadavg: load1,
        login: !!r.login,
        reference: !!r.reference,
      };
      // The peer is a comparison, not judged: its /health is a few µs of JS, so no route of any server is half of it.
      const target = !(r.baseline || r.login || r.write || r.reference || kind === 'peer');
      if (target && paired && opts.rate > 0) {
        const rate = Math.round(TARGET_RATIO * paired);
        const headers = {
          ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
          ...(r.body ? { 'content-type': 'application/json' } : {}),
        };
        const body = r.body ? JSON.stringify(r.body) : undefined;
        const next = () => ({
          method: r.method,
          headers,
          body,
          path: r.request?.setupRequest ? r.request.setupRequest({ path: r.path }).path : r.path,
        });
        const at = await fixedRate(u, next, { rate, seconds: opts.rate });
        row.rate = { target: rate, rps: at.rps, p50: at.p50, p99: at.p99, valid: at.other === 0 && at.errors === 0 && at.ok > 0 };
      }
      if (opts.single > 0) {
        const one = await cannon(u, r, opts.single, 1);
        row.single = {
          p50: one.latency.p50,
          p99: one.latency.p99,
          rps: one.requests.average,
          valid: one.non2xx === 0 && one.errors + one.timeouts === 0 && one.requests.total > 0,
        };
      }
      if (r.baseline) baseline = row;
      row.pairedHealth = r.baseline ? row.rps : paired;
      row.pairedHealthP99 = r.baseline ? row.p99 : pairedP99;
      row.ratio = row.pairedHealth ? row.rps / row.pairedHealth : NaN;
      row.valid = row.non2xx === 0 && row.errors === 0 && total > 0 && row.single?.valid !== false && row.rate?.valid !== false;
      row.write = !!r.write;
      // The rate run must reach 90 % of the target rate: a route that cannot keep up is not measured at it.
      const keptUp = row.rate ? row.rate.rps >= 0.9 * row.rate.target : false;
      row.met = target ? row.valid && row.ratio >= TARGET_RATIO && keptUp && row.rate.p99 < TARGET_P99_MS : null;
      results.push(row);
      console.log(
        `${r.id.padEnd(26)} ${row.rps.toFixed(0).padStart(6)} req/s (/health ${row.pairedHealth?.toFixed(0)})  p50 ${String(row.p50).padStart(5)} ms  p99 ${String(row.p99).padStart(5)} ms  ratio ${row.ratio.toFixed(2)}  cpu ${row.workerdCpuMs.toFixed(2)} ms/req = ${row.cpuSplit}  ${row.valid ? '' : `INVALID (non-2xx ${row.non2xx}, errors ${row.errors}, statuses ${row.statuses})`}  load ${load1}${row.rate ? `  | at ${row.rate.target}/s: ${row.rate.rps.toFixed(0)}/s p50 ${row.rate.p50} p99 ${row.rate.p99} ms` : ''}${row.single ? `  | 1 conn: p50 ${row.single.p50} p99 ${row.single.p99} ms` : ''}`,
      );
    }
    reloads += countReloads(server.output()) - reloadsBefore;
    return { kind, results, reloads, loadAtStart, loadAtEnd: loadavg() };
  } finally {
    await server.stop();
  }
}

function readDevVar(name) {
  for (const file of ['.dev.vars', '.dev.vars.example']) {
    if (!existsSync(join(ROOT, file))) continue;
    const m = new RegExp(`^${name}="?(.*?)"?$`, 'm').exec(readFileSync(join(ROOT, file), 'utf8'));
    if (m) return m[1];
  }
  throw new Error(`${name} not found in .dev.vars`);
}

const countReloads = (output) => (output.match(/Reloading local server|Local server updated/g) ?? []).length;

function render({ manifest: m, passes, rows, startedAt, codeLabel }) {
  const v = versions(ROOT);
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const status = (r) =>
    !r.valid
      ? '**INVALID** (non-2xx)'
      : r.met === null
        ? r.write
          ? 'write route (no target)'
          : r.reference
            ? 'reference'
            : 'baseline'
        : r.met
          ? 'met'
          : `**MISSED** (${[r.ratio < TARGET_RATIO ? 'ratio' : null, !r.rate || r.rate.rps < 0.9 * r.rate.target || r.rate.p99 >= TARGET_P99_MS ? 'p99 at the rate' : null].filter(Boolean).join(', ')})`;
  const rowsOf = (id) => (rows?.get(id) ? `${rows.get(id).read} / ${rows.get(id).written}` : '–');
  const table = (results) =>
    results
      .filter((r) => !r.login)
      .map(
        (r) =>
          `| ${r.name} | ${r.note} | ${f(r.rps, 0)} | ${f(r.pairedHealth, 0)} | ${f(r.ratio, 2)} | ${r.p50} / ${r.p99} | ${r.rate ? `${f(r.rate.rps, 0)} of ${r.rate.target}: ${r.rate.p50} / ${r.rate.p99}` : '–'} | ${r.single ? `${r.single.p50} / ${r.single.p99}` : '–'} | ${f(r.workerdCpuMs, 2)} (${r.cpuSplit.replace(/ \(node .*\)$/, '')}) | ${f(r.nodeCpuMs, 2)} | ${rowsOf(r.id)} | ${r.ok}/${r.total} | ${status(r)} |`,
      );
  const section = (p) => {
    const loginRow = p.results.find((r) => r.login);
    const missed = p.results.filter((r) => r.met === false);
    return `### ${{ wrangler: 'Under `wrangler dev` (the way users run it)', quiet: 'Same wrangler without its DevTools relay (the pass the targets are judged on)', peer: 'Peer: Fastify with SQLite in the same process (comparison)' }[p.kind]}

Server: ${SERVERS[p.kind]}. 1-minute load average ${p.loadAtStart} at start, ${p.loadAtEnd} at end. Worker reloads during the pass: ${p.reloads}.

| Route | What | req/s | /health req/s just before, same server | ratio | p50 / p99 at ${opts.connections} connections (saturated) | at 0.5 × that /health req/s: req/s reached, p50 / p99 | 1 connection: p50 / p99 | workerd CPU ms/req (dev proxy + runtime) | ${p.kind === 'peer' ? "the peer's" : "wrangler's"} node CPU ms/req | D1 rows read / written per request (metered Worker) | 2xx/all | target |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${table(p.results).join('\n')}

Login, reported apart (bounded by password hashing, no target): ${loginRow ? `${f(loginRow.rps, 1)} req/s, p50 ${loginRow.p50} ms, p99 ${loginRow.p99} ms, **${f(loginRow.workerdCpuMs, 1)} ms of workerd CPU per login** (${loginRow.ok}/${loginRow.total} 2xx; ${loginRow.note}).` : 'not run.'}

${missed.length ? `**Missed:** ${missed.map((r) => `${r.name} (${r.note})`).join('; ')}.` : p.results.some((r) => r.met !== null) ? '**Every read route met the target in this pass.**' : ''}
`;
  };
  return `## Load run (issue 8)

Generated by \`node bench/load.mjs${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` (\`npm run bench:load\`), started ${startedAt.toISOString()}. Method: bench/README.md, "Load run".

| | |
|---|---|
| Machine | ${v.nproc} CPUs (${v.cpu}), ${v.memory}, ${v.kernel} |
| Node / wrangler / workerd | ${v.node} / ${v.wrangler} (miniflare ${v.miniflare}) / ${v.workerd} |
| Load generator | autocannon ${JSON.parse(readFileSync(join(ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf8')).version} in this process (same machine, same CPUs), ${opts.connections} connections, ${opts.duration} s per route after a ${opts.warmup} s warm-up; then ${opts.rate} s open-loop at a fixed 0.5 × /health req/s (bench/fixed-rate.mjs: evenly spaced sends, latency from each scheduled send) and ${opts.single} s with 1 connection |
| Code measured | ${codeLabel} |
| Data set (bench/seed.mjs, scale ${m.scale}) | ${Object.entries(m.counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')} |

Targets (issue 8): a read route reaches at least ${TARGET_RATIO} × the \`/health\` req/s measured on the same server just before it (the shared machine's speed drifts during a pass), and at that rate (0.5 × /health req/s, offered at a fixed rate) its p99 is under ${TARGET_P99_MS} ms; a route that cannot reach 90 % of that rate misses. The ${opts.connections}-connection run saturates the server, so its latency is queueing by construction (Little's law: p50 ≈ connections ÷ req/s, /health included); it is shown, not judged. CPU = user + system CPU time over the saturated run, divided by its requests: the two workerd processes (wrangler's dev proxy, and the runtime with the Worker and local D1/KV/R2) and wrangler's node processes.

${passes.map(section).join('\n')}
${peerComparison(passes)}`;
}

/** The materials list against /health on each server of the run: absolute figures and each server's own ratio. */
function peerComparison(passes) {
  const peer = passes.find((p) => p.kind === 'peer');
  if (!peer) return '';
  const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const lines = [];
  for (const p of passes) {
    for (const r of p.results.filter((x) => x.id.startsWith('materials-')))
      lines.push(
        `| ${p.kind} | ${r.name} | ${f(r.pairedHealth)} | ${f(r.pairedHealthP99)} | ${f(r.rps)} | ${r.p99} | ${f(r.ratio, 2)} | ${f(p.kind === 'peer' ? r.nodeCpuMs : r.workerdCpuMs + r.nodeCpuMs, 2)} |`,
      );
  }
  return `### The Worker next to a Node server (same run, same rows)

| server | route | /health req/s just before | its p99 (ms) | list req/s | list p99 (ms) | list ÷ own /health | server CPU ms/req (all its processes) |
|---|---|---:|---:|---:|---:|---:|---:|
${lines.join('\n')}
`;
}

await main();
