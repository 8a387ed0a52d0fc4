/**
 * Every size cap at the cap and just over it (the list is in docs/limits.md): page sizes of every
 * paged list, the 1 MB JSON body limit, learning file sizes per type, avatar and cover sizes, import
 * file sizes, row counts and cell sizes. Caps are not throttles: RATE_LIMITS=off (this project's
 * default) leaves every one of them on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMIT_BYTES } from '../../src/app';
import { departments } from '../../src/db/schema';
import { MAX_DEPARTMENT_ROWS } from '../../src/domain/imports/department-import';
import { MAX_CELL_CHARS } from '../../src/domain/imports/sheet';
import { MAX_FILE_BYTES } from '../../src/domain/imports/spreadsheet';
import { MAX_TASK_ROWS } from '../../src/domain/imports/task-import';
import { MAX_USER_ROWS } from '../../src/domain/imports/user-import';
import { THUMBNAIL_MAX_BYTES } from '../../src/domain/materials/file-policy';
import { AVATAR_MAX_BYTES } from '../../src/domain/profiles/avatar';
import { COVER_MAX_BYTES } from '../../src/domain/courses/cover';
import { mp4, pdf, png as learningPng, uploadForm } from '../apis/learning/fixtures';
import { fileForm, png } from '../apis/personal-center/support';
import { testDeps } from '../helpers/deps';
import { call, type CallResult } from '../helpers/http';
import { everywhereAccount, type ApiName, type TestAccount } from './support';

const T = { timeout: 120_000 };
const MiB = 1024 * 1024;

/** Each API's answer to a request over a cap or outside a range: its status and the envelope's marker. */
function expectRefused(api: ApiName, res: CallResult, status: number) {
  expect(res.status, `${api}: ${res.text.slice(0, 300)}`).toBe(status);
  if (api === 'learning') expect(res.body.error.code).toEqual(expect.any(String));
  else if (api === 'personal-center') expect(res.body.status).toBe('error');
  else if (api === 'progress') expect(res.body.code).toBe(10001);
  else if (api === 'excourse') expect(typeof res.body).toBe('object');
  else expect(res.body.code).toBe(status);
}

let admin: TestAccount;
let teacher: TestAccount;
let student: TestAccount;
let departmentId: number;
let schoolId: number;
beforeAll(async () => {
  [admin, teacher, student] = [await everywhereAccount('sysadmin'), await everywhereAccount('teacher'), await everywhereAccount('student')];
  const now = Date.now();
  departmentId = (
    await testDeps()
      .db.insert(departments)
      .values({ name: `上限部门 ${now} ${Math.random()}`, createdAt: now, updatedAt: now })
      .returning()
      .get()
  ).id;
  const school = await call('POST', '/v1/teacher/schools', { token: teacher.token, json: { name: `上限学校 ${now}` } });
  expect(school.status, school.text).toBe(200);
  schoolId = school.body.data.id;
});

describe('page sizes: at most 100 on every paged list; above is refused (none clamps), as each document says', () => {
  const LISTS: {
    api: ApiName;
    path: () => string;
    param: string;
    token: () => string | undefined;
    over: number;
    echo?: (body: any) => unknown;
  }[] = [
    { api: 'learning', path: () => '/api/v1/materials', param: 'page_size', token: () => undefined, over: 422, echo: (b) => b.page_size },
    {
      api: 'personal-center',
      path: () => '/api/courses',
      param: 'page_size',
      token: () => undefined,
      over: 400,
      echo: (b) => b.data.pagination.page_size,
    },
    {
      api: 'personal-center',
      path: () => '/api/student/teams',
      param: 'page_size',
      token: () => student.token,
      over: 400,
      echo: (b) => b.data.pagination.page_size,
    },
    {
      api: 'personal-center',
      path: () => '/api/student/rooms',
      param: 'page_size',
      token: () => student.token,
      over: 400,
      echo: (b) => b.data.pagination.page_size,
    },
    { api: 'progress', path: () => '/api/users/list', param: 'limit', token: () => admin.token, over: 400, echo: (b) => b.data.pageSize },
    {
      api: 'progress',
      path: () => '/api/lesson-tasks',
      param: 'size',
      token: () => admin.token,
      over: 400,
      echo: (b) => b.data.pageable.pageSize,
    },
    {
      api: 'progress',
      path: () => `/api/lesson-tasks/department/${departmentId}`,
      param: 'size',
      token: () => admin.token,
      over: 400,
      echo: (b) => b.data.pageable.pageSize,
    },
    {
      api: 'campus',
      path: () => '/v1/teacher/schools',
      param: 'per_page',
      token: () => teacher.token,
      over: 422,
      echo: (b) => b.data.per_page,
    },
    {
      api: 'campus',
      path: () => `/v1/teacher/schools/${schoolId}/students`,
      param: 'per_page',
      token: () => teacher.token,
      over: 422,
      echo: (b) => b.data.per_page,
    },
    {
      api: 'campus',
      path: () => '/v1/admin/schools',
      param: 'per_page',
      token: () => admin.token,
      over: 422,
      echo: (b) => b.data.per_page,
    },
  ];
  for (const l of LISTS) {
    it(`${l.api} ${l.path().replace(/\d+/, '{id}')}: ${l.param}=100 answers 200; ${l.param}=101 answers ${l.over}`, async () => {
      const at = await call('GET', `${l.path()}?${l.param}=100`, { token: l.token() });
      expect(at.status, at.text.slice(0, 300)).toBe(200);
      if (l.echo) expect(l.echo(at.body)).toBe(100);
      expectRefused(l.api, await call('GET', `${l.path()}?${l.param}=101`, { token: l.token() }), l.over);
    });
  }
});

