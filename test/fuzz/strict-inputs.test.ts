// Regressions for the input leniencies and document mismatches the fuzzers found (issue 7): integer path
// and query parameters in digits only, a required JSON body that is missing, and schemas the code was
// stricter than (e-mail, trimmed names, cross-field requirements).
import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from './documents';
import { send } from './send';
import { mintTokens, tokens } from './sessions';
import { validator } from './validators';

beforeAll(mintTokens);

const NOT_DIGITS = ['%201', '1%20', '0x10', '1e3', '1.0', '01', '+1', '-1', '99999999999999999999'];

/** One resource route per API: a well-formed unknown id gets past validation (404/410), anything else is refused. */
const ID_ROUTES = [
  { api: 'learning', path: (id: string) => `/api/v1/materials/${id}`, role: undefined, known: 404, refused: 422 },
  { api: 'personal-center', path: (id: string) => `/api/courses/${id}`, role: undefined, known: 404, refused: 400 },
  { api: 'progress', path: (id: string) => `/api/lesson-tasks/${id}`, role: 'admin', known: 404, refused: 400 },
  { api: 'campus', path: (id: string) => `/v1/teacher/schools/${id}`, role: 'admin', known: 410, refused: 422 },
];

describe('integer ids are digits only', () => {
  for (const r of ID_ROUTES) {
    it(r.api, async () => {
      const token = r.role && tokens[r.role];
      expect((await send('GET', r.path('987654321'), { token })).status).toBe(r.known);
      for (const id of NOT_DIGITS) {
        const res = await send('GET', r.path(id), { token });
        expect(res.status, `${r.api} ${id}`).toBe(r.refused);
        expect(res.headers.get('content-type')).toContain('application/json');
      }
    });
  }

  it('the documents still say integer, with the minimum', () => {
    const ids = operations().flatMap((o) => o.params.filter((p) => p.in === 'path' && p.schema.type === 'integer').map((p) => p.schema));
    expect(ids.length).toBeGreaterThan(30);
    for (const s of ids) expect(s.minimum).toBe(1);
  });
});

// `emptyIs`: what an empty value means. Spring binds `size=` to null for an optional parameter, so the
// progress API reads it as absent (the default page); the others refuse it like any bad value.
const PAGE_ROUTES = [
  { api: 'learning', path: '/api/v1/materials', param: 'page', role: undefined, refused: 422, emptyIs: 'refused' },
  { api: 'personal-center', path: '/api/courses', param: 'page_size', role: undefined, refused: 400, emptyIs: 'refused' },
  { api: 'progress', path: '/api/lesson-tasks', param: 'size', role: 'admin', refused: 400, emptyIs: 'absent' },
  { api: 'campus', path: '/v1/teacher/schools', param: 'per_page', role: 'admin', refused: 422, emptyIs: 'refused' },
] as const;

describe('page parameters are digits only, and every API refuses a bad one (none clamps)', () => {
  for (const r of PAGE_ROUTES) {
    it(r.api, async () => {
      const token = r.role && tokens[r.role];
      expect((await send('GET', `${r.path}?${r.param}=2`, { token })).status).toBe(200);
      for (const v of ['%202', '2%20', '0x2', '2e0', '2.0', '02', '0', '-1', 'abc']) {
        expect((await send('GET', `${r.path}?${r.param}=${v}`, { token })).status, `${r.api} ${r.param}=${v}`).toBe(r.refused);
      }
      const empty = await send('GET', `${r.path}?${r.param}=`, { token });
      if (r.emptyIs === 'refused') expect(empty.status, `${r.api} ${r.param}=`).toBe(r.refused);
      else expect(empty.body, `${r.api} ${r.param}=`).toEqual((await send('GET', r.path, { token })).body);
    });
  }
});

describe('a required JSON body that is missing is a validation error, not `{}`', () => {
  const CASES = [
    { api: 'personal-center', method: 'PUT', path: '/api/user/profile', role: 'student', refused: 400 },
    { api: 'progress', method: 'PUT', path: '/api/lesson-tasks/987654321', role: 'admin', refused: 400 },
    { api: 'campus', method: 'PUT', path: '/v1/student/password', role: 'student', refused: 422 },
    { api: 'learning', method: 'POST', path: '/api/v1/uploads', role: 'teacher', refused: 422 },
  ];
  for (const c of CASES) {
    it(`${c.api} ${c.method} ${c.path}`, async () => {
      const res = await send(c.method, c.path, { token: tokens[c.role] });
      expect(res.status, res.text).toBe(c.refused);
      expect(res.headers.get('content-type')).toContain('application/json');
      // Over HTTP (wrangler dev, Content-Length: 0) the missing body arrives as an empty stream.
      const empty = await send(c.method, c.path, { token: tokens[c.role], body: new Uint8Array(0) });
      expect(empty.status, `empty stream: ${empty.text}`).toBe(c.refused);
      // Authentication still answers first.
      expect((await send(c.method, c.path, {})).status).toBe(401);
    });
  }

  it('excourse PUT /users/{pk}/ answers DRF field errors', async () => {
    const me = await send('GET', '/api/v1/auth/me', { token: tokens.teacher });
    const res = await send('PUT', `/users/${me.body.id}/`, { token: tokens.teacher });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ non_field_errors: [expect.any(String)] });
  });

  it('an empty JSON object is still a valid (no-op) update where every field is optional', async () => {
    const res = await send('PUT', '/api/user/profile', {
      token: tokens.student,
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
  });
});

