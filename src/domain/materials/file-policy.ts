import type { UploadLimits } from '../../config';
import type { SniffedType } from '../../platform/file-types';
import { AppError, fieldIssue } from '../errors';
import type { Material } from './materials';

export const THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;
export const TITLE_MAX = 255;
export const DESCRIPTION_MAX = 5000;

export type MaterialFile = { type: Material['type']; format: Material['fileFormat']; contentType: string };

/** Only mp4/webm videos and PDFs, decided from the content's first bytes. */
export function materialFileFrom(sniffed: SniffedType | null): MaterialFile {
  if (sniffed && (sniffed.kind === 'video' || sniffed.kind === 'pdf')) {
    return { type: sniffed.kind, format: sniffed.format, contentType: sniffed.contentType };
  }
  throw new AppError('unsupported_media', 'UNSUPPORTED_FILE_TYPE', 'Unsupported file type: upload an mp4 or webm video or a PDF', {
    params: { what: 'material' },
  });
}

export function maxBytesFor(limits: UploadLimits, type: Material['type']): number {
  return type === 'video' ? limits.maxVideoBytes : limits.maxPdfBytes;
}

export function tooLarge(type: Material['type'] | 'thumbnail', limit: number): AppError {
  const mb = Math.round((limit / (1024 * 1024)) * 10) / 10;
  return new AppError('too_large', 'FILE_TOO_LARGE', `File too large: the limit for ${type === 'pdf' ? 'PDFs' : `${type}s`} is ${mb} MB`, {
    params: { type, mb },
  });
}

/** Thumbnails a frontend sends with an upload: png, jpeg or webp. */
export function thumbnailFrom(sniffed: SniffedType | null): { ext: string; contentType: string } {
  if (sniffed?.kind === 'image' && sniffed.format !== 'gif') {
    return { ext: sniffed.format === 'jpeg' ? 'jpg' : sniffed.format, contentType: sniffed.contentType };
  }
  throw new AppError('unsupported_media', 'UNSUPPORTED_FILE_TYPE', 'Unsupported thumbnail type: send a png, jpeg or webp image', {
    params: { what: 'thumbnail' },
  });
}

export function validTitle(title: string | undefined): string {
  const t = title?.trim() ?? '';
  if (t.length < 1 || t.length > TITLE_MAX) {
    throw new AppError('validation', 'UPLOAD_FORM_INVALID', `title: must be 1-${TITLE_MAX} characters`, {
      fields: [fieldIssue('title', 'TITLE_LENGTH', `must be 1-${TITLE_MAX} characters`, { max: TITLE_MAX })],
    });
  }
  return t;
}

export function validDescription(description: string | undefined): string | null {
  if (description === undefined) return null;
  if (description.length > DESCRIPTION_MAX) {
    throw new AppError('validation', 'UPLOAD_FORM_INVALID', `description: at most ${DESCRIPTION_MAX} characters`, {
      fields: [fieldIssue('description', 'DESCRIPTION_TOO_LONG', `at most ${DESCRIPTION_MAX} characters`, { max: DESCRIPTION_MAX })],
    });
  }
  return description;
}
