/**
 * RATE_LIMITS=off (local load tests and benchmarks): the bursts the throttles refuse go through, while
 * the sign-in lockout, the SMS resend interval and every size cap stay on.
 */
import { describe, expect, it } from 'vitest';
import { LOGIN_MAX_FAILURES } from '../../src/domain/auth/login-throttle';
import { JSON_BODY_LIMIT_BYTES } from '../../src/app';
import { THROTTLES } from '../../src/platform/rate-limit';
import { pdf, uploadForm } from '../apis/learning/fixtures';
import { fileForm } from '../apis/personal-center/support';
import {
  APIS,
  everywhereAccount,
  expect429,
  expectSignedIn,
  limited,
  OFF,
  secondSmsCodeRefused,
  signIn,
  times,
  uniqueEmail,
  uniqueIp,
  uniquePhone,
} from './support';

const T = { timeout: 120_000 };
const off = (method: string, path: string, ip: string, opts: Parameters<typeof limited>[3] = {}) =>
  limited(method, path, ip, { ...opts, env: OFF });

describe('RATE_LIMITS=off', () => {
  it(
    'lets through what the throttles refuse: sign-ins on one identifier and from one address, registrations, uploads, imports, SMS from one address',
    T,
    async () => {
      const ip = uniqueIp();
      const a = await everywhereAccount();
      // More than the per-identifier limit on each API, and more than the per-address limit in all.
      const each = Math.max(THROTTLES.signInIdentifier.limit, Math.ceil(THROTTLES.signInIp.limit / APIS.length)) + 1;
      for (const api of APIS) await times(each, async () => expectSignedIn(api, await signIn(api, a, a.password, ip, OFF)));
      await times(THROTTLES.registrationIp.limit + 2, async () => {
        const res = await off('POST', '/api/v1/auth/register', ip, {
          json: { email: uniqueEmail(), name: 'Load test', password: 'password-123' },
        });
        expect(res.status, res.text).toBe(201);
      });
      await times(THROTTLES.upload.limit + 2, async () => {
        const res = await off('POST', '/api/v1/upload', ip, { token: a.token, body: uploadForm({ file: pdf(1024) }) });
        expect(res.status, res.text).toBe(201);
      });
      const admin = await everywhereAccount('admin');
      await times(THROTTLES.import.limit + 2, async () => {
        const csv = `部门名称\n负载 ${Date.now()} ${Math.random()}\n`;
        const res = await off('POST', '/api/import/departments', ip, {
          token: admin.token,
          body: fileForm('file', new TextEncoder().encode(csv), {}, 'd.csv'),
        });
        expect(res.status, res.text).toBe(200);
      });
      await times(THROTTLES.smsIp.limit + 2, async () => {
        const res = await off('POST', '/vertifications/', ip, { json: { phone: uniquePhone() } });
        expect(res.status, res.text).toBe(200);
      });
    },
  );

  it('still locks an account after repeated wrong passwords', T, async () => {
    const a = await everywhereAccount();
    await times(LOGIN_MAX_FAILURES, (i) => signIn('campus', a, `wrong-${i}`, uniqueIp(), OFF));
    expect429('campus', await signIn('campus', a, a.password, uniqueIp(), OFF), 'lockout');
  });

  it('still refuses a second SMS code for one phone within 60 s (the countdown frontends show), from any address', T, async () => {
    const again = await secondSmsCodeRefused(OFF);
    const retry = Number(again.headers.get('Retry-After'));
    expect(retry).toBeGreaterThan(50);
    expect(retry).toBeLessThanOrEqual(60);
  });

  it('leaves the size caps on (the 1 MB JSON body limit here)', T, async () => {
    const res = await off('POST', '/api/v1/auth/register', uniqueIp(), {
      body: `{"x":"${'a'.repeat(JSON_BODY_LIMIT_BYTES)}"}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status, res.text).toBe(413);
  });
});
