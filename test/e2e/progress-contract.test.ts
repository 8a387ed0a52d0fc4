// The course-production progress API (document 001, issue 5) checked from the outside: real HTTP
// against `npm start` (wrangler dev), as its frontend would call it. Each documented route is sent
// the document's own example request (with unique e-mails and names) and its answer is compared with
// the document: status, envelope `{ code, message, data }`, every documented field and its JSON type,
// 10-digit second times, the pages, and the documented error codes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, inject, it } from 'vitest';
import { SignJWT } from 'jose';
import { buildZip, deflatedZeros, sheetXml, workbookParts } from '../domain/imports/zip-builder';

const baseUrl = inject('baseUrl');
const ROOT = join(import.meta.dirname, '..', '..');

function dotenvValue(file: string, key: string): string {
  const match = new RegExp(`^${key}\\s*=\\s*"?([^"\\n]*)"?\\s*$`, 'm').exec(readFileSync(join(ROOT, file), 'utf8'));
  if (!match) throw new Error(`${key} not found in ${file}`);
  return match[1]!;
}
// `npm start` (global setup) runs wrangler with .dev.vars, created from the example when missing.
const VARS = existsSync(join(ROOT, '.dev.vars')) ? '.dev.vars' : '.dev.vars.example';
const ADMIN_EMAIL = dotenvValue(VARS, 'ADMIN_EMAIL');
const ADMIN_PASSWORD = dotenvValue(VARS, 'ADMIN_PASSWORD');
const JWT_SECRET = dotenvValue(VARS, 'JWT_SECRET');

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** Every JSON text received, checked at the end for passwords and hashes. */
const received: string[] = [];
/** Every password this file sends, none of which may come back. */
const passwords = new Set<string>([ADMIN_PASSWORD]);

