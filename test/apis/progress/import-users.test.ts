import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, progressProfiles } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call, uniqueEmail } from '../../helpers/http';
import {
  expectAuthRequired,
  expectEnvelope,
  expectOk,
  expiredToken,
  fileForm,
  login,
  makeDepartment,
  makeUser,
  sysadminToken,
  unique,
  upload,
  xlsx,
} from './support';

const PATH = '/api/import/users';
const HEADER = ['用户名', '邮箱', '密码', '部门名称'];

async function usersByEmail(emails: string[]) {
  const lowered = emails.map((e) => e.toLowerCase());
  return testDeps()
    .db.select({ account: accounts, profile: progressProfiles })
    .from(accounts)
    .leftJoin(progressProfiles, eq(progressProfiles.accountId, accounts.id))
    .where(inArray(sql`lower(${accounts.email})`, lowered))
    .all();
}

describe('POST /api/import/users: good rows', () => {
  it('imports every row as a teacher with its department, the importer as creator; passwords are hashed and work', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment(unique('技术部'));
    const emails = [uniqueEmail('imp'), uniqueEmail('imp'), uniqueEmail('imp')];
    const file = xlsx(
      [HEADER, ['张三', emails[0], '123456', d.name], ['李四', emails[1], 'pass-word', d.name], ['王五', emails[2], '654321', d.name]],
      { sharedStrings: true },
    );
    const res = await upload(PATH, token, file);
    expectOk(res);
    expect(res.body.data).toBe('成功导入3条数据');
    const rows = await usersByEmail(emails);
    expect(rows).toHaveLength(3);
    const root = (await call('GET', '/api/users/current', { token })).body.data;
    for (const r of rows) {
      expect(r.account.role).toBe('teacher');
      expect(r.account.passwordHash).toMatch(/^pbkdf2_sha256\$/);
      expect(r.profile).toMatchObject({ departmentId: d.id, creatorId: root.id, job: 1 });
    }
    await login(emails[0]!, '123456');
    // Numbers typed into a cell (Excel stores 123456 as a number) are read as their text.
    const numeric = uniqueEmail('num');
    expectOk(await upload(PATH, token, xlsx([HEADER, ['数字密码', numeric, 87654321, d.name]])));
    await login(numeric, '87654321');
  });

  it('角色 and 岗位 columns set roles and jobs, by number or by name', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    const e = [uniqueEmail('r'), uniqueEmail('r'), uniqueEmail('r'), uniqueEmail('r')];
    const file = xlsx([
      [...HEADER, '角色', '岗位'],
      ['a', e[0], '123456', d.name, '2', '2'],
      ['b', e[1], '123456', d.name, '沟通联络人', ''],
      ['c', e[2], '123456', d.name, '系统管理员', '系统制作方项目负责人'],
      ['d', e[3], '123456', d.name, '', '3'],
    ]);
    expectOk(await upload(PATH, token, file));
    const byEmail = new Map((await usersByEmail(e)).map((r) => [r.account.email, r]));
    expect(e.map((x) => [byEmail.get(x)!.account.role, byEmail.get(x)!.profile!.job])).toEqual([
      ['admin', 2],
      ['liaison', 3],
      ['sysadmin', 4],
      ['teacher', 3],
    ]);
  });

  it('a CSV file works, with and without a byte-order mark', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    for (const bom of ['\uFEFF', '']) {
      const email = uniqueEmail('csv');
      const res = await upload(PATH, token, `${bom}用户名,邮箱,密码,部门名称\r\n"赵, 六",${email},123456,${d.name}\r\n`, 'users.csv');
      expectOk(res);
      expect(res.body.data).toBe('成功导入1条数据');
      expect((await usersByEmail([email]))[0]!.account.name).toBe('赵, 六');
    }
  });
});

