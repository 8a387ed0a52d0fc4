/**
 * Helpers shared by the personal-center API tests (not a test file itself): users of each role
 * signed in through this API, courses in each state, the envelope assertions, image bytes.
 */
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { TOKEN_ISSUER } from '../../../src/config';
import { accounts, courses, type CourseRow } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import type { Role } from '../../../src/domain/accounts/roles';
import { testDeps } from '../../helpers/deps';
import { call, type CallOptions, type CallResult } from '../../helpers/http';
import { bytes } from '../../helpers/bytes';

export const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let seq = 0;
/** An 11-digit phone number nobody else in this run uses. */
export function uniquePhone(): string {
  seq = (seq + 1) % 10000;
  return `1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}${String(seq).padStart(4, '0')}`;
}
export const uniqueEmail = (tag = 'pc') =>
  `${tag}.${Date.now().toString(36)}.${++seq}.${Math.random().toString(36).slice(2, 7)}@example.test`;

export interface PcUser {
  id: number;
  token: string;
  phone: string;
  email: string;
  password: string;
  name: string;
  role: 'learner' | 'instructor';
}

/** Registers through POST /api/auth/register and signs in through POST /api/auth/login. */
export async function signUp(
  role: 'learner' | 'instructor' = 'learner',
  name = role === 'learner' ? '测试学生' : '测试教师',
): Promise<PcUser> {
  const phone = uniquePhone();
  const email = uniqueEmail(role);
  const password = 'secret-123';
  const reg = await call('POST', '/api/auth/register', { json: { user_name: name, phone, email, password, role } });
  expect(reg.status, reg.text).toBe(200);
  const login = await call('POST', '/api/auth/login', { json: { phone, password } });
  expect(login.status, login.text).toBe(200);
  return { id: login.body.data.user.user_id, token: login.body.data.token, phone, email, password, name, role };
}

export const learner = (name?: string) => signUp('learner', name);
export const instructor = (name?: string) => signUp('instructor', name);

/** An account of another role (an administrator made elsewhere) with a phone, and a token for it. */
export async function otherRoleAccount(role: Role): Promise<{ id: number; phone: string; password: string; token: string }> {
  const phone = uniquePhone();
  const password = 'secret-123';
  const account = await createAccount(
    testDeps(),
    { phone, email: uniqueEmail(role), name: `${role} user`, password, role },
    { selfRegistration: false },
  );
  return { id: account.id, phone, password, token: await forgeToken(account.id, role) };
}

export const secretBytes = () => new TextEncoder().encode(env.JWT_SECRET ?? '');

/** Signs a token like the service does; by default one it accepts. */
export async function forgeToken(
  accountId: number,
  role: string,
  o: { iat?: number; exp?: number; secret?: Uint8Array } = {},
): Promise<string> {
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ role, typ: 'access', sid: crypto.randomUUID(), iat_ms: iat * 1000 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(accountId))
    .setIssuer(TOKEN_ISSUER)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 3600)
    .sign(o.secret ?? secretBytes());
}

export const expiredToken = (u: PcUser) => {
  const iat = Math.floor(Date.now() / 1000) - 8 * 24 * 3600;
  return forgeToken(u.id, u.role === 'learner' ? 'student' : 'teacher', { iat, exp: iat + 7 * 24 * 3600 });
};

/** A token of `u` whose account was disabled afterwards (revoked by revokeAllSessions). */
export async function revokedToken(u: PcUser): Promise<string> {
  const { revokeAllSessions } = await import('../../../src/domain/auth/sessions');
  const login = await call('POST', '/api/auth/login', { json: { phone: u.phone, password: u.password } });
  const token = login.body.data.token as string;
  // Revoking everything issued until now, then signing in again so `u.token` stays usable for other checks.
  await new Promise((r) => setTimeout(r, 5));
  await revokeAllSessions(testDeps(), u.id);
  await new Promise((r) => setTimeout(r, 5));
  const again = await call('POST', '/api/auth/login', { json: { phone: u.phone, password: u.password } });
  u.token = again.body.data.token;
  return token;
}

