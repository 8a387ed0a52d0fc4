import { z } from '@hono/zod-openapi';
import { intText } from '../../http/params';
import { LEARNING_ERROR_CODES } from './envelope';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(LEARNING_ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('LearningError');

export const UserOut = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    avatar_url: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string().openapi({ example: '2024-01-15T08:30:00' }),
  })
  .openapi('LearningUser');

const materialFields = {
  id: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  type: z.enum(['video', 'pdf']),
  file_path: z.string().openapi({
    description: 'R2 key; the bytes are served at /materials/{file_path} (the document’s MinIO URL scheme) and /api/v1/materials/{id}/file',
  }),
  file_size: z.number().int(),
  file_format: z.enum(['mp4', 'webm', 'pdf']),
  thumbnail_path: z
    .string()
    .nullable()
    .openapi({ description: 'R2 key; served at /materials/{thumbnail_path} and /api/v1/materials/{id}/thumbnail' }),
  uploader_id: z.number().int(),
  view_count: z.number().int(),
  like_count: z.number().int(),
  status: z.enum(['processing', 'active', 'hidden']),
  created_at: z.string(),
  updated_at: z.string(),
};

export const MaterialOut = z.object(materialFields).openapi('LearningMaterial');

export const MaterialListItem = z
  .object({ ...materialFields, uploader_name: z.string(), uploader_avatar: z.string().nullable(), is_liked: z.boolean() })
  .openapi('LearningMaterialListItem');

/** `{ items, total, page, page_size, total_pages }`, the document's page envelope. */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      page: z.number().int(),
      page_size: z.number().int(),
      total_pages: z.number().int(),
    })
    .openapi(name);

export const MaterialPage = pageOf(MaterialListItem, 'LearningMaterialPage');

export const RelatedMaterial = z
  .object({
    id: z.number().int(),
    title: z.string(),
    type: z.enum(['video', 'pdf']),
    thumbnail_path: z.string().nullable(),
    view_count: z.number().int(),
    like_count: z.number().int(),
  })
  .openapi('LearningRelatedMaterial');

export const MaterialDetail = z
  .object({ ...MaterialListItem.shape, related_materials: z.array(RelatedMaterial) })
  .openapi('LearningMaterialDetail');

/** Pydantic's messages, as FastAPI answers them in its 422 body. */
export const learningInt = (min: number, max?: number) =>
  intText({
    min,
    max,
    notInteger: 'Input should be a valid integer, unable to parse string as an integer',
    tooSmall: `Input should be greater than or equal to ${min}`,
    tooLarge: `Input should be less than or equal to ${max}`,
  });

/** The learning API's paging parameters (FastAPI: page from 1, page_size 1-100, default 20). */
export const pageQueryFields = {
  page: learningInt(1).default(1).openapi({ default: 1, description: 'Page number, from 1' }),
  page_size: learningInt(1, 100).default(20).openapi({ default: 20 }),
};

export const MaterialIdParam = z.object({
  material_id: learningInt(1).openapi({ param: { name: 'material_id', in: 'path' }, example: 1 }),
});
