import { z } from '@hono/zod-openapi';
import { EMAIL, EMAIL_PATTERN, usernamePattern } from '../../http/params';

/**
 * Field schemas with Django REST framework's (zh-hans) messages, so a 400 reads as the original
 * backend's did: `{ "username": ["该字段是必填项。"] }`.
 */
type Issue = { input?: unknown };
const missing = (iss: Issue, otherwise: string) =>
  iss.input === undefined ? '该字段是必填项。' : iss.input === null ? '该字段不能为 null。' : otherwise;

export const drfString = (max: number, min = 1) =>
  z
    .string({ error: (iss) => missing(iss, '请填写合法的字符串。') })
    .min(min, { error: min === 1 ? '该字段不能为空。' : `请确保这个字段至少包含 ${min} 个字符。` })
    .max(max, { error: `请确保这个字段不能超过 ${max} 个字符。` });

/** Optional and nullable; an empty string clears the value as null does. */
export const drfOptionalText = (max: number) =>
  z
    .string({ error: (iss) => missing(iss, '请填写合法的字符串。') })
    .max(max, { error: `请确保这个字段不能超过 ${max} 个字符。` })
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

export const drfEmail = z
  .union(
    [
      z
        .email({ pattern: EMAIL, error: '请输入合法的邮件地址。' })
        .max(254, { error: '请确保这个字段不能超过 254 个字符。' })
        .openapi({ pattern: EMAIL_PATTERN }),
      z.literal(''),
    ],
    {
      error: (iss) => missing(iss, '请输入合法的邮件地址。'),
    },
  )
  .nullable()
  .optional()
  .transform((v) => (v === '' ? null : v));

/** After Django's UnicodeUsernameValidator: letters (any script), digits and @ . + - _ ; at most 150. */
export const drfUsername = drfString(150).regex(usernamePattern('.@+-'), {
  error: '请输入合法的用户名。只能包含字母、数字和 @/./+/-/_ 字符。',
});

/** The document's own register and login examples use the password `"123"`: three characters is the floor. */
export const drfPassword = drfString(128, 3);

export const drfPhone = z
  .string({ error: (iss) => missing(iss, '请填写合法的字符串。') })
  .regex(/^1[3-9]\d{9}$/, { error: '请输入正确的 11 位手机号。' })
  .openapi({ example: '13833916349' });

const INTEGER = '请填写合法的整数值。';

/**
 * The document shows `"school_id": "1"` in one example and an integer in its table: both are taken.
 * As DRF's IntegerField(min_value=1): an integer (or digit string) below 1 gets MinValueValidator's
 * message; every bound carries its own message, or zod's English default would reach the client.
 */
export const drfId = z
  .union(
    [
      z.number().int({ error: INTEGER }),
      z
        .string()
        .regex(/^-?\d{1,16}$/)
        .transform(Number),
    ],
    { error: (iss) => missing(iss, INTEGER) },
  )
  .pipe(z.number().min(1, { error: '请确保该值大于或者等于 1。' }).max(Number.MAX_SAFE_INTEGER, { error: INTEGER }))
  .openapi({ type: 'integer', minimum: 1, example: 1 });

export const drfFlag = z
  .union([z.literal(0), z.literal(1)], { error: (iss) => missing(iss, '请填写 0 或 1。') })
  .openapi({ type: 'integer', enum: [0, 1] });

export const drfBoolean = z.boolean({ error: (iss) => missing(iss, '必须是有效的布尔值。') });

/**
 * Unknown fields are ignored, as a DRF serializer ignores them: only the declared fields are read, so
 * one that would grant something (`is_superuser`, `id`, ...) is never applied (docs/decisions.md).
 */
export function drfBody<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, {
    error: (iss) => {
      if (iss.code === 'invalid_type') return '无效数据。期待为字典类型。';
      return undefined;
    },
  });
}

export const FieldErrors = z.record(z.string(), z.array(z.string())).openapi('ExcourseFieldErrors', {
  example: { sms_code: ['验证码错误，还可尝试 4 次'] },
  description: 'Django REST framework validation errors: field → messages; `non_field_errors` for the whole request',
});

export const Detail = z.object({ detail: z.string() }).openapi('ExcourseDetail', { example: { detail: '身份认证信息未提供。' } });

/** DRF answers a parse error with `{ detail }` and a validation error with field lists, both as 400. */
export const BadRequest = z.union([FieldErrors, Detail]);

const isoExample = '2022-03-22T21:42:10.034544+08:00';

export const UserOut = z
  .object({
    id: z.number().int(),
    last_login: z.string().nullable().openapi({ example: null }),
    is_superuser: z.boolean(),
    username: z.string(),
    work_id: z.string().nullable(),
    icon: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    is_grade: z.number().int(),
    is_super: z.number().int(),
    is_active: z.boolean(),
    wechat: z.string().nullable(),
    create_time: z.string().openapi({ example: isoExample }),
    update_time: z.string().openapi({ example: isoExample }),
    is_delete: z.boolean(),
    school_id: z.number().int().nullable(),
    groups: z.array(z.number().int()),
    user_permissions: z.array(z.number().int()),
  })
  .openapi('ExcourseUser', { description: 'An excourse teacher (never the password or its hash). Times are ISO 8601 in APP_TIMEZONE.' });
