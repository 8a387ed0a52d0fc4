import { createMiddleware } from 'hono/factory';
import { buildDeps, ensureBootstrapped } from '../composition-root';
import { openSession } from '../db/client';
import type { Deps } from '../domain/deps';
import type { AppEnv } from '../env';
import { jsonLogger } from '../platform/logger';

export const BOOKMARK_HEADER = 'x-d1-bookmark';

/**
 * D1 bookmarks are opaque, but every one D1 hands out is dash-separated hex. Anything else (garbage, a
 * header pasted from elsewhere, an oversized value) is ignored rather than refused: the request then
 * reads like a first visit, which is what a client without a bookmark gets anyway, and never a 500.
 */
const BOOKMARK_SHAPE = /^[0-9a-f]{1,64}(-[0-9a-f]{1,64}){0,7}$/i;

export function parseBookmark(value: string | undefined): string | null {
  const v = value?.trim();
  return v && v.length <= 256 && BOOKMARK_SHAPE.test(v) ? v : null;
}

/**
 * Builds the request's dependencies (config is checked here, so a bad secret stops every request).
 * Every request runs in one D1 session: it starts anywhere (or no older than the client's bookmark),
 * its writes and later reads stay sequentially consistent, and the response carries the session's
 * latest bookmark so the client can read its own writes on the next request from any replica.
 */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  const clientBookmark = parseBookmark(c.req.header(BOOKMARK_HEADER));
  const session = startSession(c.env.DB, clientBookmark ?? 'first-unconstrained');
  const deps: Deps = { ...buildDeps(c.env, jsonLogger({ request_id: c.var.requestId }), session ?? c.env.DB), requestId: c.var.requestId };
  c.set('deps', deps);
  try {
    await ensureBootstrapped(c.env, deps);
    await next();
  } finally {
    // Errors included: onError has already produced c.res by the time next() returns.
    const bookmark = latestBookmark(session) ?? clientBookmark;
    if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
  }
});

/**
 * A binding that cannot open a session (an outage, a stand-in binding) must not fail requests that
 * never touch the database (/health): they run on the plain binding, and a query that does reach the
 * database fails there and is answered as a database error, as without sessions.
 */
function startSession(db: D1Database, constraint: string): D1DatabaseSession | null {
  try {
    return openSession(db, constraint);
  } catch {
    return null;
  }
}

function latestBookmark(session: D1DatabaseSession | null): string | null {
  try {
    return session?.getBookmark() ?? null;
  } catch {
    return null;
  }
}
