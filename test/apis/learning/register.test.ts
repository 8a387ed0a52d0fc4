import { describe, expect, it } from 'vitest';
import { call, uniqueEmail } from '../../helpers/http';
import { accountRowByEmail, expectError, expectNoStackTrace, fetchWithEnv, ISO_NAIVE } from './support';

const REGISTER = '/api/v1/auth/register';
const valid = (over: Record<string, unknown> = {}) => ({ email: uniqueEmail('reg'), name: '用户名', password: 'password-123', ...over });

/** A refused registration: 4xx in the envelope, never 500, and no row left behind. */
async function expectRefused(json: unknown, status = 422, code = 'VALIDATION_ERROR') {
  const res = await call('POST', REGISTER, { json });
  expectError(res, status, code);
  expectNoStackTrace(res.text);
  const email = (json as { email?: unknown } | null)?.email;
  if (typeof email === 'string') expect(await accountRowByEmail(email)).toHaveLength(0);
  return res;
}

describe('POST /api/v1/auth/register: success', () => {
  it('answers 201 with exactly the documented user fields', async () => {
    const before = Date.now();
    const input = valid();
    const res = await call('POST', REGISTER, { json: input });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['avatar_url', 'created_at', 'email', 'id', 'is_active', 'name']);
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.body.id).toBeGreaterThan(0);
    expect(res.body.email).toBe(input.email);
    expect(res.body.name).toBe('用户名');
    expect(res.body.avatar_url).toBeNull();
    expect(res.body.is_active).toBe(true);
    expect(res.body.created_at).toMatch(ISO_NAIVE);
    // created_at is UTC, to the second, and "now".
    const created = Date.parse(`${res.body.created_at}Z`);
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
  });

  it('never returns the password or its hash', async () => {
    const input = valid({ password: 'a-very-distinctive-password' });
    const res = await call('POST', REGISTER, { json: input });
    expect(res.status).toBe(201);
    expect(res.text).not.toContain('a-very-distinctive-password');
    expect(res.text).not.toMatch(/password|hash|pbkdf2/i);
  });

  it('stores one account with a hashed password and the student role', async () => {
    const input = valid();
    const res = await call('POST', REGISTER, { json: input });
    expect(res.status).toBe(201);
    const rows = await accountRowByEmail(input.email);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(res.body.id);
    expect(rows[0]!.role).toBe('student');
    expect(rows[0]!.isActive).toBe(true);
    expect(rows[0]!.passwordHash).not.toContain(input.password);
    expect(rows[0]!.passwordHash).toMatch(/^pbkdf2_sha256\$/);
  });

  it('gives each new account its own increasing id', async () => {
    const a = await call('POST', REGISTER, { json: valid() });
    const b = await call('POST', REGISTER, { json: valid() });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBeGreaterThan(a.body.id);
  });

  it('accepts the boundaries: a 1-character and a 100-character name, an 8-character password', async () => {
    for (const over of [{ name: 'A' }, { name: 'n'.repeat(100) }, { name: '名'.repeat(100) }, { password: '12345678' }]) {
      const input = valid(over);
      const res = await call('POST', REGISTER, { json: input });
      expect(res.status, JSON.stringify(over)).toBe(201);
      if ('name' in over) expect(res.body.name).toBe(over.name);
    }
  });

  it('accepts application/json with a charset parameter', async () => {
    const input = valid();
    const res = await call('POST', REGISTER, {
      body: JSON.stringify(input),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.email).toBe(input.email);
  });

  it('the new account can sign in with the password it registered', async () => {
    const input = valid();
    expect((await call('POST', REGISTER, { json: input })).status).toBe(201);
    const login = await call('POST', '/api/v1/auth/login', { json: { email: input.email, password: input.password } });
    expect(login.status).toBe(200);
  });
});

