#!/usr/bin/env node
// Issue 8 reference data set, written through the domain layer (src/domain/**): no raw SQL, no HTTP
// routes of the app.
//
//   node bench/seed.mjs                                   # full size into bench/.state/load
//   node bench/seed.mjs --state=/tmp/s --scale=0.05       # 5 % of every count, for a quick check
//
// How: bench/seed-worker.ts (bundled here with esbuild) calls the domain functions inside workerd,
// run by Miniflare with the local D1/R2/KV persisted exactly where `wrangler dev --persist-to
// <state>` (scripts/start.mjs with PERSIST_TO=<state>) keeps them: <state>/v3/{d1,r2,kv}, same
// binding ids as wrangler.toml. This script plans the data (deterministic PRNG) and sends it in
// chunks, one domain operation per request, and prints the time per step. Migrations are applied
// first with `wrangler d1 migrations apply DB --local --persist-to <state>`.
//
// Idempotent by state dir: a complete seed writes <state>/seed.json (what the load run needs);
// when it exists with the same scale, nothing is done. Any other non-empty state dir is refused.
//
// Passwords: createAccount and createProgressUser hash inside (PBKDF2-SHA256, 100,000 iterations)
// and take no precomputed hash, so every one of the 2,000 accounts costs one real hash, in workerd.
// All use one password (SEED_PASSWORD).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unstable_startWorker } from 'wrangler';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SEED_PASSWORD = 'bench-password-123';
export const DEFAULT_STATE = join(ROOT, 'bench', '.state', 'load');
const DAY = 24 * 3600 * 1000;

