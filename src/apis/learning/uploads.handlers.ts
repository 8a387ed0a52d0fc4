import type { RouteHandler } from '@hono/zod-openapi';
import {
  abortUpload,
  completeUpload,
  createUploadSession,
  getUploadSession,
  missingParts,
  uploadPart,
  type UploadSessionView,
} from '../../domain/materials/chunked-upload';
import { uploadDirect } from '../../domain/materials/direct-upload';
import { deleteUpload, uploadStatus } from '../../domain/materials/upload-status';
import { materialForOwnerOrAdmin } from '../../domain/materials/materials';
import { AppError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { multipartForm } from '../../http/multipart-form';
import { limit } from '../../platform/rate-limit';
import type * as routes from './uploads.routes';
import { toLearningMaterial } from './views';
import { UPLOAD_STATUS_TEXT } from './words';

export const uploadHandler: RouteHandler<typeof routes.upload, AppEnv> = async (c) => {
  const form = multipartForm(c, 8);
  if ('refused' in form) {
    throw new AppError(
      'validation',
      'REQUEST_INVALID',
      'Request validation failed: send multipart/form-data with a boundary and the fields file and title',
      { params: { form: 'multipart' } },
    );
  }
  await limit(c.env, 'upload', { key: String(c.var.principal.accountId) });
  const material = await uploadDirect(c.var.deps, c.var.principal.accountId, form.parts);
  return c.json(toLearningMaterial(material), 201);
};

export const uploadStatusHandler: RouteHandler<typeof routes.uploadStatus, AppEnv> = async (c) => {
  const { material: m, progress } = await uploadStatus(c.var.deps, c.var.principal, c.req.valid('param').material_id);
  return c.json(
    {
      material_id: m.id,
      status: m.status,
      progress,
      message: UPLOAD_STATUS_TEXT[m.status],
      thumbnail_path: m.thumbnailKey,
      has_thumbnail: m.thumbnailKey !== null,
    },
    200,
  );
};

export const thumbnailStatusHandler: RouteHandler<typeof routes.thumbnailStatus, AppEnv> = async (c) => {
  const m = await materialForOwnerOrAdmin(c.var.deps, c.var.principal, c.req.valid('param').material_id);
  return c.json(
    { material_id: m.id, thumbnail_status: m.thumbnailStatus, thumbnail_path: m.thumbnailKey, has_thumbnail: m.thumbnailKey !== null },
    200,
  );
};

export const deleteUploadHandler: RouteHandler<typeof routes.deleteUpload, AppEnv> = async (c) => {
  await deleteUpload(c.var.deps, c.var.principal, c.req.valid('param').material_id);
  return c.body(null, 204);
};

function toSessionOut(v: UploadSessionView) {
  const s = v.session;
  const progress = s.status === 'completed' ? 100 : Math.min(99, Math.floor((v.bytesReceived / s.size) * 100));
  return {
    upload_id: s.id,
    material_id: s.materialId,
    status: s.status,
    filename: s.filename,
    size: s.size,
    part_size: s.partSize,
    total_parts: s.totalParts,
    uploaded_parts: v.receivedParts.map((p) => p.partNumber),
    missing_parts: missingParts(v),
    bytes_received: v.bytesReceived,
    progress,
  };
}

export const createSessionHandler: RouteHandler<typeof routes.createSession, AppEnv> = async (c) => {
  await limit(c.env, 'upload', { key: String(c.var.principal.accountId) });
  const view = await createUploadSession(c.var.deps, c.var.principal, c.req.valid('json'));
  return c.json(toSessionOut(view), 201);
};

export const getSessionHandler: RouteHandler<typeof routes.getSession, AppEnv> = async (c) =>
  c.json(toSessionOut(await getUploadSession(c.var.deps, c.var.principal, c.req.valid('param').upload_id)), 200);

export const putPartHandler: RouteHandler<typeof routes.putPart, AppEnv> = async (c) => {
  const { upload_id, part_number } = c.req.valid('param');
  const length = c.req.header('Content-Length');
  const view = await uploadPart(
    c.var.deps,
    c.var.principal,
    upload_id,
    part_number,
    c.req.raw.body,
    length && /^\d+$/.test(length) ? Number(length) : null,
  );
  return c.json(toSessionOut(view), 200);
};

export const completeSessionHandler: RouteHandler<typeof routes.completeSession, AppEnv> = async (c) => {
  const material = await completeUpload(c.var.deps, c.var.principal, c.req.valid('param').upload_id);
  return c.json(toLearningMaterial(material), 200);
};

export const abortSessionHandler: RouteHandler<typeof routes.abortSession, AppEnv> = async (c) => {
  await abortUpload(c.var.deps, c.var.principal, c.req.valid('param').upload_id);
  return c.body(null, 204);
};