describe(`JSON bodies: at most ${JSON_BODY_LIMIT_BYTES} bytes (1 MiB) on every API`, () => {
  /** A JSON object of exactly `size` bytes; the routes refuse it as a schema failure, never as too large. */
  const jsonOf = (size: number) => {
    const frame = '{"padding":""}';
    return `{"padding":"${'a'.repeat(size - frame.length)}"}`;
  };
  const ROUTES: [ApiName, string, number][] = [
    ['learning', '/api/v1/auth/login', 422],
    ['personal-center', '/api/auth/login', 400],
    ['progress', '/api/users/login', 400],
    ['excourse', '/users/login/', 400],
    ['campus', '/v1/login', 422],
  ];
  for (const [api, path, schemaStatus] of ROUTES) {
    it(`${api} ${path}: exactly 1 MiB reaches the schema (${schemaStatus}); one byte more is 413`, async () => {
      const send = (size: number) => call('POST', path, { body: jsonOf(size), headers: { 'Content-Type': 'application/json' } });
      const at = await send(JSON_BODY_LIMIT_BYTES);
      expect(at.status, at.text.slice(0, 300)).toBe(schemaStatus);
      expectRefused(api, await send(JSON_BODY_LIMIT_BYTES + 1), 413);
    });
  }
});

describe('learning uploads: per-type file sizes', () => {
  const direct = (env: Record<string, string>, form: FormData) => call('POST', '/api/v1/upload', { token: teacher.token, body: form, env });

  it('a PDF of exactly MAX_PDF_BYTES is stored; one byte more is 413 FILE_TOO_LARGE', T, async () => {
    const env = { MAX_PDF_BYTES: '300000' };
    expect((await direct(env, uploadForm({ file: pdf(300_000) }))).status).toBe(201);
    const over = await direct(env, uploadForm({ file: pdf(300_001) }));
    expectRefused('learning', over, 413);
    expect(over.body.error.code).toBe('FILE_TOO_LARGE');
  });

  it('a video of exactly MAX_VIDEO_BYTES is stored; one byte more is 413 FILE_TOO_LARGE', T, async () => {
    const env = { MAX_VIDEO_BYTES: '400000' };
    expect((await direct(env, uploadForm({ file: mp4(400_000) }))).status).toBe(201);
    expect((await direct(env, uploadForm({ file: mp4(400_001) }))).body.error.code).toBe('FILE_TOO_LARGE');
  });

  it(`a thumbnail of exactly ${THUMBNAIL_MAX_BYTES} bytes (2 MiB) is stored; one byte more is 413`, T, async () => {
    expect((await direct({}, uploadForm({ file: pdf(), thumbnail: learningPng(THUMBNAIL_MAX_BYTES) }))).status).toBe(201);
    expectRefused('learning', await direct({}, uploadForm({ file: pdf(), thumbnail: learningPng(THUMBNAIL_MAX_BYTES + 1) })), 413);
  });

  it('a resumable upload may announce exactly the default limits (video 500 MiB, PDF 50 MiB); one byte more is 413', async () => {
    const start = (type: 'video' | 'pdf', size: number) =>
      call('POST', '/api/v1/uploads', {
        token: teacher.token,
        json: { filename: type === 'video' ? 'v.mp4' : 'd.pdf', size, type, title: 'Cap' },
      });
    for (const [type, max] of [
      ['video', 500 * MiB],
      ['pdf', 50 * MiB],
    ] as const) {
      const at = await start(type, max);
      expect(at.status, at.text).toBe(201);
      expect(at.body.size).toBe(max);
      expectRefused('learning', await start(type, max + 1), 413);
    }
  });
});

