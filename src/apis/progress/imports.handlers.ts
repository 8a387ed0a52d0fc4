import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordAudit } from '../../domain/audit/entries';
import type { Principal } from '../../domain/auth/principal';
import type { Deps } from '../../domain/deps';
import { AppError } from '../../domain/errors';
import { importDepartments } from '../../domain/imports/department-import';
import { importFailed, importSummary, type ImportResult } from '../../domain/imports/import-result';
import { fileTooLarge, MAX_FILE_BYTES } from '../../domain/imports/spreadsheet';
import { importLessonTasks } from '../../domain/imports/task-import';
import { importTemplate } from '../../domain/imports/templates';
import { importUsers } from '../../domain/imports/user-import';
import { XLSX_CONTENT_TYPE } from '../../domain/imports/xlsx-writer';
import { assertManager } from '../../domain/production/roles';
import type { AppEnv } from '../../env';
import { boundaryFrom, MultipartError, PartTooLargeError, readMultipart } from '../../platform/multipart';
import { limit } from '../../platform/rate-limit';
import { ok } from './envelope';
import type * as routes from './imports.routes';

/** Room for the multipart framing around a file at the limit. */
const FRAMING_BYTES = 64 * 1024;

const badUpload = (message: string) => new AppError('validation', 'INVALID_FILE', message);

/** The `file` part's bytes (at most 5 MB); other fields are skipped. */
async function uploadedFile(c: Context<AppEnv>): Promise<Uint8Array> {
  const length = c.req.header('Content-Length');
  if (length && /^\d+$/.test(length) && Number(length) > MAX_FILE_BYTES + FRAMING_BYTES) throw fileTooLarge();
  const boundary = boundaryFrom(c.req.header('Content-Type'));
  const body = c.req.raw.body;
  if (!boundary || !body) throw badUpload('请以 multipart/form-data 上传文件（字段名 file）');
  let file: Uint8Array | undefined;
  try {
    for await (const part of readMultipart(body, boundary, { maxParts: 10 })) {
      if (part.name !== 'file') {
        await part.skip();
        continue;
      }
      if (file) throw badUpload('一次只能上传一个文件');
      file = await part.bytes(MAX_FILE_BYTES);
    }
  } catch (e) {
    if (e instanceof PartTooLargeError) throw fileTooLarge();
    if (e instanceof MultipartError) {
      // The parser's reason is English and about framing: kept in the log, not shown to the administrator.
      c.var.deps.log.warn('import upload unreadable', { reason: e.message });
      throw badUpload('上传内容格式错误：请以 multipart/form-data 上传文件（字段名 file）');
    }
    throw e;
  }
  if (!file) throw badUpload('请上传文件（表单字段 file）');
  return file;
}

type Importer = (deps: Deps, caller: Principal, file: Uint8Array) => Promise<ImportResult>;

async function runImport(c: Context<AppEnv>, importer: Importer, action: 'import.users' | 'import.lesson_tasks' | 'import.departments') {
  // Checked before the body is read, so a teacher's upload is refused without parsing it.
  assertManager(c.var.principal);
  await limit(c.env, 'import', { key: String(c.var.principal.accountId) });
  const result = await importer(c.var.deps, c.var.principal, await uploadedFile(c));
  if (result.imported === 0) throw importFailed(result);
  // Rows are written a chunk per batch, so the audit row follows the import (docs/audit.md).
  await recordAudit(c.var.deps, { actor: c.var.principal, action, detail: { imported: result.imported, rejected_rows: result.errors.length } });
  return c.json(ok(importSummary(result)), 200);
}

export const importUsersHandler: RouteHandler<typeof routes.importUsers, AppEnv> = (c) => runImport(c, importUsers, 'import.users');
export const importLessonTasksHandler: RouteHandler<typeof routes.importLessonTasks, AppEnv> = (c) => runImport(c, importLessonTasks, 'import.lesson_tasks');
export const importDepartmentsHandler: RouteHandler<typeof routes.importDepartments, AppEnv> = (c) => runImport(c, importDepartments, 'import.departments');

export const templateHandler: RouteHandler<typeof routes.template, AppEnv> = async (c) => {
  assertManager(c.var.principal);
  const { fileName, bytes } = importTemplate(c.req.valid('param').kind);
  c.header('Content-Type', XLSX_CONTENT_TYPE);
  c.header('Content-Disposition', `attachment; filename="${c.req.valid('param').kind}-template.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  c.header('Cache-Control', 'no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
};
