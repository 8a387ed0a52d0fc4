import { z } from '@hono/zod-openapi';
import { ADMINS } from '../../domain/accounts/roles';
import { jsonBody, jsonContent } from '../../http/content';
import { nonBlankPattern, SAFE_NAME } from '../../http/params';
import { learning } from './api';
import { learningInt, MaterialIdParam, MaterialOut } from './schemas';

const tags = ['Learning: uploads'];

export const upload = learning.route({
  method: 'post',
  path: '/api/v1/upload',
  operationId: 'learningUpload',
  callers: { auth: 'required' },
  tags,
  summary: 'Upload a video (mp4/webm, up to 500 MB) or PDF (up to 50 MB), streamed into storage',
  description:
    'The type is decided from the file’s content, not its name. Bodies above the platform’s request limit (100 MB on most plans) must use the resumable upload under /api/v1/uploads.',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          // A plain schema (not zod) on purpose: a zod form schema would make the validator buffer the whole body.
          schema: {
            type: 'object',
            required: ['file', 'title'],
            properties: {
              file: { type: 'string', format: 'binary' },
              title: { type: 'string', minLength: 1, maxLength: 255 },
              description: { type: 'string' },
              thumbnail: { type: 'string', format: 'binary', description: 'Optional png/jpeg/webp image up to 2 MB' },
            },
          },
        },
      },
    },
  },
  responses: { 201: jsonContent('Uploaded and active', MaterialOut) },
  errors: [401, 413, 415, 422, 429, 500],
});

export const uploadStatus = learning.route({
  method: 'get',
  path: '/api/v1/upload/status/{material_id}',
  operationId: 'learningUploadStatus',
  callers: { auth: 'required', owner: { rule: 'the uploader', anyRoles: ADMINS } },
  tags,
  summary: 'Upload progress (uploader or administrator)',
  request: { params: MaterialIdParam },
  responses: {
    200: jsonContent(
      'Status',
      z
        .object({
          material_id: z.number().int(),
          status: z.enum(['processing', 'active', 'hidden']),
          progress: z.number().int().min(0).max(100),
          message: z.string(),
          thumbnail_path: z.string().nullable(),
          has_thumbnail: z.boolean(),
        })
        .openapi('LearningUploadStatus'),
    ),
  },
  errors: [401, 403, 404, 422, 500],
});

export const thumbnailStatus = learning.route({
  method: 'get',
  path: '/api/v1/upload/thumbnail-status/{material_id}',
  operationId: 'learningThumbnailStatus',
  callers: { auth: 'required', owner: { rule: 'the uploader', anyRoles: ADMINS } },
  tags,
  summary: 'Thumbnail state (uploader or administrator)',
  request: { params: MaterialIdParam },
  responses: {
    200: jsonContent(
      'Status',
      z
        .object({
          material_id: z.number().int(),
          thumbnail_status: z.enum(['pending', 'completed', 'failed']),
          thumbnail_path: z.string().nullable(),
          has_thumbnail: z.boolean(),
        })
        .openapi('LearningThumbnailStatus'),
    ),
  },
  errors: [401, 403, 404, 422, 500],
});

export const deleteUpload = learning.route({
  method: 'delete',
  path: '/api/v1/upload/{material_id}',
  operationId: 'learningDeleteUpload',
  callers: { auth: 'required', owner: { rule: 'the uploader', anyRoles: ADMINS } },
  tags,
  summary: 'Remove the uploaded files from storage and hide the material (uploader or administrator)',
  request: { params: MaterialIdParam },
  responses: { 204: { description: 'Deleted' } },
  errors: [400, 401, 403, 404, 422, 500],
});

// Resumable uploads (not in the document: for files above the request-body limit and unreliable networks).

export const CreateSessionBody = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(SAFE_NAME, 'must not contain control or bidi-override characters')
      .openapi({ pattern: SAFE_NAME.source }),
    size: z.number().int().min(1),
    type: z.enum(['video', 'pdf']),
    title: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .openapi({ pattern: nonBlankPattern(1) }),
    description: z.string().max(5000).optional(),
  })
  .openapi('LearningUploadSessionRequest');

export const UploadSessionOut = z
  .object({
    upload_id: z.string(),
    material_id: z.number().int(),
    status: z.enum(['open', 'completed', 'aborted']),
    filename: z.string(),
    size: z.number().int(),
    part_size: z.number().int().openapi({ description: 'Every part but the last has exactly this many bytes' }),
    total_parts: z.number().int(),
    uploaded_parts: z.array(z.number().int()),
    missing_parts: z.array(z.number().int()),
    bytes_received: z.number().int(),
    progress: z.number().int().min(0).max(100),
  })
  .openapi('LearningUploadSession');

const SessionParam = z.object({ upload_id: z.uuid().openapi({ param: { name: 'upload_id', in: 'path' } }) });
const PartParam = SessionParam.extend({
  part_number: learningInt(1, 10000).openapi({ param: { name: 'part_number', in: 'path' } }),
});

export const createSession = learning.route({
  method: 'post',
  path: '/api/v1/uploads',
  operationId: 'learningCreateUploadSession',
  callers: { auth: 'required' },
  tags,
  summary: 'Start a resumable upload: returns the upload id and the part size',
  request: { body: jsonBody(CreateSessionBody) },
  responses: { 201: jsonContent('Session created', UploadSessionOut) },
  errors: [401, 413, 422, 429, 500],
});

export const getSession = learning.route({
  method: 'get',
  path: '/api/v1/uploads/{upload_id}',
  operationId: 'learningGetUploadSession',
  callers: { auth: 'required', owner: { rule: 'who started the upload', anyRoles: ADMINS } },
  tags,
  summary: 'Which parts arrived (to resume after a dropped connection)',
  request: { params: SessionParam },
  responses: { 200: jsonContent('Session', UploadSessionOut) },
  errors: [401, 403, 404, 422, 500],
});

export const putPart = learning.route({
  method: 'put',
  path: '/api/v1/uploads/{upload_id}/parts/{part_number}',
  operationId: 'learningUploadPart',
  callers: { auth: 'required', owner: { rule: 'who started the upload', anyRoles: ADMINS } },
  tags,
  summary: 'Send one part as raw bytes (Content-Length must equal the part size); sending a part again replaces it',
  request: {
    params: PartParam,
    body: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
  },
  responses: { 200: jsonContent('Session after the part', UploadSessionOut) },
  errors: [400, 401, 403, 404, 413, 415, 422, 500],
});

export const completeSession = learning.route({
  method: 'post',
  path: '/api/v1/uploads/{upload_id}/complete',
  operationId: 'learningCompleteUpload',
  callers: { auth: 'required', owner: { rule: 'who started the upload', anyRoles: ADMINS } },
  tags,
  summary: 'Assemble the parts: the material becomes active',
  request: { params: SessionParam },
  responses: { 200: jsonContent('The material', MaterialOut) },
  errors: [400, 401, 403, 404, 422, 500],
});

export const abortSession = learning.route({
  method: 'delete',
  path: '/api/v1/uploads/{upload_id}',
  operationId: 'learningAbortUpload',
  callers: { auth: 'required', owner: { rule: 'who started the upload', anyRoles: ADMINS } },
  tags,
  summary: 'Abort: the parts are dropped and the material hidden',
  request: { params: SessionParam },
  responses: { 204: { description: 'Aborted' } },
  errors: [400, 401, 403, 404, 422, 500],
});
