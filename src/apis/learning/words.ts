import type { AppError, FieldIssue, Params } from '../../domain/errors';
import type { Material } from '../../domain/materials/materials';
import { list, say, text, type Words } from '../../http/words';

/**
 * This API's words (English, FastAPI's style) for every code the domain and the shared HTTP layer
 * raise towards it, built from the code's parameters: the envelope never shows the domain's developer
 * message. FIELD_WORDS word the upload form's field issues (`details.errors[].message`) and SUMMARY
 * what the error's message says of such a field, where it reads otherwise.
 */
const FIELD_WORDS: Words = {
  FILE_DUPLICATE: 'send exactly one file',
  FILE_REQUIRED: 'a file is required',
  MULTIPART_INVALID: (p) => String(p.detail),
  TITLE_LENGTH: (p) => `Title must be 1-${p.max} characters`,
  DESCRIPTION_TOO_LONG: (p) => `Description must be at most ${p.max} characters`,
};

const FORBIDDEN: Record<string, string> = {
  admins: 'Administrator role required',
  sysadmins: 'System administrator role required',
  upload_owner: 'This upload belongs to another user',
  uploader_or_admin: 'Only the uploader or an administrator may do this',
  uploader: 'You can only delete materials you uploaded',
};

const NOT_FOUND: Record<string, string> = {
  material: 'Material not found',
  visible_material: 'Material not found or deleted',
  upload_session: 'Upload session not found',
};

const UPLOAD_FAILED: Record<string, string> = {
  storage_unavailable: 'Upload failed: storage is unavailable',
  removed_while_uploading: 'Upload failed: the upload was removed while it was in progress',
  parts_not_assembled: 'Upload failed: the parts could not be assembled; send the parts again or abort',
  removed_while_completing: 'Upload failed: the upload was removed while it was being completed',
  files_not_removed: 'The files could not be removed; try again',
};

const TOKEN_INVALID: Record<string, string> = {
  malformed_header: 'Malformed Authorization header',
  wrong_type_access: 'Expected an access token',
  wrong_type_refresh: 'Expected a refresh token',
};

const PLURAL: Record<string, string> = { pdf: 'PDFs', video: 'videos', thumbnail: 'thumbnails' };

/** A fixed text chosen by a parameter, or the code's plain text when the parameter names none. */
const pick = (texts: Record<string, string>, key: Params[string] | undefined, otherwise: string) =>
  (key !== undefined && Object.hasOwn(texts, text(key)) ? texts[text(key)] : undefined) ?? otherwise;

