import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * HTTP caching of the public JSON reads (docs/caching.md). One rule for every such route:
 * - anonymous requests: `public, max-age=<short>, stale-while-revalidate=…` (browsers and shared caches may reuse it);
 * - any request carrying an Authorization header: `private, no-cache` (only the caller's own browser
 *   may keep it, and must revalidate), because optional-auth routes answer per caller (is_liked,
 *   unpublished courses for their teacher);
 * - always `Vary: Authorization`, so a shared cache never hands the anonymous copy to a signed-in
 *   caller or the reverse;
 * - a weak ETag over the serialized body and `If-None-Match` (lists, `W/`, `*`) answered with 304.
 *
 * Weak, not strong: the tag is a hash of the JSON we serialise, but Cloudflare turns strong ETags
 * weak whenever it compresses a response, and a JSON body is never served by byte ranges (the only
 * use of a strong validator), so a weak tag is what clients would see anyway. The tag covers the
 * whole body: a browser that revalidates and gets 304 shows its cached copy, so a field left out of
 * the tag (a view counter) would be shown stale.
 */
export interface PublicReadOptions {
  /** Seconds a cache may reuse an anonymous response without asking; 0 = revalidate every time. */
  maxAge: number;
  /** Seconds a cache may serve a stale copy while it revalidates in the background. */
  staleWhileRevalidate?: number;
}

export const PRIVATE_CACHE_CONTROL = 'private, no-cache';

export function cacheControlFor(personal: boolean, opts: PublicReadOptions): string {
  if (personal) return PRIVATE_CACHE_CONTROL;
  if (opts.maxAge <= 0) return 'public, no-cache';
  return `public, max-age=${opts.maxAge}, stale-while-revalidate=${opts.staleWhileRevalidate ?? opts.maxAge * 5}`;
}

/** `W/"<128 bits of SHA-256, base64url>"` of the text. */
export async function weakEtag(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let bin = '';
  for (const b of digest.subarray(0, 16)) bin += String.fromCharCode(b);
  return `W/"${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): `W/` is ignored on both sides. */
export function ifNoneMatchHits(header: string | undefined | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

function addVary(headers: Headers, field: string) {
  const current = headers.get('Vary');
  if (!current) headers.set('Vary', field);
  else if (!current.split(',').some((v) => v.trim().toLowerCase() === field.toLowerCase())) headers.set('Vary', `${current}, ${field}`);
}

/** Route middleware for a public JSON read (GET/HEAD); errors pass through uncached but still Vary. */
export function publicRead(opts: PublicReadOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const res = c.res;
    addVary(res.headers, 'Authorization');
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || res.status !== 200) return;
    const body = await res.text();
    const headers = new Headers(res.headers);
    headers.set('ETag', await weakEtag(body));
    headers.set('Cache-Control', cacheControlFor(c.req.header('Authorization') !== undefined, opts));
    // Replace, not merge: hono's c.res setter copies the old headers onto a new response.
    c.res = undefined;
    c.res = ifNoneMatchHits(c.req.header('If-None-Match'), headers.get('ETag')!)
      ? new Response(null, { status: 304, headers })
      : new Response(body, { status: 200, headers });
  });
}

/** OpenAPI: the validator and policy headers of a cached read, and its 304. */
export const cacheHeaders = z.object({
  ETag: z
    .string()
    .openapi({ description: 'Weak validator of the body; send it back in If-None-Match', example: 'W/"q1Fz3l0n0oWqk4m3Vt9iDg"' }),
  'Cache-Control': z.string().openapi({
    description: 'Anonymous: `public, max-age=…, stale-while-revalidate=…`; with an Authorization header: `private, no-cache`',
    example: 'public, max-age=60, stale-while-revalidate=300',
  }),
  Vary: z.string().openapi({ example: 'Authorization' }),
});

export const notModified = {
  304: { description: 'Not modified: If-None-Match matched the ETag (no body; same ETag, Cache-Control and Vary)', headers: cacheHeaders },
};

/** A 200 JSON response of a cached read with its cache headers declared. */
export const withCacheHeaders = <T extends object>(response: T): T & { headers: typeof cacheHeaders } => ({
  ...response,
  headers: cacheHeaders,
});

/**
 * The edge cache to use for this object, given only when the caller has checked in D1 that the
 * object is still the one to serve (docs/caching.md: caches.default is per data center and cannot
 * be purged everywhere, so the database row, not the cache, decides whether a file still exists).
 */
export interface EdgeCache {
  cache: Cache;
  /** The request's origin: cache keys stay on the zone's own hostname. */
  origin: string;
  /** Part of the key besides the R2 key, for keys that a new object could reuse (thumbnails/<id>.png). */
  version?: string;
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The edge cache for a file whose row the handler has just checked, or undefined where there is
 * none (no execution context, a runtime without caches). On *.workers.dev the Cache API accepts
 * every call and stores nothing: files are then always read from R2.
 */
export function edgeCache(c: Context<AppEnv>, version?: string): EdgeCache | undefined {
  if (typeof caches === 'undefined') return undefined;
  let ctx: { waitUntil(p: Promise<unknown>): void };
  try {
    ctx = c.executionCtx;
  } catch {
    return undefined;
  }
  return { cache: caches.default, origin: new URL(c.req.url).origin, version, waitUntil: (p) => ctx.waitUntil(p) };
}

/** OpenAPI: the headers of a served file (and of its 304). */
export const fileCacheHeaders = z.object({
  ETag: z
    .string()
    .openapi({ description: "The R2 object's strong ETag; send it back in If-None-Match", example: '"0d1f9d8c3b0a4e5f6a7b8c9d0e1f2a3b"' }),
  'Cache-Control': z.string().openapi({ example: 'public, max-age=31536000, immutable' }),
});
