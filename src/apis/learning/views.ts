import type { Material, MaterialListItem, RelatedMaterial } from '../../domain/materials/materials';
import { isoNaiveUtc } from '../../platform/time-zone';
import { onOrigin } from '../../http/urls';

/** The learning document's material object. */
export function toLearningMaterial(m: Material) {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    type: m.type,
    file_path: m.fileKey ?? '',
    file_size: m.fileSize,
    file_format: m.fileFormat,
    thumbnail_path: m.thumbnailKey,
    uploader_id: m.uploaderId,
    view_count: m.viewCount,
    like_count: m.likeCount,
    status: m.status,
    created_at: isoNaiveUtc(m.createdAt),
    updated_at: isoNaiveUtc(m.updatedAt),
  };
}

export function toLearningListItem(item: MaterialListItem, requestUrl: string) {
  return {
    ...toLearningMaterial(item.material),
    uploader_name: item.uploaderName,
    uploader_avatar: onOrigin(item.uploaderAvatar, requestUrl),
    is_liked: item.isLiked,
  };
}

export function toLearningRelated(r: RelatedMaterial) {
  return { id: r.id, title: r.title, type: r.type, thumbnail_path: r.thumbnailKey, view_count: r.viewCount, like_count: r.likeCount };
}

/** The page envelope for `items` of `total`, as requested with `page` and `page_size`. */
export function learningPage<T>(items: T[], total: number, q: { page: number; page_size: number }) {
  return { items, total, page: q.page, page_size: q.page_size, total_pages: Math.ceil(total / q.page_size) };
}
