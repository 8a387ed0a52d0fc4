// The throttles through real `wrangler dev`. The shared e2e server runs with `--var RATE_LIMITS:off`
// (global-setup.ts: the contract tests sign up many accounts from 127.0.0.1); this file starts a second
// server as `npm start` runs by default, throttles on, and shows 429 with Retry-After from the rate
// limiting bindings of wrangler.toml as miniflare enforces them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from './global-setup';
import { THROTTLES } from '../../src/platform/rate-limit';
import { jsonClient } from './json-client';

const { signInIdentifier, registrationIp } = THROTTLES;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The bindings count in fixed windows aligned to the clock: a burst starts in a fresh one if little is left. */
async function freshWindow(needMs = 20_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 100);
}

const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const password = 'rate-limit-pass-1';

let limited: RunningWorker;
beforeAll(async () => {
  limited = await startWorker();
}, 120_000);
afterAll(async () => {
  await limited?.stop();
});

describe('wrangler dev with the throttles on (the default)', () => {
  it(`sign-in number ${signInIdentifier.limit + 1} on one e-mail within a minute is 429 RATE_LIMIT_EXCEEDED with Retry-After: 60`, {
    timeout: 150_000,
  }, async () => {
    const { send } = jsonClient(limited.baseUrl);
    const email = `e2e.throttle.${tag()}@example.com`;
    expect((await send('POST', '/api/v1/auth/register', { json: { email, name: 'Throttled', password } })).status).toBe(201);
    await freshWindow(45_000);
    for (let i = 0; i < signInIdentifier.limit; i++) {
      const res = await send('POST', '/api/v1/auth/login', { json: { email, password } });
      expect(res.status, res.text).toBe(200);
    }
    const res = await send('POST', '/api/v1/auth/login', { json: { email, password } });
    expect(res.status, res.text).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('60');
    expect(res.body).toEqual({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests; try again later', details: {} } });
    // The personal center answers in its own envelope; the e-mail's count is shared by every API that takes it.
    const progress = await send('POST', '/api/users/login', { json: { email, password } });
    expect(progress.status, progress.text).toBe(429);
    expect(progress.body).toEqual({ code: 10001, message: '请求过于频繁，请稍后再试', data: null });
  });

  it(`self-registration number ${registrationIp.limit + 1} from one address within a minute is 429 with Retry-After`, {
    timeout: 150_000,
  }, async () => {
    const { send } = jsonClient(limited.baseUrl);
    await freshWindow(45_000);
    const statuses: number[] = [];
    // The first test registered once, maybe in this window: one more than the limit is enough either way.
    for (let i = 0; i < registrationIp.limit + 1; i++) {
      const res = await send('POST', '/v1/teacher/register', {
        json: { name: 'Teacher', username: `e2e.reg.${tag()}@example.com`, password },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('Retry-After')).toBe('60');
        expect(res.body).toEqual({ code: 429, msg: '请求过于频繁，请稍后再试', message: '请求过于频繁，请稍后再试', data: {} });
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(registrationIp.limit);
  });
});

describe('the shared e2e server (RATE_LIMITS:off)', () => {
  it('lets a burst of sign-ins on one e-mail through', async () => {
    const { send } = jsonClient(inject('baseUrl'));
    const email = `e2e.unthrottled.${tag()}@example.com`;
    expect((await send('POST', '/api/v1/auth/register', { json: { email, name: 'Load', password } })).status).toBe(201);
    for (let i = 0; i < signInIdentifier.limit + 2; i++) {
      const res = await send('POST', '/api/v1/auth/login', { json: { email, password } });
      expect(res.status, res.text).toBe(200);
    }
  });
});
