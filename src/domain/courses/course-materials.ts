import { and, asc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { courseMaterials, materials } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { ownedCourse } from './courses';

/** What a course shows of an attached learning material; the bytes stay with the learning API. */
export interface CourseMaterial {
  id: number;
  title: string;
  type: 'video' | 'pdf';
  fileSize: number;
  addedAt: number;
}

const materialColumns = {
  courseId: courseMaterials.courseId,
  id: materials.id,
  title: materials.title,
  type: materials.type,
  fileSize: materials.fileSize,
  addedAt: courseMaterials.addedAt,
};

type CourseIdSource = readonly number[] | SQLWrapper;

/**
 * The active materials of the courses `courseIds` selects (an id list or a subquery), for a caller's
 * batch: a course list and its materials in one D1 round trip.
 */
export function materialsQuery(db: Db, courseIds: CourseIdSource) {
  return (
    db
      .select(materialColumns)
      .from(courseMaterials)
      .innerJoin(materials, eq(materials.id, courseMaterials.materialId))
      // `+status`: no index on the status term, so the course ids drive the join (course_materials'
      // primary key, then materials by id). With `status = 'active'` indexable, SQLite without
      // statistics walked every active material and probed the id list for each: 38 ms for 87
      // courses over 10,000 materials (issue 8 load run, bench/RESULTS.md).
      .where(and(inArray(courseMaterials.courseId, courseIds), sql`+${materials.status} = 'active'`))
      .orderBy(asc(courseMaterials.addedAt), asc(materials.id))
  );
}

type MaterialRow = Awaited<ReturnType<typeof materialsQuery>>[number];

/** Rows of materialsQuery by course, each course present (an empty list when it has none). */
export function byCourse(courseIds: readonly number[], rows: readonly MaterialRow[]): Map<number, CourseMaterial[]> {
  const out = new Map<number, CourseMaterial[]>(courseIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.courseId)?.push({ id: r.id, title: r.title, type: r.type, fileSize: r.fileSize, addedAt: r.addedAt });
  return out;
}

/** Active materials per course (hidden or unfinished ones are left out until they are active again). */
export async function materialsOfCourses(deps: Deps, courseIds: readonly number[]): Promise<Map<number, CourseMaterial[]>> {
  const rows: MaterialRow[] = [];
  // 90 ids per statement: D1 binds at most 100 parameters.
  for (let i = 0; i < courseIds.length; i += 90) rows.push(...(await materialsQuery(deps.db, courseIds.slice(i, i + 90))));
  return byCourse(courseIds, rows);
}

/**
 * Attaches a material the teacher uploaded through the learning API. Attaching it again keeps one
 * link. Only active materials (upload finished, not hidden) can be attached.
 */
export async function attachMaterial(deps: Deps, teacherId: number, courseId: number, materialId: number): Promise<CourseMaterial> {
  await ownedCourse(deps, teacherId, courseId);
  const material = await deps.db.select().from(materials).where(eq(materials.id, materialId)).get();
  if (!material) throw new AppError('not_found', 'MATERIAL_NOT_FOUND', 'Material not found');
  if (material.uploaderId !== teacherId)
    throw new AppError('forbidden', 'MATERIAL_FORBIDDEN', 'Only materials you uploaded can be attached');
  if (material.status !== 'active')
    throw new AppError('validation', 'MATERIAL_NOT_ACTIVE', 'The material is not available (still uploading or deleted)');
  const now = deps.clock.now();
  await deps.db.insert(courseMaterials).values({ courseId, materialId, addedAt: now }).onConflictDoNothing().run();
  const link = await deps.db
    .select({ addedAt: courseMaterials.addedAt })
    .from(courseMaterials)
    .where(and(eq(courseMaterials.courseId, courseId), eq(courseMaterials.materialId, materialId)))
    .get();
  return {
    id: material.id,
    title: material.title,
    type: material.type,
    fileSize: material.fileSize,
    addedAt: link?.addedAt ?? now,
  };
}

export async function detachMaterial(deps: Deps, teacherId: number, courseId: number, materialId: number): Promise<void> {
  await ownedCourse(deps, teacherId, courseId);
  const removed = await deps.db
    .delete(courseMaterials)
    .where(and(eq(courseMaterials.courseId, courseId), eq(courseMaterials.materialId, materialId)))
    .returning({ id: courseMaterials.materialId });
  if (removed.length === 0) throw new AppError('not_found', 'MATERIAL_NOT_ATTACHED', 'The material is not attached to this course');
}
