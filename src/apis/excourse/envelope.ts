import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind, FieldIssue, Params } from '../../domain/errors';
import type { AppEnv } from '../../env';
import type { ErrorAnswer } from '../../http/define-api';
import { say } from '../../http/words';
import { THROTTLE_REASON, WORDS } from './words';

/**
 * Django REST framework's error shapes: 400 `{ "<field>": ["message"] }` or
 * `{ "non_field_errors": [...] }`, every other status `{ "detail": "..." }`. Messages are DRF's
 * zh-hans translations where DRF has one.
 */
export type ExcourseErrorBody = Record<string, string[]> | { detail: string };

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  validation: 400,
  conflict: 400,
  unauthenticated: 401,
  token_expired: 401,
  token_invalid: 401,
  forbidden: 403,
  not_found: 404,
  gone: 404,
  method_not_allowed: 405,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** This API's words for an error or a domain field issue (words.ts), if it has any. */
const said = (issue: { code?: string; params?: Params }) => say(WORDS, issue.code, issue.params);

/** A JSON operation sent without a body (DRF has no message of its own: it reads such a body as `{}`). */
const BODY_REQUIRED = '请求体不能为空。';

/** Field messages the shared core words in English (src/http/router.ts). */
const CORE_FIELD_MESSAGES: Record<string, string> = { 'A JSON request body is required': BODY_REQUIRED };

const CHINESE = /\p{Script=Han}/u;

/**
 * Every excourse message is Chinese: a zod default that no schema replaced ("Too small: expected …")
 * or an English core message without words here becomes DRF's ValidationError default rather than
 * reach a client.
 */
function drfMessage(message: string): string {
  return CORE_FIELD_MESSAGES[message] ?? (CHINESE.test(message) ? message : '无效的输入。');
}

/** DRF's default details, for an error this API has no words for. */
const STATUS_DETAIL: Partial<Record<ContentfulStatusCode, string>> = {
  401: '不正确的身份认证信息。',
  403: '您没有执行该操作的权限。',
  404: '未找到。',
  413: '请求体过大。',
  503: '服务暂不可用。',
};

/** `body.username` → `username`; issues about the whole body → `non_field_errors`. */
function fieldKey(field: string): string {
  const bare = field.replace(/^(body|query|path|header|cookie)(\.|$)/, '');
  return bare === '' || bare === '(root)' ? 'non_field_errors' : bare;
}

export function fieldErrors(fields: readonly FieldIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of fields) (out[fieldKey(f.field)] ??= []).push(said(f) ?? drfMessage(f.message));
  return out;
}

export function excourseError(
  error: AppError,
  method: string,
  contentType: string | undefined,
): { status: ContentfulStatusCode; body: ExcourseErrorBody } {
  const status = STATUS[error.kind];
  if (status === 400) {
    if (error.details.fields?.length) return { status, body: fieldErrors(error.details.fields) };
    // A body that is not JSON at all: DRF's ParseError.
    if (error.code === 'REQUEST_INVALID') return { status, body: { detail: `JSON 解析错误 - ${error.message}` } };
    return { status, body: { non_field_errors: [said(error) ?? drfMessage(error.message)] } };
  }
  const own = said(error);
  let detail = own ?? STATUS_DETAIL[status] ?? '错误的请求。';
  if (error.kind === 'method_not_allowed') detail = `方法 “${method}” 不被允许。`;
  else if (error.kind === 'unsupported_media') detail = `不支持请求中的媒体类型 “${contentType ?? ''}”。`;
  else if (error.kind === 'rate_limited')
    detail = `请求超过了限速。${say(THROTTLE_REASON, error.code) ?? error.message}，预计 ${error.details.retryAfterSeconds ?? 60} 秒后可用。`;
  else if (error.kind === 'internal') detail = WORDS.INTERNAL_ERROR as string;
  else if (error.kind === 'unavailable' && !own) detail = '服务暂不可用。';
  return { status, body: { detail } };
}

/** The envelope's answer; on 401 DRF names the scheme a client should use. */
export function excourseAnswer(error: AppError, c: Context<AppEnv>): ErrorAnswer {
  const answer = excourseError(error, c.req.method, c.req.header('Content-Type'));
  return answer.status === 401 ? { ...answer, headers: { 'WWW-Authenticate': 'JWT realm="api"' } } : answer;
}
