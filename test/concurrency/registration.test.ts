import { describe, expect, it } from 'vitest';
import { approveSchool, createSchool } from '../../src/domain/schools/schools';
import { sendCode, TEST_CODE, uniqueName } from '../apis/campus/support';
import { makeDepartment } from '../apis/progress/support';
import { testDeps } from '../helpers/deps';
import { accountsWithEmail, accountsWithPhone, actor, actors, uniqueEmail, uniquePhone } from './actors';
import { burst, request, split } from './burst';

const N = 12;
/** Alternating letter case: e-mails are unique case-insensitively everywhere. */
const cased = (email: string, i: number) => (i % 2 ? email.toUpperCase() : email);

async function approvedSchoolId(): Promise<number> {
  const deps = testDeps();
  const owner = await actor('teacher');
  const admin = await actor('sysadmin');
  const school = await createSchool(deps, owner.id, uniqueName('并发学校'));
  await approveSchool(deps, admin.id, school.id);
  return school.id;
}

/** Phones that each hold a fresh registration code (SMS_TEST_CODE). */
async function phonesWithCodes(n: number): Promise<string[]> {
  const phones = Array.from({ length: n }, () => uniquePhone());
  for (const phone of phones) expect((await sendCode(phone)).status).toBe(200);
  return phones;
}

const excourseBody = (schoolId: number, over: Record<string, unknown>) => ({
  username: uniqueName('并发'),
  password: 'secret-12',
  school_id: schoolId,
  phone: uniquePhone(),
  sms_code: TEST_CODE,
  ...over,
});

describe(`one e-mail registered ${N} times at once: one account`, () => {
  it('learning: one 201, the others 400 EMAIL_ALREADY_EXISTS', async () => {
    const email = uniqueEmail('race');
    const results = await burst(N, (i) =>
      request('POST', '/api/v1/auth/register', { json: { email: cased(email, i), name: `n${i}`, password: 'password-123' } }),
    );
    const [[won], lost] = split(results, 201, 1, 400);
    for (const r of lost) expect(r.body.error.code).toBe('EMAIL_ALREADY_EXISTS');
    const rows = await accountsWithEmail(email);
    expect(rows.map((a) => a.id)).toEqual([won!.body.id]);
  });

  it('personal-center (each with its own phone): one 200, the others 409 该邮箱已被注册; the losers’ phones stay free', async () => {
    const email = uniqueEmail('race');
    const phones = Array.from({ length: N }, () => uniquePhone());
    const results = await burst(N, (i) =>
      request('POST', '/api/auth/register', {
        json: { user_name: `n${i}`, phone: phones[i], email: cased(email, i), password: 'secret-123' },
      }),
    );
    const [[won], lost] = split(results, 200, 1, 409);
    for (const r of lost) expect(r.body).toMatchObject({ status: 'error', message: '该邮箱已被注册' });
    expect((await accountsWithEmail(email)).map((a) => a.id)).toEqual([won!.body.data.userId]);
    const winnerPhone = won!.body.data.phone;
    for (const phone of phones.filter((p) => p !== winnerPhone)) expect(await accountsWithPhone(phone)).toEqual([]);
  });

  it('progress (anonymous POST /api/users): one 200/10000, the others 409/10005 邮箱已存在', async () => {
    const email = uniqueEmail('race');
    const { id: departmentId } = await makeDepartment();
    const results = await burst(N, (i) =>
      request('POST', '/api/users', { json: { username: `n${i}`, email: cased(email, i), password: 'password-123', departmentId } }),
    );
    const [[won], lost] = split(results, 200, 1, 409);
    expect(won!.body.code).toBe(10000);
    for (const r of lost) expect(r.body).toEqual({ code: 10005, message: '邮箱已存在', data: null });
    expect(await accountsWithEmail(email)).toHaveLength(1);
  });

  it('campus: one 200, the others 422 { username: [该邮箱已被注册] }', async () => {
    const email = uniqueEmail('race');
    const results = await burst(N, (i) =>
      request('POST', '/v1/teacher/register', { json: { name: `n${i}`, username: cased(email, i), password: 'secret-1' } }),
    );
    const [, lost] = split(results, 200, 1, 422);
    for (const r of lost) expect(r.body).toMatchObject({ code: 422, data: { username: ['该邮箱已被注册'] } });
    expect(await accountsWithEmail(email)).toHaveLength(1);
  });

  it('excourse (each phone with its own code): one 201, the others 400 { email }; their codes are given back', async () => {
    const schoolId = await approvedSchoolId();
    const email = uniqueEmail('race');
    const phones = await phonesWithCodes(N);
    const bodies = phones.map((phone, i) => excourseBody(schoolId, { phone, email: cased(email, i) }));
    const results = await burst(N, (i) => request('POST', '/users/register/', { json: bodies[i] }));
    const [[won], lost] = split(results, 201, 1, 400);
    for (const r of lost) expect(r.body).toEqual({ email: ['该邮箱已被使用。'] });
    expect(await accountsWithEmail(email)).toHaveLength(1);
    // A loser's code was released: the same phone registers with it under another e-mail.
    const retry = bodies.find((b) => b.phone !== won!.body.phone)!;
    const again = await request('POST', '/users/register/', { json: { ...retry, email: uniqueEmail('retry') } });
    expect(again.status, again.text).toBe(201);
  });

  it('across APIs: learning, personal-center, progress and campus at once, one account', async () => {
    const email = uniqueEmail('everywhere');
    const { id: departmentId } = await makeDepartment();
    const tries = [
      () => request('POST', '/api/v1/auth/register', { json: { email, name: 'l', password: 'password-123' } }),
      () => request('POST', '/api/auth/register', { json: { user_name: 'p', phone: uniquePhone(), email, password: 'secret-123' } }),
      () => request('POST', '/api/users', { json: { username: 'g', email, password: 'password-123', departmentId } }),
      () => request('POST', '/v1/teacher/register', { json: { name: 'c', username: email, password: 'secret-1' } }),
    ];
    const results = await burst(N, (i) => tries[i % tries.length]!());
    expect(
      results.filter((r) => r.status < 300),
      results.map((r) => r.status).join(' '),
    ).toHaveLength(1);
    for (const r of results.filter((x) => x.status >= 300)) expect([400, 409, 422]).toContain(r.status);
    expect(await accountsWithEmail(email)).toHaveLength(1);
  });
});

