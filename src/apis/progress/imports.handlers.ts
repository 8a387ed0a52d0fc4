import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Principal } from '../../domain/auth/principal';
import type { Deps } from '../../domain/deps';
import { AppError } from '../../domain/errors';
import { importDepartments } from '../../domain/imports/department-import';
import type { ImportResult } from '../../domain/imports/import-result';
import { fileTooLarge, MAX_FILE_BYTES } from '../../domain/imports/spreadsheet';
import { importLessonTasks } from '../../domain/imports/task-import';
import { importUsers } from '../../domain/imports/user-import';
import { XLSX_CONTENT_TYPE } from '../../domain/imports/xlsx-writer';
import type { AppEnv } from '../../env';
import { multipartForm } from '../../http/multipart-form';
import { MultipartError, PartTooLargeError } from '../../platform/multipart';
import { limit } from '../../platform/rate-limit';
import { ok } from './envelope';
import { DEPARTMENT_HEADERS, importTemplate, TASK_HEADERS, USER_SHEET } from './import-sheets';
import type * as routes from './imports.routes';
import { importSummary } from './words';

/** Room for the multipart framing around a file at the limit. */
const FRAMING_BYTES = 64 * 1024;

/** The upload is not the form this API documents (words.ts words each code). */
const badUpload = (code: string, message: string) => new AppError('validation', code, message);

/** The `file` part's bytes (at most 5 MB); other fields are skipped. */
async function uploadedFile(c: Context<AppEnv>): Promise<Uint8Array> {
  const length = c.req.header('Content-Length');
  if (length && /^\d+$/.test(length) && Number(length) > MAX_FILE_BYTES + FRAMING_BYTES) throw fileTooLarge();
  const form = multipartForm(c, 10);
  if ('refused' in form) throw badUpload('MULTIPART_REQUIRED', 'Send multipart/form-data with a file field');
  let file: Uint8Array | undefined;
  try {
    for await (const part of form.parts) {
      if (part.name !== 'file') {
        await part.skip();
        continue;
      }
      if (file) throw badUpload('FILE_DUPLICATE', 'Send exactly one file');
      file = await part.bytes(MAX_FILE_BYTES);
    }
  } catch (e) {
    if (e instanceof PartTooLargeError) throw fileTooLarge();
    if (e instanceof MultipartError) {
      // The parser's reason is English and about framing: kept in the log, not shown to the administrator.
      c.var.deps.log.warn('import upload unreadable', { reason: e.message });
      throw badUpload('MULTIPART_INVALID', 'Malformed multipart/form-data body');
    }
    throw e;
  }
  if (!file) throw badUpload('FILE_REQUIRED', 'The file field is required');
  return file;
}

type Importer = (deps: Deps, caller: Principal, file: Uint8Array) => Promise<ImportResult>;

/**
 * The route's callers (MANAGERS) are checked before the body is read, so a teacher's upload is refused
 * without parsing it. The importer decides the rest: no row imported is a failure (10012), a success is audited.
 */
async function runImport(c: Context<AppEnv>, importer: Importer) {
  await limit(c.env, 'import', { key: String(c.var.principal.accountId) });
  const result = await importer(c.var.deps, c.var.principal, await uploadedFile(c));
  return c.json(ok(importSummary(result)), 200);
}

export const importUsersHandler: RouteHandler<typeof routes.importUsers, AppEnv> = (c) =>
  runImport(c, (deps, caller, file) => importUsers(deps, caller, file, USER_SHEET));
export const importLessonTasksHandler: RouteHandler<typeof routes.importLessonTasks, AppEnv> = (c) =>
  runImport(c, (deps, caller, file) => importLessonTasks(deps, caller, file, TASK_HEADERS));
export const importDepartmentsHandler: RouteHandler<typeof routes.importDepartments, AppEnv> = (c) =>
  runImport(c, (deps, caller, file) => importDepartments(deps, caller, file, DEPARTMENT_HEADERS));

export const templateHandler: RouteHandler<typeof routes.template, AppEnv> = async (c) => {
  const { fileName, bytes } = importTemplate(c.req.valid('param').kind);
  c.header('Content-Type', XLSX_CONTENT_TYPE);
  c.header(
    'Content-Disposition',
    `attachment; filename="${c.req.valid('param').kind}-template.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  );
  c.header('Cache-Control', 'no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
};