describe('POST /api/import/users: row errors', () => {
  it('every row wrong: 400/10012, the message lists each row as the document does, nothing is written', async () => {
    const token = (await makeUser('admin')).token;
    const d = await makeDepartment();
    const existing = await makeUser('teacher');
    const dup = uniqueEmail('dup');
    const e = Array.from({ length: 9 }, () => uniqueEmail('bad'));
    const file = xlsx([
      HEADER.concat('角色', '岗位'),
      ['', e[0], '123456', d.name], // row 2: no name
      ['a', 'not-an-email', '123456', d.name], // 3
      ['b', existing.email.toUpperCase(), '123456', d.name], // 4: taken
      ['c', e[3], '12345', d.name], // 5: short password
      ['d', e[4], '123456', ''], // 6: no department
      ['e', e[5], '123456', '没有这个部门'], // 7
      ['f', e[6], '123456', d.name, '9'], // 8: bad role
      ['g', e[7], '123456', d.name, '系统管理员'], // 9: an admin may not import sysadmins
      ['h', e[8], '123456', d.name, '', '岗位X'], // 10: bad job
      ['i', dup, '', d.name], // 11: no password
    ]);
    const res = await upload(PATH, token, file);
    expectEnvelope(res, 400, 10012);
    const m: string = res.body.message;
    expect(m.startsWith('成功导入0条数据。错误信息:第2行用户名为空;第3行邮箱格式不正确(not-an-email);第4行邮箱已存在;')).toBe(true);
    for (const part of [
      '第5行密码长度应为6-128位;',
      '第6行部门名称为空;',
      '第7行部门不存在;',
      '第8行角色无效',
      '第9行无权导入系统管理员账号;',
      '第10行岗位无效',
      '第11行密码为空;',
    ]) {
      expect(m, part).toContain(part);
    }
    expect(await usersByEmail([...e, dup])).toEqual([]);
  });

  it('a row may list several problems; an e-mail repeated in the file fails on its second row', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    const email = uniqueEmail('twice');
    const res = await upload(
      PATH,
      token,
      xlsx([HEADER, ['', 'x', '', ''], ['a', email, '123456', d.name], ['b', email.toUpperCase(), '123456', d.name]]),
    );
    expectOk(res);
    expect(res.body.data).toBe(
      '成功导入1条数据。错误信息:第2行用户名为空，邮箱格式不正确(x)，密码为空，部门名称为空;第4行邮箱与第3行重复;',
    );
    expect((await usersByEmail([email]))[0]!.account.name).toBe('a');
  });

  it('mixed rows: 10000 with the count and the errors; only the good rows are written', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    const existing = await makeUser('teacher');
    const good = [uniqueEmail('ok'), uniqueEmail('ok')];
    const res = await upload(
      PATH,
      token,
      xlsx([HEADER, ['ok1', good[0], '123456', d.name], ['dup', existing.email, '123456', d.name], ['ok2', good[1], '123456', d.name]]),
    );
    expectOk(res);
    expect(res.body.data).toBe('成功导入2条数据。错误信息:第3行邮箱已存在;');
    expect((await usersByEmail(good)).map((r) => r.account.name).sort()).toEqual(['ok1', 'ok2']);
    const before = (await usersByEmail([existing.email]))[0];
    expect(before!.account.name).toBe(existing.username);
  });

  it('more than 1,000 rows: 413/10001 before anything is hashed or written', async () => {
    const token = await sysadminToken();
    const d = await makeDepartment();
    const rows = Array.from({ length: 1001 }, (_, i) => [`u${i}`, `limit-${i}-${crypto.randomUUID()}@example.test`, '123456', d.name]);
    const started = Date.now();
    const res = await upload(PATH, token, xlsx([HEADER, ...rows]));
    expectEnvelope(res, 413, 10001);
    expect(res.body.message).toContain('1000');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await usersByEmail([rows[0]![1]!, rows[1000]![1]!])).toEqual([]);
  });
});

describe('POST /api/import/users: who may', () => {
  it('teachers and liaisons are refused (403/10006) and nothing is written', async () => {
    const d = await makeDepartment();
    for (const role of ['teacher', 'liaison'] as const) {
      const email = uniqueEmail('nope');
      expectEnvelope(await upload(PATH, (await makeUser(role)).token, xlsx([HEADER, ['x', email, '123456', d.name]])), 403, 10006);
      expect(await usersByEmail([email])).toEqual([]);
    }
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', PATH, { body: fileForm(xlsx([HEADER])) });
    const t = await makeUser('admin');
    expectEnvelope(await call('POST', PATH, { token: await expiredToken(t.id, 'admin'), body: fileForm(xlsx([HEADER])) }), 401, 10007);
  });
});
