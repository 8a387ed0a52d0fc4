import type { RouteHandler } from '@hono/zod-openapi';
import { achievementsById, achievementsOf } from '../../domain/achievements/achievements';
import { enroll, enrolledCoursesWithMaterials, learnerStats, reportProgress } from '../../domain/courses/enrollments';
import { addFavorite, favoriteCourses, removeFavorite } from '../../domain/courses/favorites';
import { rateCourse } from '../../domain/courses/ratings';
import type { Deps } from '../../domain/deps';
import type { AppEnv } from '../../env';
import { success } from './envelope';
import type * as routes from './student.routes';
import { flag, iso, isoOrNull, toAchievement, toCourse, toCourseWithMaterials, toNewAchievement } from './views';

export async function newAchievements(deps: Deps, ids: number[]) {
  return (await achievementsById(deps, ids)).map(toNewAchievement);
}

export const myCoursesHandler: RouteHandler<typeof routes.myCourses, AppEnv> = async (c) => {
  const { courses: rows, materials } = await enrolledCoursesWithMaterials(c.var.deps, c.var.principal.accountId);
  return c.json(
    success(
      rows.map((r) => ({
        ...toCourseWithMaterials(r, materials),
        progress: r.enrollment.progress,
        study_duration: r.enrollment.studySeconds,
        enroll_time: iso(r.enrollment.enrolledAt),
        last_study_time: isoOrNull(r.enrollment.lastStudyAt),
        is_completed: flag(r.enrollment.completedAt !== null),
        completed_time: isoOrNull(r.enrollment.completedAt),
        my_rating: r.myRating,
        is_deleted: flag(r.course.deletedAt !== null),
      })),
    ),
    200,
  );
};

export const enrollHandler: RouteHandler<typeof routes.enroll, AppEnv> = async (c) => {
  const result = await enroll(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId);
  const message = result.created ? '报名成功' : '您已报名该课程';
  return c.json(success({ message, new_achievements: await newAchievements(c.var.deps, result.newAchievements) }), 200);
};

export const updateProgressHandler: RouteHandler<typeof routes.updateProgress, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const r = await reportProgress(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId, {
    progress: body.progress,
    durationSeconds: body.duration ?? body.study_duration ?? 0,
  });
  return c.json(
    success({
      message: r.completedNow ? '恭喜完成课程' : '进度更新成功',
      progress: r.enrollment.progress,
      is_completed: flag(r.enrollment.completedAt !== null),
      completed_time: isoOrNull(r.enrollment.completedAt),
      new_achievements: await newAchievements(c.var.deps, r.newAchievements),
    }),
    200,
  );
};

export const rateCourseHandler: RouteHandler<typeof routes.rateCourse, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const r = await rateCourse(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId, body.rating, body.comment ?? null);
  return c.json(
    success({
      message: r.created ? '评价成功' : '评价已更新',
      rating: r.rating,
      comment: r.comment,
      new_achievements: await newAchievements(c.var.deps, r.newAchievements),
    }),
    200,
  );
};

export const listFavoritesHandler: RouteHandler<typeof routes.listFavorites, AppEnv> = async (c) => {
  const rows = await favoriteCourses(c.var.deps, c.var.principal.accountId);
  return c.json(success(rows.map((r) => ({ ...toCourse(r), favorite_time: iso(r.favoritedAt) }))), 200);
};

export const addFavoriteHandler: RouteHandler<typeof routes.addFavorite, AppEnv> = async (c) => {
  const added = await addFavorite(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId);
  return c.json(success({ message: added ? '收藏成功' : '已收藏该课程' }), 200);
};

export const removeFavoriteHandler: RouteHandler<typeof routes.removeFavorite, AppEnv> = async (c) => {
  const removed = await removeFavorite(c.var.deps, c.var.principal.accountId, c.req.valid('param').courseId);
  return c.json(success({ message: removed ? '已取消收藏' : '该课程不在收藏中' }), 200);
};

export const statsHandler: RouteHandler<typeof routes.stats, AppEnv> = async (c) => {
  const s = await learnerStats(c.var.deps, c.var.principal.accountId);
  return c.json(
    success({
      total_learning_hours: Math.round(s.studySeconds / 360) / 10,
      courses_completed: s.coursesCompleted,
      courses_in_progress: s.coursesInProgress,
      total_courses: s.totalCourses,
      continuous_days: s.continuousDays,
    }),
    200,
  );
};

export const achievementsHandler: RouteHandler<typeof routes.achievements, AppEnv> = async (c) => {
  const all = (await achievementsOf(c.var.deps, c.var.principal.accountId)).map(toAchievement);
  const earned = all.filter((a) => a.is_earned === 1).length;
  return c.json(
    success({
      achievements: {
        learning: all.filter((a) => a.achievement_type === 'learning'),
        social: all.filter((a) => a.achievement_type === 'social'),
        other: all.filter((a) => a.achievement_type === 'other'),
      },
      all_achievements: all,
      stats: {
        earned_count: earned,
        total_count: all.length,
        completion_rate: all.length === 0 ? '0.0' : ((earned / all.length) * 100).toFixed(1),
      },
    }),
    200,
  );
};
