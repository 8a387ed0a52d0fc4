import { z } from '@hono/zod-openapi';
import { EMAIL, EMAIL_PATTERN, intText, nonBlankPattern, usernamePattern } from '../../http/params';

/**
 * Field schemas with Laravel's zh-CN validation messages (`名称 不能为空。`), as the original
 * backend answered 422.
 */
type Issue = { input?: unknown };
const required = (attr: string, otherwise: string) => (iss: Issue) =>
  iss.input === undefined || iss.input === null || iss.input === '' ? `${attr} 不能为空。` : otherwise;

export const lString = (attr: string, min: number, max: number) =>
  z
    .string({ error: required(attr, `${attr} 必须是一个字符串。`) })
    .trim()
    .min(Math.max(min, 1), { error: min <= 1 ? `${attr} 不能为空。` : `${attr} 至少为 ${min} 个字符。` })
    .max(max, { error: `${attr} 不能大于 ${max} 个字符。` })
    .openapi({ pattern: nonBlankPattern(min) });

export const lPassword = z
  .string({ error: required('密码', '密码 必须是一个字符串。') })
  .min(6, { error: '密码 必须介于 6 - 32 个字符之间。' })
  .max(32, { error: '密码 必须介于 6 - 32 个字符之间。' });

/** Laravel's `confirmed` rule: `password_confirmation`, when sent, must repeat the password. */
export const lConfirmation = z
  .string({ error: '确认密码 必须是一个字符串。' })
  .max(128, { error: '确认密码 不能大于 128 个字符。' })
  .optional()
  .openapi({ description: 'Optional; must equal the password when sent' });
export const NOT_CONFIRMED = '密码 两次输入不一致。';

export const lEmail = (attr: string) =>
  z
    .string({ error: required(attr, `${attr} 必须是一个字符串。`) })
    .trim()
    .min(1, { error: `${attr} 不能为空。` })
    .max(254, { error: `${attr} 不能大于 254 个字符。` })
    .pipe(z.email({ pattern: EMAIL, error: `${attr} 不是一个合法的邮箱。` }))
    .openapi({ format: 'email', pattern: EMAIL_PATTERN });

/** Student usernames: at least 4 characters of letters, digits and _ . @ - . */
const STUDENT_USERNAME = usernamePattern('.@-');
// The document's pattern is this one, not lString's "not blank" (no blank passes this one either).
export const lStudentUsername = lString('用户名', 4, 32)
  .regex(STUDENT_USERNAME, { error: '用户名 只能包含字母、数字和 _ . @ -。' })
  .openapi({ pattern: STUDENT_USERNAME.source });

/**
 * Unknown fields are ignored, as Laravel's validated data leaves them out: only the declared fields are
 * read, so one that would grant something (`role`, `status`, ...) is never applied (docs/decisions.md).
 */
export function lBody<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, {
    error: (iss) => {
      if (iss.code === 'invalid_type') return '请求体必须是 JSON 对象。';
      return undefined;
    },
  });
}

const positiveInt = (attr: string, max: number) =>
  intText({ min: 1, max, notInteger: `${attr} 必须是整数。`, tooSmall: `${attr} 必须大于等于 1。`, tooLarge: `${attr} 不能大于 ${max}。` });

/** The document's list query: `page` (default 1) and `per_page` (default 15, at most 100). */
export const PageQuery = {
  page: positiveInt('页码', 1_000_000)
    .optional()
    .openapi({ param: { name: 'page', in: 'query' }, type: 'integer', example: 1 }),
  per_page: positiveInt('每页行数', 100)
    .optional()
    .openapi({ param: { name: 'per_page', in: 'query' }, type: 'integer', example: 15 }),
};

export const pageOf = (q: { page?: number; per_page?: number }) => ({ page: q.page ?? 1, perPage: q.per_page ?? 15 });

export const idParam = (name: string) =>
  intText({ min: 1, notInteger: 'ID 必须是正整数。' }).openapi({ param: { name, in: 'path' }, type: 'integer', example: 1 });

/** `data` of a success without a payload (campusDone). */
export const NoData = z.strictObject({}).openapi('CampusNoData');

/** The success envelope around `data`. */
export const ok = <T extends z.ZodType>(name: string, data: T) =>
  z.object({ code: z.literal(200), msg: z.string(), message: z.string(), data }).openapi(name);

export const ErrorBody = z
  .object({
    code: z.number().int().openapi({
      description: '401 认证失败, 403 无权限, 404 无此接口, 410 无此记录, 422 字段验证失败 (data: field → messages), 510 业务异常',
    }),
    msg: z.string(),
    message: z.string(),
    data: z.record(z.string(), z.array(z.string())),
  })
  .openapi('CampusError', {
    example: { code: 422, msg: '名称 不能为空。', message: '名称 不能为空。', data: { name: ['名称 不能为空。'] } },
  });

export const TokenOut = z
  .object({
    token_type: z.literal('bearer'),
    access_token: z.string(),
    expires_in: z.number().int().openapi({ description: 'Seconds until the token expires' }),
  })
  .openapi('CampusToken');

export const SchoolOut = z
  .object({
    id: z.number().int(),
    name: z.string(),
    status: z
      .number()
      .int()
      .openapi({ description: '1 待审核, 2 正常, 3 已驳回', enum: [1, 2, 3] }),
    reject_reason: z.string(),
    created_at: z.number().int().openapi({ example: 1678548854 }),
    updated_at: z.number().int().openapi({ example: 1678548856 }),
    status_text: z.string().openapi({ example: '正常' }),
    is_owner: z.boolean(),
  })
  .openapi('CampusSchool');

export const pageSchema = <T extends z.ZodType>(name: string, item: T) =>
  z
    .object({
      list: z.array(item),
      total: z.number().int(),
      current_page: z.number().int(),
      last_page: z.number().int(),
      per_page: z.number().int(),
      from: z.number().int().nullable().openapi({ description: 'Position of the first item on this page (null when empty)' }),
      to: z.number().int().nullable(),
    })
    .openapi(name);

export const StudentOut = z
  .object({
    id: z.number().int(),
    name: z.string(),
    username: z.string(),
    school_id: z.number().int(),
    last_login_at: z.number().int().nullable(),
    created_at: z.number().int(),
    updated_at: z.number().int(),
  })
  .openapi('CampusStudent');
