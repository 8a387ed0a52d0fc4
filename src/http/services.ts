import { createMiddleware } from 'hono/factory';
import { configFor } from '../config';
import { createDb } from '../db/client';
import { ensureSysadmin } from '../domain/accounts/bootstrap';
import type { Deps } from '../domain/deps';
import type { Bindings, AppEnv } from '../env';
import { systemClock } from '../platform/clock';
import { jsonLogger, type Logger } from '../platform/logger';
import { kvTokenStore } from '../platform/token-store';

export function buildDeps(env: Bindings, log: Logger): Deps {
  return {
    db: createDb(env.DB),
    tokens: kvTokenStore(env.TOKENS),
    files: env.FILES,
    clock: systemClock,
    config: configFor(env),
    log,
  };
}

const bootstrapped = new WeakMap<D1Database, Promise<unknown>>();

/**
 * Ensures the sysadmin exists once per database binding (once per isolate in production). A
 * failure is logged and retried on the next request instead of failing this one.
 */
export function ensureBootstrapped(env: Bindings, deps: Deps): Promise<unknown> {
  let done = bootstrapped.get(env.DB);
  if (!done) {
    done = ensureSysadmin(deps).catch((e) => {
      bootstrapped.delete(env.DB);
      deps.log.error('sysadmin bootstrap failed', { error: e instanceof Error ? e.message : String(e) });
    });
    bootstrapped.set(env.DB, done);
  }
  return done;
}

/** Builds the request's dependencies (config is checked here, so a bad secret stops every request). */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  const deps = buildDeps(c.env, jsonLogger({ request_id: c.var.requestId }));
  c.set('deps', deps);
  await ensureBootstrapped(c.env, deps);
  await next();
});
