import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, FieldIssue } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { say } from '../../http/words';
import { KIND_WORDS, WORDS } from './words';

/**
 * The campus document's envelope `{ code, msg, message, data }`: its table says `message`, its
 * examples `msg`, so both carry the same text. The HTTP status equals `code`, except business
 * rule failures (510), which travel as HTTP 400.
 */
export interface CampusBody<T> {
  code: number;
  msg: string;
  message: string;
  data: T;
}

export function campusOk<T>(c: Context<AppEnv>, data: T) {
  return c.json({ code: 200 as const, msg: 'success', message: 'success', data }, 200);
}

/** A success without a payload: the document types `data` as an object and clients read it as one, so `{}`, never null. */
export const campusDone = (c: Context<AppEnv>) => campusOk(c, {});

/** This API's words for an error (words.ts): for its code, else for its kind; never its developer message. */
const said = (error: AppError) => say(WORDS, error.code, error.params) ?? KIND_WORDS[error.kind] ?? (WORDS.INTERNAL_ERROR as string);

/** Conflicts the core raises without field details, and the campus field they concern. */
const CONFLICT_FIELD: Record<string, string> = { EMAIL_ALREADY_EXISTS: 'username', USERNAME_ALREADY_EXISTS: 'username' };

const fieldKey = (field: string) => field.replace(/^(body|query|path|header|cookie)(\.|$)/, '') || 'body';

/** Campus messages are Laravel's zh-CN ones; a schema message without a Chinese character is a default of zod or the core (English). */
const CHINESE = /[\u3400-\u9fff]/;
const fallbackMessage = (key: string) => (key === 'body' ? '请求体必须是 JSON 对象。' : `${key} 格式不正确。`);

/**
 * `{field: [messages]}`, one message per failed rule as Laravel gives: an English default (such as
 * zod's safe-integer bound behind `ID 必须是正整数。`) is dropped when the field has a Chinese message,
 * and replaced by a generic Chinese one when it has none; repeats are merged.
 */
function fieldData(fields: readonly FieldIssue[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const f of fields) (grouped[fieldKey(f.field)] ??= []).push(say(WORDS, f.code, f.params) ?? f.message);
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(grouped)) {
    const chinese = messages.filter((m) => CHINESE.test(m));
    out[key] = [...new Set(chinese.length ? chinese : [fallbackMessage(key)])];
  }
  return out;
}

function invalidFields(fields: readonly FieldIssue[]) {
  const data = fieldData(fields);
  const msg = Object.values(data)[0]![0]!;
  return { status: 422 as const, body: { code: 422, msg, message: msg, data } };
}

export function campusError(error: AppError): { status: ContentfulStatusCode; body: CampusBody<Record<string, string[]>> } {
  const body = (code: number, msg: string, data: Record<string, string[]> = {}) => ({ code, msg, message: msg, data });
  const fields = error.details.fields ?? [];
  switch (error.kind) {
    case 'validation':
      if (fields.length) return invalidFields(fields);
      return { status: 422, body: body(422, error.code === 'REQUEST_INVALID' ? '请求体不是合法的 JSON' : said(error)) };
    case 'unsupported_media':
      return { status: 422, body: body(422, WORDS.UNSUPPORTED_MEDIA_TYPE as string) };
    case 'conflict': {
      if (fields.length) return invalidFields(fields);
      const field = CONFLICT_FIELD[error.code];
      if (field) {
        const msg = said(error);
        return { status: 422, body: body(422, msg, { [field]: [msg] }) };
      }
      return { status: 400, body: body(510, said(error)) };
    }
    case 'unauthenticated':
    case 'token_expired':
    case 'token_invalid':
      return { status: 401, body: body(401, said(error)) };
    case 'forbidden':
      return { status: 403, body: body(403, said(error)) };
    case 'not_found':
      if (error.code === 'NOT_FOUND') return { status: 404, body: body(404, said(error)) };
      return { status: 410, body: body(410, said(error)) };
    case 'gone':
      return { status: 410, body: body(410, said(error)) };
    case 'method_not_allowed':
      return { status: 405, body: body(405, WORDS.METHOD_NOT_ALLOWED as string) };
    case 'too_large':
      return { status: 413, body: body(413, WORDS.PAYLOAD_TOO_LARGE as string) };
    case 'rate_limited':
      return { status: 429, body: body(429, said(error)) };
    case 'unavailable':
      return { status: 503, body: body(503, WORDS.MISCONFIGURED as string) };
    case 'internal':
      return { status: 500, body: body(500, WORDS.INTERNAL_ERROR as string) };
  }
}
