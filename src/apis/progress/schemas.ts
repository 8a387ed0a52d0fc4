import { z } from '@hono/zod-openapi';
import { intText } from '../../http/params';
import { PROGRESS_CODE_VALUES } from './envelope';

export const ErrorBody = z
  .object({
    code: z
      .number()
      .int()
      .openapi({
        description:
          'A code of the document (10001 参数无效 … 10009 系统错误, 10012 导入失败) or 10013 部门名称已存在 / 50000 获取部门用户列表失败',
        enum: PROGRESS_CODE_VALUES.filter((c) => c !== 10000),
        example: 10001,
      }),
    message: z.string(),
    data: z.null(),
  })
  .openapi('ProgressError');

/** `{ code: 10000, message: "成功", data }`, named for the OpenAPI components. */
export function success<T extends z.ZodType>(name: string, data: T) {
  return z.object({ code: z.literal(10000), message: z.string().openapi({ example: '成功' }), data }).openapi(name);
}

const seconds = (description: string) =>
  z
    .number()
    .int()
    .openapi({ description: `${description} (10-digit seconds)`, example: 1734578081 });
const nullableSeconds = (description: string) => seconds(description).nullable();

export const UserSummary = z
  .object({
    id: z.number().int(),
    username: z.string().openapi({ description: 'Display name' }),
    email: z.string(),
    departmentId: z.number().int().nullable(),
    roles: z.number().int().min(1).max(4).openapi({ description: '1 teacher, 2 admin, 3 liaison, 4 sysadmin' }),
    jobs: z.number().int().min(1).max(4),
    avatar: z.string().nullable(),
    creatorId: z.number().int().nullable(),
    status: z.union([z.literal(0), z.literal(1)]).openapi({ description: '1 active, 0 disabled' }),
    createdAt: seconds('Created'),
    updatedAt: seconds('Last changed'),
  })
  .openapi('ProgressUserSummary');

export const UserDetails = z
  .object({
    ...UserSummary.shape,
    enabled: z.boolean(),
    accountNonExpired: z.boolean(),
    accountNonLocked: z.boolean(),
    credentialsNonExpired: z.boolean(),
    authorities: z.array(z.object({ authority: z.string() })),
  })
  .openapi('ProgressUserDetails', { description: 'A user with the Spring Security fields; never a password' });

const taskFields = {
  id: z.number().int(),
  courseName: z.string(),
  microLessonName: z.string(),
  userId: z.number().int(),
  progressStatus: z
    .number()
    .int()
    .min(0)
    .max(5)
    .openapi({ description: '0 not started, 1 script making, 2 script review, 3 script confirmed, 4 video making, 5 video confirmed' }),
  scriptCreateTime: nullableSeconds('Entered stage 1'),
  scriptReviewTime: nullableSeconds('Entered stage 2'),
  scriptConfirmTime: nullableSeconds('Entered stage 3'),
  videoCreateTime: nullableSeconds('Entered stage 4'),
  videoConfirmTime: nullableSeconds('Entered stage 5'),
  finishTime: nullableSeconds('Reached stage 5 (cleared if the task leaves 5)'),
  advise: z.string(),
  createdAt: seconds('Created'),
  updatedAt: seconds('Last changed'),
};

export const LessonTask = z.object(taskFields).openapi('ProgressLessonTask');

export const DepartmentLessonTask = z
  .object({ ...taskFields, username: z.string().openapi({ description: 'The assignee’s display name' }) })
  .openapi('ProgressDepartmentLessonTask');

const SpringSort = z.object({ empty: z.boolean(), sorted: z.boolean(), unsorted: z.boolean() }).openapi('ProgressSpringSort');

/** Spring Data's Page: `pageable.pageNumber` and `number` are 0-based although the `page` query parameter starts at 1. */
export function springPage<T extends z.ZodType>(name: string, item: T) {
  return z
    .object({
      content: z.array(item),
      pageable: z.object({
        sort: SpringSort,
        offset: z.number().int(),
        pageNumber: z.number().int(),
        pageSize: z.number().int(),
        paged: z.boolean(),
        unpaged: z.boolean(),
      }),
      last: z.boolean(),
      totalElements: z.number().int(),
      totalPages: z.number().int(),
      size: z.number().int(),
      number: z.number().int(),
      sort: SpringSort,
      first: z.boolean(),
      numberOfElements: z.number().int(),
      empty: z.boolean(),
    })
    .openapi(name);
}

export const Department = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    createdAt: seconds('Created'),
    updatedAt: seconds('Last changed'),
  })
  .openapi('ProgressDepartment');

export const PositiveId = (name: string, description: string) =>
  intText({ min: 1, notInteger: `${name} 必须是正整数` }).openapi({ param: { name, in: 'path' }, description, example: 1 });

/**
 * An optional query parameter sent empty (`?userId=`, `?page=`) is the parameter left out, as Spring binds
 * an empty value of an optional `@RequestParam Long/Integer` to null. Non-empty text keeps its own rule.
 */
export const emptyAsAbsent = <T extends z.ZodType>(schema: T) =>
  // The document says so too: an integer (`type` makes digits a number) or the empty text.
  z.preprocess((v) => (v === '' ? undefined : v), schema).openapi({ type: ['integer', 'string'], maxLength: 0 });

export const pageNumber = emptyAsAbsent(
  intText({ min: 1, max: 1_000_000, notInteger: 'page 必须是从 1 开始的整数', tooLarge: 'page 过大' })
    .default(1)
    .openapi({ default: 1, description: 'Page number, from 1; empty or absent: 1', example: 1 }),
);

export const pageSize = (name: string) =>
  emptyAsAbsent(
    intText({ min: 1, max: 100, notInteger: `${name} 必须是 1-100 的整数` })
      .default(10)
      .openapi({ default: 10, description: 'Items per page: 1-100; empty or absent: 10', example: 10 }),
  );

/**
 * A positive integer id in a JSON body: "不能为空" only when it is missing or null, the real reason otherwise.
 * `label` is the message prefix as written (`'部门ID'`, `'userId '`).
 */
export const bodyId = (label: string) =>
  z
    .number({ error: (issue) => (issue.input == null ? `${label}不能为空` : `${label}必须是正整数`) })
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER);
