// The seeding Worker of bench/seed.mjs: each request names one domain operation and a chunk of
// items, and this Worker calls the domain function (src/domain/**) once per item, with `concurrency`
// calls in flight, against the real bindings (local D1/R2/KV under the seed's state dir). No raw
// SQL and no HTTP routes of the app: only the domain layer, as issue 8 asks.
//
// Why a Worker and not Node: through wrangler's getPlatformProxy() every D1 statement is a
// synchronous round trip from Node into workerd, which measured 40-140 ms per domain call (700 ms
// per upload) on this machine; inside workerd the same calls take a few ms (bench/README.md).
import { buildDeps, ensureBootstrapped } from '../src/composition-root';
import { createAccount, findAccount } from '../src/domain/accounts/accounts';
import { ensureSysadmin } from '../src/domain/accounts/bootstrap';
import type { Role } from '../src/domain/accounts/roles';
import type { Principal } from '../src/domain/auth/principal';
import { enroll, reportProgress } from '../src/domain/courses/enrollments';
import { rateCourse } from '../src/domain/courses/ratings';
import { createCourse, toggleCourse } from '../src/domain/courses/teaching';
import type { Deps } from '../src/domain/deps';
import { uploadDirect } from '../src/domain/materials/direct-upload';
import { toggleLike, viewMaterial } from '../src/domain/materials/materials';
import { createDepartment } from '../src/domain/production/departments';
import { createLessonTask, updateLessonTask } from '../src/domain/production/lesson-tasks';
import type { ProgressRole } from '../src/domain/production/roles';
import { createProgressUser } from '../src/domain/production/users';
import type { ProgressStatus } from '../src/domain/production/workflow';
import { approveSchool, createSchool, rejectSchool } from '../src/domain/schools/schools';
import type { Logger } from '../src/platform/logger';
import type { MultipartPart } from '../src/platform/multipart';

const quiet: Logger = { info() {}, warn() {}, error: (msg, f) => console.error('domain error:', msg, JSON.stringify(f ?? {})) };
const principal = (accountId: number, role: Role): Principal => ({ accountId, role, jti: 'seed', sid: 'seed', exp: 4_102_444_800 });

/** A tiny but valid file for the direct upload: a PDF, or an mp4 `ftyp` header (the sniffer decides the type). */
function fileBytes(i: number, video: boolean): Uint8Array {
  const enc = new TextEncoder();
  if (!video) return enc.encode(`%PDF-1.4\n% bench material ${i}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
  const b = new Uint8Array(256);
  new DataView(b.buffer).setUint32(0, 0x18);
  b.set(enc.encode('ftypisom'), 4);
  b.set(enc.encode(`bench ${i}`), 32);
  return b;
}

/** The parts uploadDirect reads from a parsed multipart body, built in memory. */
async function* formParts(fields: Record<string, string>, file: { name: string; bytes: Uint8Array }): AsyncIterable<MultipartPart> {
  const part = (name: string, filename: string | null, bytes: Uint8Array): MultipartPart => ({
    name,
    filename,
    contentType: filename ? 'application/octet-stream' : null,
    headers: {},
    body: new ReadableStream({
      start(c) {
        c.enqueue(bytes);
        c.close();
      },
    }),
    text: async () => new TextDecoder().decode(bytes),
    bytes: async () => bytes,
    skip: async () => {},
  });
  for (const [k, v] of Object.entries(fields)) yield part(k, null, new TextEncoder().encode(v));
  yield part('file', file.name, file.bytes);
}

// Each item carries `at`: the clock the domain call sees, so the history spreads over past months.
type Item = Record<string, any> & { at: number };

const OPS: Record<string, (d: Deps, x: Item) => Promise<unknown>> = {
  async sysadmin(d) {
    await ensureSysadmin(d);
    const a = await findAccount(d, { email: d.config.admin!.email });
    return { id: a!.id, email: a!.email };
  },
  department: async (d, x) => (await createDepartment(d, principal(x.by, 'sysadmin'), { name: x.name })).id,
  progressUser: async (d, x) =>
    (
      await createProgressUser(d, principal(x.by, 'sysadmin'), {
        username: x.name,
        email: x.email,
        password: x.password,
        departmentId: x.departmentId,
        role: x.role as ProgressRole,
      })
    ).account.id,
  account: async (d, x) =>
    (
      await createAccount(
        d,
        { email: x.email, phone: x.phone, name: x.name, password: x.password, role: x.role },
        { selfRegistration: true },
      )
    ).id,
  async course(d, x) {
    const { course } = await createCourse(d, x.teacherId, {
      name: x.name,
      description: x.description,
      categoryId: x.categoryId,
      difficulty: x.difficulty,
      durationSeconds: x.durationSeconds,
      coverImg: null,
    });
    if (x.publish) await toggleCourse(d, x.teacherId, course.id);
    return course.id;
  },
  enroll: async (d, x) => (await enroll(d, x.student, x.course)).created,
  progress: async (d, x) =>
    (await reportProgress(d, x.student, x.course, { progress: x.progress, durationSeconds: x.seconds })).enrollment.progress,
  rate: async (d, x) => (await rateCourse(d, x.student, x.course, x.rating, x.comment)).rating,
  material: async (d, x) =>
    (
      await uploadDirect(
        d,
        x.uploader,
        formParts(
          { title: x.title, description: x.description },
          { name: x.video ? `lesson-${x.i}.mp4` : `notes-${x.i}.pdf`, bytes: fileBytes(x.i, x.video) },
        ),
      )
    ).id,
  like: async (d, x) => (await toggleLike(d, x.account, x.material)).isLiked,
  view: async (d, x) => (await viewMaterial(d, x.material)).material.viewCount,
  task: async (d, x) => {
    const t = await createLessonTask(d, principal(x.by, x.role), {
      courseName: x.courseName,
      microLessonName: x.microLessonName,
      userId: x.userId,
      advise: x.advise,
    });
    return { id: t.id, userId: t.userId, createdAt: t.createdAt };
  },
  taskStatus: async (d, x) =>
    (await updateLessonTask(d, principal(x.userId, 'teacher'), x.id, { progressStatus: x.status as ProgressStatus })).progressStatus,
  async school(d, x) {
    const s = await createSchool(d, x.owner, x.name);
    if (x.decision === 'approve') await approveSchool(d, x.reviewer, s.id);
    if (x.decision === 'reject') await rejectSchool(d, x.reviewer, s.id, 'Name does not match the licence');
    return s.id;
  },
};

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { op, items, concurrency } = (await request.json()) as { op: string; items: Item[]; concurrency: number };
    const fn = OPS[op];
    if (!fn) return new Response(`unknown op ${op}`, { status: 400 });
    const base = buildDeps(env, quiet);
    // As at every entry point: the domain calls need the seeded categories and achievements.
    await ensureBootstrapped(env, base);
    const results = new Array<unknown>(items.length);
    let next = 0;
    const started = Date.now();
    try {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, items.length) }, async () => {
          while (next < items.length) {
            const i = next++;
            const at = items[i]!.at;
            results[i] = await fn({ ...base, clock: { now: () => at } }, items[i]!);
          }
        }),
      );
    } catch (e) {
      return new Response(`${op} failed: ${e instanceof Error ? `${e.message}\n${e.stack}` : String(e)}`, { status: 500 });
    }
    return Response.json({ results, ms: Date.now() - started });
  },
} satisfies ExportedHandler<Env>;
