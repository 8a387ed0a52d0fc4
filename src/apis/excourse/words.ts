import type { SmsMessage } from '../../domain/verification/sms';
import type { Words } from '../../http/words';

/**
 * What this API's clients read, in Django REST framework's zh-hans style, for the codes the domain
 * and the shared HTTP layer raise: a 400's field or non-field message, another status's `detail`.
 * Codes that reach this API only as field issues (sms_code, username, ...) are here too.
 */
export const WORDS: Words = {
  // Signed-in state, permissions and the root app.
  UNAUTHORIZED: '身份认证信息未提供。',
  TOKEN_INVALID: '认证令牌无效。',
  TOKEN_EXPIRED: '签名已过期。',
  TOKEN_REVOKED: '认证令牌已失效，请重新登录。',
  USER_NOT_FOUND: '未找到。',
  INACTIVE_USER: '用户账户已禁用。',
  FORBIDDEN: '您没有执行该操作的权限。',
  NOT_FOUND: '未找到。',
  PAYLOAD_TOO_LARGE: '请求体过大。',
  INTERNAL_ERROR: '服务器内部错误。',
  MISCONFIGURED: '服务暂不可用。',
  SMS_MISCONFIGURED: '短信服务暂不可用。',
  SMS_DELIVERY_FAILED: '短信发送失败，请稍后重试。',
  // Sign-in (src/domain/schools/excourse-teachers.ts).
  INVALID_CREDENTIALS: '无法使用提供的认证信息登录。',
  DELETED_ACCOUNT: '无法使用提供的认证信息登录。',
  STUDENT_ACCOUNT: '学生账号不能登录教师端。',
  // Registration and profile edits.
  USERNAME_ALREADY_EXISTS: '已存在一位使用该名字的用户。',
  PHONE_ALREADY_EXISTS: '该手机号已被注册。',
  EMAIL_ALREADY_EXISTS: '该邮箱已被使用。',
  SCHOOL_UNAVAILABLE: '学校不存在或尚未通过审核。',
  ACCOUNT_CONFLICT: '注册失败，请重试。',
  PRIVILEGED_FIELDS: '只有超级管理员可以修改 is_superuser、is_super、is_grade、is_active 和 school_id。',
  CANNOT_REVOKE_OWN_SUPERUSER: '不能取消自己的超级管理员身份。',
  CANNOT_DISABLE_SELF: '不能禁用自己的账户。',
  // SMS codes (src/domain/verification/codes.ts), as issues of the field `sms_code`.
  SMS_CODE_MISSING: '请先获取验证码',
  SMS_CODE_USED: '验证码已使用，请重新获取',
  SMS_CODE_LOCKED: '验证码错误次数过多，请重新获取',
  SMS_CODE_EXPIRED: '验证码已过期，请重新获取',
  SMS_CODE_WRONG: (p) => `验证码错误，还可尝试 ${p.left} 次`,
};

/** Why a request was throttled, inside DRF's `请求超过了限速。…，预计 N 秒后可用。`. */
export const THROTTLE_REASON: Words = {
  RATE_LIMITED: '请求过于频繁',
  LOGIN_LOCKED: '登录失败次数过多',
  SMS_RESEND_TOO_SOON: '验证码发送过于频繁，请稍后再试',
  SMS_DAILY_LIMIT: '该手机号今日获取验证码次数已达上限',
  SMS_IP_LIMIT: '请求验证码过于频繁，请稍后再试',
};

/** The SMS that carries a registration code (POST /vertifications/): this API's words, sent by the gateway. */
export const smsText = (m: SmsMessage): string =>
  `您的验证码是 ${m.code}，${Math.round(m.ttlSeconds / 60)} 分钟内有效。如非本人操作，请忽略本短信。`;
