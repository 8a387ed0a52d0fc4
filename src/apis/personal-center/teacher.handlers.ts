import type { RouteHandler } from '@hono/zod-openapi';
import { contactView } from '../../domain/accounts/privacy';
import { attachMaterial, detachMaterial, materialsOfCourses } from '../../domain/courses/course-materials';
import type { CourseView } from '../../domain/courses/courses';
import { replaceCover } from '../../domain/courses/cover';
import {
  courseStudents,
  createCourse,
  deleteCourse,
  teacherCourses,
  teacherStats,
  toggleCourse,
  updateCourse,
  type CourseInput,
} from '../../domain/courses/teaching';
import type { Deps } from '../../domain/deps';
import type { AppEnv } from '../../env';
import { limit } from '../../platform/rate-limit';
import { success } from './envelope';
import { multipartParts } from './files';
import type * as routes from './teacher.routes';
import { flag, iso, isoOrNull, toCourseWithMaterials, toMaterial } from './views';

async function withMaterials(deps: Deps, views: CourseView[]) {
  const materials = await materialsOfCourses(
    deps,
    views.map((v) => v.course.id),
  );
  return views.map((v) => toCourseWithMaterials(v, materials));
}

export const statsHandler: RouteHandler<typeof routes.stats, AppEnv> = async (c) => {
  const s = await teacherStats(c.var.deps, c.var.principal.accountId);
  return c.json(
    success({
      total_courses: s.totalCourses,
      total_students: s.totalStudents,
      total_duration: s.totalDurationSeconds,
      avg_rating: s.avgRating === null ? null : Math.round(s.avgRating * 10) / 10,
    }),
    200,
  );
};

export const listCoursesHandler: RouteHandler<typeof routes.listCourses, AppEnv> = async (c) =>
  c.json(
    success(
      await teacherCourses(c.var.deps, c.var.principal.accountId).then(({ courses, materials }) =>
        courses.map((v) => toCourseWithMaterials(v, materials)),
      ),
    ),
    200,
  );

export const createCourseHandler: RouteHandler<typeof routes.createCourse, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  const view = await createCourse(c.var.deps, c.var.principal.accountId, {
    name: b.course_name,
    description: b.course_desc ?? null,
    categoryId: b.category_id,
    difficulty: b.difficulty_level,
    durationSeconds: b.course_duration,
    coverImg: b.cover_img ?? null,
  });
  const [course] = await withMaterials(c.var.deps, [view]);
  return c.json(success({ message: '课程创建成功', course: course! }), 200);
};

export const updateCourseHandler: RouteHandler<typeof routes.updateCourse, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  const patch: Partial<CourseInput> = {};
  if (b.course_name !== undefined) patch.name = b.course_name;
  if (b.course_desc !== undefined) patch.description = b.course_desc;
  if (b.category_id !== undefined) patch.categoryId = b.category_id;
  if (b.difficulty_level !== undefined) patch.difficulty = b.difficulty_level;
  if (b.course_duration !== undefined) patch.durationSeconds = b.course_duration;
  if (b.cover_img !== undefined) patch.coverImg = b.cover_img;
  const view = await updateCourse(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId, patch);
  const [course] = await withMaterials(c.var.deps, [view]);
  return c.json(success({ message: '课程更新成功', course: course! }), 200);
};

export const deleteCourseHandler: RouteHandler<typeof routes.deleteCourse, AppEnv> = async (c) => {
  const outcome = await deleteCourse(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId);
  return c.json(success({ message: outcome === 'deleted' ? '课程删除成功' : '课程已有学员报名，已下线并隐藏，学员的学习记录保留' }), 200);
};

export const toggleCourseHandler: RouteHandler<typeof routes.toggleCourse, AppEnv> = async (c) => {
  const online = await toggleCourse(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId);
  return c.json(success({ message: online ? '课程已发布' : '课程已下线', is_online: flag(online) }), 200);
};

/** The instructor is neither the learner nor an administrator: each learner's e-mail is masked (`s***@example.com`). */
export const courseStudentsHandler: RouteHandler<typeof routes.courseStudents, AppEnv> = async (c) => {
  const viewer = c.var.principal;
  const rows = await courseStudents(c.var.deps, viewer.accountId, c.req.valid('param').courseId);
  return c.json(
    success(
      rows.map((s) => ({
        user_id: s.accountId,
        user_name: s.name,
        email: contactView(viewer, s.accountId).email(s.email) ?? '',
        avatar_url: s.avatarUrl,
        progress: s.progress,
        study_duration: s.studySeconds,
        enroll_time: iso(s.enrolledAt),
        last_study_time: isoOrNull(s.lastStudyAt),
        is_completed: flag(s.completedAt !== null),
        completed_time: isoOrNull(s.completedAt),
      })),
    ),
    200,
  );
};

export const uploadCoverHandler: RouteHandler<typeof routes.uploadCover, AppEnv> = async (c) => {
  const { courseId } = c.req.valid('param');
  await limit(c.env, 'upload', { key: String(c.var.principal.accountId) });
  const url = await replaceCover(c.var.deps, c.var.principal.accountId, courseId, () => multipartParts(c));
  return c.json(success({ cover_img: url }, '封面上传成功'), 200);
};

export const attachMaterialHandler: RouteHandler<typeof routes.attachMaterial, AppEnv> = async (c) => {
  const m = await attachMaterial(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId, c.req.valid('json').material_id);
  return c.json(success({ message: '资料已关联到课程', material: toMaterial(m) }), 200);
};

export const detachMaterialHandler: RouteHandler<typeof routes.detachMaterial, AppEnv> = async (c) => {
  const { courseId, materialId } = c.req.valid('param');
  await detachMaterial(c.var.deps, c.var.principal.accountId, courseId, materialId);
  return c.json(success({ message: '资料已从课程移除' }), 200);
};
