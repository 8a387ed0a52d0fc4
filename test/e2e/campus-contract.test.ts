// The campus API (document 004, issue 6) checked from the outside, over real HTTP against
// `npm start` (wrangler dev), as a Laravel frontend calls it: the `{code, msg, message, data}`
// envelope with the HTTP status equal to `code` (510 → 400), Laravel pages, 10-digit times, teacher
// registration and sign-in, schools with their review by the sysadmin, students and their sign-in.
import { devVar } from './dev-vars';
import { jsonClient, type Sent } from './json-client';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

const ADMIN_EMAIL = devVar('ADMIN_EMAIL');
const ADMIN_PASSWORD = devVar('ADMIN_PASSWORD');

/** Every response body seen is kept, to check at the end that no password or hash was ever sent. */
const { send, seen } = jsonClient(baseUrl);

/** Success: HTTP 200 and `{code: 200, msg, message, data}`; returns `data`. */
function ok(r: Sent): any {
  expect(r.status, r.text).toBe(200);
  expect(Object.keys(r.body).sort()).toEqual(['code', 'data', 'message', 'msg']);
  expect(r.body.code).toBe(200);
  expect(typeof r.body.msg).toBe('string');
  expect(r.body.message).toBe(r.body.msg);
  return r.body.data;
}

/** An error: the envelope with `code`; HTTP status = code, except 510 → 400. */
function fails(r: Sent, code: number): any {
  expect(r.status, r.text).toBe(code === 510 ? 400 : code);
  expect(Object.keys(r.body ?? {}).sort(), r.text).toEqual(['code', 'data', 'message', 'msg']);
  expect(r.body.code).toBe(code);
  expect(typeof r.body.msg).toBe('string');
  expect(r.body.msg.length).toBeGreaterThan(0);
  expect(r.body.message).toBe(r.body.msg);
  return r.body.data;
}

/** 422: field errors in `data` as `{field: [messages]}`. */
function invalid(r: Sent, field: string) {
  const data = fails(r, 422);
  expect(data[field], r.text).toEqual(expect.arrayContaining([expect.any(String)]));
}

const TEN_DIGITS = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && String(n).length === 10;

function expectToken(data: any) {
  expect(data.token_type).toBe('bearer');
  expect(typeof data.access_token).toBe('string');
  expect(data.access_token.split('.')).toHaveLength(3);
}

const SCHOOL_KEYS = ['created_at', 'id', 'is_owner', 'name', 'reject_reason', 'status', 'status_text', 'updated_at'];
function expectSchool(s: any) {
  for (const k of SCHOOL_KEYS) expect(s, k).toHaveProperty(k);
  expect(Number.isInteger(s.id)).toBe(true);
  expect(typeof s.name).toBe('string');
  expect([1, 2, 3]).toContain(s.status);
  expect(s.status_text).toBe({ 1: '待审核', 2: '正常', 3: '已驳回' }[s.status as 1 | 2 | 3]);
  expect(typeof s.reject_reason).toBe('string');
  expect(typeof s.is_owner).toBe('boolean');
  expect(TEN_DIGITS(s.created_at), String(s.created_at)).toBe(true);
  expect(TEN_DIGITS(s.updated_at), String(s.updated_at)).toBe(true);
}

function expectPage(d: any, page: number, perPage: number) {
  expect(Object.keys(d).sort()).toEqual(['current_page', 'from', 'last_page', 'list', 'per_page', 'to', 'total']);
  expect(Array.isArray(d.list)).toBe(true);
  expect(Number.isInteger(d.total)).toBe(true);
  expect(d.current_page).toBe(page);
  expect(d.per_page).toBe(perPage);
  expect(d.last_page).toBe(Math.max(1, Math.ceil(d.total / perPage)));
  if (d.list.length) {
    expect(d.from).toBe((page - 1) * perPage + 1);
    expect(d.to).toBe((page - 1) * perPage + d.list.length);
  } else {
    expect(d.from).toBeNull();
    expect(d.to).toBeNull();
  }
}

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const teacher = { name: '张老师', username: `e2e.campus.owner.${suffix}@example.com`, password: 'teach-pass-1' };
const other = { name: '李老师', username: `e2e.campus.other.${suffix}@example.com`, password: 'other-pass-1' };
const student = { name: '王同学', username: `stu_${suffix}`, password: 'stud-pass-1' };

let ownerToken = '';
let otherToken = '';
let adminToken = '';

