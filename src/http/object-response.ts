import { StorageFailure } from '../platform/storage';
import { type EdgeCache, ifNoneMatchHits } from './cache';

/**
 * Serves an R2 object the way video players and browsers expect: one byte range (206, so players
 * can seek), ETag with If-None-Match (304), the stored Content-Type, streamed, never buffered.
 * One R2 call per request (a `get` carrying the condition and the range), none when the edge
 * cache (caches.default) already holds the object.
 */
export type ByteRange = { offset: number; length: number };

/** Parses a single `bytes=` range against a known size; null when absent, 'unsatisfiable' when it cannot be served. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  const spec = rangeSpec(header);
  if (!spec) return null;
  if (spec.suffix !== undefined) {
    if (spec.suffix === 0 || size === 0) return 'unsatisfiable';
    const length = Math.min(spec.suffix, size);
    return { offset: size - length, length };
  }
  const end = spec.end === undefined ? size - 1 : Math.min(spec.end, size - 1);
  if (spec.start >= size || end < spec.start) return 'unsatisfiable';
  return { offset: spec.start, length: end - spec.start + 1 };
}

type RangeSpec = { start: number; end?: number; suffix?: undefined } | { suffix: number; start?: undefined; end?: undefined };

/** The size-independent reading of a Range header; null for none, malformed or multi-range (RFC 9110 allows serving the whole object). */
function rangeSpec(header: string | undefined): RangeSpec | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return { suffix: Number(m[2]) };
  return { start: Number(m[1]), end: m[2] === '' ? undefined : Number(m[2]) };
}

function r2RangeOf(spec: RangeSpec): R2Range {
  if (spec.suffix !== undefined) return { suffix: spec.suffix };
  return spec.end === undefined ? { offset: spec.start } : { offset: spec.start, length: Math.max(spec.end - spec.start + 1, 0) };
}

export interface ObjectRequest {
  range?: string;
  ifNoneMatch?: string;
  method: string;
}

export interface ObjectMeta {
  contentType: string;
  cacheControl: string;
}

/**
 * Objects up to this size are put in the edge cache. A put tees the R2 stream; the client's branch
 * buffers whatever the cache's branch has read ahead, so a large video would sit in the isolate's
 * 128 MB. Larger objects are served by R2 on every request (one ranged get).
 */
export const EDGE_CACHE_MAX_BYTES = 16 * 1024 * 1024;

export const edgeCacheKey = (edge: EdgeCache, key: string) =>
  `${edge.origin}/__edge/r2/${encodeURIComponent(key)}${edge.version ? `?v=${encodeURIComponent(edge.version)}` : ''}`;

function headersFor(key: string, etag: string, meta: ObjectMeta): Headers {
  return new Headers({
    'Content-Type': meta.contentType,
    'Cache-Control': meta.cacheControl,
    ETag: etag,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    // Shown in the browser, saved under the key's own name (never a name an uploader chose).
    'Content-Disposition': `inline; filename="${key.slice(key.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_')}"`,
  });
}

const notModified = (headers: Headers) => new Response(null, { status: 304, headers });

function unsatisfiable(headers: Headers, size: number): Response {
  headers.set('Content-Range', `bytes */${size}`);
  return new Response(null, { status: 416, headers });
}

/**
 * Null when the object is gone from R2 (the caller answers 404 in its API's envelope). R2 failing
 * before the response starts is a StorageFailure (503 with Retry-After), not an internal error.
 */
export async function objectResponse(
  bucket: R2Bucket,
  key: string,
  req: ObjectRequest,
  meta: ObjectMeta,
  edge?: EdgeCache,
): Promise<Response | null> {
  try {
    return await serveObject(bucket, key, req, meta, edge);
  } catch (e) {
    throw e instanceof StorageFailure ? e : new StorageFailure(e instanceof Error ? e.message : String(e));
  }
}