/** `error.message` for the codes that reach this API; `details.errors` are worded by FIELD_WORDS. */
export const ERROR_WORDS: Words = {
  // Requests (src/http, src/app.ts): the schema's own messages make up the summary of a REQUEST_INVALID.
  REQUEST_INVALID: (p) =>
    p.form === 'multipart'
      ? 'Request validation failed: send multipart/form-data with a boundary and the fields file and title'
      : p.detail === undefined
        ? 'Malformed request'
        : text(p.detail),
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported Content-Type: this operation takes application/json',
  PAYLOAD_TOO_LARGE: (p) => (p.limitMb === undefined ? 'Request body is too large' : `Request body exceeds the ${p.limitMb} MB limit`),
  METHOD_NOT_ALLOWED: (p) => `Method ${text(p.method)} is not allowed on ${text(p.path)}`,
  NOT_FOUND: (p) => (p.what === 'route' ? `No route for ${text(p.method)} ${text(p.path)}` : pick(NOT_FOUND, p.what, 'Not found')),
  RATE_LIMITED: 'Too many requests; try again later',
  INTERNAL_ERROR: 'Internal server error',
  // The configuration's refusal (src/config.ts Misconfigured): in production the fixed sentence, elsewhere the problem.
  MISCONFIGURED: (p) => text(p.detail),
  DATABASE_ERROR: (p) =>
    p.what === 'health_check' ? 'Database connection failed' : 'The database is temporarily unavailable; try again shortly',
  TOKEN_STORE_UNAVAILABLE: 'Sign-in state cannot be checked or changed right now; try again shortly',
  STORAGE_UNAVAILABLE: 'File storage is temporarily unavailable; try again shortly',
  // Sign-in and tokens (src/http/auth.ts, src/domain/auth, src/domain/accounts).
  UNAUTHORIZED: (p) => (p.missing === 'token' ? 'Not authenticated: send Authorization: Bearer <access token>' : 'Not authenticated'),
  INVALID_CREDENTIALS: 'Incorrect email or password',
  LOGIN_LOCKED: 'Too many failed sign-ins; try again later',
  TOKEN_INVALID: (p) => pick(TOKEN_INVALID, p.reason === 'wrong_type' ? `wrong_type_${text(p.expected)}` : p.reason, 'Token is invalid'),
  TOKEN_EXPIRED: 'Token has expired',
  TOKEN_REVOKED: (p) => (p.reason === 'reused' ? 'Refresh token is no longer valid' : 'Token has been revoked'),
  USER_NOT_FOUND: 'User not found',
  INACTIVE_USER: 'User account is disabled',
  FORBIDDEN: (p) => pick(FORBIDDEN, p.rule, 'Forbidden'),
  ROLE_NOT_ALLOWED: (p) => `Self-registration cannot create a ${text(p.role)} account`,
  EMAIL_ALREADY_EXISTS: 'Email is already registered',
  PHONE_ALREADY_EXISTS: 'Phone number is already registered',
  USERNAME_ALREADY_EXISTS: 'Username is already taken',
  ACCOUNT_CONFLICT: 'The account could not be created because it conflicts with an existing one',
  // Materials and uploads (src/domain/materials), jobs and cleanup.
  INVALID_TYPE: 'Invalid material type: must be video or pdf',
  ALREADY_DELETED: 'Material is already deleted',
  INVALID_STATUS: (p) => (p.rule === 'session_open' ? `Upload session is ${text(p.status)}` : 'Only active materials can be liked'),
  VALIDATION_ERROR: (p) => {
    if (p.rule === 'part_size') return `Part ${p.part} must be exactly ${p.expected} bytes (Content-Length ${p.sent ?? 'missing'})`;
    const missing = list(p.missing);
    return `Parts still missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', ...' : ''}`;
  },
  UNSUPPORTED_FILE_TYPE: (p) =>
    p.what === 'thumbnail'
      ? 'Unsupported thumbnail type: send a png, jpeg or webp image'
      : p.what === 'announced'
        ? `The file is a ${text(p.found)}, not the announced ${text(p.announced)}`
        : 'Unsupported file type: upload an mp4 or webm video or a PDF',
  FILE_TOO_LARGE: (p) => `File too large: the limit for ${PLURAL[text(p.type)] ?? text(p.type)} is ${p.mb} MB`,
  UPLOAD_FAILED: (p) =>
    p.reason === 'part_not_stored'
      ? `Upload failed: part ${p.part} could not be stored; send it again`
      : pick(UPLOAD_FAILED, p.reason, 'Upload failed'),
  JOB_NOT_FOUND: (p) => `Job not found: ${JSON.stringify(text(p.job))}`,
  CLEANUP_FAILED: 'Cleanup failed; nothing further was removed',
};

const SUMMARY: Words = {
  TITLE_LENGTH: (p) => `must be 1-${p.max} characters`,
  DESCRIPTION_TOO_LONG: (p) => `at most ${p.max} characters`,
};

/** An issue as `details.errors` carries it: `{ field, message }`, a domain field named where it was sent (the body). */
export function fieldView(f: FieldIssue): { field: string; message: string } {
  if (f.code === undefined) return { field: f.field, message: f.message };
  return { field: `body.${f.field}`, message: say(FIELD_WORDS, f.code, f.params) ?? 'Invalid value' };
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
