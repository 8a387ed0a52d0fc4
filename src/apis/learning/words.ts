import type { AppError, FieldIssue } from '../../domain/errors';
import type { Material } from '../../domain/materials/materials';
import { say, type Words } from '../../http/words';

/**
 * This API's words for the field issues the domain raises about an upload (src/domain/materials):
 * what `details.errors[].message` says, and (SUMMARY, where it reads otherwise) what the error's
 * message says of the field. Other errors still show the domain's English message, which is this
 * API's language; giving each of them a code of its own is the way to move them here.
 */
const FIELD_WORDS: Words = {
  FILE_DUPLICATE: 'send exactly one file',
  FILE_REQUIRED: 'a file is required',
  MULTIPART_INVALID: (p) => String(p.detail),
  TITLE_LENGTH: (p) => `Title must be 1-${p.max} characters`,
  DESCRIPTION_TOO_LONG: (p) => `Description must be at most ${p.max} characters`,
};

const SUMMARY: Words = {
  TITLE_LENGTH: (p) => `must be 1-${p.max} characters`,
  DESCRIPTION_TOO_LONG: (p) => `at most ${p.max} characters`,
};

/** An issue as `details.errors` carries it: `{ field, message }`, a domain field named where it was sent (the body). */
export function fieldView(f: FieldIssue): { field: string; message: string } {
  if (f.code === undefined) return { field: f.field, message: f.message };
  return { field: `body.${f.field}`, message: say(FIELD_WORDS, f.code, f.params) ?? f.message };
}

/**
 * The message of a domain error this API answers as a schema failure (FastAPI's 422): a wrong upload
 * form, a part number outside the session. Undefined for any other error.
 */
export function formErrorMessage(error: AppError): string | undefined {
  if (error.code === 'PART_NUMBER_INVALID') return `Request validation failed: part_number must be 1-${error.params.max}`;
  if (error.code !== 'UPLOAD_FORM_INVALID') return undefined;
  const fields = (error.details.fields ?? []).map((f) => `${f.field}: ${say(SUMMARY, f.code, f.params) ?? fieldView(f).message}`);
  return `Request validation failed: ${fields.join('; ')}`;
}

/** GET /api/v1/upload/status/{id}: `message` for each status. */
export const UPLOAD_STATUS_TEXT: Record<Material['status'], string> = {
  processing: 'Upload in progress',
  active: 'Upload complete and ready',
  hidden: 'Material is hidden or deleted',
};
