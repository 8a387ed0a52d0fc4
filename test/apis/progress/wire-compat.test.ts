// Regressions for the outside audit of the progress API (report of the wire-compatibility audit): blank
// avatar, empty optional query parameters, the departmentId message, Chinese validation messages, and
// no parser English in import errors.
import { describe, expect, it } from 'vitest';
import { call, uniqueEmail } from '../../helpers/http';
import { accountRow, expectEnvelope, expectOk, makeDepartment, makeTask, makeUser, sysadminToken, upload } from './support';

async function registration(over: Record<string, unknown> = {}) {
  return {
    username: '张三',
    email: uniqueEmail('wire'),
    password: 'password123',
    departmentId: (await makeDepartment()).id,
    roles: 1,
    jobs: 1,
    ...over,
  };
}

const idOf = async (email: string, token: string) =>
  (await call('GET', `/api/users/teacher/search?email=${encodeURIComponent(email)}`, { token })).body.data.id as number;

describe('POST /api/users: a blank avatar is no avatar', () => {
  it('"" and "   " register the user with avatar null, as an absent avatar does', async () => {
    const token = await sysadminToken();
    for (const avatar of ['', '   ']) {
      const body = await registration({ avatar, creatorId: 1 });
      expectOk(await call('POST', '/api/users', { json: body }));
      expect((await accountRow(await idOf(body.email, token)))!.avatarUrl, JSON.stringify(avatar)).toBeNull();
    }
  });

  it('a value that is not an http(s) URL is still refused, in Chinese', async () => {
    for (const avatar of ['ftp://example.com/a.png', 'javascript:alert(1)', 5]) {
      const res = await call('POST', '/api/users', { json: await registration({ avatar }) });
      expectEnvelope(res, 400, 10001);
      expect(res.body.message, String(avatar)).toContain('头像必须是 http(s) 地址');
    }
  });
});

describe('empty optional query parameters are absent (Spring binds them to null)', () => {
  it('GET /api/lesson-tasks?userId= is the unfiltered list; ?page=&size= the default page', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    await makeTask(token, teacher.id);
    const unfiltered = await call('GET', '/api/lesson-tasks?page=1&size=10', { token });
    const empty = await call('GET', '/api/lesson-tasks?page=1&size=10&userId=', { token });
    expectOk(empty);
    expect(empty.body.data.totalElements).toBe(unfiltered.body.data.totalElements);
    const defaults = await call('GET', '/api/lesson-tasks?page=&size=&userId=', { token });
    expectOk(defaults);
    expect(defaults.body.data).toMatchObject({ number: 0, size: 10 });
    // A teacher's empty filter is "my tasks", not someone else's (no 403).
    const own = await call('GET', '/api/lesson-tasks?userId=', { token: teacher.token });
    expectOk(own);
    expect(own.body.data.content.every((t: { userId: number }) => t.userId === teacher.id)).toBe(true);
  });

  it('GET /api/users/list?page=1&limit= and the department task page with empty paging answer the defaults', async () => {
    const token = await sysadminToken();
    const users = await call('GET', '/api/users/list?page=1&limit=', { token });
    expectOk(users);
    expect(users.body.data).toMatchObject({ currentPage: 1, pageSize: 10 });
    const d = await makeDepartment();
    const tasks = await call('GET', `/api/lesson-tasks/department/${d.id}?page=&size=`, { token });
    expectOk(tasks);
    expect(tasks.body.data).toMatchObject({ number: 0, size: 10 });
  });

  it('non-empty bad values are still refused (digits only)', async () => {
    const token = await sysadminToken();
    for (const q of ['userId=abc', 'userId=1e3', 'userId=%201', 'userId=%20', 'page=%20', 'size=1.0', 'page=1&page=2']) {
      expectEnvelope(await call('GET', `/api/lesson-tasks?${q}`, { token }), 400, 10001);
    }
    for (const q of ['limit=abc', 'limit=%20', 'page=01']) expectEnvelope(await call('GET', `/api/users/list?${q}`, { token }), 400, 10001);
  });
});

describe('POST /api/users: the departmentId message says what is wrong', () => {
  it('"1", 0, 1.5 and -1 are not positive integers; missing and null are empty', async () => {
    for (const departmentId of ['1', 0, 1.5, -1]) {
      const res = await call('POST', '/api/users', { json: await registration({ departmentId }) });
      expectEnvelope(res, 400, 10001);
      expect(res.body.message, JSON.stringify(departmentId)).toBe('参数无效：body.departmentId 部门ID必须是正整数');
    }
    for (const departmentId of [undefined, null]) {
      const res = await call('POST', '/api/users', { json: await registration({ departmentId }) });
      expectEnvelope(res, 400, 10001);
      expect(res.body.message, String(departmentId)).toBe('参数无效：body.departmentId 部门ID不能为空');
    }
  });
});

/** Words a message may contain besides the request's own field names: locations, formats and units. */
const ALLOWED_WORDS = new Set([
  'body',
  'query',
  'path',
  'http',
  'https',
  's',
  'JSON',
  'multipart',
  'form',
  'data',
  'file',
  'xlsx',
  'csv',
  'MB',
  'null',
]);

function expectChinese(message: string, fields: string[], label: string) {
  expect(message, label).toMatch(/^参数无效：|^[^A-Za-z]/);
  expect(message, label).not.toMatch(/Invalid|expected|received|Unrecognized|Too (big|small)|Required|characters|option/);
  const words = (message.match(/[A-Za-z]+/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w) && !fields.includes(w));
  expect(words, `${label}: ${message}`).toEqual([]);
}