async function send(
  method: string,
  path: string,
  opts: { json?: unknown; raw?: string; token?: string; form?: FormData; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | FormData | undefined = opts.form;
  if (opts.json !== undefined || opts.raw !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = opts.raw ?? JSON.stringify(opts.json);
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const isJson = (res.headers.get('Content-Type') ?? '').startsWith('application/json');
  const text = isJson ? await res.text() : '';
  if (!isJson) await res.arrayBuffer();
  if (isJson) received.push(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // left undefined: the assertions say what was expected
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The document's envelope: exactly `code`, `message`, `data`; errors carry `data: null`. */
function expectEnvelope(res: Sent, status: number, code: number) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('Content-Type') ?? '', res.text).toMatch(/^application\/json/);
  expect(Object.keys(res.body ?? {}).sort(), res.text).toEqual(['code', 'data', 'message']);
  expect(res.body.code, res.text).toBe(code);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  if (code !== 10000) expect(res.body.data, res.text).toBeNull();
}
function expectOk(res: Sent) {
  expectEnvelope(res, 200, 10000);
  expect(res.body.message).toBe('成功');
}

type Kind = 'number' | 'string' | 'boolean' | 'null' | 'seconds' | 'array' | 'object';
const isSeconds = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && /^\d{10}$/.test(String(v));
function kindOk(v: unknown, k: Kind): boolean {
  switch (k) {
    case 'seconds':
      return isSeconds(v);
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeof v === k;
  }
}
/** Every documented field is present with one of its documented JSON types. */
function expectShape(obj: any, spec: Record<string, Kind | Kind[]>) {
  expect(obj, 'expected an object').toBeTypeOf('object');
  for (const [field, kinds] of Object.entries(spec)) {
    const list = Array.isArray(kinds) ? kinds : [kinds];
    expect(Object.hasOwn(obj, field), `missing field ${field} in ${JSON.stringify(obj)}`).toBe(true);
    expect(
      list.some((k) => kindOk(obj[field], k)),
      `${field} = ${JSON.stringify(obj[field])} should be ${list.join(' | ')}`,
    ).toBe(true);
  }
}

const USER_SUMMARY: Record<string, Kind | Kind[]> = {
  id: 'number',
  username: 'string',
  email: 'string',
  departmentId: ['number', 'null'],
  roles: 'number',
  jobs: 'number',
  avatar: ['string', 'null'],
  creatorId: ['number', 'null'],
  status: 'number',
  createdAt: 'seconds',
  updatedAt: 'seconds',
};
const USER_DETAILS: Record<string, Kind | Kind[]> = {
  ...USER_SUMMARY,
  enabled: 'boolean',
  authorities: 'array',
  accountNonExpired: 'boolean',
  accountNonLocked: 'boolean',
  credentialsNonExpired: 'boolean',
};
const TASK: Record<string, Kind | Kind[]> = {
  id: 'number',
  courseName: 'string',
  microLessonName: 'string',
  userId: 'number',
  progressStatus: 'number',
  scriptCreateTime: ['seconds', 'null'],
  scriptReviewTime: ['seconds', 'null'],
  scriptConfirmTime: ['seconds', 'null'],
  videoCreateTime: ['seconds', 'null'],
  videoConfirmTime: ['seconds', 'null'],
  finishTime: ['seconds', 'null'],
  advise: 'string',
  createdAt: 'seconds',
  updatedAt: 'seconds',
};

function expectSpringPage(page: any, pageNumber0: number, pageSize: number) {
  expectShape(page, {
    content: 'array',
    pageable: 'object',
    totalElements: 'number',
    totalPages: 'number',
    last: 'boolean',
    first: 'boolean',
    empty: 'boolean',
  });
  expectShape(page.pageable, { pageNumber: 'number', pageSize: 'number', sort: 'object' });
  expectShape(page.pageable.sort, { empty: 'boolean', unsorted: 'boolean', sorted: 'boolean' });
  expect(page.pageable.pageNumber).toBe(pageNumber0);
  expect(page.pageable.pageSize).toBe(pageSize);
  expect(page.totalPages).toBe(Math.ceil(page.totalElements / pageSize));
  expect(page.first).toBe(pageNumber0 === 0);
  expect(page.last).toBe(pageNumber0 >= page.totalPages - 1);
  expect(page.empty).toBe(page.content.length === 0);
}

function jwtClaims(token: string): any {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** A copy of a real token's claims, re-signed (with `secret`) after `change`: forged and expired tokens. */
async function resign(token: string, secret: string, change: (claims: any) => void): Promise<string> {
  const claims = jwtClaims(token);
  change(claims);
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

// --- .xlsx files built in the test -----------------------------------------------------------
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLS = 'ABCDEFGH';
/**
 * A one-sheet workbook as Excel writes it: text in the shared strings table (`t="s"`), numbers as
 * number cells (`123456` typed into the 密码 column is a number in a real file).
 */
function xlsx(rows: (string | number)[][]): Uint8Array {
  const shared: string[] = [];
  const xmlRows = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells
          .map((v, c) => {
            const ref = `${COLS[c]}${r + 1}`;
            if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
            shared.push(v);
            return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
          })
          .join('')}</row>`,
    )
    .join('');
  const sst = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
    .map((t) => `<si><t>${esc(t)}</t></si>`)
    .join('')}</sst>`;
  return buildZip(workbookParts(sheetXml(xmlRows), { 'xl/sharedStrings.xml': sst }));
}
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
function upload(bytes: Uint8Array, name = 'import.xlsx', type = XLSX_TYPE): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return form;
}

// --- the people and things of this file ------------------------------------------------------
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const mail = (tag: string) => `e2e.progress.${tag}.${suffix}@example.com`;
const PASSWORD = 'password123';
passwords.add(PASSWORD);

const state = {
  rootToken: '',
  rootId: 0,
  departmentId: 0,
  departmentName: `技术部-${suffix}`,
  teacher: { email: mail('teacher'), token: '', id: 0 },
  teacher2: { email: mail('teacher2'), token: '', id: 0 },
  admin: { email: mail('admin'), token: '', id: 0 },
  liaison: { email: mail('liaison'), token: '', id: 0 },
  taskId: 0,
};

async function login(email: string, password = PASSWORD, remember?: boolean): Promise<string> {
  const res = await send('POST', '/api/users/login', {
    json: remember === undefined ? { email, password } : { email, password, remember },
  });
  expectOk(res);
  return res.body.data.token as string;
}

async function currentId(token: string): Promise<number> {
  const res = await send('GET', '/api/users/current', { token });
  expectOk(res);
  return res.body.data.id as number;
}

describe('setup: sysadmin and departments (GET/POST /api/departments, issue 5)', () => {
  it('the bootstrapped sysadmin signs in; roles 4', async () => {
    state.rootToken = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await send('GET', '/api/users/current', { token: state.rootToken });
    expectOk(res);
    expect(res.body.data.roles).toBe(4);
    state.rootId = res.body.data.id;
  });

  it('POST /api/departments { name, description } as sysadmin creates one; a duplicate name is 409 with a code', async () => {
    const res = await send('POST', '/api/departments', {
      token: state.rootToken,
      json: { name: state.departmentName, description: '负责技术研发' },
    });
    expectOk(res);
    expectShape(res.body.data, { id: 'number', name: 'string', description: 'string' });
    expect(res.body.data.name).toBe(state.departmentName);
    state.departmentId = res.body.data.id;

    const dup = await send('POST', '/api/departments', { token: state.rootToken, json: { name: state.departmentName, description: 'x' } });
    expect(dup.status, dup.text).toBe(409);
    expect(dup.body.data).toBeNull();
    expect(dup.body.code).not.toBe(10000);
    expect(typeof dup.body.code).toBe('number');
  });

  it('GET /api/departments is public and lists the new department', async () => {
    const res = await send('GET', '/api/departments');
    expectOk(res);
    expect(Array.isArray(res.body.data)).toBe(true);
    const d = res.body.data.find((x: any) => x.id === state.departmentId);
    expect(d).toMatchObject({ name: state.departmentName, description: '负责技术研发' });
  });

  it('POST /api/departments without a token is 401/10006 (a teacher: see permissions below)', async () => {
    expectEnvelope(await send('POST', '/api/departments', { json: { name: `x-${suffix}` } }), 401, 10006);
  });
});

describe('POST /api/users (register)', () => {
  it('the document example without a token creates a teacher: data null', async () => {
    const res = await send('POST', '/api/users', {
      json: {
        username: 'testuser',
        email: state.teacher.email,
        password: PASSWORD,
        departmentId: state.departmentId,
        roles: 1,
        jobs: 1,
        avatar: 'http://example.com/avatar.jpg',
        creatorId: state.rootId,
      },
    });
    expectOk(res);
    expect(res.body.data).toBeNull();
  });

  it('a second teacher registers without avatar', async () => {
    const res = await send('POST', '/api/users', {
      json: {
        username: '教师二',
        email: state.teacher2.email,
        password: PASSWORD,
        departmentId: state.departmentId,
        roles: 1,
        jobs: 1,
        creatorId: state.rootId,
      },
    });
    expectOk(res);
  });

  it('the same e-mail again is the document error 10005 邮箱已存在', async () => {
    const res = await send('POST', '/api/users', {
      json: {
        username: 'again',
        email: state.teacher.email,
        password: PASSWORD,
        departmentId: state.departmentId,
        roles: 1,
        jobs: 1,
        creatorId: state.rootId,
      },
    });
    expectEnvelope(res, 409, 10005);
    expect(res.body.message).toBe('邮箱已存在');
  });

  it('without a token, roles 2-4 are refused (self-registration makes teachers only)', async () => {
    for (const roles of [2, 3, 4]) {
      const res = await send('POST', '/api/users', {
        json: {
          username: 'x',
          email: mail(`anon${roles}`),
          password: PASSWORD,
          departmentId: state.departmentId,
          roles,
          jobs: roles,
          creatorId: state.rootId,
        },
      });
      expectEnvelope(res, 403, 10006);
    }
  });

  it('with the sysadmin token, an admin (roles 2) and a liaison (roles 3) are created; creatorId is the token’s user', async () => {
    for (const [who, roles] of [
      ['admin', 2],
      ['liaison', 3],
    ] as const) {
      const res = await send('POST', '/api/users', {
        token: state.rootToken,
        json: {
          username: `${who}-${suffix}`,
          email: state[who].email,
          password: PASSWORD,
          departmentId: state.departmentId,
          roles,
          jobs: roles,
          creatorId: state.rootId,
        },
      });
      expectOk(res);
    }
  });

  it('missing or malformed fields are 400/10001; an unknown department is 10001', async () => {
    expectEnvelope(
      await send('POST', '/api/users', { json: { email: mail('x1'), password: PASSWORD, departmentId: state.departmentId } }),
      400,
      10001,
    );
    expectEnvelope(
      await send('POST', '/api/users', {
        json: { username: 'x', email: 'not-an-email', password: PASSWORD, departmentId: state.departmentId },
      }),
      400,
      10001,
    );
    expectEnvelope(await send('POST', '/api/users', { json: { username: 'x', email: mail('x2'), password: PASSWORD } }), 400, 10001);
    const noDept = await send('POST', '/api/users', {
      json: { username: 'x', email: mail('x3'), password: PASSWORD, departmentId: 987654321, roles: 1, jobs: 1 },
    });
    expect(noDept.body.code, noDept.text).toBe(10001);
    expect(noDept.status).toBeGreaterThanOrEqual(400);
    expectEnvelope(await send('POST', '/api/users', { raw: '{not json' }), 400, 10001);
  });
});

describe('POST /api/users/login', () => {
  it('answers { token }: 30 days with remember: true, 1 day without', async () => {
    const res = await send('POST', '/api/users/login', { json: { email: state.teacher.email, password: PASSWORD, remember: true } });
    expectOk(res);
    expect(Object.keys(res.body.data)).toEqual(['token']);
    expect(res.body.data.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const long = jwtClaims(res.body.data.token);
    expect(long.exp - long.iat).toBe(30 * 24 * 3600);
    state.teacher.token = res.body.data.token;

    const short = jwtClaims(await login(state.teacher.email, PASSWORD));
    expect(short.exp - short.iat).toBe(24 * 3600);

    state.teacher2.token = await login(state.teacher2.email);
    state.admin.token = await login(state.admin.email);
    state.liaison.token = await login(state.liaison.email);
  });

  it('wrong password → 10004 密码错误; unknown e-mail → 10003 用户不存在; missing password → 10001', async () => {
    const wrong = await send('POST', '/api/users/login', { json: { email: state.teacher.email, password: 'wrong-password-1' } });
    expectEnvelope(wrong, 401, 10004);
    expect(wrong.body.message).toBe('密码错误');
    const unknown = await send('POST', '/api/users/login', { json: { email: mail('nobody'), password: PASSWORD } });
    expect(unknown.body.code, unknown.text).toBe(10003);
    expect([401, 404]).toContain(unknown.status);
    expect(unknown.body.message).toBe('用户不存在');
    expect(unknown.body.data).toBeNull();
    expectEnvelope(await send('POST', '/api/users/login', { json: { email: state.teacher.email } }), 400, 10001);
  });
});

describe('GET /api/users/current', () => {
  it('answers the documented user with the Spring Security fields and never a password', async () => {
    const res = await send('GET', '/api/users/current', { token: state.teacher.token });
    expectOk(res);
    const u = res.body.data;
    expectShape(u, USER_DETAILS);
    expect(u).toMatchObject({
      username: 'testuser',
      email: state.teacher.email,
      departmentId: state.departmentId,
      roles: 1,
      jobs: 1,
      avatar: 'http://example.com/avatar.jpg',
      creatorId: state.rootId,
      status: 1,
      enabled: true,
      accountNonExpired: true,
      accountNonLocked: true,
      credentialsNonExpired: true,
      authorities: [{ authority: 'ROLE_USER' }],
    });
    expect(u).not.toHaveProperty('password');
    state.teacher.id = u.id;
    state.teacher2.id = await currentId(state.teacher2.token);
    state.admin.id = await currentId(state.admin.token);
    state.liaison.id = await currentId(state.liaison.token);
  });

  it('the admin created with a token records the token’s user as creator', async () => {
    const res = await send('GET', '/api/users/current', { token: state.admin.token });
    expect(res.body.data).toMatchObject({ roles: 2, jobs: 2, creatorId: state.rootId, avatar: null });
  });

  it('no token → 401/10006; a garbage token → 401/10008', async () => {
    expectEnvelope(await send('GET', '/api/users/current'), 401, 10006);
    expectEnvelope(await send('GET', '/api/users/current', { token: 'garbage.token.value' }), 401, 10008);
    expectEnvelope(await send('GET', '/api/users/current', { token: 'x' }), 401, 10008);
    const noBearer = await send('GET', '/api/users/current', { headers: { Authorization: state.teacher.token } });
    expect(noBearer.status, noBearer.text).toBe(401);
    expect([10006, 10008]).toContain(noBearer.body.code);
  });

  it('an expired token → 401/10007 令牌已过期; a token signed with another key, or promoted to sysadmin, → 401/10008', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await resign(state.teacher.token, JWT_SECRET, (c) => {
      c.iat = now - 3 * 24 * 3600;
      c.iat_ms = c.iat * 1000;
      c.exp = now - 2 * 24 * 3600;
    });
    const res = await send('GET', '/api/users/current', { token: expired });
    expectEnvelope(res, 401, 10007);
    expect(res.body.message).toBe('令牌已过期');
    const forged = await resign(state.teacher.token, 'another-secret-0123456789abcdef0123456789', (c) => {
      c.role = 'sysadmin';
    });
    expectEnvelope(await send('GET', '/api/users/list', { token: forged }), 401, 10008);
  });
});

describe('POST /api/users with a token', () => {
  it('with an admin token, the document example’s literal creatorId: 1 is accepted and the token’s user is recorded', async () => {
    const email = mail('bytoken');
    const res = await send('POST', '/api/users', {
      token: state.admin.token,
      json: {
        username: 'testuser2',
        email,
        password: PASSWORD,
        departmentId: state.departmentId,
        roles: 1,
        jobs: 1,
        avatar: 'http://example.com/avatar.jpg',
        creatorId: 1,
      },
    });
    expectOk(res);
    const me = await send('GET', '/api/users/current', { token: await login(email) });
    expect(state.admin.id).not.toBe(1);
    expect(me.body.data.creatorId).toBe(state.admin.id);
  });
});

describe('GET /api/users/list', () => {
  it('?page=1&limit=2 answers { list, total, currentPage, pageSize } with the documented user fields', async () => {
    const res = await send('GET', '/api/users/list?page=1&limit=2', { token: state.admin.token });
    expectOk(res);
    expectShape(res.body.data, { list: 'array', total: 'number', currentPage: 'number', pageSize: 'number' });
    expect(res.body.data).toMatchObject({ currentPage: 1, pageSize: 2 });
    expect(res.body.data.list.length).toBe(2);
    expect(res.body.data.total).toBeGreaterThanOrEqual(5);
    for (const u of res.body.data.list) {
      expectShape(u, USER_SUMMARY);
      expect(u).not.toHaveProperty('password');
    }
  });

  it('limit defaults to 10 and page to 1; the new users are found on some page', async () => {
    const res = await send('GET', '/api/users/list', { token: state.liaison.token });
    expectOk(res);
    expect(res.body.data).toMatchObject({ currentPage: 1, pageSize: 10 });
    expect(res.body.data.list.length).toBeLessThanOrEqual(10);
    const lastPage = Math.ceil(res.body.data.total / 100);
    const all: any[] = [];
    for (let p = 1; p <= lastPage; p++) {
      const page = await send('GET', `/api/users/list?page=${p}&limit=100`, { token: state.rootToken });
      expectOk(page);
      all.push(...page.body.data.list);
    }
    const teacher = all.find((u) => u.id === state.teacher.id);
    expect(teacher).toMatchObject({ email: state.teacher.email, roles: 1, status: 1, departmentId: state.departmentId });
  });

  it('page 0 or limit 101 → 400/10001; a teacher → 403/10006', async () => {
    expectEnvelope(await send('GET', '/api/users/list?page=0', { token: state.admin.token }), 400, 10001);
    expectEnvelope(await send('GET', '/api/users/list?limit=101', { token: state.admin.token }), 400, 10001);
    expectEnvelope(await send('GET', '/api/users/list', { token: state.teacher.token }), 403, 10006);
  });
});

describe('GET /api/users/department/{departmentId}', () => {
  it('answers an array of the department’s active users with the Spring fields', async () => {
    const res = await send('GET', `/api/users/department/${state.departmentId}`, { token: state.admin.token });
    expectOk(res);
    expect(Array.isArray(res.body.data)).toBe(true);
    const ids = res.body.data.map((u: any) => u.id);
    expect(ids).toEqual(expect.arrayContaining([state.teacher.id, state.teacher2.id, state.admin.id, state.liaison.id]));
    for (const u of res.body.data) {
      expectShape(u, USER_DETAILS);
      expect(u.status).toBe(1);
      expect(u.enabled).toBe(true);
      expect(u.departmentId).toBe(state.departmentId);
      expect(u.authorities).toEqual([{ authority: 'ROLE_USER' }]);
    }
  });

  it('an unknown department → 404/10001; a non-numeric id → 400/10001; a teacher → 403/10006', async () => {
    expectEnvelope(await send('GET', '/api/users/department/987654321', { token: state.admin.token }), 404, 10001);
    expectEnvelope(await send('GET', '/api/users/department/abc', { token: state.admin.token }), 400, 10001);
    expectEnvelope(await send('GET', `/api/users/department/${state.departmentId}`, { token: state.teacher.token }), 403, 10006);
  });
});

describe('GET /api/users/teacher/search?email=', () => {
  it('finds the teacher by e-mail with the documented fields', async () => {
    const res = await send('GET', `/api/users/teacher/search?email=${encodeURIComponent(state.teacher.email)}`, {
      token: state.admin.token,
    });
    expectOk(res);
    expectShape(res.body.data, USER_DETAILS);
    expect(res.body.data).toMatchObject({ id: state.teacher.id, email: state.teacher.email, roles: 1, username: 'testuser' });
    // A liaison is no administrator: the same teacher, the e-mail masked (docs/decisions.md, "Privacy").
    const byLiaison = await send('GET', `/api/users/teacher/search?email=${encodeURIComponent(state.teacher.email)}`, {
      token: state.liaison.token,
    });
    expectOk(byLiaison);
    expectShape(byLiaison.body.data, USER_DETAILS);
    expect(byLiaison.body.data).toMatchObject({
      id: state.teacher.id,
      email: `${state.teacher.email[0]}***${state.teacher.email.slice(state.teacher.email.lastIndexOf('@'))}`,
    });
  });

  it('a non-teacher → 10002; no such e-mail → 10003; no email → 10001', async () => {
    const admin = await send('GET', `/api/users/teacher/search?email=${encodeURIComponent(state.admin.email)}`, {
      token: state.liaison.token,
    });
    expectEnvelope(admin, 400, 10002);
    expectEnvelope(
      await send('GET', `/api/users/teacher/search?email=${encodeURIComponent(mail('nobody'))}`, { token: state.liaison.token }),
      404,
      10003,
    );
    expectEnvelope(await send('GET', '/api/users/teacher/search', { token: state.liaison.token }), 400, 10001);
  });
});

describe('lesson tasks', () => {
  it('POST /api/lesson-tasks: the document example as an admin answers the new task at status 0', async () => {
    const res = await send('POST', '/api/lesson-tasks', {
      token: state.admin.token,
      json: { courseName: '测试课程', microLessonName: '测试微课', userId: state.teacher.id, advise: '任务说明' },
    });
    expectOk(res);
    const t = res.body.data;
    expectShape(t, TASK);
    expect(t).toMatchObject({
      courseName: '测试课程',
      microLessonName: '测试微课',
      userId: state.teacher.id,
      progressStatus: 0,
      scriptCreateTime: null,
      scriptReviewTime: null,
      scriptConfirmTime: null,
      videoCreateTime: null,
      videoConfirmTime: null,
      finishTime: null,
      advise: '任务说明',
    });
    expect(t.updatedAt).toBe(t.createdAt);
    state.taskId = t.id;
  });

  it('assigning to a user who is not a teacher → 10002; a teacher creating → 403/10006; a bad body → 10001', async () => {
    expectEnvelope(
      await send('POST', '/api/lesson-tasks', {
        token: state.admin.token,
        json: { courseName: 'c', microLessonName: 'm', userId: state.liaison.id },
      }),
      400,
      10002,
    );
    expectEnvelope(
      await send('POST', '/api/lesson-tasks', {
        token: state.teacher.token,
        json: { courseName: 'c', microLessonName: 'm', userId: state.teacher.id },
      }),
      403,
      10006,
    );
    expectEnvelope(
      await send('POST', '/api/lesson-tasks', { token: state.admin.token, json: { microLessonName: 'm', userId: state.teacher.id } }),
      400,
      10001,
    );
  });

  it('a liaison creates tasks too', async () => {
    const res = await send('POST', '/api/lesson-tasks', {
      token: state.liaison.token,
      json: { courseName: '数学', microLessonName: '数学1-1', userId: state.teacher2.id, advise: '' },
    });
    expectOk(res);
    expect(res.body.data.userId).toBe(state.teacher2.id);
  });

  it('PUT /api/lesson-tasks/{id}: the document example by the assigned teacher stamps scriptCreateTime', async () => {
    const res = await send('PUT', `/api/lesson-tasks/${state.taskId}`, {
      token: state.teacher.token,
      json: { progressStatus: 1, advise: '更新的任务说明' },
    });
    expectOk(res);
    const t = res.body.data;
    expectShape(t, TASK);
    expect(t).toMatchObject({ id: state.taskId, progressStatus: 1, advise: '更新的任务说明', scriptReviewTime: null, finishTime: null });
    expect(isSeconds(t.scriptCreateTime)).toBe(true);
    expect(Math.abs(t.scriptCreateTime - Date.now() / 1000)).toBeLessThan(120);
    expect(t.updatedAt).toBeGreaterThanOrEqual(t.createdAt);
  });

  it('each stage stamps its time; reaching 5 stamps finishTime', async () => {
    for (const s of [2, 3, 4, 5]) {
      const res = await send('PUT', `/api/lesson-tasks/${state.taskId}`, { token: state.admin.token, json: { progressStatus: s } });
      expectOk(res);
      expect(res.body.data.progressStatus).toBe(s);
    }
    const res = await send('GET', `/api/lesson-tasks/${state.taskId}`, { token: state.teacher.token });
    expectOk(res);
    const t = res.body.data;
    expectShape(t, TASK);
    for (const f of ['scriptCreateTime', 'scriptReviewTime', 'scriptConfirmTime', 'videoCreateTime', 'videoConfirmTime', 'finishTime']) {
      expect(isSeconds(t[f]), `${f} = ${t[f]}`).toBe(true);
    }
    expect(t.finishTime).toBe(t.videoConfirmTime);
  });

  it('progressStatus outside 0-5 (6, -1, "1", 1.5) → 400/10001', async () => {
    for (const bad of [6, -1, '1', 1.5]) {
      expectEnvelope(
        await send('PUT', `/api/lesson-tasks/${state.taskId}`, { token: state.admin.token, json: { progressStatus: bad } }),
        400,
        10001,
      );
    }
  });

  it('a teacher sees and updates only tasks assigned to them (403/10006 otherwise)', async () => {
    expectEnvelope(await send('GET', `/api/lesson-tasks/${state.taskId}`, { token: state.teacher2.token }), 403, 10006);
    expectEnvelope(
      await send('PUT', `/api/lesson-tasks/${state.taskId}`, { token: state.teacher2.token, json: { progressStatus: 2 } }),
      403,
      10006,
    );
    expectEnvelope(await send('DELETE', `/api/lesson-tasks/${state.taskId}`, { token: state.teacher.token }), 403, 10006);
  });

  it('GET /api/lesson-tasks?page=1&size=10 answers the Spring page; a teacher gets only their own; userId filters', async () => {
    const res = await send('GET', '/api/lesson-tasks?page=1&size=10', { token: state.admin.token });
    expectOk(res);
    expectSpringPage(res.body.data, 0, 10);
    for (const t of res.body.data.content) expectShape(t, TASK);

    const own = await send('GET', '/api/lesson-tasks?page=1&size=10', { token: state.teacher.token });
    expectOk(own);
    expectSpringPage(own.body.data, 0, 10);
    expect(own.body.data.totalElements).toBe(1);
    expect(own.body.data.content.map((t: any) => t.id)).toEqual([state.taskId]);

    const filtered = await send('GET', `/api/lesson-tasks?page=1&size=10&userId=${state.teacher2.id}`, { token: state.liaison.token });
    expectOk(filtered);
    expect(filtered.body.data.totalElements).toBe(1);
    expect(filtered.body.data.content.every((t: any) => t.userId === state.teacher2.id)).toBe(true);

    const defaults = await send('GET', '/api/lesson-tasks', { token: state.admin.token });
    expectOk(defaults);
    expectSpringPage(defaults.body.data, 0, 10);

    const second = await send('GET', `/api/lesson-tasks?page=2&size=1&userId=${state.teacher.id}`, { token: state.admin.token });
    expectOk(second);
    expectSpringPage(second.body.data, 1, 1);
    expect(second.body.data.content).toEqual([]);
  });

  it('GET /api/lesson-tasks/department/{departmentId} adds username to each task', async () => {
    const res = await send('GET', `/api/lesson-tasks/department/${state.departmentId}?page=1&size=10`, { token: state.admin.token });
    expectOk(res);
    expectSpringPage(res.body.data, 0, 10);
    expect(res.body.data.totalElements).toBe(2);
    for (const t of res.body.data.content) expectShape(t, { ...TASK, username: 'string' });
    const mine = res.body.data.content.find((t: any) => t.id === state.taskId);
    expect(mine.username).toBe('testuser');
    expectEnvelope(await send('GET', '/api/lesson-tasks/department/987654321', { token: state.admin.token }), 404, 10001);
  });

  it('DELETE /api/lesson-tasks/{id} answers data null; the task is gone (404/10001)', async () => {
    const created = await send('POST', '/api/lesson-tasks', {
      token: state.rootToken,
      json: { courseName: '删', microLessonName: '删', userId: state.teacher.id },
    });
    expectOk(created);
    const res = await send('DELETE', `/api/lesson-tasks/${created.body.data.id}`, { token: state.liaison.token });
    expectOk(res);
    expect(res.body.data).toBeNull();
    expectEnvelope(await send('GET', `/api/lesson-tasks/${created.body.data.id}`, { token: state.admin.token }), 404, 10001);
    expectEnvelope(await send('DELETE', `/api/lesson-tasks/${created.body.data.id}`, { token: state.admin.token }), 404, 10001);
  });

  it('no token → 401/10006 on every task route', async () => {
    expectEnvelope(await send('GET', '/api/lesson-tasks'), 401, 10006);
    expectEnvelope(await send('GET', `/api/lesson-tasks/${state.taskId}`), 401, 10006);
    expectEnvelope(await send('PUT', `/api/lesson-tasks/${state.taskId}`, { json: { progressStatus: 1 } }), 401, 10006);
    expectEnvelope(await send('DELETE', `/api/lesson-tasks/${state.taskId}`), 401, 10006);
    expectEnvelope(await send('POST', '/api/lesson-tasks', { json: { courseName: 'c', microLessonName: 'm', userId: 1 } }), 401, 10006);
  });
});

describe('imports (multipart file, .xlsx built here)', () => {
  const deptA = `导入部门A-${suffix}`;
  const deptB = `导入部门B-${suffix}`;

  it('POST /api/import/departments: the documented columns; a name that exists is 第N行部门名称已存在', async () => {
    const file = xlsx([
      ['部门名称', '部门描述'],
      [deptA, '负责技术研发'],
      [deptB, ''],
      [state.departmentName, '重复'],
    ]);
    const res = await send('POST', '/api/import/departments', { token: state.rootToken, form: upload(file) });
    expectOk(res);
    expect(res.body.data).toMatch(/^成功导入2条数据/);
    expect(res.body.data).toContain('第4行部门名称已存在;');
    const list = await send('GET', '/api/departments');
    expect(list.body.data.map((d: any) => d.name)).toEqual(expect.arrayContaining([deptA, deptB]));
  });

  it('all rows failing → 10012 with the errors in the message', async () => {
    const file = xlsx([
      ['部门名称', '部门描述'],
      [deptA, 'again'],
    ]);
    const res = await send('POST', '/api/import/departments', { token: state.admin.token, form: upload(file) });
    expectEnvelope(res, 400, 10012);
    expect(res.body.message).toBe('成功导入0条数据。错误信息:第2行部门名称已存在;');
  });

  it('POST /api/import/users: teachers by default, passwords hashed; 邮箱已存在 and 部门不存在 name their rows as documented', async () => {
    const newEmail = mail('imported');
    const file = xlsx([
      ['用户名', '邮箱', '密码', '部门名称'],
      ['张三', newEmail, 123456, deptA],
      ['李四', state.teacher.email, '123456', deptA],
      ['王五', mail('nodept'), '123456', `没有这个部门-${suffix}`],
    ]);
    passwords.add('123456');
    const res = await send('POST', '/api/import/users', { token: state.admin.token, form: upload(file) });
    expectOk(res);
    expect(res.body.data).toBe('成功导入1条数据。错误信息:第3行邮箱已存在;第4行部门不存在;');
    const token = await login(newEmail, '123456');
    const me = await send('GET', '/api/users/current', { token });
    expect(me.body.data).toMatchObject({ username: '张三', roles: 1, creatorId: state.admin.id });
  });

  it('users: nothing imported → 10012 with the document’s message form', async () => {
    const file = xlsx([
      ['用户名', '邮箱', '密码', '部门名称'],
      ['李四', state.teacher.email, '123456', deptA],
      ['王五', mail('nodept2'), '123456', `没有这个部门-${suffix}`],
    ]);
    const res = await send('POST', '/api/import/users', { token: state.admin.token, form: upload(file) });
    expectEnvelope(res, 400, 10012);
    expect(res.body.message).toBe('成功导入0条数据。错误信息:第2行邮箱已存在;第3行部门不存在;');
  });

  it('POST /api/import/lesson-tasks: an unknown teacher e-mail is 第N行未找到教师用户(email);', async () => {
    const ghost = mail('ghost');
    const file = xlsx([
      ['课程名称', '微课名称', '教师邮箱'],
      ['数学课程', '第一章', state.teacher2.email],
      ['数学课程', '第二章', ghost],
    ]);
    const res = await send('POST', '/api/import/lesson-tasks', { token: state.rootToken, form: upload(file) });
    expectOk(res);
    expect(res.body.data).toBe(`成功导入1条数据。错误信息:第3行未找到教师用户(${ghost});`);
    const tasks = await send('GET', `/api/lesson-tasks?page=1&size=10&userId=${state.teacher2.id}`, { token: state.admin.token });
    expect(tasks.body.data.content.map((t: any) => t.microLessonName)).toContain('第一章');

    const none = await send('POST', '/api/import/lesson-tasks', {
      token: state.rootToken,
      form: upload(
        xlsx([
          ['课程名称', '微课名称', '教师邮箱'],
          ['数学课程', '第一章', ghost],
        ]),
      ),
    });
    expectEnvelope(none, 400, 10012);
    expect(none.body.message).toBe(`成功导入0条数据。错误信息:第2行未找到教师用户(${ghost});`);
  });

  it('a UTF-8 .csv with BOM is accepted too', async () => {
    const name = `CSV部门-${suffix}`;
    const csv = new TextEncoder().encode(`\uFEFF部门名称,部门描述\r\n${name},来自CSV\r\n`);
    const res = await send('POST', '/api/import/departments', { token: state.rootToken, form: upload(csv, 'd.csv', 'text/csv') });
    expectOk(res);
    expect(res.body.data).toBe('成功导入1条数据');
  });

  it('not a spreadsheet, wrong headers, an empty sheet, no file → 400/10001 with a message', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const notSheet = await send('POST', '/api/import/departments', { token: state.rootToken, form: upload(png, 'x.png', 'image/png') });
    expectEnvelope(notSheet, 400, 10001);
    expectEnvelope(
      await send('POST', '/api/import/users', {
        token: state.rootToken,
        form: upload(
          xlsx([
            ['名字', '电子邮件'],
            ['a', 'b'],
          ]),
        ),
      }),
      400,
      10001,
    );
    expectEnvelope(await send('POST', '/api/import/departments', { token: state.rootToken, form: upload(xlsx([])) }), 400, 10001);
    const form = new FormData();
    form.append('other', 'x');
    expectEnvelope(await send('POST', '/api/import/departments', { token: state.rootToken, form }), 400, 10001);
  });

  it('a zip bomb (a sheet inflating past 30 MB) → 413/10001, nothing imported', async () => {
    const bomb = buildZip(
      workbookParts('', {}).map((e) =>
        e.name === 'xl/worksheets/sheet1.xml'
          ? { name: e.name, data: '', deflated: deflatedZeros(40 * 1024 * 1024, '<x/>'), declaredSize: 1000 }
          : e,
      ),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await send('POST', '/api/import/departments', { token: state.rootToken, form: upload(bomb, 'bomb.xlsx') });
    expectEnvelope(res, 413, 10001);
  });

  it('a file over 5 MB → 413/10001', async () => {
    const big = new TextEncoder().encode(`部门名称\n${'a'.repeat(5 * 1024 * 1024 + 100)}\n`);
    const res = await send('POST', '/api/import/departments', { token: state.rootToken, form: upload(big, 'big.csv', 'text/csv') });
    expectEnvelope(res, 413, 10001);
  });

  it('no token → 401/10006; a teacher or liaison → 403/10006', async () => {
    const file = xlsx([['部门名称'], [`x-${suffix}`]]);
    expectEnvelope(await send('POST', '/api/import/departments', { form: upload(file) }), 401, 10006);
    expectEnvelope(await send('POST', '/api/import/departments', { token: state.teacher.token, form: upload(file) }), 403, 10006);
    expectEnvelope(await send('POST', '/api/import/users', { token: state.liaison.token, form: upload(file) }), 403, 10006);
  });

  it('GET /api/import/templates/{kind} answers an .xlsx whose header row has the documented columns', async () => {
    const expected: Record<string, string[]> = {
      users: ['用户名', '邮箱', '密码', '部门名称'],
      'lesson-tasks': ['课程名称', '微课名称', '教师邮箱'],
      departments: ['部门名称', '部门描述'],
    };
    for (const [kind, columns] of Object.entries(expected)) {
      const res = await fetch(`${baseUrl}/api/import/templates/${kind}`, { headers: { Authorization: `Bearer ${state.admin.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe(XLSX_TYPE);
      expect(res.headers.get('Content-Disposition') ?? '').toMatch(/^attachment/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes[0]).toBe(0x50); // PK
      expect(bytes[1]).toBe(0x4b);
      const parts = unzipSync(bytes);
      const text = Object.entries(parts)
        .filter(([name]) => name.startsWith('xl/'))
        .map(([, b]) => new TextDecoder().decode(b))
        .join('\n');
      for (const col of columns) expect(text, `${kind} template lacks ${col}`).toContain(col);
      // The template itself uploads: headers only → no data rows → 10001, not a parse failure of the file.
      const back = await send('POST', `/api/import/${kind}`, { token: state.admin.token, form: upload(bytes, `${kind}.xlsx`) });
      expectEnvelope(back, 400, 10001);
    }
    expectEnvelope(await send('GET', '/api/import/templates/users'), 401, 10006);
    expectEnvelope(await send('GET', '/api/import/templates/users', { token: state.teacher.token }), 403, 10006);
    const unknown = await send('GET', '/api/import/templates/nope', { token: state.admin.token });
    expect(unknown.body.code, unknown.text).toBe(10001);
    expect([400, 404]).toContain(unknown.status);
  });
});

describe('permissions, unknown paths', () => {
  it('a teacher may not create departments (403/10006)', async () => {
    expectEnvelope(await send('POST', '/api/departments', { token: state.teacher.token, json: { name: `t-${suffix}` } }), 403, 10006);
  });

  it('unknown paths under the API’s prefixes answer its envelope (404/10001)', async () => {
    for (const path of ['/api/users/nope/x', '/api/lesson-tasks/a/b/c', '/api/import/nothing']) {
      const res = await send('GET', path, { token: state.admin.token });
      expectEnvelope(res, 404, 10001);
    }
    const anon = await send('GET', '/api/import/nothing');
    expect(anon.body.data, anon.text).toBeNull();
    expect([401, 404]).toContain(anon.status);
  });

  it('a wrong method on a documented path answers the envelope', async () => {
    const res = await send('DELETE', '/api/users/login');
    expect(res.status, res.text).toBe(405);
    expect(res.body).toMatchObject({ code: 10001, data: null });
  });
});

describe('disable and logout', () => {
  it('POST /api/users/disable/{userId}: a teacher → 403/10006; unknown id → 404/10003', async () => {
    expectEnvelope(await send('POST', `/api/users/disable/${state.teacher2.id}`, { token: state.teacher.token }), 403, 10006);
    expectEnvelope(await send('POST', `/api/users/disable/${state.liaison.id}`, { token: state.liaison.token }), 403, 10006);
    expectEnvelope(await send('POST', '/api/users/disable/987654321', { token: state.admin.token }), 404, 10003);
  });

  it('an admin disables a teacher: data 用户已禁用; their token stops working (10008) and sign-in is refused', async () => {
    const res = await send('POST', `/api/users/disable/${state.teacher2.id}`, { token: state.admin.token });
    expectOk(res);
    expect(res.body.data).toBe('用户已禁用');
    expectEnvelope(await send('GET', '/api/users/current', { token: state.teacher2.token }), 401, 10008);
    const again = await send('POST', '/api/users/login', { json: { email: state.teacher2.email, password: PASSWORD } });
    expect(again.body.code).toBe(10006);
    expect(again.body.data).toBeNull();
    expect([401, 403]).toContain(again.status);
    const list = await send('GET', `/api/users/department/${state.departmentId}`, { token: state.admin.token });
    expect(list.body.data.map((u: any) => u.id)).not.toContain(state.teacher2.id);
  });

  it('POST /api/users/logout: data 登出成功; the token is refused at once (10008)', async () => {
    const token = await login(state.liaison.email);
    const res = await send('POST', '/api/users/logout', { token });
    expectOk(res);
    expect(res.body.data).toBe('登出成功');
    expectEnvelope(await send('GET', '/api/users/current', { token }), 401, 10008);
    expectEnvelope(await send('POST', '/api/users/logout'), 401, 10006);
    // Other sign-ins of the user go on.
    expectOk(await send('GET', '/api/users/current', { token: state.liaison.token }));
  });
});

describe('secrets', () => {
  it('no response carried a password, a password field or a hash', () => {
    expect(received.length).toBeGreaterThan(50);
    for (const text of received) {
      expect(text).not.toMatch(/"password"\s*:/i);
      expect(text).not.toMatch(/passwordHash|password_hash|pbkdf2|\$2[aby]\$/i);
      for (const p of passwords) expect(text.includes(`"${p}"`), `a response contains the password ${p}`).toBe(false);
    }
  });
});
