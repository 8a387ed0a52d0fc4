import { eq, lt, sql } from 'drizzle-orm';
import { loginFailures } from '../../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../errors';

/**
 * Ten wrong passwords for one account identifier within 15 minutes lock its sign-in for 15 minutes,
 * whatever address they come from. `identifier` is normalised by the caller: `phone:…`, `email:…`, `username:…`.
 */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LOCK_MS = 15 * 60 * 1000;

/** Counted in D1 (not KV): KV cannot count atomically, and a lockout must hold under parallel guesses. */
export async function assertLoginAllowed(deps: Deps, identifier: string): Promise<void> {
  const row = await deps.db.select().from(loginFailures).where(eq(loginFailures.identifier, identifier)).get();
  const now = deps.clock.now();
  if (row?.lockedUntil != null && row.lockedUntil > now) {
    throw new AppError('rate_limited', 'LOGIN_LOCKED', 'Too many failed sign-ins; try again later', {
      retryAfterSeconds: Math.ceil((row.lockedUntil - now) / 1000),
    });
  }
}

export async function recordLoginFailure(deps: Deps, identifier: string): Promise<void> {
  const now = deps.clock.now();
  const t = loginFailures;
  const expired = sql`${t.windowStartedAt} <= ${now - LOGIN_WINDOW_MS}`;
  const failures = sql`case when ${expired} then 1 else ${t.failures} + 1 end`;
  await deps.db.batch([
    deps.db
      .insert(t)
      .values({ identifier, failures: 1, windowStartedAt: now, lockedUntil: LOGIN_MAX_FAILURES <= 1 ? now + LOGIN_LOCK_MS : null })
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

export async function clearLoginFailures(deps: Deps, identifier: string): Promise<void> {
  await deps.db.delete(loginFailures).where(eq(loginFailures.identifier, identifier)).run();
}
