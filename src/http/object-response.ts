/**
 * Serves an R2 object the way video players and browsers expect: one byte range (206, so players
 * can seek), ETag with If-None-Match (304), the stored Content-Type, streamed, never buffered.
 */
export type ByteRange = { offset: number; length: number };

/** Parses a single `bytes=` range against a known size; null when absent, 'unsatisfiable' when it cannot be served. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // malformed or multi-range: serve the whole object (RFC 9110 allows ignoring)
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    const length = Math.min(suffix, size);
    return { offset: size - length, length };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { offset: start, length: end - start + 1 };
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export interface ObjectRequest {
  range?: string;
  ifNoneMatch?: string;
  method: string;
}

/** Null when the object is gone from R2 (the caller answers 404 in its API's envelope). */
export async function objectResponse(
  bucket: R2Bucket,
  key: string,
  req: ObjectRequest,
  meta: { contentType: string; cacheControl: string },
): Promise<Response | null> {
  const head = await bucket.head(key);
  if (!head) return null;
  const headers = new Headers({
    'Content-Type': meta.contentType,
    'Cache-Control': meta.cacheControl,
    ETag: head.httpEtag,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    // Shown in the browser, saved under the key's own name (never a name an uploader chose).
    'Content-Disposition': `inline; filename="${key.slice(key.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_')}"`,
  });
  if (etagMatches(req.ifNoneMatch, head.httpEtag)) return new Response(null, { status: 304, headers });
  const range = parseRange(req.range, head.size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${head.size}`);
    return new Response(null, { status: 416, headers });
  }
  const length = range ? range.length : head.size;
  headers.set('Content-Length', String(length));
  if (range) headers.set('Content-Range', `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`);
  const status = range ? 206 : 200;
  if (req.method === 'HEAD') return new Response(null, { status, headers });
  const object = await bucket.get(key, range ? { range } : undefined);
  if (!object) return null;
  return new Response(object.body, { status, headers });
}
