import { z } from '@hono/zod-openapi';
import { INSTRUCTORS } from '../../domain/profiles/members';
import { jsonBody, jsonContent } from '../../http/content';
import { personalCenter } from './api';
import {
  CourseIdParams,
  CourseMaterial,
  CourseWithMaterials,
  envelope,
  Flag,
  idParam,
  Iso,
  MessageData,
  optionalText,
  P,
  requestBody,
  text,
} from './schemas';

const tags = ['Personal center: instructor'];

const coverImg = z
  .string({ error: '必须是字符串或 null' })
  .trim()
  .max(500, '不能超过 500 个字符')
  .regex(/^(\/|https?:\/\/)/, '必须是以 / 开头的路径或 http(s) 地址')
  .nullable();

const courseFields = {
  course_name: text(1, 100),
  course_desc: optionalText(5000),
  category_id: z.number({ error: '必须是整数' }).int('必须是整数').positive('必须大于 0'),
  difficulty_level: z.enum(['beginner', 'intermediate', 'advanced'], { error: '只能是 beginner、intermediate 或 advanced' }),
  course_duration: z.number({ error: '必须是秒数' }).int('必须是整数').min(0, '不能小于 0').max(10_000_000, '不能大于 10000000'),
  cover_img: coverImg,
};

export const CreateCourseBody = requestBody({
  course_name: courseFields.course_name,
  course_desc: courseFields.course_desc,
  category_id: courseFields.category_id,
  difficulty_level: courseFields.difficulty_level.default('beginner'),
  course_duration: courseFields.course_duration.default(0),
  cover_img: courseFields.cover_img.optional(),
}).openapi(`${P}CreateCourseRequest`, {
  example: {
    course_name: 'Vue3 全栈开发实战',
    course_desc: '从零开始学习Vue3框架，包含TypeScript、Pinia、Vue Router等核心技术栈',
    category_id: 5,
    difficulty_level: 'intermediate',
    course_duration: 7200,
    cover_img: '/uploads/courses/vue3-cover.jpg',
  },
});

/** Any subset of the course fields; teacher, state and ids are not fields a request can set. */
export const UpdateCourseBody = requestBody({
  course_name: courseFields.course_name.optional(),
  course_desc: courseFields.course_desc,
  category_id: courseFields.category_id.optional(),
  difficulty_level: courseFields.difficulty_level.optional(),
  course_duration: courseFields.course_duration.optional(),
  cover_img: courseFields.cover_img.optional(),
}).openapi(`${P}UpdateCourseRequest`, {
  example: { course_name: 'Vue3 全栈开发实战（2025版）', difficulty_level: 'advanced', course_duration: 10800 },
});

export const AttachMaterialBody = requestBody({
  material_id: z.number({ error: '必须是整数' }).int('必须是整数').positive('必须大于 0'),
}).openapi(`${P}AttachMaterialRequest`, {
  example: { material_id: 7 },
});

const CourseResult = MessageData.extend({ course: CourseWithMaterials }).openapi(`${P}CourseResult`);

export const CourseStudent = z
  .object({
    user_id: z.number().int(),
    user_name: z.string(),
    email: z.string(),
    avatar_url: z.string().nullable(),
    progress: z.number().int(),
    study_duration: z.number().int().openapi({ description: 'Seconds' }),
    enroll_time: Iso,
    last_study_time: Iso.nullable(),
    is_completed: Flag,
    completed_time: Iso.nullable(),
  })
  .openapi(`${P}CourseStudent`);

export const stats = personalCenter.route({
  method: 'get',
  path: '/api/teacher/stats',
  operationId: 'personalCenterTeacherStats',
  callers: { auth: 'required', roles: INSTRUCTORS },
  tags,
  summary: 'My courses, distinct learners, total course duration (seconds) and mean rating',
  responses: {
    200: jsonContent(
      'Stats',
      envelope(
        'TeacherStats',
        z.object({
          total_courses: z.number().int(),
          total_students: z.number().int(),
          total_duration: z
            .number()
            .int()
            .nullable()
            .openapi({ description: 'Sum of my courses’ course_duration in seconds; null without courses' }),
          avg_rating: z
            .number()
            .nullable()
            .openapi({ description: 'Mean of all ratings of my courses, one decimal; null without ratings' }),
        }),
      ),
    ),
  },
  errors: [401, 403, 500],
});

export const listCourses = personalCenter.route({
  method: 'get',
  path: '/api/teacher/courses',
  operationId: 'personalCenterTeacherCourses',
  callers: { auth: 'required', roles: INSTRUCTORS },
  tags,
  summary: 'My courses (published or not), newest first',
  responses: { 200: jsonContent('Courses', envelope('TeacherCourses', z.array(CourseWithMaterials))) },
  errors: [401, 403, 500],
});