async function serveObject(
  bucket: R2Bucket,
  key: string,
  req: ObjectRequest,
  meta: ObjectMeta,
  edge?: EdgeCache,
): Promise<Response | null> {
  if (edge) {
    const hit = await fromEdge(edge, key, req, meta);
    if (hit) return hit;
  }
  if (req.method === 'HEAD') return headResponse(bucket, key, req, meta);

  const spec = rangeSpec(req.range);
  let object: R2Object | R2ObjectBody | null;
  try {
    object = await bucket.get(key, {
      // R2 parses If-None-Match itself (lists, W/, *) and answers a matching one with the object's metadata only.
      onlyIf: req.ifNoneMatch ? new Headers({ 'If-None-Match': req.ifNoneMatch }) : undefined,
      range: spec ? r2RangeOf(spec) : undefined,
    });
  } catch (e) {
    // R2 refuses a range it cannot serve; HTTP wants 416 with the size, or (an end past the size) the clamped range.
    if (!spec) throw e;
    return rangeRefused(bucket, key, req, meta, e);
  }
  if (!object) return null;
  const headers = headersFor(key, object.httpEtag, meta);
  if (!('body' in object)) return notModified(headers);

  const range = parseRange(req.range, object.size);
  if (range === 'unsatisfiable') {
    await object.body.cancel();
    return unsatisfiable(headers, object.size);
  }
  headers.set('Content-Length', String(range ? range.length : object.size));
  if (range) {
    headers.set('Content-Range', `bytes ${range.offset}-${range.offset + range.length - 1}/${object.size}`);
    return new Response(object.body, { status: 206, headers });
  }
  if (edge && object.size <= EDGE_CACHE_MAX_BYTES) {
    const [toClient, toCache] = object.body.tee();
    edge.waitUntil(
      edge.cache.put(edgeCacheKey(edge, key), new Response(toCache, { status: 200, headers: new Headers(headers) })).catch(() => {}),
    );
    return new Response(toClient, { status: 200, headers });
  }
  return new Response(object.body, { status: 200, headers });
}

/** HEAD needs no body: one `head` call, the condition and the range evaluated here. */
async function headResponse(bucket: R2Bucket, key: string, req: ObjectRequest, meta: ObjectMeta): Promise<Response | null> {
  const head = await bucket.head(key);
  if (!head) return null;
  const headers = headersFor(key, head.httpEtag, meta);
  if (ifNoneMatchHits(req.ifNoneMatch, head.httpEtag)) return notModified(headers);
  const range = parseRange(req.range, head.size);
  if (range === 'unsatisfiable') return unsatisfiable(headers, head.size);
  headers.set('Content-Length', String(range ? range.length : head.size));
  if (range) headers.set('Content-Range', `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`);
  return new Response(null, { status: range ? 206 : 200, headers });
}

/** The rare path (a second and maybe third call): the size decides between 416 and a clamped range. */
async function rangeRefused(bucket: R2Bucket, key: string, req: ObjectRequest, meta: ObjectMeta, error: unknown): Promise<Response | null> {
  const head = await bucket.head(key);
  if (!head) return null;
  const range = parseRange(req.range, head.size);
  if (range === 'unsatisfiable') return unsatisfiable(headersFor(key, head.httpEtag, meta), head.size);
  if (!range) throw error;
  const object = await bucket.get(key, { range });
  if (!object) return null;
  const headers = headersFor(key, object.httpEtag, meta);
  headers.set('Content-Length', String(range.length));
  headers.set('Content-Range', `bytes ${range.offset}-${range.offset + range.length - 1}/${object.size}`);
  return new Response(object.body, { status: 206, headers });
}

/**
 * The cached full response, answered here for If-None-Match (304) and by the cache itself for
 * Range (206 or 416 sliced from the stored object). Any cache failure is a miss.
 */
async function fromEdge(edge: EdgeCache, key: string, req: ObjectRequest, meta: ObjectMeta): Promise<Response | undefined> {
  const headers = new Headers();
  // Only a range this module would honour goes to the cache; others are served whole, as from R2.
  if (rangeSpec(req.range)) headers.set('Range', req.range!);
  let hit: Response | undefined;
  try {
    hit = await edge.cache.match(new Request(edgeCacheKey(edge, key), { headers }));
  } catch {
    return undefined;
  }
  if (!hit) return undefined;
  const out = new Headers(hit.headers);
  const etag = out.get('ETag');
  if (hit.status === 416) {
    const base = headersFor(key, etag ?? '', meta);
    if (!etag) base.delete('ETag');
    base.set('Content-Range', out.get('Content-Range') ?? '');
    return new Response(null, { status: 416, headers: base });
  }
  if (etag && ifNoneMatchHits(req.ifNoneMatch, etag)) {
    await hit.body?.cancel();
    out.delete('Content-Length');
    out.delete('Content-Range');
    return notModified(out);
  }
  if (req.method === 'HEAD') {
    await hit.body?.cancel();
    return new Response(null, { status: hit.status, headers: out });
  }
  return new Response(hit.body, { status: hit.status, headers: out });
}
