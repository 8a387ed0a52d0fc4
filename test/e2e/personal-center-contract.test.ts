// The personal-center API (document 000 and issue 4) checked from the outside: plain fetch over HTTP
// against `npm start` (wrangler dev), the way its frontend calls it. Every documented route is sent
// the document's own example request (with unique phones and e-mails), and the answer is checked for
// status, envelope, every documented field with its JSON type and time format, and the documented
// errors. Tests in this file run in order and share the accounts and courses they create.
import { devVar } from './dev-vars';
import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

/** An HS256 JWT signed with the given secret. */
function signJwt(claims: Record<string, unknown>, secret: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** Every response text seen, to check at the end that no password or hash ever left the Worker. */
const seen: string[] = [];

async function asSent(res: Response): Promise<Sent> {
  const text = await res.text();
  seen.push(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertions say what was expected
  }
  return { status: res.status, headers: res.headers, text, body };
}

async function send(
  method: string,
  path: string,
  opts: { json?: unknown; raw?: string; token?: string; headers?: Record<string, string>; form?: FormData } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | FormData | undefined = opts.form;
  if (opts.json !== undefined || opts.raw !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = opts.raw ?? JSON.stringify(opts.json);
  }
  return asSent(await fetch(baseUrl + path, { method, headers, body }));
}

// ---- shapes -------------------------------------------------------------------------------------

/** The document's time format: ISO 8601 UTC with milliseconds, e.g. 2025-11-18T13:38:20.000Z. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isoOrNull = (v: unknown) => v === null || (typeof v === 'string' && ISO.test(v));

function expectSuccess(res: Sent, status = 200): any {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body.status).toBe('success');
  expect(res.body).toHaveProperty('data');
  for (const key of Object.keys(res.body)) expect(['status', 'message', 'data']).toContain(key);
  if ('message' in res.body) expect(typeof res.body.message).toBe('string');
  return res.body.data;
}

/** Failure: exactly `{ status: "error", message }` with a non-empty message. */
function expectError(res: Sent, status: number, message?: string | RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(res.body ?? {}).sort(), res.text).toEqual(['message', 'status']);
  expect(res.body.status).toBe('error');
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
}

const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const flag = (v: unknown) => v === 0 || v === 1;

/** The document's course object (create/update example) with its JSON types. */
function expectCourse(c: any) {
  expect(int(c.course_id), 'course_id').toBe(true);
  expect(typeof c.course_name).toBe('string');
  expect(c.course_desc === null || typeof c.course_desc === 'string').toBe(true);
  expect(c.cover_img === null || typeof c.cover_img === 'string').toBe(true);
  expect(int(c.category_id)).toBe(true);
  expect(int(c.teacher_user_id)).toBe(true);
  expect(['beginner', 'intermediate', 'advanced']).toContain(c.difficulty_level);
  expect(int(c.course_duration)).toBe(true);
  expect(flag(c.is_online), `is_online ${c.is_online}`).toBe(true);
  expect(typeof c.category_name).toBe('string');
  expect(typeof c.teacher_name).toBe('string');
}

const ACHIEVEMENT_KEYS = [
  'achievement_id',
  'achievement_type',
  'description',
  'earned_time',
  'icon_class',
  'is_earned',
  'name',
  'required_value',
];
function expectAchievement(a: any) {
  expect(Object.keys(a).sort()).toEqual(ACHIEVEMENT_KEYS);
  expect(int(a.achievement_id)).toBe(true);
  expect(typeof a.name).toBe('string');
  expect(typeof a.description).toBe('string');
  expect(typeof a.icon_class).toBe('string');
  expect(typeof a.achievement_type).toBe('string');
  expect(int(a.required_value)).toBe(true);
  expect(flag(a.is_earned)).toBe(true);
  expect(isoOrNull(a.earned_time), `earned_time ${a.earned_time}`).toBe(true);
  expect(a.is_earned === 1).toBe(a.earned_time !== null);
}

// ---- accounts used below ------------------------------------------------------------------------

const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
let phoneSeq = 0;
/** A fresh 11-digit phone number for this run. */
const phone = () => `19${(Number(run.slice(-7)) * 100 + phoneSeq++).toString().padStart(9, '0').slice(-9)}`;
const mail = (who: string) => `pc.${who}.${run}@test.com`;
const PASSWORD = 'pc-secret-123456';

interface Account {
  id: number;
  phone: string;
  email: string;
  token: string;
}

async function registerAndLogin(role: 'learner' | 'instructor', name: string): Promise<Account> {
  const p = phone();
  const email = mail(`user${phoneSeq}`);
  const reg = await send('POST', '/api/auth/register', { json: { user_name: name, phone: p, email, password: PASSWORD, role } });
  const data = expectSuccess(reg);
  const login = await send('POST', '/api/auth/login', { json: { phone: p, password: PASSWORD } });
  const ld = expectSuccess(login);
  return { id: data.userId, phone: p, email, token: ld.token };
}