/** The personal-center error envelope: exactly `{ status: "error", message }`. */
export function expectError(res: CallResult, status: number, message?: string | RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('Content-Type') ?? '').toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['message', 'status']);
  expect(res.body.status).toBe('error');
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
}

/** A success envelope; returns `data`. */
export function expectOk(res: CallResult, message?: string): any {
  expect(res.status, res.text).toBe(200);
  expect(res.body.status).toBe('success');
  expect(res.body).toHaveProperty('data');
  if (message !== undefined) expect(res.body.message ?? res.body.data?.message).toBe(message);
  return res.body.data;
}

/** Every unauthenticated way to call a protected route answers 401 in the envelope. */
export async function expectUnauthenticated(u: PcUser, send: (token: string | undefined) => Promise<CallResult>) {
  expectError(await send(undefined), 401);
  expectError(await send('not-a-jwt'), 401);
  expectError(await send(await expiredToken(u)), 401, '登录已过期，请重新登录');
  expectError(
    await send(await forgeToken(u.id, 'student', { secret: new TextEncoder().encode('another-secret-that-is-long-enough-0123456789') })),
    401,
  );
  expectError(await send(await revokedToken(u)), 401, '访问令牌已失效，请重新登录');
}

export const api = (method: string, path: string, token?: string, opts: Omit<CallOptions, 'token'> = {}) =>
  call(method, path, { ...opts, token });

export interface CourseFields {
  course_name?: string;
  course_desc?: string | null;
  category_id?: number;
  difficulty_level?: string;
  course_duration?: number;
  cover_img?: string | null;
}

/** Creates a course through the API (unpublished) and returns the API's course object. */
export async function newCourse(teacher: PcUser, fields: CourseFields = {}): Promise<any> {
  const res = await api('POST', '/api/teacher/courses', teacher.token, {
    json: {
      course_name: `课程 ${++seq}`,
      course_desc: '介绍',
      category_id: 5,
      difficulty_level: 'beginner',
      course_duration: 3600,
      ...fields,
    },
  });
  return expectOk(res).course;
}

/** A published course of `teacher`. */
export async function publishedCourse(teacher: PcUser, fields: CourseFields = {}): Promise<any> {
  const course = await newCourse(teacher, fields);
  const res = await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, teacher.token);
  expect(expectOk(res).is_online).toBe(1);
  return { ...course, is_online: 1 };
}

export async function enrolled(student: PcUser, courseId: number) {
  expectOk(await api('POST', `/api/student/enroll/${courseId}`, student.token));
}

export const courseRow = (id: number): Promise<CourseRow | undefined> =>
  testDeps().db.select().from(courses).where(eq(courses.id, id)).get();
export const accountRow = (id: number) => testDeps().db.select().from(accounts).where(eq(accounts.id, id)).get();

// Image bytes with the right magic numbers, padded to a size.
function padded(head: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(Math.max(size, head.length));
  out.set(head);
  for (let i = head.length; i < out.length; i++) out[i] = (i * 31 + 7) & 255;
  return out;
}
export const png = (size = 512) => padded(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), size);
export const jpeg = (size = 512) => padded(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF\0'), size);
export const webp = (size = 512) => padded(bytes('RIFF', [0x24, 0x10, 0, 0], 'WEBPVP8 '), size);
export const gif = (size = 512) => padded(bytes('GIF89a'), size);
export const pdf = (size = 512) => padded(bytes('%PDF-1.7\n'), size);
export const mp4 = (size = 4096) => padded(bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41'), size);
export const MiB = 1024 * 1024;

/** A multipart form with one file field (and optional extra text fields). */
export function fileForm(
  field: string,
  data: Uint8Array | null,
  extra: Record<string, string> = {},
  filename = 'image.bin',
  type = 'application/octet-stream',
): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  if (data) form.append(field, new Blob([data], { type }), filename);
  return form;
}

export async function objectExists(key: string): Promise<boolean> {
  return (await env.FILES.head(key)) !== null;
}

export async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await env.FILES.list({ prefix });
  return listed.objects.map((o) => o.key);
}

/** The raw response of a GET through the Worker (for byte-exact checks of served files). */
export function fetchRaw(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://localhost${path}`, { headers }));
}
