import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, schools } from '../../src/db/schema';
import { approveSchool as approveInDomain, createSchool as createInDomain } from '../../src/domain/schools/schools';
import { codeRows, sendCode, TEST_CODE, uniqueName } from '../apis/campus/support';
import { testDeps } from '../helpers/deps';
import { actor, actors, uniquePhone } from './actors';
import { burst, request, split } from './burst';

// Campus schools (approval, names, students) and excourse SMS codes.
const N = 12;
const schoolRow = (id: number) => testDeps().db.select().from(schools).where(eq(schools.id, id)).get();

async function pendingSchool() {
  const owner = await actor('teacher');
  const school = await createInDomain(testDeps(), owner.id, uniqueName('待审学校'));
  return { owner, id: school.id };
}

describe(`${N} approvals of one school at once`, () => {
  it('one 200, the others 400/510 该学校已审核通过; reviewed once', async () => {
    const { id } = await pendingSchool();
    const admins = await actors(N, 'sysadmin');
    const results = await burst(N, (i) => request('POST', `/v1/admin/schools/${id}/approve`, { token: admins[i]!.token }));
    const [[won], lost] = split(results, 200, 1, 400);
    for (const r of lost) expect(r.body).toMatchObject({ code: 510, msg: '该学校已审核通过' });
    const row = await schoolRow(id);
    expect(row?.status).toBe(2);
    expect(admins.map((a) => a.id)).toContain(row?.reviewedBy);
    expect(won!.body.data.status).toBe(2);
  });

  it('rejections at once: one 200, the others 400/510; the school stays rejected', async () => {
    const { id } = await pendingSchool();
    const [admin] = await actors(1, 'sysadmin');
    const results = await burst(N, (i) =>
      request('POST', `/v1/admin/schools/${id}/reject`, { token: admin!.token, json: { reason: `理由 ${i}` } }),
    );
    const [, lost] = split(results, 200, 1, 400);
    for (const r of lost) expect(r.body.code).toBe(510);
    expect((await schoolRow(id))?.status).toBe(3);
  });
});

describe('one name or username claimed at once', () => {
  it(`${N} teachers creating schools of one name: one school, the others 422`, async () => {
    const teachers = await actors(N, 'teacher');
    const name = uniqueName('同名学校');
    // One statement per request (a conditional insert on the partial unique index): nothing to interleave, the index decides.
    const results = await burst(N, (i) => request('POST', '/v1/teacher/schools', { token: teachers[i]!.token, json: { name } }), {
      oneBatch: true,
    });
    split(results, 200, 1, 422);
    const rows = await testDeps().db.select().from(schools).where(sql`lower(${schools.name}) = lower(${name})`).all();
    expect(rows).toHaveLength(1);
  });

  it(`one owner creating ${N} students of one username: one student, the others 422`, async () => {
    const owner = await actor('teacher');
    const admin = await actor('sysadmin');
    const school = await createInDomain(testDeps(), owner.id, uniqueName('学生学校'));
    await approveInDomain(testDeps(), admin.id, school.id);
    const username = uniqueName('stu');
    const results = await burst(N, () =>
      request('POST', `/v1/teacher/schools/${school.id}/students`, {
        token: owner.token,
        json: { name: '学生', username, password: 'student-1' },
      }),
    );
    split(results, 200, 1, 422);
    const rows = await testDeps().db.select().from(accounts).where(sql`lower(${accounts.username}) = lower(${username})`).all();
    expect(rows).toHaveLength(1);
  });
});

describe('excourse SMS codes at once', () => {
  it(`${N} code requests for one phone: one 200, the others 429 with Retry-After; one code stored`, async () => {
    const phone = uniquePhone();
    const results = await burst(N, () => request('POST', '/vertifications/', { json: { phone } }));
    const [, lost] = split(results, 200, 1, 429);
    for (const r of lost) expect(Number(r.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(await codeRows(phone)).toHaveLength(1);
  });

  it(`${N} registrations with one wrong code: the tries are counted exactly (4 left … 1 left, then locked), the right code is then refused`, async () => {
    const owner = await actor('teacher');
    const admin = await actor('sysadmin');
    const school = await createInDomain(testDeps(), owner.id, uniqueName('验证码学校'));
    await approveInDomain(testDeps(), admin.id, school.id);
    const phone = uniquePhone();
    expect((await sendCode(phone)).status).toBe(200);
    const body = (code: string) => ({ username: uniqueName('试'), password: 'secret-12', school_id: school.id, phone, sms_code: code });
    const wrong = '000000'; // TEST_CODE is 246810
    const results = await burst(N, () => request('POST', '/users/register/', { json: body(wrong) }));
    split(results, 201, 0, 400);
    const messages = results.map((r) => r.body.sms_code?.[0] as string);
    expect(messages.filter((m) => /还可尝试/.test(m)).sort()).toEqual([1, 2, 3, 4].map((n) => `验证码错误，还可尝试 ${n} 次`));
    expect(messages.filter((m) => m === '验证码错误次数过多，请重新获取')).toHaveLength(N - 4);
    expect((await codeRows(phone))[0]?.attempts).toBe(5);
    const right = await request('POST', '/users/register/', { json: body(TEST_CODE) });
    expect(right.status, right.text).toBe(400);
    expect(await testDeps().db.select().from(accounts).where(eq(accounts.phone, phone)).all()).toEqual([]);
  });
});
