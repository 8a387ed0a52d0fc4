import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import {
  expectAuthRequired,
  expectEnvelope,
  expectOk,
  makeDepartment,
  makeStudent,
  makeTask,
  makeUser,
  sysadminToken,
  taskRow,
} from './support';

const TASK_KEYS = [
  'advise',
  'courseName',
  'createdAt',
  'finishTime',
  'id',
  'microLessonName',
  'progressStatus',
  'scriptConfirmTime',
  'scriptCreateTime',
  'scriptReviewTime',
  'updatedAt',
  'userId',
  'videoConfirmTime',
  'videoCreateTime',
];
const PAGE_KEYS = [
  'content',
  'empty',
  'first',
  'last',
  'number',
  'numberOfElements',
  'pageable',
  'size',
  'sort',
  'totalElements',
  'totalPages',
];

describe('POST /api/lesson-tasks', () => {
  it('admins, liaisons and sysadmins create a task at status 0 in the documented shape', async () => {
    const teacher = await makeUser('teacher');
    for (const token of [(await makeUser('admin')).token, (await makeUser('liaison')).token, await sysadminToken()]) {
      const res = await call('POST', '/api/lesson-tasks', {
        token,
        json: { courseName: '测试课程', microLessonName: '测试微课', userId: teacher.id, advise: '任务说明' },
      });
      expectOk(res);
      const t = res.body.data;
      expect(Object.keys(t).sort()).toEqual(TASK_KEYS);
      expect(t).toMatchObject({
        courseName: '测试课程',
        microLessonName: '测试微课',
        userId: teacher.id,
        progressStatus: 0,
        scriptCreateTime: null,
        scriptReviewTime: null,
        scriptConfirmTime: null,
        videoCreateTime: null,
        videoConfirmTime: null,
        finishTime: null,
        advise: '任务说明',
      });
      expect(String(t.createdAt)).toMatch(/^\d{10}$/);
      expect(t.updatedAt).toBe(t.createdAt);
    }
  });

  it('advise may be left out (empty string)', async () => {
    const teacher = await makeUser('teacher');
    const res = await call('POST', '/api/lesson-tasks', {
      token: await sysadminToken(),
      json: { courseName: 'c', microLessonName: 'm', userId: teacher.id },
    });
    expectOk(res);
    expect(res.body.data.advise).toBe('');
  });

  it('a teacher may not create tasks (403/10006), not even for themselves', async () => {
    const teacher = await makeUser('teacher');
    const res = await call('POST', '/api/lesson-tasks', {
      token: teacher.token,
      json: { courseName: 'c', microLessonName: 'm', userId: teacher.id },
    });
    expectEnvelope(res, 403, 10006);
    const list = await call('GET', '/api/lesson-tasks', { token: teacher.token });
    expect(list.body.data.totalElements).toBe(0);
  });

  it('assignees must be active teachers: 10002 not a teacher, 10003 no such user, 10001 disabled', async () => {
    const token = await sysadminToken();
    const liaison = await makeUser('liaison');
    const student = await makeStudent();
    const disabled = await makeUser('teacher');
    expectOk(await call('POST', `/api/users/disable/${disabled.id}`, { token }));
    const make = (userId: number) => call('POST', '/api/lesson-tasks', { token, json: { courseName: 'c', microLessonName: 'm', userId } });
    expectEnvelope(await make(liaison.id), 400, 10002);
    expectEnvelope(await make(student.id), 404, 10003);
    expectEnvelope(await make(987654321), 404, 10003);
    expectEnvelope(await make(disabled.id), 400, 10001);
  });

  it('bad bodies are 400/10001 (missing, empty, too long)', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const base = { courseName: 'c', microLessonName: 'm', userId: teacher.id };
    for (const json of [
      { ...base, courseName: undefined },
      { ...base, microLessonName: '  ' },
      { ...base, courseName: 'x'.repeat(201) },
      { ...base, userId: String(teacher.id) },
      { ...base, advise: 'a'.repeat(2001) },
    ]) {
      expectEnvelope(await call('POST', '/api/lesson-tasks', { token, json }), 400, 10001);
    }
    const list = await call('GET', `/api/lesson-tasks?userId=${teacher.id}`, { token });
    expect(list.body.data.totalElements).toBe(0);
  });

  it('unknown fields (a stage, its time, a creator, an id) are ignored and not assigned', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const json = { courseName: 'c', microLessonName: 'm', userId: teacher.id, progressStatus: 5, finishTime: 1, createdBy: 1, id: 1 };
    const res = await call('POST', '/api/lesson-tasks', { token, json });
    expectOk(res);
    const made = res.body.data;
    expect(made.id).not.toBe(1);
    const back = await call('GET', `/api/lesson-tasks/${made.id}`, { token });
    expect(back.body.data).toMatchObject({ id: made.id, progressStatus: 0, finishTime: null, userId: teacher.id });
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', '/api/lesson-tasks', { json: { courseName: 'c', microLessonName: 'm', userId: 1 } });
  });
});

