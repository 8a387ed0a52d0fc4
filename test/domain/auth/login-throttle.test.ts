import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loginFailures } from '../../../src/db/schema';
import {
  assertLoginAllowed,
  LOGIN_LOCK_MS,
  LOGIN_MAX_FAILURES,
  LOGIN_WINDOW_MS,
  recordLoginFailure,
} from '../../../src/domain/auth/login-throttle';
import { signInByPhone } from '../../../src/domain/profiles/phone-sign-in';
import { testDeps } from '../../helpers/deps';
import { account } from '../courses/fixtures';

const row = (identifier: string) => testDeps().db.select().from(loginFailures).where(eq(loginFailures.identifier, identifier)).get();

describe('sign-in lockout', () => {
  it('locks after the maximum failures within the window and lifts after the lock time', async () => {
    const deps = testDeps();
    const phone = `1${Date.now().toString().slice(-10)}`;
    deps.clock.set(10_000_000);
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) await recordLoginFailure(deps, phone);
    await assertLoginAllowed(deps, phone);
    await recordLoginFailure(deps, phone);
    await expect(assertLoginAllowed(deps, phone)).rejects.toMatchObject({
      kind: 'rate_limited',
      code: 'LOGIN_LOCKED',
      details: { retryAfterSeconds: LOGIN_LOCK_MS / 1000 },
    });
    deps.clock.advance(LOGIN_LOCK_MS - 1000);
    await expect(assertLoginAllowed(deps, phone)).rejects.toMatchObject({ details: { retryAfterSeconds: 1 } });
    deps.clock.advance(1000);
    await assertLoginAllowed(deps, phone);
  });

  it('failures older than the window start a new count', async () => {
    const deps = testDeps();
    const phone = `1${(Date.now() + 7).toString().slice(-10)}`;
    deps.clock.set(50_000_000);
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) await recordLoginFailure(deps, phone);
    deps.clock.advance(LOGIN_WINDOW_MS + 1);
    await recordLoginFailure(deps, phone);
    expect(await row(phone)).toMatchObject({ failures: 1, lockedUntil: null });
    await assertLoginAllowed(deps, phone);
  });

  it('counts wrong passwords of signInByPhone and clears them on success', async () => {
    const deps = testDeps();
    const user = await account('student', deps);
    await expect(signInByPhone(deps, user.phone!, 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await row(`account:${user.id}`))?.failures).toBe(1);
    const signedIn = await signInByPhone(deps, user.phone!, 'secret-123');
    expect(signedIn.id).toBe(user.id);
    expect(await row(`account:${user.id}`)).toBeUndefined();
  });

  it('refuses roles the personal center does not serve, after checking the password', async () => {
    const deps = testDeps();
    const { createAccount } = await import('../../../src/domain/accounts/accounts');
    const phone = `1${(Date.now() + 13).toString().slice(-10)}`;
    await createAccount(deps, { phone, name: 'liaison', password: 'secret-123', role: 'liaison' }, { selfRegistration: false });
    await expect(signInByPhone(deps, phone, 'secret-123')).rejects.toMatchObject({ kind: 'forbidden', code: 'ROLE_NOT_SUPPORTED' });
    await expect(signInByPhone(deps, phone, 'bad')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
