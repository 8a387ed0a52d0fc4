import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind } from '../../domain/errors';
import { isChinese } from './validation';

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

/** The document's message for each code, used when an error carries no message written for this API. */
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

/** Errors whose message was written (in Chinese) for this API's users; any other error shows its code's message. */
const OWN_MESSAGES = new Set([
  'INVALID_PARAMETER',
  'INVALID_FILE',
  'FILE_TOO_LARGE',
  'TOO_MANY_ROWS',
  'SHEET_TOO_LARGE',
  'IMPORT_FAILED',
  'FORBIDDEN',
  'NOT_A_TEACHER',
  'TASK_NOT_FOUND',
  'DEPARTMENT_NOT_FOUND',
  'DEPARTMENT_ALREADY_EXISTS',
]);

/** Messages for errors raised outside this API (core, framework), in this API's language. */
const CORE_MESSAGES: Record<string, string> = {
  PAYLOAD_TOO_LARGE: '请求体过大（JSON 请求体最大 1 MB）',
  UNSUPPORTED_MEDIA_TYPE: '参数无效：请求体须为 application/json',
  METHOD_NOT_ALLOWED: '不支持该请求方法',
  NOT_FOUND: '接口不存在',
  TOKEN_REVOKED: '无效的令牌：令牌已失效，请重新登录',
  INACTIVE_USER: '账号已被禁用',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  LOGIN_LOCKED: '登录失败次数过多，请稍后再试',
};

/**
 * Field messages raised in English outside the schemas (the shared router's body check). Zod's own are
 * translated by the validation hook; anything else English is hidden rather than shown in this API.
 */
const CORE_FIELD_MESSAGES: Record<string, string> = { 'A JSON request body is required': '请求体不能为空' };
const fieldMessage = (message: string) => (isChinese(message) ? message : (CORE_FIELD_MESSAGES[message] ?? '格式不正确'));

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
    message = fields.length ? `参数无效：${fields.slice(0, 3).map((f) => `${f.field} ${fieldMessage(f.message)}`).join('；')}` : '参数无效：请求格式错误';
  } else if (OWN_MESSAGES.has(error.code)) message = error.message;
  else message = CORE_MESSAGES[error.code] ?? DOCUMENT_MESSAGES[code];
  return { status, body: { code, message, data: null } };
}

export const ok = <T>(data: T) => ({ code: PROGRESS_CODES.SUCCESS, message: '成功', data });
