import type { Context } from 'hono';
import { AppError } from '../../domain/errors';
import { contentTypeOfFile } from '../../domain/profiles/image-upload';
import type { AppEnv } from '../../env';
import { objectResponse } from '../../http/object-response';
import { boundaryFrom, readMultipart, type MultipartPart } from '../../platform/multipart';

const fileNotFound = () => new AppError('not_found', 'FILE_NOT_FOUND', 'File not found');

/** Avatars and covers never change under their name (a new upload gets a new one): cache for a year. */
export async function serveImage(c: Context<AppEnv>, key: string | null, file: string): Promise<Response> {
  if (!key) throw fileNotFound();
  const res = await objectResponse(
    c.var.deps.files,
    key,
    { method: c.req.method, range: c.req.header('Range'), ifNoneMatch: c.req.header('If-None-Match') },
    { contentType: contentTypeOfFile(file), cacheControl: 'public, max-age=31536000, immutable' },
  );
  if (!res) throw fileNotFound();
  return res;
}

/** The request's multipart parts, read as they arrive; anything but multipart/form-data is 415. */
export function multipartParts(c: Context<AppEnv>): AsyncIterable<MultipartPart> {
  const contentType = c.req.header('Content-Type');
  const boundary = boundaryFrom(contentType);
  if (!boundary) {
    if (/^multipart\/form-data/i.test(contentType ?? '')) throw new AppError('validation', 'MULTIPART_INVALID', 'multipart/form-data needs a valid boundary');
    throw new AppError('unsupported_media', 'MULTIPART_REQUIRED', 'Send multipart/form-data');
  }
  const body = c.req.raw.body;
  if (!body) throw new AppError('validation', 'MULTIPART_INVALID', 'The body is empty');
  return readMultipart(body, boundary, { maxParts: 8 });
}
