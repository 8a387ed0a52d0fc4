import { and, eq, isNull } from 'drizzle-orm';
import { courses } from '../../db/schema';
import type { MultipartPart } from '../../platform/multipart';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { discardImage, IMAGE_FILE, receiveImage, type ImagePolicy } from '../profiles/image-upload';
import { courseNotFound, ownedCourse } from './courses';

export const COVER_MAX_BYTES = 5 * 1024 * 1024;

export const COVER_POLICY: ImagePolicy = {
  field: 'cover',
  formats: ['png', 'jpeg', 'webp'],
  maxBytes: COVER_MAX_BYTES,
  codes: { missing: 'COVER_REQUIRED', unsupported: 'COVER_TYPE_UNSUPPORTED', tooLarge: 'COVER_TOO_LARGE' },
};

/** R2 layout (docs/storage.md): covers/<courseId>/<random>.<ext>; served at /api/courses/<courseId>/cover/<file>. */
export const coverUrl = (courseId: number, file: string) => `/api/courses/${courseId}/cover/${file}`;

/** The object behind GET /api/courses/{courseId}/cover/{file}; null when the name is not one we write. */
export function coverObjectKey(courseId: number, file: string): string | null {
  return IMAGE_FILE.test(file) ? `covers/${courseId}/${file}` : null;
}

/** Whether the object is the course's cover now (the gate for serving a cached copy, docs/caching.md). */
export async function isCurrentCover(deps: Deps, courseId: number, key: string): Promise<boolean> {
  const row = await deps.db
    .select({ id: courses.id })
    .from(courses)
    .where(and(eq(courses.id, courseId), eq(courses.coverKey, key)))
    .get();
  return row !== undefined;
}

/**
 * Streams a new cover to R2 (after checking the caller teaches the course, before reading the
 * body), then points the course at it with a compare-and-set on the previous cover key; the
 * replaced object is deleted. Returns the new cover_img.
 */
export async function replaceCover(
  deps: Deps,
  teacherId: number,
  courseId: number,
  parts: () => AsyncIterable<MultipartPart>,
): Promise<string> {
  await ownedCourse(deps, teacherId, courseId);
  const image = await receiveImage(deps, parts(), COVER_POLICY, `covers/${courseId}/`);
  const url = coverUrl(courseId, image.file);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await deps.db
        .select({ coverKey: courses.coverKey, deletedAt: courses.deletedAt })
        .from(courses)
        .where(eq(courses.id, courseId))
        .get();
      if (!current || current.deletedAt !== null) throw courseNotFound();
      const swapped = await deps.db
        .update(courses)
        .set({ coverImg: url, coverKey: image.key, updatedAt: deps.clock.now() })
        .where(
          and(
            eq(courses.id, courseId),
            isNull(courses.deletedAt),
            current.coverKey === null ? isNull(courses.coverKey) : eq(courses.coverKey, current.coverKey),
          ),
        )
        .returning({ id: courses.id });
      if (swapped.length > 0) {
        await discardImage(deps, current.coverKey);
        return url;
      }
    }
    throw new AppError('conflict', 'COVER_CHANGED', 'The cover changed concurrently; try again');
  } catch (e) {
    // Nothing points at the new object unless the swap succeeded (and then nothing threw).
    await discardImage(deps, image.key);
    throw e;
  }
}
