import { configFor } from './config';
import { createDb } from './db/client';
import { ensureSysadmin } from './domain/accounts/bootstrap';
import { ensureSeedData } from './domain/courses/seed';
import type { Deps } from './domain/deps';
import { systemClock } from './platform/clock';
import type { Logger } from './platform/logger';
import { kvTokenStore } from './platform/token-store';

/**
 * The composition root: the one place where the Worker's bindings become the domain's `Deps`. Every
 * entry point starts here, requests (src/http/services.ts), the cron trigger (src/index.ts) and the
 * benchmark seed (bench/seed-worker.ts), so none of them goes through another's layer.
 */

/** `db` defaults to the plain binding (cron, tests); requests pass their D1 session. */
export function buildDeps(env: Env, log: Logger, db: D1Database | D1DatabaseSession = env.DB): Deps {
  return {
    db: createDb(db),
    tokens: kvTokenStore(env.TOKENS),
    files: env.FILES,
    clock: systemClock,
    config: configFor(env, log),
    log,
  };
}

const bootstrapped = new WeakMap<D1Database, Promise<unknown>>();

/**
 * Ensures the sysadmin and the seeded reference data (course categories, achievement definitions)
 * once per database binding (once per isolate in production), before anything is served. A failure
 * is logged and retried on the next request instead of failing this one: a database that fails here
 * fails that request's own queries too.
 */
export function ensureBootstrapped(env: Env, deps: Deps): Promise<unknown> {
  let done = bootstrapped.get(env.DB);
  if (!done) {
    done = Promise.all([ensureSysadmin(deps), ensureSeedData(deps)]).catch((e) => {
      bootstrapped.delete(env.DB);
      deps.log.error('bootstrap failed', { error: e instanceof Error ? e.message : String(e) });
    });
    bootstrapped.set(env.DB, done);
  }
  return done;
}
