import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind, FieldIssue } from '../../domain/errors';
import { ImportFailed } from '../../domain/imports/import-result';
import { say } from '../../http/words';
import { isChinese } from './validation';
import { importSummary, WORDS } from './words';

/**
 * The progress document's codes (10000-10009, 10012; 50000 appears once, for the department user
 * list) plus 10013 for a department name that is taken, which the document has no code for.
 */
export const PROGRESS_CODES = {
  SUCCESS: 10000,
  BAD_PARAMETER: 10001,
  NOT_A_TEACHER: 10002,
  USER_NOT_FOUND: 10003,
  WRONG_PASSWORD: 10004,
  EMAIL_EXISTS: 10005,
  UNAUTHORIZED: 10006,
  TOKEN_EXPIRED: 10007,
  TOKEN_INVALID: 10008,
  SYSTEM_ERROR: 10009,
  IMPORT_FAILED: 10012,
  DEPARTMENT_EXISTS: 10013,
  DEPARTMENT_USERS_FAILED: 50000,
} as const;
export type ProgressCode = (typeof PROGRESS_CODES)[keyof typeof PROGRESS_CODES];
export const PROGRESS_CODE_VALUES = Object.values(PROGRESS_CODES) as ProgressCode[];

/** The document's message for each code, used for an error this API has no words of its own for (words.ts). */
const DOCUMENT_MESSAGES: Record<ProgressCode, string> = {
  10000: '成功',
  10001: '参数无效',
  10002: '非教师用户',
  10003: '用户不存在',
  10004: '密码错误',
  10005: '邮箱已存在',
  10006: '未授权',
  10007: '令牌已过期',
  10008: '无效的令牌',
  10009: '系统错误',
  10012: '导入失败',
  10013: '部门名称已存在',
  50000: '获取部门用户列表失败',
};

const BY_KIND: Record<ErrorKind, [ContentfulStatusCode, ProgressCode]> = {
  validation: [400, 10001],
  unauthenticated: [401, 10006],
  token_expired: [401, 10007],
  token_invalid: [401, 10008],
  forbidden: [403, 10006],
  not_found: [404, 10001],
  conflict: [409, 10001],
  gone: [404, 10001],
  too_large: [413, 10001],
  unsupported_media: [415, 10001],
  rate_limited: [429, 10001],
  unavailable: [503, 10009],
  method_not_allowed: [405, 10001],
  internal: [500, 10009],
};

/** Domain codes with a code of their own in this document (the status stays the kind's). */
const CODE_BY_ERROR: Record<string, ProgressCode> = {
  NOT_A_TEACHER: 10002,
  USER_NOT_FOUND: 10003,
  WRONG_PASSWORD: 10004,
  EMAIL_ALREADY_EXISTS: 10005,
  IMPORT_FAILED: 10012,
  DEPARTMENT_ALREADY_EXISTS: 10013,
  DEPARTMENT_USERS_FAILED: 50000,
};

/**
 * Field messages raised in English outside the schemas (the shared router's body check). Zod's own are
 * translated by the validation hook, a domain issue is worded by its code; anything else English is
 * hidden rather than shown in this API.
 */
const CORE_FIELD_MESSAGES: Record<string, string> = { 'A JSON request body is required': '请求体不能为空' };
const fieldMessage = (f: FieldIssue) =>
  say(WORDS, f.code, f.params) ?? (isChinese(f.message) ? f.message : (CORE_FIELD_MESSAGES[f.message] ?? '格式不正确'));

export interface ProgressErrorBody {
  code: ProgressCode;
  message: string;
  data: null;
}

export function progressError(error: AppError): { status: ContentfulStatusCode; body: ProgressErrorBody } {
  const [status, kindCode] = BY_KIND[error.kind];
  const code = CODE_BY_ERROR[error.code] ?? kindCode;
  let message: string;
  if (error.code === 'REQUEST_INVALID') {
    const fields = error.details.fields ?? [];
    message = fields.length
      ? `参数无效：${fields
          .slice(0, 3)
          .map((f) => `${f.field} ${fieldMessage(f)}`)
          .join('；')}`
      : '参数无效：请求格式错误';
  } else if (error instanceof ImportFailed) message = importSummary(error.result);
  else message = say(WORDS, error.code, error.params) ?? DOCUMENT_MESSAGES[code];
  return { status, body: { code, message, data: null } };
}

export const ok = <T>(data: T) => ({ code: PROGRESS_CODES.SUCCESS, message: '成功', data });
