import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { boundaryFrom, type MultipartPart, readMultipart } from '../platform/multipart';

/**
 * Why a body cannot be read as a form: it is not multipart/form-data at all, or it says it is but has
 * no usable boundary or no body. APIs answer the two differently (415 or 400, their own words).
 */
export type FormRefusal = 'not-multipart' | 'malformed';

/** The request's multipart/form-data parts, read as they arrive (nothing is buffered), or why there are none. */
export function multipartForm(c: Context<AppEnv>, maxParts: number): { parts: AsyncGenerator<MultipartPart> } | { refused: FormRefusal } {
  const contentType = c.req.header('Content-Type');
  const boundary = boundaryFrom(contentType);
  const body = c.req.raw.body;
  if (boundary && body) return { parts: readMultipart(body, boundary, { maxParts }) };
  return { refused: boundary || /^multipart\/form-data/i.test(contentType ?? '') ? 'malformed' : 'not-multipart' };
}
