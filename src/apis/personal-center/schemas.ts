import { z } from '@hono/zod-openapi';
import { intText, nonBlankPattern } from '../../http/params';

/** Component names are global in the combined document: every one here starts with this prefix. */
export const P = 'PersonalCenter';

export const ErrorBody = z
  .object({ status: z.literal('error'), message: z.string().openapi({ example: '无权访问该课程' }) })
  .openapi(`${P}Error`);

/** `{ status: "success", message?, data }` around a data schema. */
export function envelope<T extends z.ZodType>(name: string, data: T) {
  return z.object({ status: z.literal('success'), message: z.string().optional(), data }).openapi(`${P}${name}Response`);
}

/**
 * Request objects. Unknown fields are ignored, as an Express handler reading `req.body.x` ignores them:
 * only the declared fields are read, so one the client may not set (role, id, phone, ...) is never
 * applied (docs/decisions.md). The message is for the object's own type issue: a body of null, an array, ...
 */
export function requestBody<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, { error: (iss) => (iss.code === 'invalid_type' ? '请求体必须是 JSON 对象' : undefined) });
}

export const text = (min: number, max: number) =>
  z
    .string({ error: '必须是字符串' })
    .trim()
    .min(min, min === 1 ? '不能为空' : `至少 ${min} 个字符`)
    .max(max, `不能超过 ${max} 个字符`)
    .openapi(min > 0 ? { pattern: nonBlankPattern(min) } : {});

export const optionalText = (max: number) =>
  z.string({ error: '必须是字符串或 null' }).max(max, `不能超过 ${max} 个字符`).nullable().optional();

export const int = (min: number, max: number) =>
  z.number({ error: '必须是数字' }).int('必须是整数').min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`);

/** A numeric path parameter such as `{courseId}`. */
export const idParam = (name: string, example = 1) =>
  intText({ min: 1, notInteger: '必须是正整数', tooSmall: '必须大于 0', tooLarge: '过大' }).openapi({
    param: { name, in: 'path' },
    example,
  });

export const PageQuery = {
  page: intText({ min: 1, notInteger: '必须是整数', tooSmall: '不能小于 1' })
    .default(1)
    .openapi({ default: 1, description: 'Page number, from 1' }),
  page_size: intText({ min: 1, max: 100, notInteger: '必须是整数', tooSmall: '不能小于 1', tooLarge: '不能大于 100' })
    .default(12)
    .openapi({ default: 12 }),
};

export const Pagination = z
  .object({ page: z.number().int(), page_size: z.number().int(), total: z.number().int(), total_pages: z.number().int() })
  .openapi(`${P}Pagination`);

export const MessageData = z.object({ message: z.string() }).openapi(`${P}Message`);

export const Iso = z.string().openapi({ example: '2025-11-18T13:38:20.000Z', description: 'ISO 8601, UTC' });
export const Flag = z.union([z.literal(0), z.literal(1)]);

export const NewAchievement = z
  .object({ achievement_id: z.number().int(), name: z.string(), icon_class: z.string() })
  .openapi(`${P}NewAchievement`, { description: 'An achievement this request earned' });

export const Role = z.enum(['learner', 'instructor']);

export const CourseMaterial = z
  .object({
    material_id: z.number().int(),
    title: z.string(),
    type: z.enum(['video', 'pdf']),
    file_size: z.number().int(),
    file_path: z.string().openapi({ example: '/api/v1/materials/7/file', description: 'Served by the learning API (Range, ETag)' }),
    thumbnail_path: z.string().openapi({ example: '/api/v1/materials/7/thumbnail' }),
    added_time: Iso,
  })
  .openapi(`${P}CourseMaterial`);

export const Course = z
  .object({
    course_id: z.number().int(),
    course_name: z.string(),
    course_desc: z.string().nullable(),
    cover_img: z.string().nullable(),
    category_id: z.number().int(),
    teacher_user_id: z.number().int(),
    difficulty_level: z.enum(['beginner', 'intermediate', 'advanced']),
    course_duration: z.number().int().openapi({ description: 'Seconds' }),
    is_online: Flag,
    category_name: z.string(),
    teacher_name: z.string(),
    enrolled_count: z.number().int(),
    avg_rating: z.number().nullable().openapi({ description: 'Mean rating, one decimal; null without ratings' }),
    rating_count: z.number().int(),
    created_time: Iso,
    updated_time: Iso,
  })
  .openapi(`${P}Course`);

export const CourseWithMaterials = Course.extend({ materials: z.array(CourseMaterial) }).openapi(`${P}CourseWithMaterials`);

export const CourseIdParams = z.object({ courseId: idParam('courseId') });
