import type { RouteHandler } from '@hono/zod-openapi';
import { courseDetail, listCatalog, listCategories } from '../../domain/courses/catalog';
import { materialsOfCourses } from '../../domain/courses/course-materials';
import { coverObjectKey, isCurrentCover } from '../../domain/courses/cover';
import type { AppEnv } from '../../env';
import type * as routes from './catalog.routes';
import { success } from './envelope';
import { serveImage } from './files';
import { toCourse, toCourseWithMaterials } from './views';

export const listCategoriesHandler: RouteHandler<typeof routes.listCategories, AppEnv> = async (c) => {
  const categories = await listCategories(c.var.deps);
  return c.json(success(categories.map((k) => ({ category_id: k.id, category_name: k.name, course_count: Number(k.courseCount) }))), 200);
};

export const listCoursesHandler: RouteHandler<typeof routes.listCourses, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const { items, total } = await listCatalog(c.var.deps, {
    q: q.q,
    categoryId: q.category_id,
    difficulty: q.difficulty_level,
    page: q.page,
    pageSize: q.page_size,
  });
  return c.json(
    success({
      courses: items.map(toCourse),
      pagination: { page: q.page, page_size: q.page_size, total, total_pages: Math.ceil(total / q.page_size) },
    }),
    200,
  );
};

export const getCourseHandler: RouteHandler<typeof routes.getCourse, AppEnv> = async (c) => {
  const { courseId } = c.req.valid('param');
  const view = await courseDetail(c.var.deps, courseId, c.var.principal?.accountId);
  return c.json(success(toCourseWithMaterials(view, await materialsOfCourses(c.var.deps, [courseId]))), 200);
};

export const coverFileHandler: RouteHandler<typeof routes.coverFile, AppEnv> = async (c) => {
  const { courseId, file } = c.req.valid('param');
  return serveImage(c, coverObjectKey(courseId, file), file, (key) => isCurrentCover(c.var.deps, courseId, key));
};
