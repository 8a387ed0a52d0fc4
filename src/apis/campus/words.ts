import type { ErrorKind } from '../../domain/errors';
import type { SchoolStatus } from '../../domain/schools/status';
import type { Words } from '../../http/words';

/**
 * What this API's clients read (Laravel's zh-CN style) for the codes the domain and the shared HTTP
 * layer raise, field issues' codes included; envelope.ts decides the status and shape. An error whose
 * code is not here reads its kind's text (KIND_WORDS), never the domain's English developer message.
 */
export const WORDS: Words = {
  // Signed-in state and permissions (the shared core and the root app).
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
  // Sign-in and accounts (src/domain/schools/campus-accounts.ts, src/domain/accounts).
  INVALID_CREDENTIALS: '账号或密码错误',
  WRONG_IDENTITY: (p) =>
    p.chosen === 'teacher'
      ? p.canSwitch === 'yes'
        ? '该账号不是教师账号，请选择学生身份登录'
        : '该账号不是教师账号'
      : p.canSwitch === 'yes'
        ? '该账号不是学生账号，请选择教师身份登录'
        : '该账号不是学生账号',
  TEACHERS_ONLY: '仅教师可访问',
  STUDENTS_ONLY: '仅学生可访问',
  NOT_A_STUDENT: '仅学生可访问',
  EMAIL_ALREADY_EXISTS: '该邮箱已被注册',
  USERNAME_ALREADY_EXISTS: '用户名已存在',
  OLD_PASSWORD_WRONG: '原密码错误',
  // Schools and students (src/domain/schools).
  SCHOOL_NOT_FOUND: '学校不存在',
  NOT_SCHOOL_OWNER: '仅该学校管理员可操作',
  NOT_SCHOOL_MEMBER: '无权查看该学校',
  SCHOOL_NAME_TAKEN: (p) => (p.step === 'approve' ? '已有同名学校，不能通过审核' : '学校名称已存在'),
  SCHOOL_HAS_MEMBERS: ({ students, teachers }) => {
    if (students && teachers)
      return `该学校下还有 ${students} 名学生和 ${teachers} 名教师，请先移除学生，并联系超级管理员将教师调到其他学校，再删除学校`;
    if (students) return `该学校下还有 ${students} 名学生，请先移除学生后再删除学校`;
    return `该学校下还有 ${teachers} 名教师，请联系超级管理员将教师调到其他学校后再删除学校`;
  },
  SCHOOL_ALREADY_APPROVED: '该学校已审核通过',
  SCHOOL_ALREADY_REJECTED: '该学校已被驳回',
  SCHOOL_NOT_APPROVED: '学校尚未通过审核，不能添加学生',
  STUDENT_NOT_FOUND: '学生不存在',
};

/** The text of an error whose code WORDS has no words for, by kind (the kinds that envelope.ts words from the error). */
export const KIND_WORDS: Partial<Record<ErrorKind, string>> = {
  validation: '请求参数不正确',
  conflict: '数据与已有记录冲突，请刷新后重试',
  unauthenticated: WORDS.UNAUTHORIZED as string,
  token_expired: WORDS.TOKEN_EXPIRED as string,
  token_invalid: WORDS.TOKEN_INVALID as string,
  forbidden: WORDS.FORBIDDEN as string,
  not_found: '资源不存在',
  gone: '资源已不存在',
  rate_limited: WORDS.RATE_LIMITED as string,
};

/** A school's `status_text`. */
const SCHOOL_STATUS_TEXT: Record<SchoolStatus, string> = { 1: '待审核', 2: '正常', 3: '已驳回' };

export const schoolStatusText = (status: number): string => SCHOOL_STATUS_TEXT[status as SchoolStatus] ?? '未知';
