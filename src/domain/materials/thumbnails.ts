import { and, asc, eq } from 'drizzle-orm';
import { materials } from '../../db/schema';
import type { Deps } from '../deps';
import { thumbnailKey } from './keys';
import type { Material } from './materials';

const BATCH = 25;
const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** A Worker cannot decode video or render PDF pages: the placeholder shows the type and the title. */
export function placeholderSvg(type: Material['type'], title: string): string {
  const shown = title.length > 40 ? `${title.slice(0, 39)}…` : title;
  const [bg, icon] = type === 'video' ? ['#1e3a5f', '▶'] : ['#7f1d1d', 'PDF'];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><rect width="320" height="180" fill="${bg}"/><text x="160" y="88" font-family="sans-serif" font-size="44" fill="#fff" text-anchor="middle">${icon}</text><text x="160" y="150" font-family="sans-serif" font-size="14" fill="#e5e7eb" text-anchor="middle">${escapeXml(shown)}</text></svg>`;
}

/**
 * The thumbnail job moves every active material out of `pending`: an image the uploader sent
 * (already stored under its thumbnail key) becomes `completed`; otherwise the placeholder is stored
 * and the status is `failed` ("failed, using a placeholder" in the document). Bounded batch per run.
 */
export async function renderPendingThumbnails(deps: Deps): Promise<{ completed: number; placeholders: number; failed: number }> {
  const pending = await deps.db
    .select()
    .from(materials)
    .where(and(eq(materials.thumbnailStatus, 'pending'), eq(materials.status, 'active')))
    .orderBy(asc(materials.id))
    .limit(BATCH)
    .all();
  const result = { completed: 0, placeholders: 0, failed: 0 };
  for (const m of pending) {
    try {
      const sent = m.thumbnailKey ? await deps.files.head(m.thumbnailKey) : null;
      let update: { thumbnailKey: string; thumbnailStatus: 'completed' | 'failed' };
      if (sent && m.thumbnailKey) {
        update = { thumbnailKey: m.thumbnailKey, thumbnailStatus: 'completed' };
        result.completed++;
      } else {
        const key = thumbnailKey(m.id, 'svg');
        await deps.files.put(key, placeholderSvg(m.type, m.title), { httpMetadata: { contentType: 'image/svg+xml' } });
        update = { thumbnailKey: key, thumbnailStatus: 'failed' };
        result.placeholders++;
      }
      await deps.db
        .update(materials)
        .set({ ...update, updatedAt: deps.clock.now() })
        .where(and(eq(materials.id, m.id), eq(materials.thumbnailStatus, 'pending')))
        .run();
    } catch (e) {
      result.failed++;
      deps.log.error('thumbnail job failed for a material', { material_id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}
