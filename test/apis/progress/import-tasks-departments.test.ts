import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { departments, lessonTasks } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  expectAuthRequired,
  expectEnvelope,
  expectOk,
  fileForm,
  makeStudent,
  makeUser,
  sysadminToken,
  unique,
  upload,
  xlsx,
} from './support';

const TASKS = '/api/import/lesson-tasks';
const DEPARTMENTS = '/api/import/departments';
const TASK_HEADER = ['课程名称', '微课名称', '教师邮箱'];
const DEPT_HEADER = ['部门名称', '部门描述'];

const tasksOf = (userId: number) =>
  testDeps().db.select().from(lessonTasks).where(eq(lessonTasks.userId, userId)).orderBy(lessonTasks.id).all();
const departmentsNamed = (names: string[]) =>
  testDeps()
    .db.select()
    .from(departments)
    .where(
      inArray(
        sql`lower(${departments.name})`,
        names.map((n) => n.toLowerCase()),
      ),
    )
    .all();

describe('POST /api/import/lesson-tasks', () => {
  it('good rows: one task each, status 0, for the teacher with that e-mail (any letter case)', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const file = xlsx(
      [
        [...TASK_HEADER, '任务说明'],
        ['数学课程', '第一章', teacher.email],
        ['数学课程', '第二章', teacher.email.toUpperCase(), '先写脚本'],
      ],
      { sharedStrings: true },
    );
    const res = await upload(TASKS, token, file);
    expectOk(res);
    expect(res.body.data).toBe('成功导入2条数据');
    const rows = await tasksOf(teacher.id);
    expect(rows.map((t) => [t.courseName, t.microLessonName, t.progressStatus, t.advise])).toEqual([
      ['数学课程', '第一章', 0, ''],
      ['数学课程', '第二章', 0, '先写脚本'],
    ]);
    const listed = await call('GET', '/api/lesson-tasks', { token: teacher.token });
    expect(listed.body.data.totalElements).toBe(2);
  });

  it('every row wrong: 400/10012 with the document’s wording, nothing written', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const liaison = await makeUser('liaison');
    const disabled = await makeUser('teacher');
    const student = await makeStudent();
    expectOk(await call('POST', `/api/users/disable/${disabled.id}`, { token }));
    const file = xlsx([
      TASK_HEADER,
      ['数学', '1-1', 'teacher@example.com'],
      ['', '1-2', teacher.email],
      ['数学', '', teacher.email],
      ['数学', '1-4', ''],
      ['数学', '1-5', liaison.email],
      ['数学', '1-6', disabled.email],
      ['数学', '1-7', student.email],
      ['x'.repeat(201), '1-8', teacher.email],
    ]);
    const res = await upload(TASKS, token, file);
    expectEnvelope(res, 400, 10012);
    expect(res.body.message).toBe(
      '成功导入0条数据。错误信息:第2行未找到教师用户(teacher@example.com);第3行课程名称为空;第4行微课名称为空;第5行教师邮箱为空;' +
        `第6行用户(${liaison.email})不是教师;第7行教师用户(${disabled.email})已被禁用;第8行用户(${student.email})不是教师;第9行课程名称超过200个字符;`,
    );
    expect(await tasksOf(teacher.id)).toEqual([]);
  });

  it('mixed rows: 10000 with the errors; a CSV works too', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const res = await upload(
      TASKS,
      token,
      `课程名称,微课名称,教师邮箱\n语文,1-1,${teacher.email}\n语文,1-2,nobody@example.test\n`,
      'tasks.csv',
    );
    expectOk(res);
    expect(res.body.data).toBe('成功导入1条数据。错误信息:第3行未找到教师用户(nobody@example.test);');
    expect(await tasksOf(teacher.id)).toHaveLength(1);
  });

  it('more than 5,000 rows: 413/10001, nothing written', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const rows = Array.from({ length: 5001 }, (_, i) => ['课', `微课${i}`, teacher.email]);
    expectEnvelope(await upload(TASKS, token, xlsx([TASK_HEADER, ...rows], { sharedStrings: true })), 413, 10001);
    expect(await tasksOf(teacher.id)).toEqual([]);
  });

  it('exactly 5,000 rows are imported', async () => {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const rows = Array.from({ length: 5000 }, (_, i) => ['课', `微课${i}`, teacher.email]);
    const res = await upload(TASKS, token, xlsx([TASK_HEADER, ...rows], { sharedStrings: true }));
    expectOk(res);
    expect(res.body.data).toBe('成功导入5000条数据');
    expect(await tasksOf(teacher.id)).toHaveLength(5000);
  });

  it('only admins and sysadmins import; liaisons and teachers get 403/10006', async () => {
    const teacher = await makeUser('teacher');
    const file = xlsx([TASK_HEADER, ['c', 'm', teacher.email]]);
    for (const role of ['teacher', 'liaison'] as const) expectEnvelope(await upload(TASKS, (await makeUser(role)).token, file), 403, 10006);
    expect(await tasksOf(teacher.id)).toEqual([]);
    expectOk(await upload(TASKS, (await makeUser('admin')).token, file));
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', TASKS, { body: fileForm(xlsx([TASK_HEADER])) });
  });
});

describe('POST /api/import/departments', () => {
  it('good rows: 10000, the departments exist with their descriptions', async () => {
    const names = [unique('技术部'), unique('市场部')];
    const res = await upload(DEPARTMENTS, await sysadminToken(), xlsx([DEPT_HEADER, [names[0], '负责技术研发'], [names[1]]]));
    expectOk(res);
    expect(res.body.data).toBe('成功导入2条数据');
    const rows = await departmentsNamed(names);
    expect(rows.map((r) => [r.name, r.description]).sort()).toEqual(
      [
        [names[0], '负责技术研发'],
        [names[1], ''],
      ].sort(),
    );
  });

  it('every row wrong: existing names (any ASCII case), repeats within the file, empty names → 400/10012', async () => {
    const token = await sysadminToken();
    const existing = unique('Existing');
    expectOk(await call('POST', '/api/departments', { token, json: { name: existing } }));
    const res = await upload(DEPARTMENTS, token, xlsx([DEPT_HEADER, [existing.toUpperCase(), 'x'], ['', 'no name'], ['x'.repeat(101)]]));
    expectEnvelope(res, 400, 10012);
    expect(res.body.message).toBe('成功导入0条数据。错误信息:第2行部门名称已存在;第3行部门名称为空;第4行部门名称超过100个字符;');
    expect(await departmentsNamed([existing])).toHaveLength(1);
  });

  it('mixed: a name repeated in the file is imported once and the repeat is reported', async () => {
    const name = unique('重复');
    const other = unique('单独');
    const res = await upload(DEPARTMENTS, await sysadminToken(), `部门名称,部门描述\n${name},first\n${other},\n${name},second\n`, 'd.csv');
    expectOk(res);
    expect(res.body.data).toBe('成功导入2条数据。错误信息:第4行部门名称与第2行重复;');
    expect((await departmentsNamed([name]))[0]!.description).toBe('first');
  });

  it('teachers and liaisons are refused (403/10006)', async () => {
    const name = unique('拒绝');
    for (const role of ['teacher', 'liaison'] as const) {
      expectEnvelope(await upload(DEPARTMENTS, (await makeUser(role)).token, xlsx([DEPT_HEADER, [name]])), 403, 10006);
    }
    expect(await departmentsNamed([name])).toEqual([]);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', DEPARTMENTS, { body: fileForm(xlsx([DEPT_HEADER])) });
  });
});