/** KEY="value" lines of .dev.vars (or the example), as wrangler dev reads them. */
export function devVars() {
  const file = existsSync(join(ROOT, '.dev.vars')) ? join(ROOT, '.dev.vars') : join(ROOT, '.dev.vars.example');
  const vars = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

/** [vars] of wrangler.toml (string values only, which is all it has). */
function tomlVars() {
  const text = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const section = /\n\[vars\]\n([\s\S]*?)\n\[/.exec(text)?.[1] ?? '';
  const vars = {};
  for (const line of section.split('\n')) {
    const m = /^([A-Z0-9_]+)\s*=\s*"(.*)"\s*$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

function _tomlValue(key) {
  return new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))?.[1];
}

// ------------------------------------------------------------------------------ plan helpers

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seed({ state = DEFAULT_STATE, scale = 1, concurrency = 8, chunk = 500, log = console.log } = {}) {
  const manifestPath = join(state, 'seed.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (m.scale === scale) {
      log(`${state} is already seeded (scale ${m.scale}, ${m.seededAt}); reusing it.`);
      return m;
    }
    throw new Error(`${state} holds a seed of scale ${m.scale}, not ${scale}: use another --state`);
  }
  if (existsSync(state) && readdirSync(state).length > 0) {
    throw new Error(`${state} is not empty and has no seed.json (an interrupted seed?): remove it or use another --state`);
  }
  mkdirSync(state, { recursive: true });
  const started = performance.now();

  const rand = rng(8);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  /** An index in [0, size) with a long tail: the first items get most of the traffic. */
  const skewed = (size, power = 2.2) => Math.min(size - 1, Math.floor(size * rand() ** power));
  const n = (full) => Math.max(1, Math.round(full * scale));

  // Issue 8: 2,000 accounts, 300 courses, 20,000 enrollments with progress history, 10,000
  // materials with likes, 5,000 lesson tasks, 200 schools.
  const C = {
    departments: n(10),
    admins: n(9),
    liaisons: n(30),
    progressTeachers: n(150),
    courseTeachers: n(200),
    courses: n(300),
    unpublished: n(15),
    enrollments: n(20_000),
    ratingShare: 0.2,
    materials: n(10_000),
    likes: n(20_000),
    views: n(5_000),
    lessonTasks: n(5_000),
    schools: n(200),
    schoolOwners: n(50),
  };
  // The rest of the 2,000 accounts are students (the bootstrapped sysadmin is one of the 2,000).
  C.students = n(2_000) - 1 - C.admins - C.liaisons - C.progressTeachers - C.courseTeachers;

  const migrate = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  // The seed Worker runs through wrangler itself (the app's config and bindings, the seed entry point), so
  // its local D1/R2/KV land exactly where `wrangler dev --persist-to <state>` reads them, whatever layout
  // the runtime's simulator uses for its files (miniflare 5 changed it).
  const worker = await unstable_startWorker({
    config: join(ROOT, 'wrangler.toml'),
    entrypoint: join(ROOT, 'bench', 'seed-worker.ts'),
    bindings: Object.fromEntries(Object.entries({ ...tomlVars(), ...devVars() }).map(([k, v]) => [k, { type: 'plain_text', value: v }])),
    dev: { inspector: false, persist: state, remote: false, server: { hostname: '127.0.0.1', port: 0 }, watch: false },
  });
  await worker.ready;
  const mf = { dispatchFetch: (url, init) => worker.fetch(url, init), dispose: () => worker.dispose() };

  const timings = [];
  const run = async (name, op, items, calls = items.length) => {
    const t = performance.now();
    const out = [];
    for (let i = 0; i < items.length; i += chunk) {
      const res = await mf.dispatchFetch('http://seed/', {
        method: 'POST',
        body: JSON.stringify({ op, items: items.slice(i, i + chunk), concurrency }),
      });
      if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
      out.push(...(await res.json()).results);
    }
    const seconds = (performance.now() - t) / 1000;
    timings.push({ step: name, rows: items.length, calls, seconds: Number(seconds.toFixed(2)) });
    log(
      `${name.padEnd(50)} ${String(items.length).padStart(6)} items ${seconds.toFixed(1).padStart(6)} s  ${((seconds * 1000) / Math.max(1, calls)).toFixed(2).padStart(6)} ms/call`,
    );
    return out;
  };

  try {
    const now = Date.now();
    const email = (kind, i) => `${kind}${String(i).padStart(5, '0')}@bench.example.com`;
    const [sysadmin] = await run('sysadmin (ensureSysadmin)', 'sysadmin', [{ at: now - 200 * DAY }]);

    const departments = await run(
      'departments (createDepartment)',
      'department',
      Array.from({ length: C.departments }, (_, i) => ({ at: now - 199 * DAY, by: sysadmin.id, name: `Bench department ${i + 1}` })),
    );
    const progressUser = (role, i, offset) => ({
      at: now - 190 * DAY + offset * 60_000,
      by: sysadmin.id,
      role,
      name: `${role} ${i + 1}`,
      email: email(role, i + 1),
      password: SEED_PASSWORD,
      departmentId: pick(departments),
    });
    const staffPlan = [
      ...Array.from({ length: C.admins }, (_, i) => progressUser('admin', i, i)),
      ...Array.from({ length: C.liaisons }, (_, i) => progressUser('liaison', i, C.admins + i)),
    ];
    const staffIds = await run('admins + liaisons (createProgressUser)', 'progressUser', staffPlan);
    const staff = staffPlan.map((p, i) => ({ id: staffIds[i], role: p.role }));
    const ptPlan = Array.from({ length: C.progressTeachers }, (_, i) => progressUser('teacher', i, 100 + i));
    const ptIds = await run('progress teachers (createProgressUser)', 'progressUser', ptPlan);
    const ptEmail = new Map(ptPlan.map((p, i) => [ptIds[i], p.email]));
    // Learning-side accounts: `kind` is the e-mail's local part, `phonePrefix` the phone range.
    const accountPlan = (count, role, kind, phonePrefix, fromDaysAgo, stepMs) =>
      Array.from({ length: count }, (_, i) => ({
        at: now - fromDaysAgo * DAY + i * stepMs,
        email: email(kind, i + 1),
        phone: `${phonePrefix}${String(i + 1).padStart(8, '0')}`,
        name: `${role === 'teacher' ? 'Teacher' : 'Student'} ${i + 1}`,
        password: SEED_PASSWORD,
        role,
      }));
    const ctPlan = accountPlan(C.courseTeachers, 'teacher', 'teacher-pc', '139', 185, 60_000);
    const ctIds = await run('course teachers (createAccount)', 'account', ctPlan);
    const stPlan = accountPlan(C.students, 'student', 'student', '138', 180, 3_600_000);
    const stIds = await run('students (createAccount)', 'account', stPlan);
    const email1 = new Map([...ctPlan.map((p, i) => [ctIds[i], p.email]), ...stPlan.map((p, i) => [stIds[i], p.email])]);

    // Courses ~170 days ago, all but a few published.
    const coursePlan = Array.from({ length: C.courses }, (_, i) => ({
      at: now - 170 * DAY + i * 3_600_000,
      teacherId: ctIds[i % ctIds.length],
      name: `Bench course ${i + 1}`,
      description: `Course ${i + 1} of the issue 8 data set`,
      categoryId: int(1, 10),
      difficulty: pick(['beginner', 'intermediate', 'advanced']),
      durationSeconds: int(20, 600) * 60,
      publish: i >= C.unpublished,
    }));
    const courseIds = await run('courses (createCourse + toggleCourse)', 'course', coursePlan, C.courses * 2 - C.unpublished);
    const published = courseIds.filter((_, i) => coursePlan[i].publish);
    const teacherOf = new Map(courseIds.map((id, i) => [id, coursePlan[i].teacherId]));

    // Enrollments: distinct (student, course) pairs; popular courses and keen students get more.
    const pairs = [];
    const seen = new Set();
    while (pairs.length < C.enrollments && seen.size < stIds.length * published.length) {
      const student = stIds[skewed(stIds.length, 1.4)];
      const course = published[skewed(published.length)];
      if (seen.has(`${student}:${course}`)) continue;
      seen.add(`${student}:${course}`);
      pairs.push({ student, course, day: int(20, 160) });
    }
    await run(
      'enrollments (enroll)',
      'enroll',
      pairs.map((p) => ({ at: now - p.day * DAY, student: p.student, course: p.course })),
    );
    // Progress history: one or two reports per enrollment on later days; a quarter reach 100 %.
    const reports = [];
    for (const p of pairs) {
      const count = int(1, 2);
      const finish = rand() < 0.25;
      let day = p.day;
      for (let k = 1; k <= count; k++) {
        day = Math.max(0, day - int(1, 6));
        reports.push({
          at: now - day * DAY + int(0, 12) * 3_600_000,
          student: p.student,
          course: p.course,
          progress: finish && k === count ? 100 : Math.round((k / (count + 1)) * 90),
          seconds: int(5, 90) * 60,
        });
      }
    }
    // In time order, so each enrollment's reports arrive in order (pairs interleave).
    reports.sort((a, b) => a.at - b.at);
    // One pair's reports must not run concurrently: they are days apart, so a chunk of 500 in time
    // order rarely holds two of a pair, and reportProgress keeps the maximum progress anyway.
    await run('progress history (reportProgress)', 'progress', reports);
    const rated = pairs.filter(() => rand() < C.ratingShare);
    await run(
      'ratings (rateCourse)',
      'rate',
      rated.map((p) => ({
        at: now - Math.max(0, p.day - 10) * DAY,
        student: p.student,
        course: p.course,
        rating: int(2, 5),
        comment: rand() < 0.3 ? 'Useful course' : null,
      })),
    );

    // Materials: uploaded by the course teachers and a few students over the past 160 days.
    const uploaders = [...ctIds, ...stIds.slice(0, Math.ceil(stIds.length / 20))];
    const materialIds = await run(
      'materials (uploadDirect: D1 rows + R2 objects)',
      'material',
      Array.from({ length: C.materials }, (_, i) => ({
        at: now - 160 * DAY + Math.floor((i * 160 * DAY) / C.materials),
        uploader: pick(uploaders),
        i: i + 1,
        video: i % 4 === 0,
        title: `Bench material ${i + 1}`,
        description: `Material ${i + 1} of the issue 8 data set`,
      })),
    );
    const likes = [];
    const liked = new Set();
    const likers = [...stIds, ...ctIds];
    while (likes.length < C.likes && liked.size < likers.length * materialIds.length) {
      const account = pick(likers);
      const material = materialIds[skewed(materialIds.length, 3)];
      if (liked.has(`${account}:${material}`)) continue;
      liked.add(`${account}:${material}`);
      likes.push({ at: now - int(0, 100) * DAY, account, material });
    }
    await run('likes (toggleLike)', 'like', likes);
    const views = Array.from({ length: C.views }, () => ({ at: now, material: materialIds[skewed(materialIds.length, 2.5)] }));
    await run('views (viewMaterial)', 'view', views);

    // Lesson tasks: assigned by admins and liaisons to progress teachers; about half moved on.
    const tasks = await run(
      'lesson tasks (createLessonTask)',
      'task',
      Array.from({ length: C.lessonTasks }, (_, i) => {
        const by = staff[i % staff.length];
        return {
          at: now - 150 * DAY + Math.floor((i * 140 * DAY) / C.lessonTasks),
          by: by.id,
          role: by.role,
          userId: ptIds[skewed(ptIds.length, 1.3)],
          courseName: `Production course ${1 + (i % 400)}`,
          microLessonName: `Micro lesson ${i + 1}`,
          advise: rand() < 0.3 ? 'Please keep each lesson under ten minutes.' : '',
        };
      }),
    );
    const moved = tasks.filter(() => rand() < 0.5);
    await run(
      'lesson task progress (updateLessonTask)',
      'taskStatus',
      moved.map((t) => ({ at: t.createdAt + int(1, 9) * DAY, id: t.id, userId: t.userId, status: int(1, 5) })),
    );

    // Schools: owned by a quarter of the course teachers (several each); 80 % approved, 10 % rejected.
    const owners = ctIds.slice(0, C.schoolOwners);
    const schoolPlan = Array.from({ length: C.schools }, (_, i) => ({
      at: now - 120 * DAY + i * 3_600_000,
      owner: owners[i % owners.length],
      name: `Bench school ${i + 1}`,
      decision: i % 10 < 8 ? 'approve' : i % 10 === 8 ? 'reject' : null,
      reviewer: sysadmin.id,
    }));
    await run('schools (createSchool + approve/reject)', 'school', schoolPlan, C.schools + schoolPlan.filter((s) => s.decision).length);

    // The users the load run signs in as.
    const perStudent = new Map();
    for (const p of pairs) perStudent.set(p.student, (perStudent.get(p.student) ?? 0) + 1);
    const byCount = [...perStudent.entries()].sort((a, b) => b[1] - a[1]);
    const teacherStudents = new Map();
    for (const p of pairs) {
      const t = teacherOf.get(p.course);
      if (!teacherStudents.has(t)) teacherStudents.set(t, new Set());
      teacherStudents.get(t).add(p.student);
    }
    const [topTeacher, topStudents] = [...teacherStudents.entries()].sort((a, b) => b[1].size - a[1].size)[0];
    const perTeacherTasks = new Map();
    for (const t of tasks) perTeacherTasks.set(t.userId, (perTeacherTasks.get(t.userId) ?? 0) + 1);
    const taskCounts = [...perTeacherTasks.entries()].sort((a, b) => b[1] - a[1]);
    const user = (id, extra) => ({ id, email: email1.get(id) ?? ptEmail.get(id), ...extra });
    const manifest = {
      scale,
      password: SEED_PASSWORD,
      adminEmail: sysadmin.email,
      counts: {
        accounts: 1 + staff.length + ptIds.length + ctIds.length + stIds.length,
        departments: departments.length,
        courses: courseIds.length,
        publishedCourses: published.length,
        enrollments: pairs.length,
        progressEvents: reports.length,
        ratings: rated.length,
        materials: materialIds.length,
        likes: likes.length,
        views: views.length,
        lessonTasks: tasks.length,
        lessonTasksMoved: moved.length,
        schools: schoolPlan.length,
      },
      learner: user(byCount[0][0], { enrollments: byCount[0][1] }),
      medianLearner: user(byCount[Math.floor(byCount.length / 2)][0], { enrollments: byCount[Math.floor(byCount.length / 2)][1] }),
      teacher: user(topTeacher, { students: topStudents.size, courses: coursePlan.filter((c) => c.teacherId === topTeacher).length }),
      progressTeacher: user(taskCounts[0][0], { tasks: taskCounts[0][1] }),
      schoolOwner: user(owners[0], { schools: schoolPlan.filter((s) => s.owner === owners[0]).length }),
      materialIds,
      concurrency,
      timings,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      seededAt: new Date().toISOString(),
    };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
    log(`seeded ${state} in ${manifest.seconds} s: ${JSON.stringify(manifest.counts)}`);
    return manifest;
  } finally {
    await mf.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = {};
  for (const arg of process.argv.slice(2)) {
    const m = /^--([a-z]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg}`);
    if (m[1] === 'state') opts.state = resolve(m[2]);
    else if (['scale', 'concurrency', 'chunk'].includes(m[1])) opts[m[1]] = Number(m[2]);
    else throw new Error(`unknown option ${arg}`);
  }
  await seed(opts);
}
