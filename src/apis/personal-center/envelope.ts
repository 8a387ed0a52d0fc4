import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind } from '../../domain/errors';

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

const MESSAGE_BY_KIND: Record<ErrorKind, string> = {
  validation: '请求参数错误',
  unauthenticated: '未登录或登录已失效',
  token_expired: '登录已过期，请重新登录',
  token_invalid: '访问令牌无效，请重新登录',
  forbidden: '无权访问',
  not_found: '资源不存在',
  conflict: '资源冲突',
  gone: '资源不存在',
  too_large: '请求体过大',
  unsupported_media: '不支持的内容类型',
  rate_limited: '请求过于频繁，请稍后再试',
  unavailable: '服务暂不可用',
  method_not_allowed: '不支持的请求方法',
  internal: '服务器内部错误',
};

/** Messages by the domain's stable codes (the document's messages are Chinese, e.g. `无权访问该课程`). */
const MESSAGE_BY_CODE: Record<string, string> = {
  UNAUTHORIZED: '未登录，请先登录',
  TOKEN_INVALID: '访问令牌无效，请重新登录',
  TOKEN_REVOKED: '访问令牌已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  USER_NOT_FOUND: '用户不存在',
  INACTIVE_USER: '账号已被禁用',
  INVALID_CREDENTIALS: '手机号或密码错误',
  LOGIN_LOCKED: '登录失败次数过多，请稍后再试',
  ROLE_NOT_SUPPORTED: '个人中心仅支持学生和教师账号',
  ROLE_NOT_ALLOWED: '不允许注册该角色',
  EMAIL_ALREADY_EXISTS: '该邮箱已被注册',
  PHONE_ALREADY_EXISTS: '该手机号已被注册',
  USERNAME_ALREADY_EXISTS: '该账号已存在',
  ACCOUNT_CONFLICT: '该账号已存在',
  LEARNER_ONLY: '仅学生账号可以访问',
  INSTRUCTOR_ONLY: '仅教师账号可以访问',
  COURSE_NOT_FOUND: '课程不存在或未上线',
  COURSE_FORBIDDEN: '无权访问该课程',
  NOT_ENROLLED: '您尚未报名该课程',
  CATEGORY_NOT_FOUND: '课程分类不存在',
  COVER_CHANGED: '课程封面已被修改，请重试',
  MATERIAL_NOT_FOUND: '资料不存在',
  MATERIAL_FORBIDDEN: '只能关联自己上传的资料',
  MATERIAL_NOT_ACTIVE: '资料尚未上传完成或已被删除',
  MATERIAL_NOT_ATTACHED: '该课程未关联此资料',
  TEAM_NOT_FOUND: '学习团队不存在',
  ROOM_NOT_FOUND: '自习室不存在',
  TEAM_FULL: '学习团队人数已满',
  ROOM_FULL: '自习室人数已满',
  AVATAR_REQUIRED: '请选择要上传的头像（字段 avatar）',
  AVATAR_TYPE_UNSUPPORTED: '头像仅支持 PNG、JPEG、WebP、GIF 图片',
  AVATAR_TOO_LARGE: '头像不能超过 2MB',
  AVATAR_CONFLICT: '头像已被修改，请重试',
  COVER_REQUIRED: '请选择要上传的封面（字段 cover）',
  COVER_TYPE_UNSUPPORTED: '封面仅支持 PNG、JPEG、WebP 图片',
  COVER_TOO_LARGE: '封面不能超过 5MB',
  MULTIPART_REQUIRED: '请使用 multipart/form-data 上传文件',
  MULTIPART_INVALID: '上传内容格式错误',
  FILE_DUPLICATE: '一次只能上传一个文件',
  UPLOAD_FAILED: '文件上传失败，请稍后重试',
  FILE_NOT_FOUND: '文件不存在',
  PAYLOAD_TOO_LARGE: '请求体过大（JSON 请求不能超过 1MB）',
  UNSUPPORTED_MEDIA_TYPE: '请求体须为 application/json',
  NOT_FOUND: '接口不存在',
  METHOD_NOT_ALLOWED: '不支持的请求方法',
  MISCONFIGURED: '服务暂不可用',
  INTERNAL_ERROR: '服务器内部错误',
};

const fieldName = (field: string) => (/^(body|query|path|header|\(root\))$/.test(field) ? '' : field.replace(/^(body|query|path|header)\./, ''));

function validationMessage(error: AppError): string {
  const fields = error.details.fields ?? [];
  if (fields.length === 0) return '请求格式错误';
  return `请求参数错误：${fields
    .slice(0, 3)
    .map((f) => (fieldName(f.field) ? `${fieldName(f.field)}: ${f.message}` : f.message))
    .join('；')}`;
}

/** Well-formed requests that a rule rejects as semantically invalid: 422 rather than 400. */
const UNPROCESSABLE = new Set(['CATEGORY_NOT_FOUND', 'MATERIAL_NOT_ACTIVE']);

/** AppError → its status and `{ status: "error", message }`. */
export function personalCenterError(error: AppError): { status: ContentfulStatusCode; body: { status: 'error'; message: string } } {
  const known = MESSAGE_BY_CODE[error.code];
  if (error.kind === 'validation') {
    const message = error.code === 'REQUEST_INVALID' || !known ? validationMessage(error) : known;
    return { status: UNPROCESSABLE.has(error.code) ? 422 : 400, body: { status: 'error', message } };
  }
  return { status: STATUS_BY_KIND[error.kind], body: { status: 'error', message: known ?? MESSAGE_BY_KIND[error.kind] } };
}
