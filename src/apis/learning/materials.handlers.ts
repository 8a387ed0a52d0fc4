import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  findDeliverable,
  findDeliverableByKey,
  hideMaterial,
  listMaterials,
  toggleLike,
  viewMaterial,
  type Material,
} from '../../domain/materials/materials';
import { placeholderSvg } from '../../domain/materials/thumbnails';
import { AppError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { edgeCache } from '../../http/cache';
import { objectResponse } from '../../http/object-response';
import { MATERIAL_TYPES } from './materials.routes';
import type * as routes from './materials.routes';
import { learningPage, toLearningListItem, toLearningRelated } from './views';

/** FastAPI's `Optional[str]` receives `material_type=` as "", which the original's `if material_type:` ignores. */
function typeFilter(raw: string | undefined): (typeof MATERIAL_TYPES)[number] | undefined {
  if (!raw) return undefined;
  const type = MATERIAL_TYPES.find((t) => t === raw);
  if (!type) throw new AppError('validation', 'INVALID_TYPE', 'Invalid material type: must be video or pdf');
  return type;
}

export const listMaterialsHandler: RouteHandler<typeof routes.listMaterials, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const { items, total } = await listMaterials(
    c.var.deps,
    { page: q.page, pageSize: q.page_size, sortBy: q.sort_by, sortOrder: q.sort_order, type: typeFilter(q.material_type) },
    c.var.principal?.accountId,
  );
  return c.json(
    learningPage(
      items.map((i) => toLearningListItem(i, c.req.url)),
      total,
      q,
    ),
    200,
  );
};

export const getMaterialHandler: RouteHandler<typeof routes.getMaterial, AppEnv> = async (c) => {
  const m = await viewMaterial(c.var.deps, c.req.valid('param').material_id, c.var.principal?.accountId);
  return c.json({ ...toLearningListItem(m, c.req.url), related_materials: m.related.map(toLearningRelated) }, 200);
};

export const deleteMaterialHandler: RouteHandler<typeof routes.deleteMaterial, AppEnv> = async (c) => {
  await hideMaterial(c.var.deps, c.var.principal, c.req.valid('param').material_id);
  return c.body(null, 204);
};

export const likeMaterialHandler: RouteHandler<typeof routes.likeMaterial, AppEnv> = async (c) => {
  const r = await toggleLike(c.var.deps, c.var.principal.accountId, c.req.valid('param').material_id);
  return c.json({ is_liked: r.isLiked, like_count: r.likeCount }, 200);
};

const gone = () => new AppError('not_found', 'NOT_FOUND', 'Material not found or deleted', { params: { what: 'visible_material' } });
const objectRequest = (c: { req: { method: string; header(name: string): string | undefined } }) => ({
  method: c.req.method,
  range: c.req.header('Range'),
  ifNoneMatch: c.req.header('If-None-Match'),
});

/**
 * Files are immutable under their key (a new upload gets a new key), so they may be cached long.
 * The row is read first on every request, cached or not: a hidden or deleted material is 404 at
 * once, whatever the edge cache of any data center still holds.
 */
async function serveFile(c: Context<AppEnv>, m: Material): Promise<Response> {
  const res = await objectResponse(
    c.var.deps.files,
    m.fileKey!,
    objectRequest(c),
    { contentType: m.contentType, cacheControl: 'public, max-age=31536000, immutable' },
    edgeCache(c),
  );
  if (!res) throw gone();
  return res;
}

/** Until the thumbnail job has run, the placeholder is rendered on the fly (not cached long). */
async function serveThumbnail(c: Context<AppEnv>, m: Material): Promise<Response> {
  const placeholder = () =>
    new Response(placeholderSvg(m.type, m.title), {
      status: 200,
      headers: {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'public, max-age=300',
        'Content-Disposition': `inline; filename="placeholder-${m.id}.svg"`,
      },
    });
  if (!m.thumbnailKey) return placeholder();
  const contentType = m.thumbnailKey.endsWith('.svg')
    ? 'image/svg+xml'
    : m.thumbnailKey.endsWith('.png')
      ? 'image/png'
      : m.thumbnailKey.endsWith('.webp')
        ? 'image/webp'
        : 'image/jpeg';
  // thumbnails/<id>.<ext> is named after the material, not the upload: the creation time keeps the cache key unique.
  const res = await objectResponse(
    c.var.deps.files,
    m.thumbnailKey,
    objectRequest(c),
    { contentType, cacheControl: 'public, max-age=3600' },
    edgeCache(c, String(m.createdAt)),
  );
  return res ?? placeholder();
}

export const materialFileHandler: RouteHandler<typeof routes.materialFile, AppEnv> = async (c) =>
  serveFile(c, await findDeliverable(c.var.deps, c.req.valid('param').material_id));

export const materialThumbnailHandler: RouteHandler<typeof routes.materialThumbnail, AppEnv> = async (c) =>
  serveThumbnail(c, await findDeliverable(c.var.deps, c.req.valid('param').material_id));

/** /materials/{file_path or thumbnail_path}: the same material lookup rule and responses as the two routes above. */
export const materialObjectHandler: RouteHandler<typeof routes.materialObject, AppEnv> = async (c) => {
  const { key } = c.req.valid('param');
  const m = await findDeliverableByKey(c.var.deps, key);
  return key === m.fileKey ? serveFile(c, m) : serveThumbnail(c, m);
};
