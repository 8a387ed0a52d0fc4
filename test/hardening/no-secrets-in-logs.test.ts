// No secret reaches the logs (issue 7): everything the Worker writes through console (src/platform/logger.ts
// writes JSON lines there) while accounts register, sign in, refresh, change passwords and receive SMS codes
// is captured, and no password, token, JWT_SECRET, webhook secret or SMS code may appear in it.
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { approvedSchool, createStudent, uniqueName, uniquePhone } from '../apis/campus/support';
import { call, uniqueEmail } from '../helpers/http';
import { logSender } from '../../src/sms';
import { jsonLogger } from '../../src/platform/logger';

const lines: string[] = [];

beforeEach(() => {
  lines.length = 0;
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation(
      (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
    );
  }
});
afterEach(() => vi.restoreAllMocks());

function expectNotLogged(secrets: Record<string, string>) {
  const all = lines.join('\n');
  expect(lines.length).toBeGreaterThan(0); // the capture works: every request logs a line
  for (const [what, value] of Object.entries(secrets)) {
    expect(value.length, what).toBeGreaterThan(5);
    expect(all.includes(value), `${what} appears in the logs`).toBe(false);
    // A JWT's signature alone is as good as the token for nobody, but its presence means the token was logged.
    if (value.split('.').length === 3) expect(all.includes(value.split('.')[2]!), `${what} signature appears in the logs`).toBe(false);
  }
}

const SMS_WEBHOOK = {
  SMS_PROVIDER: 'webhook',
  SMS_WEBHOOK_URL: 'https://sms.example.test/send',
  SMS_WEBHOOK_SECRET: 'webhook-secret-0123456789abcdef',
};

describe('no secret in the logs', () => {
  it('learning: register, sign in (right and wrong password), refresh, me, sign out', async () => {
    const email = uniqueEmail('logs');
    const password = 'Secret-Pass-9174!';
    expect((await call('POST', '/api/v1/auth/register', { json: { email, name: 'Log Watcher', password } })).status).toBe(201);
    expect((await call('POST', '/api/v1/auth/login', { json: { email, password: 'Wrong-Pass-5531!' } })).status).toBe(401);
    const login = await call('POST', '/api/v1/auth/login', { json: { email, password } });
    expect(login.status).toBe(200);
    const refreshed = await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: login.body.refresh_token } });
    expect(refreshed.status, refreshed.text).toBe(200);
    // A reused refresh token (logged as a warning) must not log the token either.
    expect((await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: login.body.refresh_token } })).status).toBe(401);
    await call('GET', '/api/v1/auth/me', { token: refreshed.body.access_token });
    await call('POST', '/api/v1/auth/logout', { token: refreshed.body.access_token });
    expectNotLogged({
      password,
      'wrong password': 'Wrong-Pass-5531!',
      'access token': login.body.access_token,
      'refresh token': login.body.refresh_token,
      'rotated access token': refreshed.body.access_token,
      'rotated refresh token': refreshed.body.refresh_token,
      JWT_SECRET: env.JWT_SECRET!,
    });
  });

  it('campus: a student signs in and changes the password', async () => {
    const { owner, schoolId } = await approvedSchool();
    const student = await createStudent(owner.token, schoolId, { password: 'Student-Old-42' });
    lines.length = 0;
    const login = await call('POST', '/v1/login', { json: { identity: 2, username: student.username, password: 'Student-Old-42' } });
    expect(login.status, login.text).toBe(200);
    const token = login.body.data.access_token as string;
    const changed = await call('PUT', '/v1/student/password', {
      token,
      json: { old_password: 'Student-Old-42', password: 'Student-New-77', password_confirmation: 'Student-New-77' },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(
      (await call('POST', '/v1/login', { json: { identity: 2, username: student.username, password: 'Student-New-77' } })).status,
    ).toBe(200);
    expectNotLogged({ 'old password': 'Student-Old-42', 'new password': 'Student-New-77', token, JWT_SECRET: env.JWT_SECRET! });
  });

  it('excourse: an SMS code sent through the gateway, registration with it, a password change', async () => {
    const { schoolId } = await approvedSchool();
    const sent: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      sent.push(String(init?.body ?? ''));
      expect(String(input)).toBe(SMS_WEBHOOK.SMS_WEBHOOK_URL);
      return new Response('ok');
    });
    const phone = uniquePhone();
    const username = uniqueName('日志');
    const code = await call('POST', '/vertifications/', { json: { username, phone }, env: SMS_WEBHOOK });
    expect(code.status, code.text).toBe(200);
    const smsCode = JSON.parse(sent[0]!).code as string;
    expect(smsCode).toMatch(/^\d{6}$/);
    const reg = await call('POST', '/users/register/', {
      json: { username, password: 'Excourse-Pass-1', school_id: schoolId, phone, sms_code: smsCode },
    });
    expect(reg.status, reg.text).toBe(201);
    const update = await call('PUT', `/users/${reg.body.id}/`, { token: reg.body.token, json: { password: 'Excourse-Pass-2' } });
    expect(update.status, update.text).toBe(200);
    expectNotLogged({
      'SMS code': `"${smsCode}"`,
      'webhook secret': SMS_WEBHOOK.SMS_WEBHOOK_SECRET,
      password: 'Excourse-Pass-1',
      'new password': 'Excourse-Pass-2',
      token: reg.body.token,
      JWT_SECRET: env.JWT_SECRET!,
    });
    // The code as a bare number may collide with a timestamp or an id, so it is looked for as a JSON value.
    expect(lines.join('\n')).not.toMatch(new RegExp(`[:=]\\s*"?${smsCode}"?[,}\\s]`));
  });
});

describe('the log SMS provider', () => {
  it('writes the code to the log for local development only, never in production', async () => {
    const phone = uniquePhone();
    expect(
      (
        await call('POST', '/vertifications/', {
          json: { username: uniqueName('开发'), phone },
          env: { SMS_PROVIDER: 'log', SMS_TEST_CODE: undefined },
        })
      ).status,
    ).toBe(200);
    expect(lines.some((l) => l.includes('"code":"') && l.includes(phone))).toBe(true);
    lines.length = 0;
    const prodPhone = uniquePhone();
    const res = await call('POST', '/vertifications/', {
      json: { username: uniqueName('生产'), phone: prodPhone },
      env: { SMS_PROVIDER: 'log', ENVIRONMENT: 'production' },
    });
    // Production refuses the log provider outright (src/config.ts): nothing is sent, the client is told
    // so (503 in the API's envelope), and the log says why without a code or the phone.
    expect(res.status).toBe(503);
    const all = lines.join('\n');
    expect(all).toMatch(/configuration refused.*SMS_PROVIDER is \\"log\\"/);
    expect(all).not.toContain('"code":"');
    expect(all).not.toContain(prodPhone);
    // The log sender's own guard, should it ever run in production: it fails the send and logs no code.
    lines.length = 0;
    await expect(
      logSender(jsonLogger(), true).send({ phone: prodPhone, code: '987654', purpose: 'register', ttlSeconds: 300 }),
    ).rejects.toMatchObject({ code: 'SMS_MISCONFIGURED' });
    expect(lines.join('\n')).toContain('SMS_PROVIDER=log in production');
    expect(lines.join('\n')).not.toContain('987654');
    expect(lines.join('\n')).not.toContain(prodPhone);
  });
});
