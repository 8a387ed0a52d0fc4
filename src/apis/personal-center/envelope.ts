import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind } from '../../domain/errors';
import { say } from '../../http/words';
import { MESSAGE_BY_KIND, WORDS } from './words';

/** The personal center's body on success: `{ status: "success", message?, data }`. */
export function success<T>(data: T, message?: string): { status: 'success'; message?: string; data: T } {
  return message === undefined ? { status: 'success', data } : { status: 'success', message, data };
}

const STATUS_BY_KIND: Record<ErrorKind, ContentfulStatusCode> = {
  validation: 400,
  unauthenticated: 401,
  token_expired: 401,
  token_invalid: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 404,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  unavailable: 503,
  method_not_allowed: 405,
  internal: 500,
};

const fieldName = (field: string) =>
  /^(body|query|path|header|\(root\))$/.test(field) ? '' : field.replace(/^(body|query|path|header)\./, '');

function validationMessage(error: AppError): string {
  const fields = error.details.fields ?? [];
  if (fields.length === 0) return '请求格式错误';
  return `请求参数错误：${fields
    .slice(0, 3)
    .map((f) => {
      const text = say(WORDS, f.code, f.params) ?? f.message;
      const name = fieldName(f.field);
      return name ? `${name}: ${text}` : text;
    })
    .join('；')}`;
}

/** Well-formed requests that a rule rejects as semantically invalid: 422 rather than 400. */
const UNPROCESSABLE = new Set(['CATEGORY_NOT_FOUND', 'MATERIAL_NOT_ACTIVE']);

/** AppError → its status and `{ status: "error", message }`. */
export function personalCenterError(error: AppError): { status: ContentfulStatusCode; body: { status: 'error'; message: string } } {
  const known = say(WORDS, error.code, error.params);
  if (error.kind === 'validation') {
    const message = error.code === 'REQUEST_INVALID' || !known ? validationMessage(error) : known;
    return { status: UNPROCESSABLE.has(error.code) ? 422 : 400, body: { status: 'error', message } };
  }
  return { status: STATUS_BY_KIND[error.kind], body: { status: 'error', message: known ?? MESSAGE_BY_KIND[error.kind] } };
}