/** A real 1x1 PNG, and the magic bytes of the other accepted image types. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** Only the first bytes decide the type: a JPEG and a WebP header are enough. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 7)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(64, 3)]);
const imageForm = (field: string, bytes: Buffer, name: string, type: string) => {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), name);
  return form;
};

let student: Account; // 测试学生01 of the document
let teacher: Account; // 测试教师01 of the document
let otherTeacher: Account;
let otherStudent: Account;
let adminToken = '';
let courseId = 0; // the document's "Vue3 全栈开发实战"
let otherCourseId = 0; // otherTeacher's, never published

// ---- 1. 认证模块 ----------------------------------------------------------------------------------

describe('1. auth: GET /api/health, POST /api/auth/register, POST /api/auth/login', () => {
  it('GET /api/health answers the documented body (no data)', async () => {
    const res = await send('GET', '/api/health');
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['message', 'status', 'timestamp']);
    expect(res.body).toMatchObject({ status: 'success', message: 'Personal Center API is running' });
    expect(res.body.timestamp).toMatch(ISO);
  });

  it('registers the document’s instructor example: 200, message 注册成功, data with userId', async () => {
    const p = phone();
    const email = mail('teacher01');
    const res = await send('POST', '/api/auth/register', {
      json: { user_name: '测试教师01', phone: p, email, password: PASSWORD, role: 'instructor' },
      headers: { 'Content-Type': 'application/json' },
    });
    const data = expectSuccess(res);
    expect(res.body.message).toBe('注册成功');
    expect(data).toEqual({ userId: expect.any(Number), user_name: '测试教师01', phone: p, email, role: 'instructor' });
    expect(int(data.userId)).toBe(true);
    teacher = { id: data.userId, phone: p, email, token: '' };
  });

  it('registers a learner (the login example’s 测试学生01)', async () => {
    const p = phone();
    const email = mail('student01');
    const res = await send('POST', '/api/auth/register', {
      json: { user_name: '测试学生01', phone: p, email, password: PASSWORD, role: 'learner' },
    });
    const data = expectSuccess(res);
    expect(data).toEqual({ userId: expect.any(Number), user_name: '测试学生01', phone: p, email, role: 'learner' });
    student = { id: data.userId, phone: p, email, token: '' };
  });

  it('duplicate phone → 409; duplicate e-mail (any case) → 409', async () => {
    const dupPhone = await send('POST', '/api/auth/register', {
      json: { user_name: 'dup', phone: student.phone, email: mail('dup1'), password: PASSWORD, role: 'learner' },
    });
    expectError(dupPhone, 409);
    const dupEmail = await send('POST', '/api/auth/register', {
      json: { user_name: 'dup', phone: phone(), email: student.email.toUpperCase(), password: PASSWORD, role: 'learner' },
    });
    expectError(dupEmail, 409);
  });

  it('register validation: phone not 11 digits, password < 6, bad e-mail, role other than learner/instructor → 400', async () => {
    const base = { user_name: 'v', phone: phone(), email: mail('v'), password: PASSWORD, role: 'learner' };
    for (const bad of [
      { phone: '1380013800' },
      { phone: '1380013800a' },
      { password: '12345' },
      { email: 'not-an-email' },
      { role: 'admin' },
      { role: 'sysadmin' },
      { user_name: '' },
    ]) {
      const res = await send('POST', '/api/auth/register', { json: { ...base, ...bad } });
      expectError(res, 400);
    }
    // None of them created an account: the phone is still free.
    const ok = await send('POST', '/api/auth/register', { json: base });
    expectSuccess(ok);
    expect(ok.body.data.role).toBe('learner');
  });

  it('register refuses a body that is not JSON (415) or malformed JSON (400)', async () => {
    const form = await send('POST', '/api/auth/register', {
      raw: 'user_name=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expectError(form, 415);
    const broken = await send('POST', '/api/auth/register', { raw: '{"user_name": "x", ' });
    expectError(broken, 400);
  });

  it('logs in by phone (the document’s example): token and the documented user', async () => {
    const res = await send('POST', '/api/auth/login', { json: { phone: student.phone, password: PASSWORD } });
    const data = expectSuccess(res);
    expect(res.body.message).toBe('登录成功');
    expect(typeof data.token).toBe('string');
    expect(data.token.split('.')).toHaveLength(3);
    expect(data.user).toMatchObject({
      user_id: student.id,
      user_name: '测试学生01',
      phone: student.phone,
      email: student.email,
      role: 'learner',
    });
    student.token = data.token;

    const t = await send('POST', '/api/auth/login', { json: { phone: teacher.phone, password: PASSWORD } });
    expect(expectSuccess(t).user).toMatchObject({ user_id: teacher.id, role: 'instructor', user_name: '测试教师01' });
    teacher.token = t.body.data.token;
  });

  it('the token lives 7 days, as the document’s example token does (exp − iat = 604800)', () => {
    const claims = JSON.parse(Buffer.from(student.token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims.exp - claims.iat).toBe(604800);
  });

  it('extra sign-in fields (a role tab, remember me) are dropped, never applied', async () => {
    const res = await send('POST', '/api/auth/login', {
      json: { phone: student.phone, password: PASSWORD, role: 'instructor', remember: true },
    });
    expect(expectSuccess(res).user).toMatchObject({ user_id: student.id, role: 'learner' });
  });

  it('wrong password and unknown phone → the same 401; missing fields → 400', async () => {
    const wrong = await send('POST', '/api/auth/login', { json: { phone: student.phone, password: 'not-the-password' } });
    expectError(wrong, 401);
    const unknown = await send('POST', '/api/auth/login', { json: { phone: '10000000000', password: 'not-the-password' } });
    expectError(unknown, 401, wrong.body.message);
    const empty = await send('POST', '/api/auth/login', { json: {} });
    expectError(empty, 400);
    expectError(await send('POST', '/api/auth/login', { json: null }), 400, /请求体必须是 JSON 对象/);
  });

  it('ten wrong passwords lock that phone’s sign-in: 429 with Retry-After', async () => {
    const p = phone();
    expectSuccess(
      await send('POST', '/api/auth/register', {
        json: { user_name: 'lock', phone: p, email: mail('lock'), password: PASSWORD, role: 'learner' },
      }),
    );
    for (let i = 0; i < 10; i++) expectError(await send('POST', '/api/auth/login', { json: { phone: p, password: `wrong-${i}-xx` } }), 401);
    const locked = await send('POST', '/api/auth/login', { json: { phone: p, password: PASSWORD } });
    expectError(locked, 429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

// ---- 2. 用户模块 ----------------------------------------------------------------------------------

const PROFILE_KEYS = [
  'email',
  'last_login_time',
  'learning_goal',
  'occupation',
  'phone',
  'register_time',
  'role',
  'user_id',
  'user_intro',
  'user_name',
];

describe('2. user: GET/PUT /api/user/profile, POST /api/user/avatar', () => {
  it('GET /api/user/profile answers every documented field with its type', async () => {
    const data = expectSuccess(await send('GET', '/api/user/profile', { token: student.token }));
    for (const key of PROFILE_KEYS) expect(data).toHaveProperty(key);
    expect(data).toMatchObject({
      user_id: student.id,
      user_name: '测试学生01',
      phone: student.phone,
      email: student.email,
      user_intro: null,
      occupation: null,
      learning_goal: null,
      role: 'learner',
    });
    expect(data.register_time).toMatch(ISO);
    expect(data.last_login_time).toMatch(ISO);
  });

  it('a new login moves last_login_time forward', async () => {
    const before = expectSuccess(await send('GET', '/api/user/profile', { token: student.token })).last_login_time;
    await new Promise((r) => setTimeout(r, 5));
    const login = await send('POST', '/api/auth/login', { json: { phone: student.phone, password: PASSWORD } });
    expectSuccess(login);
    const after = expectSuccess(await send('GET', '/api/user/profile', { token: student.token })).last_login_time;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });

  it('PUT /api/user/profile with the document’s example: 200 更新成功 and the updated profile', async () => {
    const body = { user_name: '修改后的姓名', user_intro: '这是我的个人简介', occupation: '学生', learning_goal: '掌握前端开发技术' };
    const res = await send('PUT', '/api/user/profile', { token: student.token, json: body });
    const data = expectSuccess(res);
    expect(res.body.message).toBe('更新成功');
    for (const key of PROFILE_KEYS) expect(data).toHaveProperty(key);
    expect(data).toMatchObject({ ...body, user_id: student.id, phone: student.phone, email: student.email, role: 'learner' });
    expect(data.register_time).toMatch(ISO);
    const again = expectSuccess(await send('GET', '/api/user/profile', { token: student.token }));
    expect(again).toMatchObject(body);
  });

  it('PUT never applies role, phone, email or id (refused or ignored)', async () => {
    const res = await send('PUT', '/api/user/profile', {
      token: student.token,
      json: { user_name: '测试学生01', role: 'instructor', phone: '13000000000', email: 'evil@test.com', user_id: 1 },
    });
    expect([200, 400]).toContain(res.status);
    if (res.status === 400) expectError(res, 400);
    const data = expectSuccess(await send('GET', '/api/user/profile', { token: student.token }));
    expect(data).toMatchObject({ user_id: student.id, role: 'learner', phone: student.phone, email: student.email });
    // The learner token still only reaches learner routes.
    expectError(await send('GET', '/api/teacher/stats', { token: student.token }), 403);
  });

  it('PUT validates: empty user_name → 400', async () => {
    expectError(await send('PUT', '/api/user/profile', { token: student.token, json: { user_name: '' } }), 400);
  });

  let firstAvatar = '';
  it('POST /api/user/avatar (multipart avatar): 200 头像上传成功, avatar_url the Worker serves with type, ETag and long cache', async () => {
    const res = await send('POST', '/api/user/avatar', {
      token: student.token,
      form: imageForm('avatar', PNG, '示例头像.png', 'image/png'),
    });
    const data = expectSuccess(res);
    expect(res.body.message).toBe('头像上传成功');
    expect(Object.keys(data)).toEqual(['avatar_url']);
    expect(data.avatar_url).toMatch(/^\/.+\.png$/);
    firstAvatar = data.avatar_url;

    const img = await fetch(baseUrl + firstAvatar);
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('etag')).toMatch(/\S/);
    expect(img.headers.get('cache-control')).toMatch(/max-age=(\d{7,})/);
    expect(bytes.equals(PNG)).toBe(true);
    const cached = await fetch(baseUrl + firstAvatar, { headers: { 'If-None-Match': img.headers.get('etag')! } });
    await cached.arrayBuffer();
    expect(cached.status).toBe(304);

    const profile = expectSuccess(await send('GET', '/api/user/profile', { token: student.token }));
    expect(profile.avatar_url).toBe(firstAvatar);
  });

  it('a new avatar (gif) replaces the old one, whose object is deleted', async () => {
    const res = await send('POST', '/api/user/avatar', { token: student.token, form: imageForm('avatar', GIF, 'a.gif', 'image/gif') });
    const data = expectSuccess(res);
    expect(data.avatar_url).not.toBe(firstAvatar);
    expect(data.avatar_url).toMatch(/\.gif$/);
    const old = await fetch(baseUrl + firstAvatar);
    await old.arrayBuffer();
    expect(old.status).toBe(404);
    const img = await fetch(baseUrl + data.avatar_url);
    expect(img.headers.get('content-type')).toBe('image/gif');
    await img.arrayBuffer();
  });

  it('jpeg and webp avatars are accepted by their bytes', async () => {
    for (const [bytes, ext, type] of [
      [JPEG, 'jpg', 'image/jpeg'],
      [WEBP, 'webp', 'image/webp'],
    ] as const) {
      const data = expectSuccess(
        await send('POST', '/api/user/avatar', {
          token: teacher.token,
          form: imageForm('avatar', bytes, `a.${ext}`, 'application/octet-stream'),
        }),
      );
      expect(data.avatar_url).toMatch(new RegExp(`\\.${ext}$`));
      const img = await fetch(baseUrl + data.avatar_url);
      await img.arrayBuffer();
      expect(img.headers.get('content-type')).toBe(type);
    }
  });

  it('avatar errors: not an image by its bytes → 415; over 2 MB → 413; no avatar part → 400; JSON body → 415', async () => {
    const fake = imageForm('avatar', Buffer.from('definitely not a png'), 'x.png', 'image/png');
    expectError(await send('POST', '/api/user/avatar', { token: student.token, form: fake }), 415);
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + 10, 1)]);
    expectError(
      await send('POST', '/api/user/avatar', { token: student.token, form: imageForm('avatar', big, 'big.png', 'image/png') }),
      413,
    );
    expectError(await send('POST', '/api/user/avatar', { token: student.token, form: imageForm('photo', PNG, 'a.png', 'image/png') }), 400);
    expectError(await send('POST', '/api/user/avatar', { token: student.token, json: { avatar: 'x' } }), 415);
  });
});

// ---- auth failures on every protected route ----------------------------------------------------

const PROTECTED: Array<[string, string, 'learner' | 'instructor' | 'any']> = [
  ['GET', '/api/user/profile', 'any'],
  ['PUT', '/api/user/profile', 'any'],
  ['POST', '/api/user/avatar', 'any'],
  ['GET', '/api/student/courses', 'learner'],
  ['GET', '/api/student/favorites', 'learner'],
  ['GET', '/api/student/community', 'learner'],
  ['GET', '/api/student/stats', 'learner'],
  ['GET', '/api/student/achievements', 'learner'],
  ['POST', '/api/student/favorites/1', 'learner'],
  ['DELETE', '/api/student/favorites/1', 'learner'],
  ['POST', '/api/student/enroll/1', 'learner'],
  ['PUT', '/api/student/courses/1/progress', 'learner'],
  ['POST', '/api/student/courses/1/rating', 'learner'],
  ['GET', '/api/student/teams', 'learner'],
  ['POST', '/api/student/teams', 'learner'],
  ['GET', '/api/student/rooms', 'learner'],
  ['GET', '/api/teacher/stats', 'instructor'],
  ['GET', '/api/teacher/courses', 'instructor'],
  ['POST', '/api/teacher/courses', 'instructor'],
  ['GET', '/api/teacher/courses/1/students', 'instructor'],
  ['PUT', '/api/teacher/courses/1', 'instructor'],
  ['DELETE', '/api/teacher/courses/1', 'instructor'],
  ['PATCH', '/api/teacher/courses/1/toggle', 'instructor'],
  ['POST', '/api/teacher/courses/1/cover', 'instructor'],
  ['POST', '/api/teacher/courses/1/materials', 'instructor'],
];

describe('tokens and roles on every protected route', () => {
  it('no token → 401 in this envelope', async () => {
    for (const [method, path] of PROTECTED) expectError(await send(method, path), 401);
  });

  it('a garbage token, a token signed with another key, and a Basic header → 401', async () => {
    const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: String(student.id), role: 'teacher', typ: 'access', iat: 1, exp: 4102444800 }),
    ).toString('base64url')}.c2lnbmF0dXJl`;
    for (const [method, path] of PROTECTED) {
      expectError(await send(method, path, { token: 'garbage' }), 401);
      expectError(await send(method, path, { token: forged }), 401);
    }
    expectError(
      await send('GET', '/api/user/profile', { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }),
      401,
    );
  });

  it('an expired token (correctly signed) → 401 登录已过期', async () => {
    const real = JSON.parse(Buffer.from(student.token.split('.')[1]!, 'base64url').toString('utf8'));
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = signJwt({ ...real, jti: randomUUID(), iat: past - 600, iat_ms: (past - 600) * 1000, exp: past }, devVar('JWT_SECRET'));
    // The same claims with a live expiry are accepted, so only the expiry is at fault.
    const live = signJwt({ ...real, jti: randomUUID() }, devVar('JWT_SECRET'));
    expect(expectSuccess(await send('GET', '/api/user/profile', { token: live })).user_id).toBe(student.id);
    for (const [method, path] of PROTECTED) expectError(await send(method, path, { token: expired }), 401, '登录已过期，请重新登录');
  });

  it('an instructor on /api/student/* and a learner on /api/teacher/* → 403', async () => {
    for (const [method, path, role] of PROTECTED) {
      if (role === 'learner') expectError(await send(method, path, { token: teacher.token }), 403, '仅学生账号可以访问');
      if (role === 'instructor') expectError(await send(method, path, { token: student.token }), 403, '仅教师账号可以访问');
    }
  });

  it('an administrator’s token (signed in through the learning API) → 403 on this API’s routes', async () => {
    const login = await send('POST', '/api/v1/auth/login', { json: { email: 'admin@example.com', password: 'admin-password-123' } });
    expect(login.status, login.text).toBe(200);
    adminToken = login.body.access_token;
    for (const [method, path] of PROTECTED) expectError(await send(method, path, { token: adminToken }), 403);
  });

  it('a refresh token of the learning API is not an access token → 401', async () => {
    const login = await send('POST', '/api/v1/auth/login', { json: { email: student.email, password: PASSWORD } });
    expect(login.status, login.text).toBe(200);
    expectError(await send('GET', '/api/user/profile', { token: login.body.refresh_token }), 401);
    // The learning API's access token for the same account works here (one token service).
    expect(expectSuccess(await send('GET', '/api/user/profile', { token: login.body.access_token })).user_id).toBe(student.id);
  });
});

describe('unknown paths and methods under the API’s prefixes', () => {
  it('unknown paths → 404 in this envelope', async () => {
    for (const path of [
      '/api/health/nope',
      '/api/auth/nope',
      '/api/user/nope',
      '/api/student/nope',
      '/api/teacher/nope/deeper',
      '/api/courses/1/nope',
      '/api/categories/x/y',
    ]) {
      expectError(await send('GET', path, { token: student.token }), 404);
    }
    expectError(await send('GET', '/api/student/nope'), 404);
  });

  it('a wrong method on a known path → 405 with Allow, in this envelope', async () => {
    const res = await send('DELETE', '/api/user/profile', { token: student.token });
    expectError(res, 405);
    expect(res.headers.get('allow')).toMatch(/GET/);
    expectError(await send('GET', '/api/auth/login'), 405);
  });

  it('a non-numeric id → 400; a JSON body over 1 MB → 413; a non-JSON body on a JSON route → 415', async () => {
    expectError(await send('POST', '/api/student/enroll/abc', { token: student.token }), 400);
    expectError(await send('PUT', '/api/user/profile', { token: student.token, json: { user_intro: 'x'.repeat(1024 * 1024 + 10) } }), 413);
    expectError(
      await send('PUT', '/api/user/profile', { token: student.token, raw: 'user_name=x', headers: { 'Content-Type': 'text/plain' } }),
      415,
    );
  });
});

// ---- 4. 教师模块 (before the learner part: a learner needs a course) ---------------------------------

const CREATE_EXAMPLE = {
  course_name: 'Vue3 全栈开发实战',
  course_desc: '从零开始学习Vue3框架，包含TypeScript、Pinia、Vue Router等核心技术栈',
  category_id: 5,
  difficulty_level: 'intermediate',
  course_duration: 7200,
  cover_img: '/uploads/courses/vue3-cover.jpg',
};
const UPDATE_EXAMPLE = {
  course_name: 'Vue3 全栈开发实战（2025版）',
  course_desc: '2025年最新Vue3课程，包含最新特性和最佳实践',
  category_id: 5,
  difficulty_level: 'advanced',
  course_duration: 10800,
  cover_img: '/uploads/courses/vue3-2025.jpg',
};

describe('4. teacher: stats, courses, students, toggle', () => {
  it('GET /api/teacher/stats of a new teacher is the document’s example', async () => {
    const data = expectSuccess(await send('GET', '/api/teacher/stats', { token: teacher.token }));
    expect(data).toEqual({ total_courses: 0, total_students: 0, total_duration: null, avg_rating: null });
  });

  it('GET /api/teacher/courses of a new teacher is []', async () => {
    expect(expectSuccess(await send('GET', '/api/teacher/courses', { token: teacher.token }))).toEqual([]);
  });

  it('POST /api/teacher/courses with the document’s example: data.message 课程创建成功 and the course', async () => {
    const res = await send('POST', '/api/teacher/courses', {
      token: teacher.token,
      json: CREATE_EXAMPLE,
      headers: { 'Content-Type': 'application/json' },
    });
    const data = expectSuccess(res);
    expect(data.message).toBe('课程创建成功');
    expectCourse(data.course);
    expect(data.course).toMatchObject({
      ...CREATE_EXAMPLE,
      teacher_user_id: teacher.id,
      is_online: 0,
      category_name: '前端开发',
      teacher_name: '测试教师01',
    });
    courseId = data.course.course_id;
  });

  it('create validation: name empty or > 100, unknown category (422), bad difficulty, negative duration', async () => {
    const base = { course_name: 'v', category_id: 5 };
    expectError(await send('POST', '/api/teacher/courses', { token: teacher.token, json: { ...base, course_name: '' } }), 400);
    expectError(await send('POST', '/api/teacher/courses', { token: teacher.token, json: { ...base, course_name: 'x'.repeat(101) } }), 400);
    expectError(await send('POST', '/api/teacher/courses', { token: teacher.token, json: { ...base, category_id: 999999 } }), 422);
    expectError(await send('POST', '/api/teacher/courses', { token: teacher.token, json: { ...base, difficulty_level: 'expert' } }), 400);
    expectError(await send('POST', '/api/teacher/courses', { token: teacher.token, json: { ...base, course_duration: -1 } }), 400);
    expectError(await send('POST', '/api/teacher/courses', { token: teacher.token, json: { course_desc: 'no name' } }), 400);
    // None of those created a course.
    expect(expectSuccess(await send('GET', '/api/teacher/courses', { token: teacher.token }))).toHaveLength(1);
  });

  it('create never lets the request set the teacher or publish the course', async () => {
    otherTeacher = await registerAndLogin('instructor', '测试教师02');
    const res = await send('POST', '/api/teacher/courses', {
      token: otherTeacher.token,
      json: { ...CREATE_EXAMPLE, teacher_user_id: teacher.id, is_online: 1 },
    });
    if (res.status === 200) expect(res.body.data.course).toMatchObject({ teacher_user_id: otherTeacher.id, is_online: 0 });
    else expectError(res, 400);
    expect(expectSuccess(await send('GET', '/api/teacher/courses', { token: teacher.token }))).toHaveLength(1);
    // otherTeacher's own course stays unpublished for the rest of the file.
    const own = expectSuccess(
      await send('POST', '/api/teacher/courses', { token: otherTeacher.token, json: { course_name: '未发布课程', category_id: 2 } }),
    );
    expect(own.course).toMatchObject({ teacher_user_id: otherTeacher.id, is_online: 0, category_name: expect.any(String) });
    otherCourseId = own.course.course_id;
  });

  it('GET /api/teacher/courses lists my course with category_name and teacher_name', async () => {
    const data = expectSuccess(await send('GET', '/api/teacher/courses', { token: teacher.token }));
    expect(data).toHaveLength(1);
    expectCourse(data[0]);
    expect(data[0]).toMatchObject({ course_id: courseId, category_name: '前端开发', teacher_name: '测试教师01', is_online: 0 });
  });

  it('PUT /api/teacher/courses/{id} with the document’s example: the updated course', async () => {
    const res = await send('PUT', `/api/teacher/courses/${courseId}`, { token: teacher.token, json: UPDATE_EXAMPLE });
    const data = expectSuccess(res);
    expect(typeof data.message).toBe('string');
    expectCourse(data.course);
    expect(data.course).toMatchObject({
      ...UPDATE_EXAMPLE,
      course_id: courseId,
      teacher_user_id: teacher.id,
      category_name: '前端开发',
      teacher_name: '测试教师01',
    });
  });

  it('PUT validation and unknown course: unknown category 422, bad difficulty 400, unknown id 404', async () => {
    expectError(await send('PUT', `/api/teacher/courses/${courseId}`, { token: teacher.token, json: { category_id: 999999 } }), 422);
    expectError(await send('PUT', `/api/teacher/courses/${courseId}`, { token: teacher.token, json: { difficulty_level: 'expert' } }), 400);
    expectError(await send('PUT', '/api/teacher/courses/99999999', { token: teacher.token, json: { course_name: 'x' } }), 404);
  });

  it('PATCH …/toggle publishes and unpublishes: data.message and is_online 0/1', async () => {
    const on = expectSuccess(await send('PATCH', `/api/teacher/courses/${courseId}/toggle`, { token: teacher.token }));
    expect(Object.keys(on).sort()).toEqual(['is_online', 'message']);
    expect(on.is_online).toBe(1);
    const off = expectSuccess(await send('PATCH', `/api/teacher/courses/${courseId}/toggle`, { token: teacher.token }));
    expect(off.is_online).toBe(0);
    const again = expectSuccess(await send('PATCH', `/api/teacher/courses/${courseId}/toggle`, { token: teacher.token }));
    expect(again.is_online).toBe(1);
    expectError(await send('PATCH', '/api/teacher/courses/99999999/toggle', { token: teacher.token }), 404);
  });

  it('another teacher’s course: students list 403 无权访问该课程; update, delete, toggle, cover, materials 403 and nothing changes', async () => {
    const t = otherTeacher.token;
    expectError(await send('GET', `/api/teacher/courses/${courseId}/students`, { token: t }), 403, '无权访问该课程');
    expectError(
      await send('PUT', `/api/teacher/courses/${courseId}`, { token: t, json: { course_name: 'hijacked' } }),
      403,
      '无权访问该课程',
    );
    expectError(await send('DELETE', `/api/teacher/courses/${courseId}`, { token: t }), 403, '无权访问该课程');
    expectError(await send('PATCH', `/api/teacher/courses/${courseId}/toggle`, { token: t }), 403, '无权访问该课程');
    expectError(
      await send('POST', `/api/teacher/courses/${courseId}/cover`, { token: t, form: imageForm('cover', PNG, 'c.png', 'image/png') }),
      403,
      '无权访问该课程',
    );
    expectError(
      await send('POST', `/api/teacher/courses/${courseId}/materials`, { token: t, json: { material_id: 1 } }),
      403,
      '无权访问该课程',
    );
    const detail = expectSuccess(await send('GET', `/api/courses/${courseId}`));
    expect(detail).toMatchObject({ course_name: UPDATE_EXAMPLE.course_name, is_online: 1 });
  });
});

// ---- catalog (issue 4: a learner needs it to find a course id) -------------------------------------

describe('catalog: GET /api/categories, /api/courses, /api/courses/{id}', () => {
  it('categories are seeded, id 5 is 前端开发', async () => {
    const data = expectSuccess(await send('GET', '/api/categories'));
    expect(Array.isArray(data)).toBe(true);
    expect(data.find((c: any) => c.category_id === 5)).toMatchObject({ category_id: 5, category_name: '前端开发' });
    for (const c of data) expect(int(c.category_id) && typeof c.category_name === 'string').toBe(true);
  });

  it('lists online courses only, with q, category_id, difficulty_level and paging', async () => {
    // otherTeacher's course is unpublished: never listed.
    const all = expectSuccess(await send('GET', '/api/courses?page=1&page_size=100'));
    expect(all.pagination).toEqual({ page: 1, page_size: 100, total: expect.any(Number), total_pages: expect.any(Number) });
    expect(all.courses.every((c: any) => c.is_online === 1)).toBe(true);
    expect(all.courses.some((c: any) => c.teacher_user_id === otherTeacher.id)).toBe(false);

    const q = expectSuccess(await send('GET', `/api/courses?q=${encodeURIComponent('2025版')}&category_id=5&difficulty_level=advanced`));
    const found = q.courses.find((c: any) => c.course_id === courseId);
    expectCourse(found);
    expect(found).toMatchObject({ teacher_name: '测试教师01', category_name: '前端开发' });
    expect(int(found.enrolled_count)).toBe(true);

    const none = expectSuccess(await send('GET', `/api/courses?q=${encodeURIComponent('2025版')}&difficulty_level=beginner`));
    expect(none.courses.some((c: any) => c.course_id === courseId)).toBe(false);
    expectError(await send('GET', '/api/courses?difficulty_level=expert'), 400);
  });

  it('a course: teacher name, enrolled count, average rating; an unpublished one is 404 to the public', async () => {
    const data = expectSuccess(await send('GET', `/api/courses/${courseId}`));
    expectCourse(data);
    expect(data).toMatchObject({ course_id: courseId, teacher_name: '测试教师01', enrolled_count: 0, avg_rating: null });
    expect(Array.isArray(data.materials)).toBe(true);
    expectError(await send('GET', `/api/courses/${otherCourseId}`), 404);
    // Its teacher sees it.
    expect(expectSuccess(await send('GET', `/api/courses/${otherCourseId}`, { token: otherTeacher.token })).is_online).toBe(0);
    expectError(await send('GET', '/api/courses/99999999'), 404);
  });
});

// ---- 3. 学生模块 ----------------------------------------------------------------------------------

describe('3. student: courses, favorites, enroll, progress, stats, rating, achievements', () => {
  it('a new learner has empty courses and favorites ([] as documented) and zero stats', async () => {
    expect(expectSuccess(await send('GET', '/api/student/courses', { token: student.token }))).toEqual([]);
    expect(expectSuccess(await send('GET', '/api/student/favorites', { token: student.token }))).toEqual([]);
    const stats = expectSuccess(await send('GET', '/api/student/stats', { token: student.token }));
    expect(stats).toEqual({ total_learning_hours: 0, courses_completed: 0, courses_in_progress: 0, total_courses: 0, continuous_days: 0 });
  });

  it('progress and rating on a course I am not enrolled in → 403, nothing recorded', async () => {
    expectError(
      await send('PUT', `/api/student/courses/${courseId}/progress`, { token: student.token, json: { progress: 10, duration: 60 } }),
      403,
    );
    expectError(await send('POST', `/api/student/courses/${courseId}/rating`, { token: student.token, json: { rating: 5 } }), 403);
    const stats = expectSuccess(await send('GET', '/api/student/stats', { token: student.token }));
    expect(stats.total_learning_hours).toBe(0);
  });

  it('POST /api/student/enroll/{courseId}: data.message; twice keeps one enrollment', async () => {
    const first = expectSuccess(await send('POST', `/api/student/enroll/${courseId}`, { token: student.token }));
    expect(typeof first.message).toBe('string');
    const second = expectSuccess(await send('POST', `/api/student/enroll/${courseId}`, { token: student.token }));
    expect(typeof second.message).toBe('string');
    const mine = expectSuccess(await send('GET', '/api/student/courses', { token: student.token }));
    expect(mine).toHaveLength(1);
    expect(expectSuccess(await send('GET', `/api/courses/${courseId}`)).enrolled_count).toBe(1);
  });

  it('enroll: unknown course 404; unpublished course 404', async () => {
    expectError(await send('POST', '/api/student/enroll/99999999', { token: student.token }), 404);
    expectError(await send('POST', `/api/student/enroll/${otherCourseId}`, { token: student.token }), 404);
  });

  it('GET /api/student/courses: the course with progress, last studied time and completed flag', async () => {
    const [c] = expectSuccess(await send('GET', '/api/student/courses', { token: student.token }));
    expectCourse(c);
    expect(c).toMatchObject({
      course_id: courseId,
      progress: 0,
      is_completed: 0,
      completed_time: null,
      last_study_time: null,
      teacher_name: '测试教师01',
    });
    expect(c.enroll_time).toMatch(ISO);
  });

  it('PUT …/progress: data.message; progress never moves backwards', async () => {
    const r1 = expectSuccess(
      await send('PUT', `/api/student/courses/${courseId}/progress`, { token: student.token, json: { progress: 45, duration: 5400 } }),
    );
    expect(typeof r1.message).toBe('string');
    expect(r1.progress).toBe(45);
    const r2 = expectSuccess(
      await send('PUT', `/api/student/courses/${courseId}/progress`, { token: student.token, json: { progress: 20 } }),
    );
    expect(r2.progress).toBe(45);
    const [c] = expectSuccess(await send('GET', '/api/student/courses', { token: student.token }));
    expect(c.progress).toBe(45);
    expect(c.last_study_time).toMatch(ISO);
    expect(c.is_completed).toBe(0);
  });

  it('progress validation: > 100, < 0, duration > 86400, missing progress → 400; unknown course 404', async () => {
    for (const body of [
      { progress: 101 },
      { progress: -1 },
      { progress: 50, duration: 86401 },
      { progress: 50, duration: -5 },
      { duration: 10 },
      { progress: 'half' },
    ]) {
      expectError(await send('PUT', `/api/student/courses/${courseId}/progress`, { token: student.token, json: body }), 400);
    }
    expectError(await send('PUT', '/api/student/courses/99999999/progress', { token: student.token, json: { progress: 10 } }), 404);
  });

  it('GET /api/student/stats: documented fields, hours from durations (one decimal), streak 1 today', async () => {
    const data = expectSuccess(await send('GET', '/api/student/stats', { token: student.token }));
    expect(Object.keys(data).sort()).toEqual([
      'continuous_days',
      'courses_completed',
      'courses_in_progress',
      'total_courses',
      'total_learning_hours',
    ]);
    expect(data).toEqual({ total_learning_hours: 1.5, courses_completed: 0, courses_in_progress: 1, total_courses: 1, continuous_days: 1 });
  });

  it('reaching 100 completes the course once; completion time kept', async () => {
    const done = expectSuccess(
      await send('PUT', `/api/student/courses/${courseId}/progress`, { token: student.token, json: { progress: 100, duration: 600 } }),
    );
    expect(done.progress).toBe(100);
    expect(done.is_completed).toBe(1);
    expect(done.completed_time).toMatch(ISO);
    const later = expectSuccess(
      await send('PUT', `/api/student/courses/${courseId}/progress`, { token: student.token, json: { progress: 100, duration: 0 } }),
    );
    expect(later.completed_time).toBe(done.completed_time);
    const [c] = expectSuccess(await send('GET', '/api/student/courses', { token: student.token }));
    expect(c).toMatchObject({ progress: 100, is_completed: 1, completed_time: done.completed_time });
    const stats = expectSuccess(await send('GET', '/api/student/stats', { token: student.token }));
    expect(stats).toMatchObject({ total_learning_hours: 1.7, courses_completed: 1, courses_in_progress: 0, total_courses: 1 });
  });

  it('POST …/rating { rating, comment }: one per learner, a second call updates it; feeds avg_rating', async () => {
    const first = expectSuccess(
      await send('POST', `/api/student/courses/${courseId}/rating`, { token: student.token, json: { rating: 4, comment: '讲得很清楚' } }),
    );
    expect(typeof first.message).toBe('string');
    const second = expectSuccess(
      await send('POST', `/api/student/courses/${courseId}/rating`, { token: student.token, json: { rating: 5, comment: '更新' } }),
    );
    expect(second).toMatchObject({ rating: 5 });
    expect(expectSuccess(await send('GET', `/api/courses/${courseId}`))).toMatchObject({ avg_rating: 5, rating_count: 1 });
    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 3.5 }, {}]) {
      expectError(await send('POST', `/api/student/courses/${courseId}/rating`, { token: student.token, json: bad }), 400);
    }
  });

  it('favorites: add (data.message), idempotent, list, remove, unknown course 404', async () => {
    const add = expectSuccess(await send('POST', `/api/student/favorites/${courseId}`, { token: student.token }));
    expect(Object.keys(add)).toEqual(['message']);
    expect(typeof add.message).toBe('string');
    expectSuccess(await send('POST', `/api/student/favorites/${courseId}`, { token: student.token }));
    const list = expectSuccess(await send('GET', '/api/student/favorites', { token: student.token }));
    expect(list).toHaveLength(1);
    expectCourse(list[0]);
    expect(list[0].course_id).toBe(courseId);

    const del = expectSuccess(await send('DELETE', `/api/student/favorites/${courseId}`, { token: student.token }));
    expect(Object.keys(del)).toEqual(['message']);
    expectSuccess(await send('DELETE', `/api/student/favorites/${courseId}`, { token: student.token }));
    expect(expectSuccess(await send('GET', '/api/student/favorites', { token: student.token }))).toEqual([]);

    expectError(await send('POST', '/api/student/favorites/99999999', { token: student.token }), 404);
    expectError(await send('DELETE', '/api/student/favorites/99999999', { token: student.token }), 404);
  });

  it('GET /api/student/achievements: the documented shape; earned ones carry earned_time', async () => {
    const data = expectSuccess(await send('GET', '/api/student/achievements', { token: student.token }));
    expect(Object.keys(data).sort()).toEqual(['achievements', 'all_achievements', 'stats']);
    expect(Object.keys(data.achievements).sort()).toEqual(['learning', 'other', 'social']);
    expect(data.achievements.learning.length).toBeGreaterThan(0);
    expect(data.achievements.social.length).toBeGreaterThan(0);
    expect(Array.isArray(data.achievements.other)).toBe(true);
    for (const a of data.achievements.learning) expect(a.achievement_type).toBe('learning');
    for (const a of data.achievements.social) expect(a.achievement_type).toBe('social');
    for (const a of data.all_achievements) expectAchievement(a);
    expect(data.all_achievements.length).toBe(
      data.achievements.learning.length + data.achievements.social.length + data.achievements.other.length,
    );

    const earned = data.all_achievements.filter((a: any) => a.is_earned === 1);
    expect(earned.length).toBeGreaterThanOrEqual(1); // first course completed at least
    expect(data.stats).toEqual({
      earned_count: earned.length,
      total_count: data.all_achievements.length,
      completion_rate: expect.any(String),
    });
    expect(Number(data.stats.completion_rate)).toBeCloseTo((earned.length / data.all_achievements.length) * 100, 1);
    expect(data.stats.completion_rate).toMatch(/^\d+(\.\d)?$/);
  });

  it('achievements are earned exactly once under concurrent progress reports', async () => {
    const learner = await registerAndLogin('learner', 'concurrent');
    expectSuccess(await send('POST', `/api/student/enroll/${courseId}`, { token: learner.token }));
    const reports = await Promise.all(
      [100, 100, 100, 100].map((p) =>
        send('PUT', `/api/student/courses/${courseId}/progress`, { token: learner.token, json: { progress: p, duration: 10 } }),
      ),
    );
    for (const r of reports) expectSuccess(r);
    const data = expectSuccess(await send('GET', '/api/student/achievements', { token: learner.token }));
    const ids = data.all_achievements.filter((a: any) => a.is_earned === 1).map((a: any) => a.achievement_id);
    expect(new Set(ids).size).toBe(ids.length);
    const newly = reports.flatMap((r) => r.body.data.new_achievements ?? []).map((a: any) => a.achievement_id);
    expect(new Set(newly).size).toBe(newly.length); // no achievement announced twice
    const stats = expectSuccess(await send('GET', '/api/student/stats', { token: learner.token }));
    expect(stats).toMatchObject({ courses_completed: 1, courses_in_progress: 0, total_courses: 1 });
  });

  it('GET /api/teacher/courses/{id}/students: learners with their progress, no phone or password', async () => {
    const data = expectSuccess(await send('GET', `/api/teacher/courses/${courseId}/students`, { token: teacher.token }));
    expect(data.length).toBe(2);
    const me = data.find((s: any) => s.user_id === student.id);
    expect(me).toMatchObject({ user_id: student.id, progress: 100, is_completed: 1 });
    expect(typeof me.user_name).toBe('string');
    expect(me.enroll_time).toMatch(ISO);
    expectError(await send('GET', '/api/teacher/courses/99999999/students', { token: teacher.token }), 404);
  });

  it('GET /api/teacher/stats: courses, distinct students, duration, average rating', async () => {
    const data = expectSuccess(await send('GET', '/api/teacher/stats', { token: teacher.token }));
    expect(data).toEqual({ total_courses: 1, total_students: 2, total_duration: 10800, avg_rating: 5 });
  });
});

// ---- community ----------------------------------------------------------------------------------

describe('community: teams and rooms, GET /api/student/community', () => {
  let teamId = 0;
  let roomId = 0;

  it('a new learner’s community is the document’s example', async () => {
    otherStudent = await registerAndLogin('learner', '测试学生02');
    const data = expectSuccess(await send('GET', '/api/student/community', { token: otherStudent.token }));
    expect(Object.keys(data).sort()).toEqual(['available_rooms', 'available_teams', 'my_rooms', 'my_teams', 'stats']);
    expect(data.my_teams).toEqual([]);
    expect(data.my_rooms).toEqual([]);
    expect(data.stats).toEqual({ teams_count: 0, rooms_count: 0 });
  });

  it('create a team (name, description, owner, member limit) and a room', async () => {
    const team = expectSuccess(
      await send('POST', '/api/student/teams', {
        token: student.token,
        json: { team_name: '前端学习小组', description: '每周一起刷 Vue3 课程', max_members: 2 },
      }),
    );
    expect(team.team).toMatchObject({
      team_name: '前端学习小组',
      description: '每周一起刷 Vue3 课程',
      owner_id: student.id,
      max_members: 2,
      member_count: 1,
    });
    teamId = team.team.team_id;
    const room = expectSuccess(
      await send('POST', '/api/student/rooms', {
        token: student.token,
        json: { room_name: '晚间自习室', description: '每晚 8 点到 10 点', max_members: 30 },
      }),
    );
    expect(room.room).toMatchObject({ room_name: '晚间自习室', owner_id: student.id, max_members: 30, member_count: 1 });
    roomId = room.room.room_id;
    expectError(await send('POST', '/api/student/teams', { token: student.token, json: { team_name: '' } }), 400);
  });

  it('others see them as available; joining fills the team, and a full team refuses (409)', async () => {
    const before = expectSuccess(await send('GET', '/api/student/community', { token: otherStudent.token }));
    expect(before.available_teams.some((t: any) => t.team_id === teamId)).toBe(true);
    expect(before.available_rooms.some((r: any) => r.room_id === roomId)).toBe(true);

    expectSuccess(await send('POST', `/api/student/teams/${teamId}/join`, { token: otherStudent.token }));
    expectSuccess(await send('POST', `/api/student/rooms/${roomId}/join`, { token: otherStudent.token }));
    const third = await registerAndLogin('learner', '测试学生03');
    expectError(await send('POST', `/api/student/teams/${teamId}/join`, { token: third.token }), 409);
    expectError(await send('POST', '/api/student/teams/99999999/join', { token: third.token }), 404);

    const after = expectSuccess(await send('GET', '/api/student/community', { token: otherStudent.token }));
    expect(after.my_teams.map((t: any) => t.team_id)).toEqual([teamId]);
    expect(after.my_rooms.map((r: any) => r.room_id)).toEqual([roomId]);
    expect(after.stats).toEqual({ teams_count: 1, rooms_count: 1 });

    const lists = expectSuccess(await send('GET', '/api/student/teams', { token: third.token }));
    expect(lists.teams.some((t: any) => t.team_id === teamId)).toBe(true);
  });

  it('social achievements were earned by joining', async () => {
    const data = expectSuccess(await send('GET', '/api/student/achievements', { token: otherStudent.token }));
    expect(data.achievements.social.filter((a: any) => a.is_earned === 1).length).toBeGreaterThanOrEqual(2);
  });

  it('leaving a team and a room', async () => {
    expectSuccess(await send('POST', `/api/student/teams/${teamId}/leave`, { token: otherStudent.token }));
    expectSuccess(await send('POST', `/api/student/rooms/${roomId}/leave`, { token: otherStudent.token }));
    const after = expectSuccess(await send('GET', '/api/student/community', { token: otherStudent.token }));
    expect(after.stats).toEqual({ teams_count: 0, rooms_count: 0 });
    expect(after.available_teams.some((t: any) => t.team_id === teamId)).toBe(true);
  });
});

// ---- course files: cover and materials ------------------------------------------------------------

describe('course files: cover (R2) and learning-API materials', () => {
  let cover = '';
  it('POST …/cover (multipart cover) sets cover_img to a path the Worker serves', async () => {
    const res = await send('POST', `/api/teacher/courses/${courseId}/cover`, {
      token: teacher.token,
      form: imageForm('cover', PNG, 'cover.png', 'image/png'),
    });
    const data = expectSuccess(res);
    expect(data.cover_img).toMatch(/^\/.+\.png$/);
    cover = data.cover_img;
    const img = await fetch(baseUrl + cover);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('etag')).toMatch(/\S/);
    await img.arrayBuffer();
    expect(expectSuccess(await send('GET', `/api/courses/${courseId}`)).cover_img).toBe(cover);
  });

  it('a webp cover is accepted; a cover over 5 MB → 413 and the current cover stays', async () => {
    const webp = expectSuccess(
      await send('POST', `/api/teacher/courses/${courseId}/cover`, {
        token: teacher.token,
        form: imageForm('cover', WEBP, 'c.webp', 'image/webp'),
      }),
    );
    expect(webp.cover_img).toMatch(/\.webp$/);
    const old = await fetch(baseUrl + cover);
    await old.arrayBuffer();
    expect(old.status).toBe(404); // the replaced cover object is deleted
    cover = webp.cover_img;
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 10, 1)]);
    expectError(
      await send('POST', `/api/teacher/courses/${courseId}/cover`, {
        token: teacher.token,
        form: imageForm('cover', big, 'big.png', 'image/png'),
      }),
      413,
    );
    expect(expectSuccess(await send('GET', `/api/courses/${courseId}`)).cover_img).toBe(cover);
  });

  it('cover errors: gif (not accepted for covers) 415, no cover part 400', async () => {
    expectError(
      await send('POST', `/api/teacher/courses/${courseId}/cover`, {
        token: teacher.token,
        form: imageForm('cover', GIF, 'c.gif', 'image/gif'),
      }),
      415,
    );
    expectError(
      await send('POST', `/api/teacher/courses/${courseId}/cover`, {
        token: teacher.token,
        form: imageForm('image', PNG, 'c.png', 'image/png'),
      }),
      400,
    );
  });

  it('a cover_img string in update is still accepted, and the uploaded cover object is deleted', async () => {
    const data = expectSuccess(
      await send('PUT', `/api/teacher/courses/${courseId}`, {
        token: teacher.token,
        json: { cover_img: '/uploads/courses/vue3-2025.jpg' },
      }),
    );
    expect(data.course.cover_img).toBe('/uploads/courses/vue3-2025.jpg');
    const old = await fetch(baseUrl + cover);
    await old.arrayBuffer();
    expect(old.status).toBe(404);
  });

  it('attach a material uploaded through the learning API; the course and the learner’s list show it; detach', async () => {
    const form = new FormData();
    form.append('title', '课程讲义');
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'notes.pdf');
    const up = await send('POST', '/api/v1/upload', { token: teacher.token, form });
    expect(up.status, up.text).toBe(201);
    const materialId = up.body.id;

    const att = expectSuccess(
      await send('POST', `/api/teacher/courses/${courseId}/materials`, { token: teacher.token, json: { material_id: materialId } }),
    );
    expect(att.material).toMatchObject({ material_id: materialId, title: '课程讲义', type: 'pdf' });
    const detail = expectSuccess(await send('GET', `/api/courses/${courseId}`));
    const m = detail.materials.find((x: any) => x.material_id === materialId);
    expect(m).toMatchObject({
      material_id: materialId,
      title: '课程讲义',
      type: 'pdf',
      file_path: expect.any(String),
      thumbnail_path: expect.any(String),
    });
    const file = await fetch(baseUrl + m.file_path);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).toString('latin1')).toContain('%PDF');
    const [mine] = expectSuccess(await send('GET', '/api/student/courses', { token: student.token }));
    expect(mine.materials.map((x: any) => x.material_id)).toContain(materialId);

    // Another teacher cannot attach it to their own course.
    expectError(
      await send('POST', `/api/teacher/courses/${otherCourseId}/materials`, {
        token: otherTeacher.token,
        json: { material_id: materialId },
      }),
      403,
    );
    expectError(
      await send('POST', `/api/teacher/courses/${courseId}/materials`, { token: teacher.token, json: { material_id: 99999999 } }),
      404,
    );

    expectSuccess(await send('DELETE', `/api/teacher/courses/${courseId}/materials/${materialId}`, { token: teacher.token }));
    expectError(await send('DELETE', `/api/teacher/courses/${courseId}/materials/${materialId}`, { token: teacher.token }), 404);
    expect(expectSuccess(await send('GET', `/api/courses/${courseId}`)).materials).toEqual([]);
  });
});

// ---- delete ----------------------------------------------------------------------------------------

describe('DELETE /api/teacher/courses/{id}', () => {
  it('a course without enrollments is removed: data.message, then 404', async () => {
    const created = expectSuccess(
      await send('POST', '/api/teacher/courses', { token: teacher.token, json: { course_name: '待删除', category_id: 1 } }),
    );
    const id = created.course.course_id;
    const del = expectSuccess(await send('DELETE', `/api/teacher/courses/${id}`, { token: teacher.token }));
    expect(Object.keys(del)).toEqual(['message']);
    expectError(await send('DELETE', `/api/teacher/courses/${id}`, { token: teacher.token }), 404);
    expectError(await send('PUT', `/api/teacher/courses/${id}`, { token: teacher.token, json: { course_name: 'x' } }), 404);
  });

  it('a course with enrollments is taken offline and hidden; learners keep their history', async () => {
    expectSuccess(await send('DELETE', `/api/teacher/courses/${courseId}`, { token: teacher.token }));
    expect(expectSuccess(await send('GET', '/api/teacher/courses', { token: teacher.token }))).toEqual([]);
    const catalog = expectSuccess(await send('GET', '/api/courses?page_size=100'));
    expect(catalog.courses.some((c: any) => c.course_id === courseId)).toBe(false);
    expectError(await send('POST', `/api/student/enroll/${courseId}`, { token: otherStudent.token }), 404);
    const mine = expectSuccess(await send('GET', '/api/student/courses', { token: student.token }));
    expect(mine.find((c: any) => c.course_id === courseId)).toMatchObject({ progress: 100, is_completed: 1, is_online: 0 });
    const stats = expectSuccess(await send('GET', '/api/student/stats', { token: student.token }));
    expect(stats).toMatchObject({ courses_completed: 1, total_courses: 1 });
  });
});

// ---- secrets -----------------------------------------------------------------------------------------

describe('no password or hash in any response', () => {
  it('no response carried a password, a password field or a PBKDF2 hash', () => {
    expect(seen.length).toBeGreaterThan(50);
    for (const text of seen) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/pbkdf2_sha256\$|"password(_hash)?"\s*:|"hash"\s*:/i);
    }
  });
});