const bodySchema = (id: string) => {
  const op = operations().find((o) => o.id === id)!;
  return validator(op.api, op.jsonBody!.schema);
};

describe('the documents say what the code refuses', () => {
  const REGISTER = [
    {
      id: 'learningRegister',
      path: '/api/v1/auth/register',
      body: (email: string) => ({ email, name: 'N', password: 'password-123' }),
      refused: 422,
    },
    {
      id: 'personalCenterRegister',
      path: '/api/auth/register',
      body: (email: string) => ({ user_name: '甲', phone: '13900000000', email, password: 'password-123', role: 'learner' }),
      refused: 400,
    },
    {
      id: 'progressRegister',
      path: '/api/users',
      body: (email: string) => ({ username: 'n', email, password: 'password-123', departmentId: 1, jobs: 1 }),
      refused: 400,
    },
  ];
  for (const r of REGISTER) {
    it(`${r.id}: e-mail addresses the code refuses are refused by the document too`, async () => {
      const v = bodySchema(r.id);
      for (const email of ['a^b@example.com', 'a@b-.example.com', '"q"@example.com', 'a..b@example.com']) {
        expect(v(r.body(email)), `${r.id} document ${email}`).toBe(false);
        expect(
          (await send('POST', r.path, { body: JSON.stringify(r.body(email)), headers: { 'Content-Type': 'application/json' } })).status,
          `${r.id} ${email}`,
        ).toBe(r.refused);
      }
      expect(v(r.body("o'neil.x+tag@mail.example.com")), JSON.stringify(v.errors)).toBe(true);
    });
  }

  it('a name that is blank once trimmed breaks the document, as the code refuses it', async () => {
    const v = bodySchema('learningRegister');
    expect(v({ email: 'blank@example.com', name: '   ', password: 'password-123' })).toBe(false);
    expect(v({ email: 'blank@example.com', name: ' x ', password: 'password-123' })).toBe(true);
    const res = await send('POST', '/api/v1/auth/register', {
      body: JSON.stringify({ email: 'blank@example.com', name: '   ', password: 'password-123' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(422);
    const school = bodySchema('campusCreateSchool');
    expect(school({ name: '  ab  ' })).toBe(false);
    expect(school({ name: ' abcd ' })).toBe(true);
  });

  it('campus: the change-password and student-update bodies state the fields they need', () => {
    const change = bodySchema('campusStudentChangePassword');
    expect(change({})).toBe(false);
    expect(change({ old_password: 'old-pass', new_password: 'new-pass' })).toBe(true);
    expect(change({ current_password: 'old-pass', password: 'new-pass' })).toBe(true);
    expect(change({ password: 'new-pass' })).toBe(false);
    const update = bodySchema('campusUpdateStudent');
    expect(update({})).toBe(false);
    expect(update({ name: '学生' })).toBe(true);
  });

  it('excourse: school_id is at least 1 in the document as in the code', () => {
    expect(bodySchema('excourseUpdateUser')({ school_id: 0 })).toBe(false);
    expect(bodySchema('excourseUpdateUser')({ school_id: 1 })).toBe(true);
  });
});

describe('no API reads a number with z.coerce', () => {
  // The audit route added after the first fix used z.coerce again; the 1000-case run caught it.
  const sources = import.meta.glob<string>('../../src/apis/**/*.ts', { query: '?raw', import: 'default', eager: true } as { eager: true });
  it('src/apis uses intText (src/http/params.ts) for integer parameters', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(40);
    const offenders = Object.entries(sources)
      .filter(([, text]) => /z\.coerce\b/.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});

describe('campus review list: an empty status means all, and the document says so', () => {
  it('accepts status= and 1-3, refuses anything else, as the document does', async () => {
    const op = operations().find((o) => o.id === 'campusAdminListSchools')!;
    const status = validator('campus', op.params.find((p) => p.name === 'status')!.schema);
    expect([status(''), status(1), status(3), status(4), status('x')]).toEqual([true, true, true, false, false]);
    expect((await send('GET', '/v1/admin/schools?status=', { token: tokens.admin })).status).toBe(200);
    expect((await send('GET', '/v1/admin/schools?status=2', { token: tokens.admin })).status).toBe(200);
    expect((await send('GET', '/v1/admin/schools?status=4', { token: tokens.admin })).status).toBe(422);
  });
});
