/**
 * Helpers shared by the excourse and campus API tests and the schools domain tests (not a test file).
 */
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { TOKEN_ISSUER } from '../../../src/config';
import { accounts, smsCodes } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call, uniqueEmail, type CallOptions, type CallResult } from '../../helpers/http';

export const ADMIN = { email: 'root@example.test', password: 'root-password-123' };
export const TEST_CODE = '246810';
/** SMS_TEST_CODE is honoured with the log provider: requests that need a known code go to an app with it set. */
export const WITH_TEST_CODE: CallOptions['env'] = { SMS_TEST_CODE: TEST_CODE };

let seq = 0;
const rand = (digits: number) => String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, '0');
/** A mainland mobile number nobody else in this run uses. */
export const uniquePhone = () => `1${3 + (++seq % 7)}${String((Date.now() + seq) % 10_000).padStart(4, '0')}${rand(5)}`;
export const uniqueName = (tag = 'u') => `${tag}_${Date.now().toString(36)}${++seq}${rand(3)}`;
export { uniqueEmail };

/** Campus envelope, success. */
export function expectOk(res: CallResult) {
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ code: 200, msg: 'success', message: 'success' });
  return res.body.data;
}

/** Campus envelope, failure: HTTP status and `code` (510 travels as HTTP 400). */
export function expectCampusError(res: CallResult, code: number) {
  expect(res.status, res.text).toBe(code === 510 ? 400 : code);
  expect(Object.keys(res.body).sort()).toEqual(['code', 'data', 'message', 'msg']);
  expect(res.body.code).toBe(code);
  expect(res.body.msg).toBe(res.body.message);
  expect(res.body.msg.length).toBeGreaterThan(0);
  return res.body;
}

export async function campusLogin(identity: 1 | 2, username: string, password: string): Promise<string> {
  const res = await call('POST', '/v1/login', { json: { identity, username, password } });
  return expectOk(res).access_token;
}

export const adminToken = () => campusLogin(1, ADMIN.email, ADMIN.password);

export async function campusTeacher(name = 'Teacher') {
  const email = uniqueEmail('campus');
  const password = 'teacher-pass-1';
  const res = await call('POST', '/v1/teacher/register', { json: { name, username: email, password } });
  const token = expectOk(res).access_token as string;
  const row = await testDeps().db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email})`).get();
  return { email, password, token, id: row!.id };
}

export async function createSchool(token: string, name = uniqueName('学校')) {
  return expectOk(await call('POST', '/v1/teacher/schools', { token, json: { name } })) as { id: number; name: string; status: number };
}

/** A teacher with an approved school. */
export async function approvedSchool() {
  const owner = await campusTeacher();
  const school = await createSchool(owner.token);
  expectOk(await call('POST', `/v1/admin/schools/${school.id}/approve`, { token: await adminToken() }));
  return { owner, schoolId: school.id, name: school.name };
}

export async function createStudent(
  ownerToken: string,
  schoolId: number,
  over: Partial<{ name: string; username: string; password: string }> = {},
) {
  const body = { name: '学生', username: uniqueName('stu'), password: 'student-1', ...over };
  const data = expectOk(await call('POST', `/v1/teacher/schools/${schoolId}/students`, { token: ownerToken, json: body }));
  return { ...body, id: data.id as number };
}

export const sendCode = (phone: string, username?: string, opts: CallOptions = {}) =>
  call('POST', '/vertifications/', { json: username === undefined ? { phone } : { username, phone }, env: WITH_TEST_CODE, ...opts });

/** An excourse teacher registered through the API (code, then register) in an approved school. */
export async function excourseTeacher(schoolId: number, extra: Record<string, unknown> = {}) {
  const phone = uniquePhone();
  const username = uniqueName('教师');
  const password = 'excourse-1';
  const sent = await sendCode(phone, username);
  expect(sent.status, sent.text).toBe(200);
  const res = await call('POST', '/users/register/', {
    json: { username, password, school_id: schoolId, phone, sms_code: TEST_CODE, ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return { phone, username, password, id: res.body.id as number, token: res.body.token as string, user: res.body };
}

export const jwt = (token: string) => ({ Authorization: `JWT ${token}` });

export async function accountRow(id: number) {
  return testDeps().db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export async function codeRows(phone: string) {
  return testDeps().db.select().from(smsCodes).where(eq(smsCodes.phone, phone)).all();
}

export const secretBytes = () => new TextEncoder().encode(env.JWT_SECRET ?? '');

/** A token built as the service builds one; `exp` in the past makes an expired one. */
export async function forgeToken(accountId: number, o: { role?: string; iat?: number; exp?: number } = {}): Promise<string> {
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ role: o.role ?? 'teacher', typ: 'access', sid: crypto.randomUUID(), iat_ms: iat * 1000 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(accountId))
    .setIssuer(TOKEN_ISSUER)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 3600)
    .sign(secretBytes());
}