beforeAll(async () => {
  const admin = await send('POST', '/v1/login', { json: { identity: 1, username: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  adminToken = ok(admin).access_token;
});

describe('campus contract over HTTP (document 004)', () => {
  let schoolId = 0;
  let rejectedId = 0;
  let studentId = 0;
  let studentToken = '';

  it('POST /v1/teacher/register {name, username (e-mail), password} → a bearer token', async () => {
    const data = ok(await send('POST', '/v1/teacher/register', { json: teacher }));
    expectToken(data);
    ownerToken = data.access_token;
    otherToken = ok(await send('POST', '/v1/teacher/register', { json: { ...other, password_confirmation: other.password } })).access_token;
  });

  it('registration is validated with 422 and field errors in data', async () => {
    invalid(await send('POST', '/v1/teacher/register', { json: teacher }), 'username'); // taken
    invalid(await send('POST', '/v1/teacher/register', { json: { ...teacher, username: 'not-an-email' } }), 'username');
    invalid(
      await send('POST', '/v1/teacher/register', { json: { ...teacher, username: `x.${suffix}@example.com`, password: '12345' } }),
      'password',
    );
    invalid(
      await send('POST', '/v1/teacher/register', { json: { ...teacher, username: `y.${suffix}@example.com`, password: 'x'.repeat(33) } }),
      'password',
    );
    invalid(await send('POST', '/v1/teacher/register', { json: { username: `z.${suffix}@example.com`, password: 'secret-1' } }), 'name');
    invalid(
      await send('POST', '/v1/teacher/register', {
        json: { name: 'N', username: `w.${suffix}@example.com`, password: 'secret-1', password_confirmation: 'secret-2' },
      }),
      'password',
    );
    fails(await send('POST', '/v1/teacher/register', { raw: '{"name":' }), 422);
  });

  it('POST /v1/login identity 1 with the e-mail → token; wrong password, wrong identity → 401; bad input → 422', async () => {
    expectToken(ok(await send('POST', '/v1/login', { json: { identity: 1, username: teacher.username, password: teacher.password } })));
    expectToken(ok(await send('POST', '/v1/login', { json: { identity: '1', username: teacher.username, password: teacher.password } })));
    fails(await send('POST', '/v1/login', { json: { identity: 1, username: teacher.username, password: 'wrong-pass' } }), 401);
    fails(
      await send('POST', '/v1/login', { json: { identity: 1, username: `nobody.${suffix}@example.com`, password: 'wrong-pass' } }),
      401,
    );
    invalid(await send('POST', '/v1/login', { json: { identity: 1, username: 'not-an-email', password: 'x' } }), 'username');
    invalid(await send('POST', '/v1/login', { json: { identity: 2, username: 'abc', password: 'x' } }), 'username');
    invalid(await send('POST', '/v1/login', { json: { identity: 3, username: teacher.username, password: teacher.password } }), 'identity');
    invalid(await send('POST', '/v1/login', { json: { username: teacher.username, password: teacher.password } }), 'identity');
  });

  it('teacher routes without a token, with a garbage token, or a malformed header → 401 envelope', async () => {
    fails(await send('GET', '/v1/teacher/schools'), 401);
    fails(await send('GET', '/v1/teacher/schools', { token: 'garbage.token.value' }), 401);
    fails(await send('GET', '/v1/teacher/schools', { auth: ownerToken }), 401);
    fails(await send('POST', '/v1/teacher/schools', { json: { name: '四川大学' } }), 401);
  });

  it('unknown routes under /v1 → 404 envelope', async () => {
    fails(await send('GET', '/v1/nope'), 404);
    fails(await send('GET', '/v1/teacher/schools/1/nope', { token: ownerToken }), 404);
  });

  it('GET /v1/teacher/schools with no schools → an empty Laravel page', async () => {
    const d = ok(await send('GET', '/v1/teacher/schools', { token: ownerToken }));
    expectPage(d, 1, 15);
    expect(d).toMatchObject({ list: [], total: 0, last_page: 1 });
  });

  it('POST /v1/teacher/schools {name} → the school, 待审核 (status 1), is_owner, 10-digit times', async () => {
    const s = ok(await send('POST', '/v1/teacher/schools', { token: ownerToken, json: { name: `四川大学${suffix}` } }));
    expectSchool(s);
    expect(s).toMatchObject({ name: `四川大学${suffix}`, status: 1, status_text: '待审核', reject_reason: '', is_owner: true });
    schoolId = s.id;
    const r = ok(await send('POST', '/v1/teacher/schools', { token: ownerToken, json: { name: `驳回学校${suffix}` } }));
    rejectedId = r.id;
  });

  it('school names are 4-50 characters and not taken (422 on name)', async () => {
    invalid(await send('POST', '/v1/teacher/schools', { token: ownerToken, json: { name: '川大' } }), 'name');
    invalid(await send('POST', '/v1/teacher/schools', { token: ownerToken, json: { name: '校'.repeat(51) } }), 'name');
    invalid(await send('POST', '/v1/teacher/schools', { token: ownerToken, json: {} }), 'name');
    invalid(await send('POST', '/v1/teacher/schools', { token: otherToken, json: { name: `四川大学${suffix}` } }), 'name');
  });

  it('GET /v1/teacher/schools lists mine with page, per_page, from and to', async () => {
    const d = ok(await send('GET', '/v1/teacher/schools', { token: ownerToken }));
    expectPage(d, 1, 15);
    expect(d.total).toBe(2);
    d.list.forEach(expectSchool);
    expect(d.list.map((s: any) => s.id).sort()).toEqual([schoolId, rejectedId].sort());

    const p2 = ok(await send('GET', '/v1/teacher/schools?page=2&per_page=1', { token: ownerToken }));
    expectPage(p2, 2, 1);
    expect(p2).toMatchObject({ total: 2, last_page: 2, from: 2, to: 2 });

    const empty = ok(await send('GET', '/v1/teacher/schools', { token: otherToken }));
    expect(empty.total).toBe(0);
    fails(await send('GET', '/v1/teacher/schools?per_page=101', { token: ownerToken }), 422);
    fails(await send('GET', '/v1/teacher/schools?page=0', { token: ownerToken }), 422);
  });

  it('GET /v1/teacher/schools/{id}: the owner → 200; another teacher → 403; no such school → 410', async () => {
    const s = ok(await send('GET', `/v1/teacher/schools/${schoolId}`, { token: ownerToken }));
    expectSchool(s);
    expect(s).toMatchObject({ id: schoolId, is_owner: true, status: 1 });
    fails(await send('GET', `/v1/teacher/schools/${schoolId}`, { token: otherToken }), 403);
    fails(await send('GET', '/v1/teacher/schools/999999999', { token: ownerToken }), 410);
  });

  it('PUT /v1/teacher/schools/{id} renames (owner only; others 403, missing 410, short name 422)', async () => {
    const s = ok(await send('PUT', `/v1/teacher/schools/${schoolId}`, { token: ownerToken, json: { name: `四川大学新${suffix}` } }));
    expectSchool(s);
    expect(s).toMatchObject({ id: schoolId, name: `四川大学新${suffix}`, status: 1 });
    fails(await send('PUT', `/v1/teacher/schools/${schoolId}`, { token: otherToken, json: { name: `抢注学校${suffix}` } }), 403);
    fails(await send('PUT', '/v1/teacher/schools/999999999', { token: ownerToken, json: { name: `不存在的${suffix}` } }), 410);
    invalid(await send('PUT', `/v1/teacher/schools/${schoolId}`, { token: ownerToken, json: { name: 'abc' } }), 'name');
  });

  it('students cannot be added to a school that is not approved yet (510)', async () => {
    fails(await send('POST', `/v1/teacher/schools/${schoolId}/students`, { token: ownerToken, json: student }), 510);
  });

  it('review: teachers get 403; the sysadmin lists pending schools, approves one and rejects one with a reason', async () => {
    fails(await send('GET', '/v1/admin/schools?status=1', { token: ownerToken }), 403);
    fails(await send('POST', `/v1/admin/schools/${schoolId}/approve`, { token: ownerToken }), 403);
    fails(await send('GET', '/v1/admin/schools'), 401);

    const d = ok(await send('GET', '/v1/admin/schools?status=1&per_page=100', { token: adminToken }));
    expectPage(d, 1, 100);
    const mine = d.list.find((s: any) => s.id === schoolId);
    expectSchool(mine);
    expect(mine.status).toBe(1);
    expect(d.list.every((s: any) => s.status === 1)).toBe(true);

    const all = ok(await send('GET', '/v1/admin/schools?status=&per_page=100', { token: adminToken }));
    expectPage(all, 1, 100);
    expect(all.total).toBeGreaterThanOrEqual(d.total);
    fails(await send('GET', '/v1/admin/schools?status=9', { token: adminToken }), 422);

    const approved = ok(await send('POST', `/v1/admin/schools/${schoolId}/approve`, { token: adminToken }));
    expectSchool(approved);
    expect(approved).toMatchObject({ id: schoolId, status: 2, status_text: '正常', reject_reason: '' });
    fails(await send('POST', `/v1/admin/schools/${schoolId}/approve`, { token: adminToken }), 510);
    fails(await send('POST', '/v1/admin/schools/999999999/approve', { token: adminToken }), 410);

    invalid(await send('POST', `/v1/admin/schools/${rejectedId}/reject`, { token: adminToken, json: {} }), 'reason');
    const rejected = ok(await send('POST', `/v1/admin/schools/${rejectedId}/reject`, { token: adminToken, json: { reason: '名称不符' } }));
    expect(rejected).toMatchObject({ id: rejectedId, status: 3, status_text: '已驳回', reject_reason: '名称不符' });

    const seenByOwner = ok(await send('GET', `/v1/teacher/schools/${rejectedId}`, { token: ownerToken }));
    expect(seenByOwner).toMatchObject({ status: 3, status_text: '已驳回', reject_reason: '名称不符', is_owner: true });
  });

  it('the owner renames a rejected school and so resubmits it (status 1, reason cleared)', async () => {
    const s = ok(await send('PUT', `/v1/teacher/schools/${rejectedId}`, { token: ownerToken, json: { name: `重新提交${suffix}` } }));
    expect(s).toMatchObject({ id: rejectedId, status: 1, status_text: '待审核', reject_reason: '' });
  });

  it('students: the owner of the approved school creates one (422 for bad or taken usernames; others 403)', async () => {
    const s = ok(await send('POST', `/v1/teacher/schools/${schoolId}/students`, { token: ownerToken, json: student }));
    expect(s).toMatchObject({ name: student.name, username: student.username, school_id: schoolId });
    expect(Number.isInteger(s.id)).toBe(true);
    expect(TEN_DIGITS(s.created_at)).toBe(true);
    expect(s).not.toHaveProperty('password');
    studentId = s.id;

    invalid(await send('POST', `/v1/teacher/schools/${schoolId}/students`, { token: ownerToken, json: student }), 'username');
    invalid(
      await send('POST', `/v1/teacher/schools/${schoolId}/students`, { token: ownerToken, json: { ...student, username: 'abc' } }),
      'username',
    );
    invalid(
      await send('POST', `/v1/teacher/schools/${schoolId}/students`, {
        token: ownerToken,
        json: { ...student, username: `s2_${suffix}`, password: '123' },
      }),
      'password',
    );
    fails(
      await send('POST', `/v1/teacher/schools/${schoolId}/students`, { token: otherToken, json: { ...student, username: `s3_${suffix}` } }),
      403,
    );
    fails(
      await send('POST', '/v1/teacher/schools/999999999/students', { token: ownerToken, json: { ...student, username: `s4_${suffix}` } }),
      410,
    );
  });

  it('students: the owner lists them as a page; other teachers get 403', async () => {
    const d = ok(await send('GET', `/v1/teacher/schools/${schoolId}/students`, { token: ownerToken }));
    expectPage(d, 1, 15);
    expect(d.total).toBe(1);
    expect(d.list[0]).toMatchObject({ id: studentId, username: student.username, name: student.name });
    fails(await send('GET', `/v1/teacher/schools/${schoolId}/students`, { token: otherToken }), 403);
  });

  it('a student signs in with identity 2, reads /v1/student/profile with the school, and is kept off teacher routes', async () => {
    fails(
      await send('POST', '/v1/login', { json: { identity: 1, username: `${student.username}@example.com`, password: student.password } }),
      401,
    );
    fails(await send('POST', '/v1/login', { json: { identity: 2, username: teacher.username, password: teacher.password } }), 401);
    const t = ok(await send('POST', '/v1/login', { json: { identity: 2, username: student.username, password: student.password } }));
    expectToken(t);
    studentToken = t.access_token;

    const p = ok(await send('GET', '/v1/student/profile', { token: studentToken }));
    expect(p).toMatchObject({ id: studentId, name: student.name, username: student.username });
    expect(p.school).toMatchObject({ id: schoolId, status: 2, status_text: '正常' });
    expect(TEN_DIGITS(p.school.created_at)).toBe(true);

    fails(await send('GET', '/v1/teacher/schools', { token: studentToken }), 403);
    fails(await send('POST', '/v1/teacher/schools', { token: studentToken, json: { name: `学生学校${suffix}` } }), 403);
    fails(await send('GET', '/v1/student/profile', { token: ownerToken }), 403);
    fails(await send('GET', '/v1/student/profile'), 401);
  });

  it('PUT /v1/student/password checks the old one (422), then returns a new token; the old token stops working', async () => {
    invalid(
      await send('PUT', '/v1/student/password', { token: studentToken, json: { old_password: 'wrong-old', password: 'new-stud-1' } }),
      'old_password',
    );
    const t = ok(
      await send('PUT', '/v1/student/password', { token: studentToken, json: { old_password: student.password, password: 'new-stud-1' } }),
    );
    expectToken(t);
    fails(await send('GET', '/v1/student/profile', { token: studentToken }), 401);
    ok(await send('GET', '/v1/student/profile', { token: t.access_token }));
    studentToken = t.access_token;
  });

  it('PUT /v1/teacher/schools/{id}/students/{sid} renames the student (owner only)', async () => {
    fails(await send('PUT', `/v1/teacher/schools/${schoolId}/students/${studentId}`, { token: otherToken, json: { name: '改名' } }), 403);
    const s = ok(
      await send('PUT', `/v1/teacher/schools/${schoolId}/students/${studentId}`, { token: ownerToken, json: { name: '王同学改' } }),
    );
    expect(s).toMatchObject({ id: studentId, name: '王同学改', username: student.username, school_id: schoolId });
    ok(await send('GET', '/v1/student/profile', { token: studentToken }));
  });

  it('the owner resets the student password (the student signs in again) and deleting a school with students is 510', async () => {
    fails(
      await send('PUT', `/v1/teacher/schools/${schoolId}/students/${studentId}/password`, {
        token: otherToken,
        json: { password: 'reset-pass-1' },
      }),
      403,
    );
    invalid(
      await send('PUT', `/v1/teacher/schools/${schoolId}/students/${studentId}/password`, {
        token: ownerToken,
        json: { password: 'reset-pass-1', password_confirmation: 'nope-nope' },
      }),
      'password',
    );
    ok(
      await send('PUT', `/v1/teacher/schools/${schoolId}/students/${studentId}/password`, {
        token: ownerToken,
        json: { password: 'reset-pass-1', password_confirmation: 'reset-pass-1' },
      }),
    );
    fails(await send('GET', '/v1/student/profile', { token: studentToken }), 401);
    studentToken = ok(
      await send('POST', '/v1/login', { json: { identity: 2, username: student.username, password: 'reset-pass-1' } }),
    ).access_token;

    fails(await send('DELETE', `/v1/teacher/schools/${schoolId}`, { token: otherToken }), 403);
    const refused = fails(await send('DELETE', `/v1/teacher/schools/${schoolId}`, { token: ownerToken }), 510);
    expect(refused).toEqual({});
  });

  it('the owner removes the student (sign-in then fails) and deletes the empty school (then 410)', async () => {
    fails(await send('DELETE', `/v1/teacher/schools/${schoolId}/students/${studentId}`, { token: otherToken }), 403);
    ok(await send('DELETE', `/v1/teacher/schools/${schoolId}/students/${studentId}`, { token: ownerToken }));
    fails(await send('DELETE', `/v1/teacher/schools/${schoolId}/students/${studentId}`, { token: ownerToken }), 410);
    fails(await send('GET', '/v1/student/profile', { token: studentToken }), 401);
    fails(await send('POST', '/v1/login', { json: { identity: 2, username: student.username, password: 'reset-pass-1' } }), 401);

    ok(await send('DELETE', `/v1/teacher/schools/${schoolId}`, { token: ownerToken }));
    fails(await send('GET', `/v1/teacher/schools/${schoolId}`, { token: ownerToken }), 410);
    fails(await send('DELETE', `/v1/teacher/schools/${schoolId}`, { token: ownerToken }), 410);
  });

  it('no response carried a password or a password hash', () => {
    for (const text of seen) {
      expect(text).not.toMatch(/"password"\s*:\s*"/);
      expect(text).not.toMatch(/pbkdf2/i);
      for (const p of [teacher.password, other.password, student.password, 'new-stud-1', 'reset-pass-1', ADMIN_PASSWORD])
        expect(text).not.toContain(p);
    }
  });
});
