import { eq, lt, sql } from 'drizzle-orm';
import { loginFailures } from '../../db/schema';
import { findAccount, type Account, type SignInIdentifier } from '../accounts/accounts';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { admitSignIn, checkSignIn } from './sessions';

/**
 * The sign-in lockout of every API: ten wrong passwords for one account within 15 minutes lock its
 * password sign-in for 15 minutes, whatever address and whichever API they come from. This is
 * security, not throttling: `RATE_LIMITS=off` leaves it on.
 *
 * Counted in D1 (not KV, not the rate limiting binding): KV cannot count atomically and the binding
 * counts per location and approximately, while a lockout must hold exactly under parallel guesses.
 */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LOCK_MS = 15 * 60 * 1000;

/**
 * A sign-in identifier as one string, spelled one way: e-mail and username trimmed and lower-cased
 * (both are unique case-insensitively), phone reduced to its digits. A username with an `@` is keyed
 * as that e-mail: excourse and campus take an e-mail in their username field, and a guesser must not
 * get a fresh count by sending the same address to another API. Keys the per-identifier throttle, and
 * the lockout of identifiers that name no account.
 */
export function identifierKey(id: SignInIdentifier): string {
  if ('phone' in id) return `phone:${id.phone.replace(/\D/g, '')}`;
  const value = ('email' in id ? id.email : id.username).trim().toLowerCase();
  return value.includes('@') ? `email:${value}` : `username:${value}`;
}

/** The lockout key of an account: its e-mail, phone and username sign-ins share one count. */
export const accountLockKey = (accountId: number) => `account:${accountId}`;

/** Refuses a locked key; answers whether the key has failures on record (so success needs to clear them). */
export async function assertLoginAllowed(deps: Deps, key: string): Promise<boolean> {
  const row = await deps.db.select().from(loginFailures).where(eq(loginFailures.identifier, key)).get();
  const now = deps.clock.now();
  if (row?.lockedUntil != null && row.lockedUntil > now) {
    throw new AppError('rate_limited', 'LOGIN_LOCKED', 'Too many failed sign-ins; try again later', {
      retryAfterSeconds: Math.ceil((row.lockedUntil - now) / 1000),
    });
  }
  return row !== undefined;
}

export async function recordLoginFailure(deps: Deps, key: string): Promise<void> {
  const now = deps.clock.now();
  const t = loginFailures;
  const expired = sql`${t.windowStartedAt} <= ${now - LOGIN_WINDOW_MS}`;
  const failures = sql`case when ${expired} then 1 else ${t.failures} + 1 end`;
  await deps.db.batch([
    deps.db
      .insert(t)
      .values({ identifier: key, failures: 1, windowStartedAt: now, lockedUntil: LOGIN_MAX_FAILURES <= 1 ? now + LOGIN_LOCK_MS : null })
      .onConflictDoUpdate({
        target: t.identifier,
        set: {
          failures,
          windowStartedAt: sql`case when ${expired} then ${now} else ${t.windowStartedAt} end`,
          lockedUntil: sql`case when ${failures} >= ${LOGIN_MAX_FAILURES} then ${now + LOGIN_LOCK_MS} else ${t.lockedUntil} end`,
        },
      }),
    // Rows nobody tried for a day go, so guesses at unknown identifiers don't pile up.
    deps.db.delete(t).where(lt(t.windowStartedAt, now - 24 * 3600 * 1000)),
  ]);
}

export async function clearLoginFailures(deps: Deps, key: string): Promise<void> {
  await deps.db.delete(loginFailures).where(eq(loginFailures.identifier, key)).run();
}

/**
 * Password sign-in with the lockout, for every API. The count is kept per account when the identifier
 * names one, so e-mail and phone sign-ins to one account add up; otherwise per normalised identifier,
 * so an unknown identifier locks after as many guesses as a known one (the answers do not tell them
 * apart). A locked key is refused before the password is checked, even the right one.
 * Errors are signIn's (INVALID_CREDENTIALS, INACTIVE_USER) plus LOGIN_LOCKED; each API maps them.
 */
export async function signInWithLockout(
  deps: Deps,
  identifier: SignInIdentifier,
  password: string,
  admit?: (account: Account) => void | Promise<void>,
): Promise<Account> {
  const account = (await findAccount(deps, identifier)) ?? null;
  const key = account ? accountLockKey(account.id) : identifierKey(identifier);
  const hasFailures = await assertLoginAllowed(deps, key);
  let checked: Account;
  try {
    checked = await checkSignIn(deps, identifier, password, account);
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_CREDENTIALS') await recordLoginFailure(deps, key);
    throw e;
  }
  if (hasFailures) await clearLoginFailures(deps, key);
  // The API's own refusal (wrong identity, a role it does not serve) is not a sign-in: no last-login stamp.
  await admit?.(checked);
  return admitSignIn(deps, checked);
}
