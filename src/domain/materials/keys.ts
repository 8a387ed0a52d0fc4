/** R2 key layout (docs/storage.md): materials/<userId>/<stamp>_<random>.<ext>, thumbnails/<materialId>.<ext>. */
export const MATERIALS_PREFIX = 'materials/';
export const THUMBNAILS_PREFIX = 'thumbnails/';

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-15T08:30:00.000Z
  return `${iso.slice(0, 10).replaceAll('-', '')}_${iso.slice(11, 19).replaceAll(':', '')}`;
}

export function materialFileKey(uploaderId: number, nowMs: number, format: string): string {
  const random = crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  return `${MATERIALS_PREFIX}${uploaderId}/${stamp(nowMs)}_${random}.${format}`;
}

export function thumbnailKey(materialId: number, ext: string): string {
  return `${THUMBNAILS_PREFIX}${materialId}.${ext}`;
}
