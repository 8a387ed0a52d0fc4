import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, FieldIssue } from '../../domain/errors';
import type { AppEnv } from '../../env';

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

/** Messages for codes raised by the shared core (in English there) and by the root app. */
const CORE_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: '未登录或登录已失效',
  TOKEN_INVALID: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  TOKEN_REVOKED: '登录已失效，请重新登录',
  USER_NOT_FOUND: '账号不存在或已被移除',
  INACTIVE_USER: '账号已被禁用',
  FORBIDDEN: '没有权限',
  NOT_FOUND: '路由错误，接口不存在',
  METHOD_NOT_ALLOWED: '路由错误，接口不支持该请求方法',
  PAYLOAD_TOO_LARGE: '请求体过大',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  LOGIN_LOCKED: '登录失败次数过多，请稍后再试',
  UNSUPPORTED_MEDIA_TYPE: '请求体必须是 JSON',
  MISCONFIGURED: '服务暂不可用',
  INTERNAL_ERROR: '服务器内部错误',
};

/** Conflicts the core raises without field details, and the campus field they concern. */
const CONFLICT_FIELD: Record<string, string> = { EMAIL_ALREADY_EXISTS: 'username', USERNAME_ALREADY_EXISTS: 'username' };
const CONFLICT_MESSAGE: Record<string, string> = { EMAIL_ALREADY_EXISTS: '该邮箱已被注册', USERNAME_ALREADY_EXISTS: '用户名已存在' };

const fieldKey = (field: string) => field.replace(/^(body|query|path|header|cookie)(\.|$)/, '') || 'body';

/** Campus messages are Laravel's zh-CN ones; text without a Chinese character is a default of zod or the core (English). */
const CHINESE = /[\u3400-\u9fff]/;
const fallbackMessage = (key: string) => (key === 'body' ? '请求体必须是 JSON 对象。' : `${key} 格式不正确。`);

/**
 * `{field: [messages]}`, one message per failed rule as Laravel gives: an English default (such as
 * zod's safe-integer bound behind `ID 必须是正整数。`) is dropped when the field has a Chinese message,
 * and replaced by a generic Chinese one when it has none; repeats are merged.
 */
function fieldData(fields: readonly FieldIssue[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const f of fields) (grouped[fieldKey(f.field)] ??= []).push(f.message);
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
      return { status: 422, body: body(422, error.code === 'REQUEST_INVALID' ? '请求体不是合法的 JSON' : error.message) };
    case 'unsupported_media':
      return { status: 422, body: body(422, CORE_MESSAGES.UNSUPPORTED_MEDIA_TYPE!) };
    case 'conflict': {
      if (fields.length) return invalidFields(fields);
      const field = CONFLICT_FIELD[error.code];
      if (field) {
        const msg = CONFLICT_MESSAGE[error.code]!;
        return { status: 422, body: body(422, msg, { [field]: [msg] }) };
      }
      return { status: 400, body: body(510, error.message) };
    }
    case 'unauthenticated':
    case 'token_expired':
    case 'token_invalid':
      return { status: 401, body: body(401, CORE_MESSAGES[error.code] ?? error.message) };
    case 'forbidden':
      return { status: 403, body: body(403, CORE_MESSAGES[error.code] ?? error.message) };
    case 'not_found':
      if (error.code === 'NOT_FOUND') return { status: 404, body: body(404, CORE_MESSAGES.NOT_FOUND!) };
      return { status: 410, body: body(410, error.message) };
    case 'gone':
      return { status: 410, body: body(410, error.message) };
    case 'method_not_allowed':
      return { status: 405, body: body(405, CORE_MESSAGES.METHOD_NOT_ALLOWED!) };
    case 'too_large':
      return { status: 413, body: body(413, CORE_MESSAGES.PAYLOAD_TOO_LARGE!) };
    case 'rate_limited':
      return { status: 429, body: body(429, CORE_MESSAGES[error.code] ?? error.message) };
    case 'unavailable':
      return { status: 503, body: body(503, CORE_MESSAGES.MISCONFIGURED!) };
    case 'internal':
      return { status: 500, body: body(500, CORE_MESSAGES.INTERNAL_ERROR!) };
  }
}
