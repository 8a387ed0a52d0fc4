import type { Context } from 'hono';
import { AppError } from '../../domain/errors';
import { contentTypeOfFile } from '../../domain/profiles/image-upload';
import type { AppEnv } from '../../env';
import { edgeCache } from '../../http/cache';
import { objectResponse } from '../../http/object-response';
import { multipartForm } from '../../http/multipart-form';
import type { MultipartPart } from '../../platform/multipart';

const fileNotFound = () => new AppError('not_found', 'FILE_NOT_FOUND', 'File not found');

/**
 * Avatars and covers never change under their name (a new upload gets a new one): cache for a year.
 * The edge cache is used only when `isCurrent` (one D1 read) says the row still points at the file;
 * otherwise R2, which a replacement has already emptied, decides. A replica that has not yet seen a
 * fresh upload therefore costs a cache miss, never a 404.
 */
export async function serveImage(
  c: Context<AppEnv>,
  key: string | null,
  file: string,
  isCurrent: (key: string) => Promise<boolean>,
): Promise<Response> {
  if (!key) throw fileNotFound();
  const res = await objectResponse(
    c.var.deps.files,
    key,
    { method: c.req.method, range: c.req.header('Range'), ifNoneMatch: c.req.header('If-None-Match') },
    { contentType: contentTypeOfFile(file), cacheControl: 'public, max-age=31536000, immutable' },
    (await isCurrent(key)) ? edgeCache(c) : undefined,
  );
  if (!res) throw fileNotFound();
  return res;
}

/** The request's multipart parts, read as they arrive; anything but multipart/form-data is 415. */
export function multipartParts(c: Context<AppEnv>): AsyncIterable<MultipartPart> {
  const form = multipartForm(c, 8);
  if ('parts' in form) return form.parts;
  if (form.refused === 'malformed')
    throw new AppError('validation', 'MULTIPART_INVALID', 'multipart/form-data needs a valid boundary and a body');
  throw new AppError('unsupported_media', 'MULTIPART_REQUIRED', 'Send multipart/form-data');
}
