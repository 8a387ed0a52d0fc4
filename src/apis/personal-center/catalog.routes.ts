import { z } from '@hono/zod-openapi';
import { notModified, publicRead, withCacheHeaders } from '../../http/cache';
import { jsonContent } from '../../http/content';
import { intText } from '../../http/params';
import { personalCenter } from './api';
import { imageResponses } from './user.routes';
import { Course, CourseIdParams, CourseWithMaterials, envelope, idParam, P, PageQuery, Pagination } from './schemas';

const tags = ['Personal center: catalog'];

export const Category = z
  .object({
    category_id: z.number().int(),
    category_name: z.string(),
    course_count: z.number().int().openapi({ description: 'Published courses' }),
  })
  .openapi(`${P}Category`);

export const CatalogQuery = z.object({
  q: z.string().max(100, '不能超过 100 个字符').optional().openapi({ description: 'Text in the name or description' }),
  category_id: intText({ min: 1, notInteger: '必须是正整数', tooSmall: '必须大于 0' }).optional(),
  difficulty_level: z.enum(['beginner', 'intermediate', 'advanced'], { error: '只能是 beginner、intermediate 或 advanced' }).optional(),
  ...PageQuery,
});

export const listCategories = personalCenter.route({
  method: 'get',
  path: '/api/categories',
  operationId: 'personalCenterListCategories',
  callers: { auth: 'public' },
  tags,
  summary: 'Course categories (seeded; 5 is 前端开发)',
  middleware: [publicRead({ maxAge: 300 })],
  responses: { 200: withCacheHeaders(jsonContent('Categories', envelope('Categories', z.array(Category)))), ...notModified },
  errors: [500],
});

export const listCourses = personalCenter.route({
  method: 'get',
  path: '/api/courses',
  operationId: 'personalCenterListCourses',
  callers: { auth: 'public' },
  tags,
  summary: 'Published courses, newest first, with search, category and difficulty filters',
  middleware: [publicRead({ maxAge: 60 })],
  request: { query: CatalogQuery },
  responses: {
    200: withCacheHeaders(jsonContent('One page', envelope('CoursePage', z.object({ courses: z.array(Course), pagination: Pagination })))),
    ...notModified,
  },
  errors: [400, 500],
});

export const getCourse = personalCenter.route({
  method: 'get',
  path: '/api/courses/{courseId}',
  operationId: 'personalCenterGetCourse',
  callers: { auth: 'optional' },
  tags,
  summary: 'One course with its materials (token optional: its teacher and enrolled learners also see it unpublished)',
  middleware: [publicRead({ maxAge: 60 })],
  request: { params: CourseIdParams },
  responses: { 200: withCacheHeaders(jsonContent('The course', envelope('CourseDetail', CourseWithMaterials))), ...notModified },
  errors: [400, 401, 404, 500],
});

export const coverFile = personalCenter.route({
  method: 'get',
  path: '/api/courses/{courseId}/cover/{file}',
  operationId: 'personalCenterCoverFile',
  callers: { auth: 'public' },
  tags,
  summary: 'An uploaded course cover (public)',
  request: {
    params: z.object({
      courseId: idParam('courseId'),
      file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: '3f2a9c0d4b5e6f708192a3b4c5d6e7f8.jpg' }),
    }),
  },
  responses: imageResponses,
});