describe('GET /api/lesson-tasks/{id}', () => {
  it('staff read any task; a teacher reads a task assigned to them', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const task = await makeTask(token, teacher.id);
    for (const t of [token, (await makeUser('liaison')).token, teacher.token]) {
      const res = await call('GET', `/api/lesson-tasks/${task.id}`, { token: t });
      expectOk(res);
      expect(res.body.data).toEqual(task);
    }
  });

  it('another teacher’s task: 403/10006; no such task: 404/10001; bad id: 400/10001', async () => {
    const token = await sysadminToken();
    const owner = await makeUser('teacher');
    const other = await makeUser('teacher');
    const task = await makeTask(token, owner.id);
    expectEnvelope(await call('GET', `/api/lesson-tasks/${task.id}`, { token: other.token }), 403, 10006);
    expectEnvelope(await call('GET', '/api/lesson-tasks/987654321', { token }), 404, 10001);
    expectEnvelope(await call('GET', '/api/lesson-tasks/abc', { token }), 400, 10001);
    expectEnvelope(await call('GET', `/api/lesson-tasks/${task.id}`, { token: (await makeStudent()).token }), 403, 10006);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/lesson-tasks/1');
  });
});

describe('PUT /api/lesson-tasks/{id}', () => {
  it('the documented example: progressStatus 1 stamps scriptCreateTime and updatedAt', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const task = await makeTask(token, teacher.id);
    const res = await call('PUT', `/api/lesson-tasks/${task.id}`, {
      token: teacher.token,
      json: { progressStatus: 1, advise: '更新的任务说明' },
    });
    expectOk(res);
    const t = res.body.data;
    expect(t).toMatchObject({ id: task.id, progressStatus: 1, advise: '更新的任务说明', scriptReviewTime: null, finishTime: null });
    expect(String(t.scriptCreateTime)).toMatch(/^\d{10}$/);
    expect(t.updatedAt).toBeGreaterThanOrEqual(task.updatedAt as number);
    const row = (await taskRow(task.id))!;
    expect(row.progressStatus).toBe(1);
    expect(row.scriptCreateTime).toBe(row.updatedAt);
  });

  it('walking every stage stamps each time and 5 stamps finishTime', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const task = await makeTask(token, teacher.id);
    let last: any;
    for (const progressStatus of [1, 2, 3, 4, 5]) {
      last = (await call('PUT', `/api/lesson-tasks/${task.id}`, { token: (await makeUser('liaison')).token, json: { progressStatus } }))
        .body.data;
      expect(last.progressStatus).toBe(progressStatus);
    }
    for (const k of ['scriptCreateTime', 'scriptReviewTime', 'scriptConfirmTime', 'videoCreateTime', 'videoConfirmTime', 'finishTime'])
      expect(last[k], k).toEqual(expect.any(Number));
    expect(last.finishTime).toBe(last.videoConfirmTime);
  });

  it('values outside 0-5 are 400/10001 and change nothing', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const task = await makeTask(token, teacher.id);
    const before = await taskRow(task.id);
    for (const progressStatus of [6, -1, 1.5, '1', null]) {
      const res = await call('PUT', `/api/lesson-tasks/${task.id}`, { token, json: { progressStatus } });
      expectEnvelope(res, 400, 10001);
    }
    expect(await taskRow(task.id)).toEqual(before);
  });

  it('staff change names and reassign to another teacher; a non-teacher assignee is 400/10002 and changes nothing', async () => {
    const token = (await makeUser('liaison')).token;
    const teacher = await makeUser('teacher');
    const next = await makeUser('teacher');
    const task = await makeTask(await sysadminToken(), teacher.id);
    const res = await call('PUT', `/api/lesson-tasks/${task.id}`, {
      token,
      json: { courseName: '新课程', microLessonName: '新微课', userId: next.id },
    });
    expectOk(res);
    expect(res.body.data).toMatchObject({ courseName: '新课程', microLessonName: '新微课', userId: next.id });
    const before = await taskRow(task.id);
    const admin = await makeUser('admin');
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token, json: { userId: admin.id } }), 400, 10002);
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token, json: { userId: 987654321 } }), 404, 10003);
    expect(await taskRow(task.id)).toEqual(before);
    // The former teacher no longer sees it.
    expectEnvelope(await call('GET', `/api/lesson-tasks/${task.id}`, { token: teacher.token }), 403, 10006);
  });

  it('a teacher may not touch another teacher’s task, nor change names or the assignee of their own', async () => {
    const token = await sysadminToken();
    const owner = await makeUser('teacher');
    const other = await makeUser('teacher');
    const task = await makeTask(token, owner.id);
    const before = await taskRow(task.id);
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token: other.token, json: { progressStatus: 2 } }), 403, 10006);
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token: owner.token, json: { courseName: 'x' } }), 403, 10006);
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token: owner.token, json: { userId: other.id } }), 403, 10006);
    expect(await taskRow(task.id)).toEqual(before);
  });

  it('an empty body, a body of unknown fields only and unknown tasks are refused; unknown fields beside known ones are ignored', async () => {
    const token = await sysadminToken();
    const task = await makeTask(token, (await makeUser('teacher')).id);
    const before = await taskRow(task.id);
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token, json: {} }), 400, 10001);
    expectEnvelope(await call('PUT', `/api/lesson-tasks/${task.id}`, { token, json: { finishTime: 1 } }), 400, 10001);
    expect(await taskRow(task.id)).toEqual(before);
    expectOk(await call('PUT', `/api/lesson-tasks/${task.id}`, { token, json: { createdAt: 1, id: 1, progressStatus: 1 } }));
    const back = (await call('GET', `/api/lesson-tasks/${task.id}`, { token })).body.data;
    expect(back).toMatchObject({ id: task.id, progressStatus: 1, createdAt: task.createdAt });
    expectEnvelope(await call('PUT', '/api/lesson-tasks/987654321', { token, json: { progressStatus: 1 } }), 404, 10001);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('PUT', '/api/lesson-tasks/1', { json: { progressStatus: 1 } });
  });
});

