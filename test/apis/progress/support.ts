/**
 * Helpers shared by the progress API tests (not a test file itself).
 */
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { TOKEN_ISSUER } from '../../../src/config';
import { accounts, departments, lessonTasks, progressProfiles } from '../../../src/db/schema';
import { writeXlsx, type XlsxCell, type XlsxOptions } from '../../../src/domain/imports/xlsx-writer';
import { testDeps } from '../../helpers/deps';
import { call, uniqueEmail, type CallOptions, type CallResult } from '../../helpers/http';

export const ROLES = { teacher: 1, admin: 2, liaison: 3, sysadmin: 4 } as const;
export type RoleName = keyof typeof ROLES;

let seq = 0;
export const unique = (tag: string) => `${tag}-${Date.now().toString(36)}-${++seq}-${Math.random().toString(36).slice(2, 6)}`;

/** Asserts the progress envelope `{ code, message, data }` with this status and code. */
export function expectEnvelope(res: CallResult, status: number, code: number) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('Content-Type') ?? '').toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['code', 'data', 'message']);
  expect(res.body.code, res.text).toBe(code);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  if (code !== 10000) expect(res.body.data).toBeNull();
}

export const expectOk = (res: CallResult) => expectEnvelope(res, 200, 10000);

let rootToken: Promise<string> | undefined;
/** The bootstrapped sysadmin (ADMIN_EMAIL from the test secrets), signed in once per file. */
export function sysadminToken(): Promise<string> {
  rootToken ??= login(env.ADMIN_EMAIL!, env.ADMIN_PASSWORD!);
  return rootToken;
}

export async function login(email: string, password: string, remember?: boolean): Promise<string> {
  const res = await call('POST', '/api/users/login', {
    json: remember === undefined ? { email, password } : { email, password, remember },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.data.token as string;
}

export async function makeDepartment(name = unique('部门')): Promise<{ id: number; name: string }> {
  const now = Date.now();
  const row = await testDeps().db.insert(departments).values({ name, description: '', createdAt: now, updatedAt: now }).returning().get();
  return { id: row.id, name: row.name };
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  username: string;
  departmentId: number;
  token: string;
}

/** A user of the role, created through POST /api/users with the sysadmin's token, then signed in. */
export async function makeUser(role: RoleName, opts: { departmentId?: number; username?: string; jobs?: number } = {}): Promise<TestUser> {
  const departmentId = opts.departmentId ?? (await makeDepartment()).id;
  const email = uniqueEmail(role);
  const password = 'password-123';
  const username = opts.username ?? `${role}-${++seq}`;
  const res = await call('POST', '/api/users', {
    token: await sysadminToken(),
    json: { username, email, password, departmentId, roles: ROLES[role], ...(opts.jobs ? { jobs: opts.jobs } : {}) },
  });
  if (res.status !== 200) throw new Error(`create ${role} failed: ${res.status} ${res.text}`);
  const row = await testDeps().db.select().from(accounts).where(eq(accounts.email, email)).get();
  return { id: row!.id, email, password, username, departmentId, token: await login(email, password) };
}

export async function accountRow(id: number) {
  return testDeps().db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export async function profileRow(id: number) {
  return testDeps().db.select().from(progressProfiles).where(eq(progressProfiles.accountId, id)).get();
}

export async function taskRow(id: number) {
  return testDeps().db.select().from(lessonTasks).where(eq(lessonTasks.id, id)).get();
}

/** A task assigned to `teacherId`, created through the API by `token` (staff). */
export async function makeTask(
  token: string,
  teacherId: number,
  fields: { courseName?: string; microLessonName?: string; advise?: string } = {},
) {
  const res = await call('POST', '/api/lesson-tasks', {
    token,
    json: {
      courseName: fields.courseName ?? unique('课程'),
      microLessonName: fields.microLessonName ?? unique('微课'),
      userId: teacherId,
      advise: fields.advise ?? '',
    },
  });
  if (res.status !== 200) throw new Error(`create task failed: ${res.status} ${res.text}`);
  return res.body.data as { id: number; [k: string]: unknown };
}

/** A student account (learning API self-registration): it has no progress role. */
export async function makeStudent() {
  const email = uniqueEmail('student');
  const res = await call('POST', '/api/v1/auth/register', { json: { email, name: 'Student', password: 'password-123' } });
  if (res.status !== 201) throw new Error(`student failed: ${res.status} ${res.text}`);
  const tokens = await call('POST', '/api/v1/auth/login', { json: { email, password: 'password-123' } });
  return { id: res.body.id as number, email, password: 'password-123', token: tokens.body.access_token as string };
}

const secretBytes = () => new TextEncoder().encode(env.JWT_SECRET ?? '');

/** A token signed like the service's, already expired. */
export async function expiredToken(accountId: number, role = 'teacher'): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - 7200;
  return new SignJWT({ role, typ: 'access', sid: crypto.randomUUID(), iat_ms: iat * 1000 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(accountId))
    .setIssuer(TOKEN_ISSUER)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(secretBytes());
}

/** The auth failures every protected route must answer in the envelope: none, garbage, expired, revoked. */
export async function expectAuthRequired(method: string, path: string, init: Omit<CallOptions, 'token'> = {}) {
  expectEnvelope(await call(method, path, init), 401, 10006);
  expectEnvelope(await call(method, path, { ...init, token: 'not-a-token' }), 401, 10008);
  const teacher = await makeUser('teacher');
  expectEnvelope(await call(method, path, { ...init, token: await expiredToken(teacher.id) }), 401, 10007);
  const signedOut = await login(teacher.email, teacher.password);
  expectOk(await call('POST', '/api/users/logout', { token: signedOut }));
  expectEnvelope(await call(method, path, { ...init, token: signedOut }), 401, 10008);
}

/** A multipart body with one `file` part. */
export function fileForm(bytes: Uint8Array | string, filename = 'data.xlsx', field = 'file'): FormData {
  const form = new FormData();
  form.append(
    field,
    new Blob([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : (bytes as Uint8Array<ArrayBuffer>)]),
    filename,
  );
  return form;
}

export const xlsx = (rows: XlsxCell[][], options?: XlsxOptions) => writeXlsx(rows, options);

export async function upload(path: string, token: string | undefined, bytes: Uint8Array | string, filename?: string): Promise<CallResult> {
  return call('POST', path, { token, body: fileForm(bytes, filename) });
}
