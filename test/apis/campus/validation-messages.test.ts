import { describe, expect, it } from 'vitest';
import { call, type CallOptions } from '../../helpers/http';
import { adminToken, approvedSchool, campusTeacher, createStudent, excourseTeacher, expectCampusError, expectOk } from './support';

/** Words of zod's (and the core's) English defaults, which must never reach a campus client. */
const ENGLISH = /too big|too small|invalid|expected|received|required|must be/i;

function expectChinese422(res: Awaited<ReturnType<typeof call>>) {
  const body = expectCampusError(res, 422);
  const messages: string[] = [body.msg, ...Object.values(body.data as Record<string, string[]>).flat()];
  for (const m of messages) {
    expect(m, res.text).not.toMatch(ENGLISH);
    expect(m, res.text).toMatch(/[\u4e00-\u9fff]/);
  }
  return body.data as Record<string, string[]>;
}

describe('campus 422 messages (Laravel: Chinese, one per failed rule, a wrong type alone)', () => {
  it('an id beyond 2^53 gets the Chinese message only, not zod’s safe-integer one', async () => {
    const t = await campusTeacher();
    expect(expectChinese422(await call('GET', '/v1/teacher/schools/9007199254740993', { token: t.token }))).toEqual({
      school_id: ['ID 必须是正整数。'],
    });
  });

  it('a value of the wrong type gets the type message alone', async () => {
    const t = await campusTeacher();
    expect(expectChinese422(await call('POST', '/v1/teacher/schools', { token: t.token, json: { name: ['四川大学'] } }))).toEqual({
      name: ['学校名称 必须是一个字符串。'],
    });
    const { owner, schoolId } = await approvedSchool();
    const data = expectChinese422(
      await call('POST', `/v1/teacher/schools/${schoolId}/students`, {
        token: owner.token,
        json: { name: ['学生'], username: ['ab'], password: 'student-1' },
      }),
    );
    expect(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.length]))).toEqual({ name: 1, username: 1 });
  });

  it('no English text in any 422 across the campus routes', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const big = '9007199254740993';
    const t = owner.token;
    const admin = await adminToken();
    const requests: [string, string, CallOptions][] = [
      ['POST', '/v1/login', {}],
      ['POST', '/v1/login', { json: { identity: 1e300, username: [1], password: {} } }],
      ['POST', '/v1/login', { json: { identity: '9', username: 'a@b', password: 'x'.repeat(5000) } }],
      ['POST', '/v1/login', { json: [] }],
      ['POST', '/v1/teacher/register', { json: { name: 1, username: true, password: [] } }],
      ['POST', '/v1/teacher/register', { json: { name: 'x', username: 'not-an-email', password: '1', extra: 1 } }],
      ['GET', `/v1/teacher/schools?page=${big}&per_page=-1`, { token: t }],
      ['GET', `/v1/teacher/schools/${big}`, { token: t }],
      ['PUT', `/v1/teacher/schools/${big}`, { token: t, json: { name: null } }],
      ['DELETE', `/v1/teacher/schools/${big}`, { token: t }],
      ['POST', '/v1/teacher/schools', { token: t, json: { name: { zh: '四川大学' } } }],
      ['POST', '/v1/teacher/schools', { token: t, body: 'null', headers: { 'Content-Type': 'application/json' } }],
      ['GET', `/v1/teacher/schools/${schoolId}/students?keyword[]=a&page=1.5`, { token: t }],
      ['POST', `/v1/teacher/schools/${big}/students`, { token: t, json: { name: '', username: 'a b', password: 12345678 } }],
      ['PUT', `/v1/teacher/schools/${schoolId}/students/${big}/password`, { token: t, json: { password: ['x'] } }],
      ['PUT', `/v1/teacher/schools/${schoolId}/students/${s.id}`, { token: t, json: { name: 5, password: 'short' } }],
      ['DELETE', `/v1/teacher/schools/${schoolId}/students/${big}`, { token: t }],
      ['GET', `/v1/admin/schools?status=9&page=${big}`, { token: admin }],
      ['POST', `/v1/admin/schools/${big}/reject`, { token: admin, json: { reason: 7 } }],
    ];
    for (const [method, path, opts] of requests) expectChinese422(await call(method, path, opts));
    const studentToken = expectOk(
      await call('POST', '/v1/login', { json: { identity: 2, username: s.username, password: s.password } }),
    ).access_token;
    expectChinese422(await call('PUT', '/v1/student/password', { token: studentToken, json: { old_password: 1, password: [] } }));
  });
});

describe('DELETE /v1/teacher/schools/{id} while members remain', () => {
  it('names both counts and what the owner can do about each (remove students; the sysadmin moves teachers)', async () => {
    const { owner, schoolId } = await approvedSchool();
    await createStudent(owner.token, schoolId);
    await createStudent(owner.token, schoolId);
    await excourseTeacher(schoolId);
    const refused = expectCampusError(await call('DELETE', `/v1/teacher/schools/${schoolId}`, { token: owner.token }), 510);
    expect(refused.msg).toBe('该学校下还有 2 名学生和 1 名教师，请先移除学生，并联系超级管理员将教师调到其他学校，再删除学校');
    expect(refused.data).toEqual({});
  });
});