export const createCourse = personalCenter.route({
  method: 'post',
  path: '/api/teacher/courses',
  operationId: 'personalCenterCreateCourse',
  callers: { auth: 'required', roles: INSTRUCTORS },
  tags,
  summary: 'Create a course (unpublished until toggled)',
  request: { body: jsonBody(CreateCourseBody) },
  responses: { 200: jsonContent('Created', envelope('CreateCourse', CourseResult)) },
  errors: [400, 401, 403, 413, 415, 422, 500],
});

export const updateCourse = personalCenter.route({
  method: 'put',
  path: '/api/teacher/courses/{courseId}',
  operationId: 'personalCenterUpdateCourse',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher' } },
  tags,
  summary: 'Update my course (any subset of its fields)',
  request: { params: CourseIdParams, body: jsonBody(UpdateCourseBody) },
  responses: { 200: jsonContent('Updated', envelope('UpdateCourse', CourseResult)) },
  errors: [400, 401, 403, 404, 409, 413, 415, 422, 500],
});

export const deleteCourse = personalCenter.route({
  method: 'delete',
  path: '/api/teacher/courses/{courseId}',
  operationId: 'personalCenterDeleteCourse',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher' } },
  tags,
  summary: 'Delete my course (one with enrollments is unpublished and hidden; learners keep their history)',
  request: { params: CourseIdParams },
  responses: { 200: jsonContent('Deleted or hidden', envelope('DeleteCourse', MessageData)) },
  errors: [400, 401, 403, 404, 500],
});

export const toggleCourse = personalCenter.route({
  method: 'patch',
  path: '/api/teacher/courses/{courseId}/toggle',
  operationId: 'personalCenterToggleCourse',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher' } },
  tags,
  summary: 'Publish or unpublish my course',
  request: { params: CourseIdParams },
  responses: { 200: jsonContent('Toggled', envelope('ToggleCourse', MessageData.extend({ is_online: Flag }).openapi(`${P}ToggleResult`))) },
  errors: [400, 401, 403, 404, 500],
});

export const courseStudents = personalCenter.route({
  method: 'get',
  path: '/api/teacher/courses/{courseId}/students',
  operationId: 'personalCenterCourseStudents',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher' } },
  tags,
  summary: 'Learners of my course with their progress (another teacher’s course: 403 无权访问该课程)',
  description: 'Each learner’s `email` is masked (`s***@example.com`): the instructor is neither that learner nor an administrator.',
  request: { params: CourseIdParams },
  responses: { 200: jsonContent('Learners', envelope('CourseStudents', z.array(CourseStudent))) },
  errors: [400, 401, 403, 404, 500],
});

export const uploadCover = personalCenter.route({
  method: 'post',
  path: '/api/teacher/courses/{courseId}/cover',
  operationId: 'personalCenterUploadCover',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher' } },
  tags,
  summary: 'Upload my course’s cover (png, jpeg or webp, up to 5 MB; the type is read from the bytes)',
  request: {
    params: CourseIdParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          // A plain schema (not zod): a zod form schema would make the validator buffer the body.
          schema: { type: 'object', required: ['cover'], properties: { cover: { type: 'string', format: 'binary' } } },
        },
      },
    },
  },
  responses: { 200: jsonContent('Stored; cover_img now points at it', envelope('Cover', z.object({ cover_img: z.string() }))) },
  errors: [400, 401, 403, 404, 409, 413, 415, 429, 500],
});

export const attachMaterial = personalCenter.route({
  method: 'post',
  path: '/api/teacher/courses/{courseId}/materials',
  operationId: 'personalCenterAttachMaterial',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher (and the material’s uploader)' } },
  tags,
  summary: 'Attach a material I uploaded through the learning API (/api/v1/upload) to my course',
  request: { params: CourseIdParams, body: jsonBody(AttachMaterialBody) },
  responses: {
    200: jsonContent('Attached', envelope('AttachMaterial', MessageData.extend({ material: CourseMaterial }).openapi(`${P}AttachResult`))),
  },
  errors: [400, 401, 403, 404, 413, 415, 422, 500],
});

export const detachMaterial = personalCenter.route({
  method: 'delete',
  path: '/api/teacher/courses/{courseId}/materials/{materialId}',
  operationId: 'personalCenterDetachMaterial',
  callers: { auth: 'required', roles: INSTRUCTORS, owner: { rule: 'the course’s teacher' } },
  tags,
  summary: 'Detach a material from my course (the material itself stays)',
  request: { params: z.object({ courseId: idParam('courseId'), materialId: idParam('materialId', 7) }) },
  responses: { 200: jsonContent('Detached', envelope('DetachMaterial', MessageData)) },
  errors: [400, 401, 403, 404, 500],
});
