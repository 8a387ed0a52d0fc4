import { z } from '@hono/zod-openapi';
import { fileCacheHeaders, notModified, publicRead, withCacheHeaders } from '../../http/cache';
import { jsonContent } from '../../http/content';
import { learning } from './api';
import { MaterialDetail, MaterialIdParam, MaterialPage, pageQueryFields } from './schemas';

const tags = ['Learning: materials'];
export const MATERIAL_TYPES = ['video', 'pdf'] as const;
const binary = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }])),
});

export const ListQuery = z.object({
  ...pageQueryFields,
  sort_by: z.enum(['created_at', 'view_count', 'like_count']).default('created_at'),
  sort_order: z.enum(['asc', 'desc']).default('desc'),
  // Checked by the handler, not here: an unknown type is the document's 400 INVALID_TYPE, not a 422.
  material_type: z
    .string()
    .optional()
    .openapi({
      enum: [...MATERIAL_TYPES, ''],
      description: 'video or pdf; empty means every type, as when absent. Any other value: 400 INVALID_TYPE',
    }),
});

const invalidType = { 400: { ...learning.errorResponses(400)[400], description: 'INVALID_TYPE: material_type is neither video nor pdf' } };

export const listMaterials = learning.route({
  method: 'get',
  path: '/api/v1/materials',
  operationId: 'learningListMaterials',
  callers: { auth: 'optional' },
  tags,
  summary: 'Active materials, paged and sorted (token optional: sets is_liked)',
  middleware: [publicRead({ maxAge: 30 })],
  request: { query: ListQuery },
  responses: { 200: withCacheHeaders(jsonContent('One page', MaterialPage)), ...notModified, ...invalidType },
  errors: [401, 422, 500],
});

export const getMaterial = learning.route({
  method: 'get',
  path: '/api/v1/materials/{material_id}',
  operationId: 'learningGetMaterial',
  callers: { auth: 'optional' },
  tags,
  summary: 'One active material with related ones; counts a view (token optional)',
  // Each read counts a view: caches revalidate every time (so it is counted), and the ETag leaves the view counters out.
  middleware: [publicRead({ maxAge: 0 })],
  request: { params: MaterialIdParam },
  responses: { 200: withCacheHeaders(jsonContent('The material', MaterialDetail)), ...notModified },
  errors: [401, 404, 422, 500],
});

export const deleteMaterial = learning.route({
  method: 'delete',
  path: '/api/v1/materials/{material_id}',
  operationId: 'learningDeleteMaterial',
  callers: { auth: 'required', owner: { rule: 'the uploader' } },
  tags,
  summary: 'Hide a material you uploaded',
  request: { params: MaterialIdParam },
  responses: { 204: { description: 'Deleted' } },
  errors: [400, 401, 403, 404, 422, 500],
});

export const likeMaterial = learning.route({
  method: 'post',
  path: '/api/v1/materials/{material_id}/like',
  operationId: 'learningToggleLike',
  callers: { auth: 'required' },
  tags,
  summary: 'Like, or unlike if already liked',
  request: { params: MaterialIdParam },
  responses: {
    200: jsonContent(
      'The caller’s like state',
      z.object({ is_liked: z.boolean(), like_count: z.number().int() }).openapi('LearningLikeResult'),
    ),
  },
  errors: [400, 401, 404, 422, 500],
});

const fileResponses = {
  200: {
    ...binary('The whole file', ['video/mp4', 'video/webm', 'application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']),
    headers: fileCacheHeaders,
  },
  206: {
    ...binary('The requested byte range (Range: bytes=start-end)', ['video/mp4', 'video/webm', 'application/pdf']),
    headers: fileCacheHeaders,
  },
  304: { description: 'Not modified (If-None-Match)', headers: fileCacheHeaders },
  416: { description: 'Range not satisfiable' },
  ...learning.errorResponses(404, 422, 500),
};

const RangeHeaders = z.object({
  range: z.string().optional().openapi({ example: 'bytes=0-1023', description: 'One byte range' }),
  'if-none-match': z.string().optional().openapi({ description: 'ETag from an earlier response' }),
});

export const materialFile = learning.route({
  method: 'get',
  path: '/api/v1/materials/{material_id}/file',
  operationId: 'learningMaterialFile',
  callers: { auth: 'public' },
  tags,
  summary: 'The material’s file, streamed from R2, with Range and ETag support',
  request: { params: MaterialIdParam, headers: RangeHeaders },
  responses: fileResponses,
});

export const materialThumbnail = learning.route({
  method: 'get',
  path: '/api/v1/materials/{material_id}/thumbnail',
  operationId: 'learningMaterialThumbnail',
  callers: { auth: 'public' },
  tags,
  summary: 'The thumbnail (uploaded image or generated placeholder)',
  request: { params: MaterialIdParam, headers: RangeHeaders },
  responses: fileResponses,
});

const ObjectKeyParam = z.object({
  key: z
    .string()
    .min(1)
    .openapi({
      param: { name: 'key', in: 'path' },
      example: 'materials/2/20261122_090146_f78dde312f62.mp4',
      description:
        'A whole `file_path` or `thumbnail_path` value; its slashes may be sent as they are (as in the document’s URLs) or as %2F',
    }),
});

export const materialObject = learning.route({
  method: 'get',
  path: '/materials/{key}',
  // How Hono routes it: a plain `{key}` would stop at the key's first slash. The document shows `path`.
  routingPath: '/materials/{key{.+}}',
  operationId: 'learningMaterialObject',
  callers: { auth: 'public' },
  tags,
  summary: 'A file or thumbnail by its file_path / thumbnail_path: the document’s MinIO URL, <base>/materials/{file_path}',
  description:
    'For frontends whose MinIO base URL points at this Worker: `/materials/materials/2/20261122_090146_f78dde312f62.mp4`, `/materials/thumbnails/10.png`. ' +
    'Exactly what `/api/v1/materials/{material_id}/file` or `/thumbnail` serves for that material (bytes, headers, Range, ETag and 304, only while the material is active); ' +
    'a key no active material holds is 404. HEAD answers like GET without a body.',
  request: { params: ObjectKeyParam, headers: RangeHeaders },
  responses: fileResponses,
});
