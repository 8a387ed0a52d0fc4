import { z } from '@hono/zod-openapi';
import { LEARNERS } from '../../domain/profiles/members';
import { jsonBody, jsonContent } from '../../http/content';
import { personalCenter } from './api';
import {
  CourseIdParams,
  CourseWithMaterials,
  Course,
  envelope,
  Flag,
  Iso,
  MessageData,
  NewAchievement,
  optionalText,
  P,
  requestBody,
} from './schemas';

const tags = ['Personal center: learner'];

export const EnrolledCourse = CourseWithMaterials.extend({
  progress: z.number().int().min(0).max(100),
  study_duration: z.number().int().openapi({ description: 'Seconds reported for this course' }),
  enroll_time: Iso,
  last_study_time: Iso.nullable(),
  is_completed: Flag,
  completed_time: Iso.nullable(),
  my_rating: z.number().int().nullable(),
  is_deleted: Flag.openapi({ description: '1 when the teacher deleted the course after you enrolled (your history stays)' }),
}).openapi(`${P}EnrolledCourse`);

export const FavoriteCourse = Course.extend({ favorite_time: Iso }).openapi(`${P}FavoriteCourse`);

const WriteResult = MessageData.extend({ new_achievements: z.array(NewAchievement) }).openapi(`${P}WriteResult`);

const StudySeconds = z.number({ error: '必须是秒数' }).min(0, '不能小于 0').max(86400, '不能大于 86400');

/** The document shows no body; `study_duration` is accepted too, as the course list names the same seconds. */
export const ProgressBody = requestBody({
  progress: z.number({ error: '必须是 0-100 的数字' }).min(0, '不能小于 0').max(100, '不能大于 100'),
  duration: StudySeconds.optional(),
  study_duration: StudySeconds.optional().openapi({
    description: 'Same as `duration` (the name the course list uses); send one of the two',
  }),
})
  .refine((b) => b.duration === undefined || b.study_duration === undefined, {
    message: '只能提供 duration 或 study_duration 之一',
    path: ['study_duration'],
  })
  .openapi(`${P}ProgressRequest`, { example: { progress: 45, duration: 600 } });

export const RatingBody = requestBody({
  rating: z.number({ error: '必须是 1-5 的整数' }).int('必须是整数').min(1, '不能小于 1').max(5, '不能大于 5'),
  comment: optionalText(1000),
}).openapi(`${P}RatingRequest`, { example: { rating: 5, comment: '讲得很清楚' } });

export const Achievement = z
  .object({
    achievement_id: z.number().int(),
    name: z.string(),
    description: z.string(),
    icon_class: z.string(),
    achievement_type: z.enum(['learning', 'social', 'other']),
    required_value: z.number().int(),
    earned_time: Iso.nullable(),
    is_earned: Flag,
  })
  .openapi(`${P}Achievement`);

export const myCourses = personalCenter.route({
  method: 'get',
  path: '/api/student/courses',
  operationId: 'personalCenterMyCourses',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'My enrolled courses with progress and materials, most recently studied first',
  responses: { 200: jsonContent('Courses', envelope('MyCourses', z.array(EnrolledCourse))) },
  errors: [401, 403, 500],
});

export const enroll = personalCenter.route({
  method: 'post',
  path: '/api/student/enroll/{courseId}',
  operationId: 'personalCenterEnroll',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Enroll in a published course (enrolling again changes nothing)',
  request: { params: CourseIdParams },
  responses: { 200: jsonContent('Enrolled', envelope('Enroll', WriteResult)) },
  errors: [400, 401, 403, 404, 500],
});

export const updateProgress = personalCenter.route({
  method: 'put',
  path: '/api/student/courses/{courseId}/progress',
  operationId: 'personalCenterUpdateProgress',
  callers: { auth: 'required', roles: LEARNERS, owner: { rule: 'a learner enrolled in the course' } },
  tags,
  summary: 'Report progress (0-100, never moves backwards; 100 completes) and seconds studied since the last report',
  request: { params: CourseIdParams, body: jsonBody(ProgressBody) },
  responses: {
    200: jsonContent(
      'Recorded',
      envelope(
        'Progress',
        WriteResult.extend({ progress: z.number().int(), is_completed: Flag, completed_time: Iso.nullable() }).openapi(
          `${P}ProgressResult`,
        ),
      ),
    ),
  },
  errors: [400, 401, 403, 404, 413, 415, 500],
});

export const rateCourse = personalCenter.route({
  method: 'post',
  path: '/api/student/courses/{courseId}/rating',
  operationId: 'personalCenterRateCourse',
  callers: { auth: 'required', roles: LEARNERS, owner: { rule: 'a learner enrolled in the course' } },
  tags,
  summary: 'Rate an enrolled course 1-5 (a second call replaces the rating)',
  request: { params: CourseIdParams, body: jsonBody(RatingBody) },
  responses: {
    200: jsonContent(
      'Saved',
      envelope('Rating', WriteResult.extend({ rating: z.number().int(), comment: z.string().nullable() }).openapi(`${P}RatingResult`)),
    ),
  },
  errors: [400, 401, 403, 404, 413, 415, 500],
});

export const listFavorites = personalCenter.route({
  method: 'get',
  path: '/api/student/favorites',
  operationId: 'personalCenterListFavorites',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'My favorite courses, newest favorite first',
  responses: { 200: jsonContent('Favorites', envelope('Favorites', z.array(FavoriteCourse))) },
  errors: [401, 403, 500],
});

export const addFavorite = personalCenter.route({
  method: 'post',
  path: '/api/student/favorites/{courseId}',
  operationId: 'personalCenterAddFavorite',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Add a published course to my favorites (idempotent)',
  request: { params: CourseIdParams },
  responses: { 200: jsonContent('Added', envelope('AddFavorite', MessageData)) },
  errors: [400, 401, 403, 404, 500],
});

export const removeFavorite = personalCenter.route({
  method: 'delete',
  path: '/api/student/favorites/{courseId}',
  operationId: 'personalCenterRemoveFavorite',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Remove a course from my favorites (idempotent)',
  request: { params: CourseIdParams },
  responses: { 200: jsonContent('Removed', envelope('RemoveFavorite', MessageData)) },
  errors: [400, 401, 403, 404, 500],
});

export const stats = personalCenter.route({
  method: 'get',
  path: '/api/student/stats',
  operationId: 'personalCenterLearnerStats',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Study hours, courses completed / in progress / total, and the current streak in days (APP_TIMEZONE)',
  responses: {
    200: jsonContent(
      'Stats',
      envelope(
        'LearnerStats',
        z.object({
          total_learning_hours: z.number().openapi({ description: 'Hours, one decimal' }),
          courses_completed: z.number().int(),
          courses_in_progress: z.number().int(),
          total_courses: z.number().int(),
          continuous_days: z.number().int(),
        }),
      ),
    ),
  },
  errors: [401, 403, 500],
});

export const achievements = personalCenter.route({
  method: 'get',
  path: '/api/student/achievements',
  operationId: 'personalCenterAchievements',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Every achievement, grouped by type, with what I earned',
  responses: {
    200: jsonContent(
      'Achievements',
      envelope(
        'Achievements',
        z.object({
          achievements: z.object({ learning: z.array(Achievement), social: z.array(Achievement), other: z.array(Achievement) }),
          all_achievements: z.array(Achievement),
          stats: z.object({
            earned_count: z.number().int(),
            total_count: z.number().int(),
            completion_rate: z.string().openapi({ example: '33.3', description: 'Percentage with one decimal, as a string' }),
          }),
        }),
      ),
    ),
  },
  errors: [401, 403, 500],
});
