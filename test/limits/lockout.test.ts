/**
 * The sign-in lockout (src/domain/auth/login-throttle.ts, counted exactly in D1) on every API's
 * password sign-in: per account, so every identifier and API of one account share the count,
 * whatever address the guesses come from; per normalised identifier when it names no account.
 * It is security, not throttling: RATE_LIMITS=off leaves it on.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loginFailures } from '../../src/db/schema';
import { accountLockKey, identifierKey, LOGIN_LOCK_MS, LOGIN_MAX_FAILURES } from '../../src/domain/auth/login-throttle';
import { testDeps } from '../helpers/deps';
import { APIS, everywhereAccount, expect429, expectSignedIn, nobody, OFF, signIn, times, uniqueIp, type ApiName } from './support';

const T = { timeout: 120_000 };
const failureRow = (key: string) => testDeps().db.select().from(loginFailures).where(eq(loginFailures.identifier, key)).get();

/** What a wrong password answers on each API (never 429 before the lock). */
const WRONG: Record<ApiName, number> = { learning: 401, 'personal-center': 401, progress: 401, excourse: 400, campus: 401 };

describe('the lockout on every API (with RATE_LIMITS=off: the lockout is not a throttle)', () => {
  for (const api of APIS) {
    it(
      `${api}: ${LOGIN_MAX_FAILURES} wrong passwords lock the account; even the right one is then 429 with Retry-After of about 15 minutes`,
      T,
      async () => {
        const a = await everywhereAccount();
        await times(LOGIN_MAX_FAILURES, async (i) => {
          const res = await signIn(api, a, `wrong-${i}`, uniqueIp(), OFF);
          expect(res.status, res.text).toBe(WRONG[api]);
        });
        const retry = expect429(api, await signIn(api, a, a.password, uniqueIp(), OFF), 'lockout');
        expect(retry).toBeGreaterThan(LOGIN_LOCK_MS / 1000 - 60);
        expect(retry).toBeLessThanOrEqual(LOGIN_LOCK_MS / 1000);
        expect(await failureRow(accountLockKey(a.id))).toMatchObject({ failures: LOGIN_MAX_FAILURES, lockedUntil: expect.any(Number) });
      },
    );
  }

  it('one account: guesses through any API and identifier add up, and the lock holds on every API', T, async () => {
    const a = await everywhereAccount();
    // Two wrong passwords through each API: e-mail (learning, progress, campus), phone, username.
    await times(LOGIN_MAX_FAILURES, async (i) => {
      const api = APIS[i % APIS.length]!;
      expect((await signIn(api, a, `wrong-${i}`, uniqueIp(), OFF)).status).toBe(WRONG[api]);
    });
    for (const api of APIS) expect429(api, await signIn(api, a, a.password, uniqueIp(), OFF), 'lockout');
  });

  it('a successful sign-in before the lock clears the count', T, async () => {
    const a = await everywhereAccount();
    await times(LOGIN_MAX_FAILURES - 1, (i) => signIn('learning', a, `wrong-${i}`, uniqueIp(), OFF));
    expectSignedIn('personal-center', await signIn('personal-center', a, a.password, uniqueIp(), OFF));
    expect(await failureRow(accountLockKey(a.id))).toBeUndefined();
    await times(LOGIN_MAX_FAILURES - 1, (i) => signIn('campus', a, `wrong-${i}`, uniqueIp(), OFF));
    expectSignedIn('excourse', await signIn('excourse', a, a.password, uniqueIp(), OFF));
  });

  it('the lock lifts after 15 minutes', T, async () => {
    const a = await everywhereAccount();
    await times(LOGIN_MAX_FAILURES, (i) => signIn('progress', a, `wrong-${i}`, uniqueIp(), OFF));
    expect429('progress', await signIn('progress', a, a.password, uniqueIp(), OFF), 'lockout');
    const past = Date.now() - 1;
    await testDeps()
      .db.update(loginFailures)
      .set({ lockedUntil: past, windowStartedAt: past - LOGIN_LOCK_MS })
      .where(eq(loginFailures.identifier, accountLockKey(a.id)))
      .run();
    expectSignedIn('progress', await signIn('progress', a, a.password, uniqueIp(), OFF));
    expect(await failureRow(accountLockKey(a.id))).toBeUndefined();
  });
});

describe('the lockout with the throttles on', () => {
  it(
    'guesses from ten addresses at the e-mail lock the account: the phone sign-in from an eleventh address is refused too',
    T,
    async () => {
      const a = await everywhereAccount();
      // Ten attempts fit the per-identifier throttle (10 a minute): every refusal below is the lockout's.
      await times(LOGIN_MAX_FAILURES, async (i) => {
        const res = await signIn('learning', a, `wrong-${i}`, uniqueIp());
        expect(res.status, res.text).toBe(401);
      });
      expect429('personal-center', await signIn('personal-center', a, a.password, uniqueIp()), 'lockout');
      expect429('excourse', await signIn('excourse', a, a.password, uniqueIp()), 'lockout');
    },
  );
});

describe('identifiers that name no account', () => {
  for (const api of APIS) {
    it(`${api}: lock after as many guesses, with the same answers as a real account (no enumeration)`, T, async () => {
      const ghost = nobody();
      const real = await everywhereAccount();
      const ghostAnswers = await times(LOGIN_MAX_FAILURES + 1, (i) => signIn(api, ghost, `wrong-${i}`, uniqueIp(), OFF));
      const realAnswers = await times(LOGIN_MAX_FAILURES + 1, (i) => signIn(api, real, `wrong-${i}`, uniqueIp(), OFF));
      const statuses = (rs: { status: number }[]) => rs.map((r) => r.status);
      expect(statuses(ghostAnswers)).toEqual([...Array<number>(LOGIN_MAX_FAILURES).fill(WRONG[api]), 429]);
      expect(statuses(realAnswers)).toEqual(statuses(ghostAnswers));
      // The progress document answers an unknown e-mail (10003) apart from a wrong password (10004); the others answer alike.
      if (api !== 'progress') expect(ghostAnswers[0]!.body).toEqual(realAnswers[0]!.body);
      const lockedBody = (r: { text: string }) => r.text.replace(/预计 \d+ 秒/, '预计 N 秒');
      expect(lockedBody(ghostAnswers[LOGIN_MAX_FAILURES]!)).toEqual(lockedBody(realAnswers[LOGIN_MAX_FAILURES]!));
      const key =
        api === 'personal-center'
          ? identifierKey({ phone: ghost.phone })
          : api === 'excourse'
            ? identifierKey({ username: ghost.username })
            : identifierKey({ email: ghost.email });
      expect(await failureRow(key)).toMatchObject({ failures: LOGIN_MAX_FAILURES });
    });
  }
});