describe(`one phone registered ${N} times at once: one account`, () => {
  it('personal-center (each with its own e-mail): one 200, the others 409 该手机号已被注册', async () => {
    const phone = uniquePhone();
    const emails = Array.from({ length: N }, () => uniqueEmail('race'));
    const results = await burst(N, (i) =>
      request('POST', '/api/auth/register', { json: { user_name: `n${i}`, phone, email: emails[i], password: 'secret-123' } }),
    );
    const [[won], lost] = split(results, 200, 1, 409);
    for (const r of lost) expect(r.body).toMatchObject({ status: 'error', message: '该手机号已被注册' });
    expect((await accountsWithPhone(phone)).map((a) => a.email)).toEqual([won!.body.data.email]);
  });

  it('excourse (one code, different usernames): one 201, the others 400 on sms_code or phone', async () => {
    const schoolId = await approvedSchoolId();
    const [phone] = await phonesWithCodes(1);
    const results = await burst(N, () => request('POST', '/users/register/', { json: excourseBody(schoolId, { phone }) }));
    const [, lost] = split(results, 201, 1, 400);
    for (const r of lost)
      expect(
        Object.keys(r.body).every((k) => k === 'sms_code' || k === 'phone'),
        r.text,
      ).toBe(true);
    expect(await accountsWithPhone(phone!)).toHaveLength(1);
  });

  it('excourse (one username, each phone with its own code): one 201, the others 400 { username }', async () => {
    const schoolId = await approvedSchoolId();
    const username = uniqueName('同名');
    const phones = await phonesWithCodes(N);
    const results = await burst(N, (i) =>
      request('POST', '/users/register/', { json: excourseBody(schoolId, { phone: phones[i], username }) }),
    );
    const [[won], lost] = split(results, 201, 1, 400);
    for (const r of lost) expect(r.body).toEqual({ username: ['已存在一位使用该名字的用户。'] });
    for (const phone of phones) expect(await accountsWithPhone(phone)).toHaveLength(phone === won!.body.phone ? 1 : 0);
  });
});

describe(`one e-mail claimed by ${N} profile changes at once`, () => {
  it('excourse PUT /users/{pk}/: one 200, the others 400 { email }; one account has it', async () => {
    const teachers = await actors(N, 'teacher');
    const email = uniqueEmail('claimed');
    const results = await burst(N, (i) =>
      request('PUT', `/users/${teachers[i]!.id}/`, { token: teachers[i]!.token, json: { email: cased(email, i) } }),
    );
    const [, lost] = split(results, 200, 1, 400);
    for (const r of lost) expect(r.body).toEqual({ email: ['该邮箱已被使用。'] });
    expect(await accountsWithEmail(email)).toHaveLength(1);
  });
});
