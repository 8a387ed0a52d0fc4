import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { expectEnvelope, makeUser, sysadminToken } from './support';

const failingD1 = {
  prepare: () => {
    throw new Error('D1_ERROR: simulated outage (secret-internal-detail)');
  },
  batch: () => Promise.reject(new Error('D1_ERROR: simulated outage (secret-internal-detail)')),
} as unknown as D1Database;

describe('the progress envelope everywhere under its prefixes', () => {
  it('unknown paths under /api/users, /api/lesson-tasks, /api/import and /api/departments: 404/10001', async () => {
    for (const path of [
      '/api/users/nope',
      '/api/users/list/extra',
      '/api/lesson-tasks/1/comments',
      '/api/import/courses',
      '/api/import',
      '/api/departments/1',
    ]) {
      const res = await call('GET', path);
      expectEnvelope(res, 404, 10001);
      expect(res.body.message, path).toBe('接口不存在');
    }
  });

  it('a known path with another method: 405/10001 with Allow', async () => {
    const res = await call('DELETE', '/api/users/login');
    expectEnvelope(res, 405, 10001);
    expect(res.headers.get('Allow')).toContain('POST');
  });

  it('paths of other documents keep their own envelope (/api/user/… is not /api/users)', async () => {
    const res = await call('GET', '/api/usersX');
    expect(Object.keys(res.body ?? {})).not.toEqual(['code', 'data', 'message'].sort());
  });

  it('a JSON body over 1 MB: 413/10001', async () => {
    const res = await call('POST', '/api/users/login', { json: { email: 'a@b.c', password: 'x'.repeat(1024 * 1024) } });
    expectEnvelope(res, 413, 10001);
  });

  it('validation messages name the field', async () => {
    const res = await call('POST', '/api/lesson-tasks', {
      token: await sysadminToken(),
      json: { courseName: 'c', microLessonName: 'm', userId: 'x' },
    });
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toMatch(/^参数无效：body\.userId /);
  });

  it('a database failure: 500/10009 系统错误 without internals', async () => {
    const res = await call('GET', '/api/departments', { env: { DB: failingD1 } });
    expectEnvelope(res, 500, 10009);
    expect(res.body.message).toBe('系统错误');
    expect(res.text).not.toContain('secret-internal-detail');
    const teacher = await makeUser('teacher');
    const tasks = await call('GET', '/api/lesson-tasks', { token: teacher.token, env: { DB: failingD1 } });
    expectEnvelope(tasks, 500, 10009);
    expect(tasks.text).not.toMatch(/D1_ERROR|\.ts:\d+/);
  });
});