describe('personal center images', () => {
  it(`an avatar of exactly ${AVATAR_MAX_BYTES} bytes (2 MiB) is stored; one byte more is 413`, T, async () => {
    const send = (size: number) => call('POST', '/api/user/avatar', { token: student.token, body: fileForm('avatar', png(size)) });
    const at = await send(AVATAR_MAX_BYTES);
    expect(at.status, at.text).toBe(200);
    const over = await send(AVATAR_MAX_BYTES + 1);
    expectRefused('personal-center', over, 413);
    expect(over.body.message).toBe('头像不能超过 2MB');
  });

  it(`a course cover of exactly ${COVER_MAX_BYTES} bytes (5 MiB) is stored; one byte more is 413`, T, async () => {
    const course = await call('POST', '/api/teacher/courses', {
      token: teacher.token,
      json: { course_name: '上限课程', course_desc: 'x', category_id: 5, difficulty_level: 'beginner', course_duration: 60 },
    });
    const id = course.body.data.course.course_id;
    const send = (size: number) =>
      call('POST', `/api/teacher/courses/${id}/cover`, { token: teacher.token, body: fileForm('cover', png(size)) });
    expect((await send(COVER_MAX_BYTES)).status).toBe(200);
    const over = await send(COVER_MAX_BYTES + 1);
    expectRefused('personal-center', over, 413);
    expect(over.body.message).toBe('封面不能超过 5MB');
  });
});

describe('progress imports', () => {
  const encode = (s: string) => new TextEncoder().encode(s);
  const importFile = (path: string, bytes: Uint8Array) =>
    call('POST', path, { token: admin.token, body: fileForm('file', bytes, {}, 'import.csv', 'text/csv') });

  it(`a file of exactly ${MAX_FILE_BYTES} bytes (5 MiB) is read; one byte more is 413/10001`, T, async () => {
    // One department, then blank lines (skipped as empty rows) up to the size.
    const head = encode(`部门名称\n文件上限 ${Date.now()} ${Math.random()}\n`);
    const file = (size: number) => {
      const bytes = new Uint8Array(size).fill(0x0a);
      bytes.set(head);
      return bytes;
    };
    const at = await importFile('/api/import/departments', file(MAX_FILE_BYTES));
    expect(at.status, at.text.slice(0, 300)).toBe(200);
    expect(at.body.data).toMatch(/^成功导入1条数据/);
    const over = await importFile('/api/import/departments', file(MAX_FILE_BYTES + 1));
    expectRefused('progress', over, 413);
    expect(over.body.message).toBe('文件不能超过 5 MB');
  });

  // Rows that fail their checks (nothing written, no password hashed): the file is read, not refused as too large.
  const ROWS: [string, number, string, string][] = [
    ['/api/import/users', MAX_USER_ROWS, '用户名,邮箱,密码,部门名称', 'u,not-an-email,password-123,无此部门'],
    ['/api/import/lesson-tasks', MAX_TASK_ROWS, '课程名称,微课名称,教师邮箱', 'c,m,nobody-at-all@example.test'],
    ['/api/import/departments', MAX_DEPARTMENT_ROWS, '部门名称,部门描述', `${'名'.repeat(101)},x`],
  ];
  for (const [path, max, header, row] of ROWS) {
    it(`${path}: exactly ${max} data rows are read (400/10012 here: every row has an error); ${max + 1} are 413/10001`, T, async () => {
      const csv = (n: number) => encode(`${header}\n${`${row}\n`.repeat(n)}`);
      const at = await importFile(path, csv(max));
      expect(at.status, at.text.slice(0, 300)).toBe(400);
      expect(at.body.code).toBe(10012);
      const over = await importFile(path, csv(max + 1));
      expectRefused('progress', over, 413);
      expect(over.body.message).toBe(`数据行数超过上限：每次最多导入 ${max} 行`);
    });
  }

  it(`a cell of exactly ${MAX_CELL_CHARS} characters is read; one more is 400/10001`, T, async () => {
    const file = (n: number) => encode(`部门名称,部门描述\n单元格上限 ${Date.now()} ${Math.random()},${'x'.repeat(n)}\n`);
    const at = await importFile('/api/import/departments', file(MAX_CELL_CHARS));
    // Read, then refused by the department rule (descriptions are at most 500 characters): 10012, not a file error.
    expect(at.body.code, at.text.slice(0, 300)).toBe(10012);
    const over = await importFile('/api/import/departments', file(MAX_CELL_CHARS + 1));
    expectRefused('progress', over, 400);
    expect(over.body.message).toBe(`单元格内容超过 ${MAX_CELL_CHARS} 个字符`);
  });
});