describe('POST /api/v1/auth/register: duplicate e-mail', () => {
  it('answers 400 EMAIL_ALREADY_EXISTS for the same e-mail', async () => {
    const input = valid();
    expect((await call('POST', REGISTER, { json: input })).status).toBe(201);
    const res = await call('POST', REGISTER, { json: { ...input, name: 'Someone else' } });
    expectError(res, 400, 'EMAIL_ALREADY_EXISTS');
    expect(await accountRowByEmail(input.email)).toHaveLength(1);
  });

  it('treats e-mail case-insensitively', async () => {
    const email = uniqueEmail('CaseTest');
    expect((await call('POST', REGISTER, { json: valid({ email }) })).status).toBe(201);
    for (const variant of [email.toUpperCase(), email.toLowerCase()]) {
      const res = await call('POST', REGISTER, { json: valid({ email: variant }) });
      expectError(res, 400, 'EMAIL_ALREADY_EXISTS');
    }
    expect(await accountRowByEmail(email)).toHaveLength(1);
  });

  it('the original account keeps its password after a refused duplicate', async () => {
    const input = valid();
    expect((await call('POST', REGISTER, { json: input })).status).toBe(201);
    expect((await call('POST', REGISTER, { json: { ...input, password: 'other-password-1' } })).status).toBe(400);
    expect((await call('POST', '/api/v1/auth/login', { json: { email: input.email, password: 'other-password-1' } })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/login', { json: { email: input.email, password: input.password } })).status).toBe(200);
  });
});

describe('POST /api/v1/auth/register: validation', () => {
  it('refuses an empty, whitespace-only or 101-character name', async () => {
    for (const name of ['', '   ', '\t\n', 'n'.repeat(101)]) {
      const res = await expectRefused(valid({ name }));
      expect(res.body.error.details.errors.map((e: { field: string }) => e.field)).toContain('body.name');
    }
  });

  it('refuses a 7-character password', async () => {
    const res = await expectRefused(valid({ password: '1234567' }));
    expect(res.body.error.details.errors).toEqual([{ field: 'body.password', message: expect.any(String) }]);
  });

  it('refuses invalid e-mail addresses', async () => {
    for (const email of ['not-an-email', 'a@', '@example.test', 'a b@example.test', '', `${'x'.repeat(250)}@example.test`]) {
      const res = await expectRefused(valid({ email }));
      expect(res.body.error.details.errors.map((e: { field: string }) => e.field)).toContain('body.email');
    }
  });

  it('refuses missing fields, naming each', async () => {
    const { email, name, password } = valid();
    for (const [body, missing] of [
      [{ name, password }, 'body.email'],
      [{ email, password }, 'body.name'],
      [{ email, name }, 'body.password'],
    ] as const) {
      const res = await expectRefused(body);
      expect(res.body.error.details.errors.map((e: { field: string }) => e.field)).toContain(missing);
    }
    const empty = await expectRefused({});
    expect(empty.body.error.details.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.email',
      'body.name',
      'body.password',
    ]);
  });

  it('refuses wrong types: numbers, null, arrays, objects, booleans', async () => {
    for (const over of [
      { email: 12345 },
      { email: null },
      { email: ['a@example.test'] },
      { name: 42 },
      { name: null },
      { name: ['Name'] },
      { name: { first: 'A' } },
      { password: 12345678 },
      { password: null },
      { password: ['password-123'] },
      { password: true },
    ]) {
      await expectRefused(valid(over));
    }
  });

  it('refuses a body that is not an object', async () => {
    for (const json of [null, [], [valid()], 'a string', 42, true]) await expectRefused(json);
  });

  it('ignores extra fields (role, is_active, id, ...): a learner is created and none of them is assigned', async () => {
    const extra = {
      role: 'sysadmin',
      is_active: false,
      id: 1,
      avatar_url: 'https://evil.test/x.png',
      is_superuser: true,
      password_hash: 'x',
      confirm_password: 'password-123',
    };
    const input = valid(extra);
    const res = await call('POST', REGISTER, { json: input });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ is_active: true, avatar_url: null });
    expect(res.body.id).not.toBe(1);
    const login = await call('POST', '/api/v1/auth/login', { json: { email: input.email, password: input.password } });
    expect(login.status).toBe(200);
    const token = login.body.access_token;
    expect((await call('GET', '/api/v1/auth/me', { token })).body).toMatchObject({ id: res.body.id, is_active: true, avatar_url: null });
    // A learner, not an administrator: the audit log is refused.
    expectError(await call('GET', '/api/v1/admin/audit', { token }), 403, 'FORBIDDEN');
  });

  it('a failed registration leaves the e-mail free to register afterwards', async () => {
    const input = valid();
    await expectRefused({ ...input, password: 'short' });
    const res = await call('POST', REGISTER, { json: input });
    expect(res.status).toBe(201);
    expect(await accountRowByEmail(input.email)).toHaveLength(1);
  });
});

describe('POST /api/v1/auth/register: malformed requests', () => {
  it('refuses malformed JSON in the envelope', async () => {
    for (const raw of ['{', '{"email": "a@example.test",}', 'not json at all', "{'email': 'x'}"]) {
      const res = await call('POST', REGISTER, { body: raw, headers: { 'Content-Type': 'application/json' } });
      expectError(res, 422, 'VALIDATION_ERROR');
      expectNoStackTrace(res.text);
    }
  });

  it('refuses an empty body in the envelope', async () => {
    const res = await call('POST', REGISTER, { body: '', headers: { 'Content-Type': 'application/json' } });
    expectError(res, 422, 'VALIDATION_ERROR');
  });

  it('refuses a non-JSON Content-Type (text/plain, form, none) without creating the account', async () => {
    const input = valid();
    const body = JSON.stringify(input);
    for (const headers of [
      { 'Content-Type': 'text/plain' },
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      { 'Content-Type': 'multipart/form-data; boundary=x' },
      {} as Record<string, string>,
    ]) {
      const res = await call('POST', REGISTER, { body, headers });
      // A body that is not JSON is a schema failure: FastAPI's 422 VALIDATION_ERROR.
      expectError(res, 422, 'VALIDATION_ERROR');
      expectNoStackTrace(res.text);
    }
    expect(await accountRowByEmail(input.email)).toHaveLength(0);
  });

  it('refuses a body over 1 MB with 413 in the envelope and creates nothing', async () => {
    const input = valid({ name: 'x'.repeat(1024 * 1024 + 10) });
    const res = await call('POST', REGISTER, { json: input });
    expectError(res, 413);
    expectNoStackTrace(res.text);
    expect(await accountRowByEmail(input.email)).toHaveLength(0);
  });

  it('refuses a streamed body over 1 MB (no Content-Length) with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024 + chunk.byteLength) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    // Straight into the app (no loopback service binding, whose body pipe would report the early abort).
    const res = await fetchWithEnv({}, 'POST', REGISTER, { body: stream, headers: { 'Content-Type': 'application/json' } });
    expectError(res, 413);
  });

  it('answers a GET on the register path with 405 and Allow: POST in the envelope', async () => {
    const res = await call('GET', REGISTER);
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('Allow')).toBe('POST');
  });
});
