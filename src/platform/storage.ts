/**
 * Writes a stream of unknown length into R2 with bounded memory. R2 needs a known length for a
 * single put, so bytes are gathered into one reusable part-sized buffer: a stream that ends
 * within the first part becomes one put, a longer one an R2 multipart upload of equal parts.
 */
export class SizeLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(`stream exceeds ${limit} bytes`);
  }
}

/** R2 itself failed (as opposed to the incoming stream or the size limit). */
export class StorageFailure extends Error {}

async function r2<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw new StorageFailure(e instanceof Error ? e.message : String(e));
  }
}

export async function putStream(
  bucket: R2Bucket,
  key: string,
  stream: ReadableStream<Uint8Array>,
  opts: { maxBytes: number; partSizeBytes: number; contentType?: string; onPartStored?: (bytesSoFar: number) => Promise<unknown> },
): Promise<{ size: number }> {
  const reader = stream.getReader();
  const buffer = new Uint8Array(opts.partSizeBytes);
  const httpMetadata = opts.contentType ? { contentType: opts.contentType } : undefined;
  let filled = 0;
  let size = 0;
  let upload: R2MultipartUpload | undefined;
  const parts: R2UploadedPart[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > opts.maxBytes) throw new SizeLimitExceeded(opts.maxBytes);
      let offset = 0;
      while (offset < value.byteLength) {
        const n = Math.min(buffer.byteLength - filled, value.byteLength - offset);
        buffer.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === buffer.byteLength) {
          upload ??= await r2(() => bucket.createMultipartUpload(key, { httpMetadata }));
          const current = upload;
          parts.push(await r2(() => current.uploadPart(parts.length + 1, buffer)));
          filled = 0;
          await opts.onPartStored?.(size - (value.byteLength - offset));
        }
      }
    }
    if (!upload) {
      await r2(() => bucket.put(key, buffer.subarray(0, filled), { httpMetadata }));
      return { size };
    }
    const current = upload;
    if (filled > 0) parts.push(await r2(() => current.uploadPart(parts.length + 1, buffer.subarray(0, filled))));
    await r2(() => current.complete(parts));
    return { size };
  } catch (e) {
    reader.releaseLock();
    await stream.cancel().catch(() => {});
    if (upload) await upload.abort().catch(() => {});
    throw e;
  }
}

/** Deletes objects, ignoring keys that are already gone; returns the failures by key. */
export async function deleteObjects(bucket: R2Bucket, keys: (string | null | undefined)[]): Promise<{ key: string; error: string }[]> {
  const present = keys.filter((k): k is string => !!k);
  if (present.length === 0) return [];
  try {
    await bucket.delete(present);
    return [];
  } catch (e) {
    return present.map((key) => ({ key, error: e instanceof Error ? e.message : String(e) }));
  }
}