describe('DELETE /api/lesson-tasks/{id}', () => {
  it('staff delete: data null, then 404', async () => {
    const teacher = await makeUser('teacher');
    for (const token of [(await makeUser('admin')).token, (await makeUser('liaison')).token, await sysadminToken()]) {
      const task = await makeTask(token, teacher.id);
      const res = await call('DELETE', `/api/lesson-tasks/${task.id}`, { token });
      expectOk(res);
      expect(res.body.data).toBeNull();
      expect(await taskRow(task.id)).toBeUndefined();
      expectEnvelope(await call('DELETE', `/api/lesson-tasks/${task.id}`, { token }), 404, 10001);
    }
  });

  it('a teacher may not delete, not even their own task', async () => {
    const teacher = await makeUser('teacher');
    const task = await makeTask(await sysadminToken(), teacher.id);
    expectEnvelope(await call('DELETE', `/api/lesson-tasks/${task.id}`, { token: teacher.token }), 403, 10006);
    expect(await taskRow(task.id)).toBeDefined();
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('DELETE', '/api/lesson-tasks/1');
  });
});

describe('GET /api/lesson-tasks', () => {
  it('answers a Spring page: page from 1, pageNumber from 0, size default 10', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push((await makeTask(token, teacher.id)).id as number);
    const first = await call('GET', `/api/lesson-tasks?userId=${teacher.id}`, { token });
    expectOk(first);
    const p = first.body.data;
    expect(Object.keys(p).sort()).toEqual(PAGE_KEYS);
    expect(p.pageable).toEqual({
      sort: { empty: true, sorted: false, unsorted: true },
      offset: 0,
      pageNumber: 0,
      pageSize: 10,
      paged: true,
      unpaged: false,
    });
    expect(p).toMatchObject({
      totalElements: 12,
      totalPages: 2,
      first: true,
      last: false,
      empty: false,
      size: 10,
      number: 0,
      numberOfElements: 10,
    });
    expect(p.content.map((t: { id: number }) => t.id)).toEqual(ids.slice(0, 10));
    for (const t of p.content) expect(Object.keys(t).sort()).toEqual(TASK_KEYS);
    const second = (await call('GET', `/api/lesson-tasks?userId=${teacher.id}&page=2&size=10`, { token })).body.data;
    expect(second).toMatchObject({ first: false, last: true, number: 1, numberOfElements: 2 });
    expect(second.pageable.pageNumber).toBe(1);
    expect(second.pageable.offset).toBe(10);
    expect(second.content.map((t: { id: number }) => t.id)).toEqual(ids.slice(10));
    const beyond = (await call('GET', `/api/lesson-tasks?userId=${teacher.id}&page=5`, { token })).body.data;
    expect(beyond).toMatchObject({ content: [], empty: true, numberOfElements: 0, totalElements: 12, last: true });
  });

  it('staff see every task without userId', async () => {
    const token = await sysadminToken();
    const a = await makeTask(token, (await makeUser('teacher')).id);
    const b = await makeTask(token, (await makeUser('teacher')).id);
    const all = (await call('GET', '/api/lesson-tasks?size=100&page=1', { token: (await makeUser('liaison')).token })).body.data;
    expect(all.totalElements).toBeGreaterThanOrEqual(2);
    const total = all.totalElements;
    let seen: number[] = [];
    for (let page = 1; page <= Math.ceil(total / 100); page++) {
      seen = seen.concat(
        (await call('GET', `/api/lesson-tasks?size=100&page=${page}`, { token })).body.data.content.map((t: { id: number }) => t.id),
      );
    }
    expect(seen).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('a teacher sees only their own tasks, with or without their own userId; another userId is 403/10006', async () => {
    const token = await sysadminToken();
    const t1 = await makeUser('teacher');
    const t2 = await makeUser('teacher');
    const mine = await makeTask(token, t1.id);
    await makeTask(token, t2.id);
    for (const q of ['', `?userId=${t1.id}`]) {
      const res = await call('GET', `/api/lesson-tasks${q}`, { token: t1.token });
      expectOk(res);
      expect(res.body.data.content.map((t: { id: number }) => t.id)).toEqual([mine.id]);
      expect(res.body.data.totalElements).toBe(1);
    }
    expectEnvelope(await call('GET', `/api/lesson-tasks?userId=${t2.id}`, { token: t1.token }), 403, 10006);
  });

  it('bad paging is 400/10001', async () => {
    const token = await sysadminToken();
    for (const q of ['page=0', 'size=0', 'size=101', 'page=x', 'userId=0', 'userId=abc']) {
      expectEnvelope(await call('GET', `/api/lesson-tasks?${q}`, { token }), 400, 10001);
    }
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/lesson-tasks');
  });
});

describe('GET /api/lesson-tasks/department/{departmentId}', () => {
  it('answers the tasks of the department’s users with each assignee’s username', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    const t1 = await makeUser('teacher', { departmentId: d.id, username: '教师账号1' });
    const t2 = await makeUser('teacher', { departmentId: d.id, username: '教师账号2' });
    const outsider = await makeUser('teacher');
    const a = await makeTask(token, t1.id);
    const b = await makeTask(token, t2.id);
    await makeTask(token, outsider.id);
    const res = await call('GET', `/api/lesson-tasks/department/${d.id}`, { token: (await makeUser('liaison')).token });
    expectOk(res);
    const p = res.body.data;
    expect(Object.keys(p).sort()).toEqual(PAGE_KEYS);
    expect(p.totalElements).toBe(2);
    expect(p.content.map((t: { id: number; username: string }) => [t.id, t.username])).toEqual([
      [a.id, '教师账号1'],
      [b.id, '教师账号2'],
    ]);
    expect(Object.keys(p.content[0]).sort()).toEqual([...TASK_KEYS, 'username'].sort());
    const paged = (await call('GET', `/api/lesson-tasks/department/${d.id}?page=2&size=1`, { token })).body.data;
    expect(paged.content.map((t: { id: number }) => t.id)).toEqual([b.id]);
    expect(paged).toMatchObject({ totalPages: 2, number: 1, last: true, first: false });
  });

  it('a teacher sees only their own tasks there', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    const t1 = await makeUser('teacher', { departmentId: d.id });
    const t2 = await makeUser('teacher', { departmentId: d.id });
    const mine = await makeTask(token, t1.id);
    await makeTask(token, t2.id);
    const res = await call('GET', `/api/lesson-tasks/department/${d.id}`, { token: t1.token });
    expectOk(res);
    expect(res.body.data.content.map((t: { id: number }) => t.id)).toEqual([mine.id]);
  });

  it('an unknown department: 404/10001; bad id or paging: 400/10001', async () => {
    const token = await sysadminToken();
    expectEnvelope(await call('GET', '/api/lesson-tasks/department/987654321', { token }), 404, 10001);
    expectEnvelope(await call('GET', '/api/lesson-tasks/department/abc', { token }), 400, 10001);
    const d = await makeDepartment();
    expectEnvelope(await call('GET', `/api/lesson-tasks/department/${d.id}?page=0`, { token }), 400, 10001);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/lesson-tasks/department/1');
  });
});