describe('validation messages are Chinese and name the field', () => {
  it('the audit’s cases answer the documented sentences', async () => {
    const token = await sysadminToken();
    const cases: [string, string, Record<string, unknown> | undefined, string][] = [
      ['POST', '/api/users/login', { email: 'test@example.com' }, '参数无效：body.password password 不能为空'],
      [
        'POST',
        '/api/users/login',
        { email: 'test@example.com', password: 'x', remember: 'yes' },
        '参数无效：body.remember remember 必须是布尔值',
      ],
      ['POST', '/api/users', { ...(await registration()), creatorId: '1' }, '参数无效：body.creatorId creatorId 必须是正整数'],
      ['POST', '/api/departments', { description: 'x' }, '参数无效：body.name name 不能为空'],
    ];
    const noCredentials = await registration();
    delete (noCredentials as Record<string, unknown>).username;
    delete (noCredentials as Record<string, unknown>).password;
    cases.push(['POST', '/api/users', noCredentials, '参数无效：body.username username 不能为空；body.password password 不能为空']);
    for (const [method, path, json, message] of cases) {
      const res = await call(method, path, { json, token: path === '/api/departments' ? token : undefined });
      expectEnvelope(res, 400, 10001);
      expect(res.body.message, `${path} ${JSON.stringify(json)}`).toBe(message);
    }
    // An unknown field is ignored, as Spring's Jackson defaults ignore it: no message at all.
    expectEnvelope(await call('POST', '/api/users', { json: { ...(await registration()), captcha: 'x' } }), 200, 10000);
    const search = await call('GET', '/api/users/teacher/search', { token });
    expectEnvelope(search, 400, 10001);
    expect(search.body.message).toBe('参数无效：query.email email 不能为空');
  });

  it('no zod English reaches `message` for a set of bad bodies, queries and paths', async () => {
    const token = await sysadminToken();
    const task = await makeTask(token, (await makeUser('teacher')).id);
    const valid = await registration();
    const bodies: [string, string, unknown][] = [
      ['POST', '/api/users/login', {}],
      ['POST', '/api/users/login', { email: 5, password: [], remember: 'yes', captcha: 1 }],
      ['POST', '/api/users/login', { email: 'a@b.cn', password: 'x'.repeat(2000) }],
      ['POST', '/api/users/login', null],
      ['POST', '/api/users/login', [1, 2]],
      ['POST', '/api/users', {}],
      ['POST', '/api/users', { ...valid, username: 7, email: 'x', password: 1, roles: '1', jobs: 9, avatar: 'ftp://x', creatorId: -1 }],
      [
        'POST',
        '/api/users',
        { ...valid, username: 'u'.repeat(300), email: `${'e'.repeat(300)}@example.com`, password: '1', departmentId: 2 ** 60 },
      ],
      ['POST', '/api/users', { ...valid, confirmPassword: 'x', password: '1' }],
      ['POST', '/api/departments', { name: '', description: 'd'.repeat(5000), extra: true }],
      ['POST', '/api/departments', { name: 5 }],
      ['POST', '/api/lesson-tasks', {}],
      ['POST', '/api/lesson-tasks', { courseName: ' ', microLessonName: 1, userId: 'x', advise: 5, progressStatus: 1 }],
      ['PUT', `/api/lesson-tasks/${task.id}`, {}],
      ['PUT', `/api/lesson-tasks/${task.id}`, { progressStatus: '2', courseName: null, id: 1, createdAt: 1 }],
      ['PUT', `/api/lesson-tasks/${task.id}`, { progressStatus: 6, advise: 'a'.repeat(100_000) }],
    ];
    for (const [method, path, json] of bodies) {
      const res = await call(method, path, { json, token });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}: ${res.text}`).toBe(400);
      const fields = json && typeof json === 'object' ? Object.keys(json) : [];
      expectChinese(
        res.body.message,
        [...fields, 'email', 'password', 'username', 'departmentId', 'courseName', 'microLessonName', 'userId', 'name'],
        `${method} ${path} ${JSON.stringify(json).slice(0, 80)}`,
      );
    }
    const queries = [
      '/api/users/list?page=abc&limit=1e3',
      '/api/users/teacher/search',
      '/api/users/teacher/search?email=',
      '/api/lesson-tasks?page=0&size=101&userId=-1',
      '/api/lesson-tasks/abc',
      '/api/lesson-tasks/department/0?page=x',
      '/api/users/disable/1.5',
      '/api/import/templates/nope',
    ];
    for (const path of queries) {
      const method = path.startsWith('/api/users/disable') ? 'POST' : 'GET';
      const res = await call(method, path, { token });
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expectChinese(
        res.body.message,
        ['page', 'limit', 'size', 'userId', 'email', 'id', 'departmentId', 'kind', 'users', 'lesson', 'tasks', 'departments'],
        path,
      );
    }
    const noBody = await call('POST', '/api/users/login');
    expectEnvelope(noBody, 400, 10001);
    expect(noBody.body.message).toBe('参数无效：body 请求体不能为空');
  });
});

describe('import file errors keep the parser’s English out of the message', () => {
  it('a corrupt .xlsx: the Chinese sentence only', async () => {
    const res = await upload('/api/import/users', await sysadminToken(), 'PK\u0003\u0004garbage', 'bad.xlsx');
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toBe('无法读取 .xlsx 文件：文件已损坏或格式不受支持');
  });

  it('a malformed multipart body: a Chinese sentence, not the multipart parser’s reason', async () => {
    const res = await call('POST', '/api/import/departments', {
      token: await sysadminToken(),
      body: 'not multipart at all',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
    });
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toBe('上传内容格式错误：请以 multipart/form-data 上传文件（字段名 file）');
  });
});
