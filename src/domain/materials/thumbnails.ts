import { and, asc, eq } from 'drizzle-orm';
import { materials } from '../../db/schema';
import type { Deps } from '../deps';
import { thumbnailKey } from './keys';
import type { Material } from './materials';

const BATCH = 25;
const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** A Worker cannot decode video or render PDF pages: the placeholder shows the type and the title. */
export function placeholderSvg(type: Material['type'], title: string): string {
  const shown = title.length > 40 ? `${title.slice(0, 39)}…` : title;
  const [bg, icon] = type === 'video' ? ['#1e3a5f', '▶'] : ['#7f1d1d', 'PDF'];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><rect width="320" height="180" fill="${bg}"/><text x="160" y="88" font-family="sans-serif" font-size="44" fill="#fff" text-anchor="middle">${icon}</text><text x="160" y="150" font-family="sans-serif" font-size="14" fill="#e5e7eb" text-anchor="middle">${escapeXml(shown)}</text></svg>`;
}

/**
 * The thumbnail job: every active material still `pending` gets the placeholder and the status
 * `failed` ("failed, using a placeholder" in the document). Processes a bounded batch per run.
 */
export async function renderPendingThumbnails(deps: Deps): Promise<{ rendered: number; failed: number }> {
  const pending = await deps.db
    .select()
    .from(materials)
    .where(and(eq(materials.thumbnailStatus, 'pending'), eq(materials.status, 'active')))
    .orderBy(asc(materials.id))
    .limit(BATCH)
    .all();
  let rendered = 0;
  let failed = 0;
  for (const m of pending) {
    const key = thumbnailKey(m.id, 'svg');
    try {
      await deps.files.put(key, placeholderSvg(m.type, m.title), { httpMetadata: { contentType: 'image/svg+xml' } });
      await deps.db
        .update(materials)
        .set({ thumbnailKey: key, thumbnailStatus: 'failed', updatedAt: deps.clock.now() })
        .where(and(eq(materials.id, m.id), eq(materials.thumbnailStatus, 'pending')))
        .run();
      rendered++;
    } catch (e) {
      failed++;
      deps.log.error('thumbnail placeholder failed', { material_id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { rendered, failed };
}
