import type { MiddlewareHandler } from 'hono';
import { parseOrigins } from '../config';
import type { AppEnv } from '../env';

/**
 * Stored files (material files and thumbnails, avatars, covers) are shown inside the frontends: a PDF
 * in an iframe, a video in a player page. A response that says it is to be shown inline
 * (`Content-Disposition: inline`, which every served file carries) may be framed by this Worker's own
 * pages and the allowed frontend origins (`ALLOWED_ORIGINS`; `*` allows any), stated as CSP
 * `frame-ancestors`; the legacy `X-Frame-Options: SAMEORIGIN` that every other response keeps is dropped
 * from it, since it cannot name other origins. JSON, errors and /docs stay unframeable by other origins.
 * 304s carry the same headers, so a browser's cached copy keeps the policy.
 *
 * Registered before secureHeaders, so it runs after secureHeaders has set its headers.
 */
export function embeddableFiles(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get('Content-Disposition')?.toLowerCase().startsWith('inline')) return;
    c.res.headers.delete('X-Frame-Options');
    c.res.headers.set('Content-Security-Policy', `frame-ancestors ${frameAncestors(c.env.ALLOWED_ORIGINS)}`);
  };
}

export function frameAncestors(allowedOrigins: string | undefined): string {
  const origins = parseOrigins(allowedOrigins);
  return origins.includes('*') ? '*' : ["'self'", ...origins].join(' ');
}

/**
 * Response headers a cross-origin frontend must be able to read: throttling (Retry-After), caching
 * (ETag), ranges and file names of files, the request id for support, and the D1 bookmark it echoes.
 */
export const EXPOSED_HEADERS = ['Retry-After', 'ETag', 'Content-Range', 'Content-Disposition', 'X-Request-Id', 'X-D1-Bookmark'];
