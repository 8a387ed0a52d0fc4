import { peekStream, sniffFileType, SNIFF_BYTES } from '../../platform/file-types';
import { MultipartError, type MultipartPart } from '../../platform/multipart';
import { deleteObjects, putStream, SizeLimitExceeded, StorageFailure } from '../../platform/storage';
import type { Deps } from '../deps';
import { AppError, fieldIssue } from '../errors';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** One image field of a multipart form: which formats (by magic bytes) and how many bytes. */
export interface ImagePolicy {
  field: string;
  formats: readonly ImageFormat[];
  maxBytes: number;
  /** Error codes the API maps to its messages. */
  codes: { missing: string; unsupported: string; tooLarge: string };
}

export interface StoredImage {
  key: string;
  /** The part after the prefix: `<32 hex>.<ext>`. */
  file: string;
  contentType: string;
  size: number;
}

const EXT: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif' };
const CONTENT_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/** Object names this service writes under avatars/ and covers/; anything else is not ours. */
export const IMAGE_FILE = /^[0-9a-f]{32}\.(png|jpg|webp|gif)$/;

export const contentTypeOfFile = (file: string): string =>
  CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

const multipartInvalid = (message: string) => new AppError('validation', 'MULTIPART_INVALID', message);

/**
 * Streams the policy's image part to R2 under `<prefix><random>.<ext>` while the form is parsed.
 * The type comes from the first bytes, never from the file name or the claimed type; other text
 * fields are skipped (as multer does). On any failure nothing stays in R2.
 */
export async function receiveImage(
  deps: Deps,
  parts: AsyncIterable<MultipartPart>,
  policy: ImagePolicy,
  prefix: string,
): Promise<StoredImage> {
  let stored: StoredImage | undefined;
  try {
    for await (const part of parts) {
      if (part.name !== policy.field) {
        await part.skip();
        continue;
      }
      if (stored) throw new AppError('validation', 'FILE_DUPLICATE', `Send exactly one ${policy.field} file`);
      const { head, stream } = await peekStream(part.body, SNIFF_BYTES);
      const sniffed = sniffFileType(head);
      if (sniffed?.kind !== 'image' || !policy.formats.includes(sniffed.format)) {
        await stream.cancel().catch(() => {});
        throw new AppError('unsupported_media', policy.codes.unsupported, `Unsupported image type: send ${policy.formats.join(', ')}`);
      }
      const ext = EXT[sniffed.format];
      const file = `${crypto.randomUUID().replaceAll('-', '')}.${ext}`;
      const key = `${prefix}${file}`;
      const contentType = CONTENT_TYPES[ext]!;
      // A buffer one byte larger than the limit: the image is always a single put, never multipart.
      const { size } = await putStream(deps.files, key, stream, {
        maxBytes: policy.maxBytes,
        partSizeBytes: policy.maxBytes + 1,
        contentType,
      });
      stored = { key, file, contentType, size };
    }
    if (!stored)
      throw new AppError('validation', policy.codes.missing, `The ${policy.field} file is required`, {
        fields: [fieldIssue(policy.field, policy.codes.missing, 'required')],
      });
    return stored;
  } catch (e) {
    if (stored) await discardImage(deps, stored.key);
    if (e instanceof AppError) throw e;
    if (e instanceof SizeLimitExceeded)
      throw new AppError('too_large', policy.codes.tooLarge, `The image exceeds ${policy.maxBytes} bytes`);
    if (e instanceof MultipartError) throw multipartInvalid(`Malformed multipart body: ${e.message}`);
    if (e instanceof StorageFailure) throw new AppError('internal', 'UPLOAD_FAILED', 'Storage is unavailable');
    throw e;
  }
}

/** Removes an object we no longer reference; a failure is logged, not thrown (the write already succeeded). */
export async function discardImage(deps: Deps, key: string | null | undefined): Promise<void> {
  for (const f of await deleteObjects(deps.files, [key]))
    deps.log.error('could not delete a replaced image', { key: f.key, error: f.error });
}
