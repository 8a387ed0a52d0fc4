/** Content sniffing from magic bytes: file names and claimed types are chosen by the uploader, the bytes are not. */
export type SniffedType =
  | { kind: 'video'; format: 'mp4' | 'webm'; contentType: 'video/mp4' | 'video/webm' }
  | { kind: 'pdf'; format: 'pdf'; contentType: 'application/pdf' }
  | { kind: 'image'; format: 'png' | 'jpeg' | 'webp' | 'gif'; contentType: string };

/** How many leading bytes sniffFileType needs; a shorter head is fine when the file is shorter. */
export const SNIFF_BYTES = 64;

// ISO-BMFF brands of still images (HEIF, AVIF): they share mp4's `ftyp` box but are not videos.
const IMAGE_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'mif1', 'msf1']);

export function sniffFileType(head: Uint8Array): SniffedType | null {
  if (ascii(head, 4, 8) === 'ftyp') {
    return IMAGE_BRANDS.has(ascii(head, 8, 12)) ? null : { kind: 'video', format: 'mp4', contentType: 'video/mp4' };
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    return ebmlDocType(head) === 'webm' ? { kind: 'video', format: 'webm', contentType: 'video/webm' } : null;
  }
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'pdf', format: 'pdf', contentType: 'application/pdf' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return image('jpeg');
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return image('webp');
  const gif = ascii(head, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return image('gif');
  return null;
}

/**
 * Reads until at least `bytes` bytes (or the end) have arrived. `head` is the first `bytes` of them
 * (fewer if the stream is shorter); `stream` yields the whole content from the start: the chunks
 * already read, then the rest of the source as it is pulled. Cancelling it cancels the source.
 */
export async function peekStream(
  stream: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const prefix: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  try {
    while (total < bytes) {
      const r = await reader.read();
      if (r.done) {
        ended = true;
        break;
      }
      prefix.push(r.value);
      total += r.value.byteLength;
    }
  } catch (e) {
    reader.releaseLock();
    throw e;
  }
  const head = new Uint8Array(Math.min(bytes, total));
  let filled = 0;
  for (const chunk of prefix) {
    if (filled === head.length) break;
    const n = Math.min(chunk.byteLength, head.length - filled);
    head.set(chunk.subarray(0, n), filled);
    filled += n;
  }
  const replay = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = prefix.shift();
        if (next) return controller.enqueue(next);
        const r = ended ? null : await reader.read();
        if (!r || r.done) controller.close();
        else controller.enqueue(r.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // Pull only on demand, so the source is never read ahead of the consumer.
    { highWaterMark: 0 },
  );
  return { head, stream: replay };
}

function image(format: 'png' | 'jpeg' | 'webp' | 'gif'): SniffedType {
  return { kind: 'image', format, contentType: `image/${format}` };
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/** Latin-1 text of head[start, end), or '' when the head is too short to hold it. */
function ascii(head: Uint8Array, start: number, end: number): string {
  return head.length < end ? '' : String.fromCharCode(...head.subarray(start, end));
}

/**
 * DocType of the EBML header ('webm', 'matroska', ...), or null if it isn't within `head`.
 * Walks the header's elements rather than searching for the text, so payload bytes can't fake it.
 */
function ebmlDocType(head: Uint8Array): string | null {
  const size = vint(head, 4, false);
  if (!size) return null;
  const end = Math.min(head.length, size.next + size.value);
  for (let pos = size.next; pos < end; ) {
    const id = vint(head, pos, true);
    const len = id && vint(head, id.next, false);
    if (!id || !len) return null;
    const dataEnd = len.next + len.value;
    if (id.value === 0x4282) return dataEnd > head.length ? null : ascii(head, len.next, dataEnd).replace(/\0+$/, '');
    pos = dataEnd;
  }
  return null;
}

/** An EBML variable-length integer: the count of leading zero bits in its first byte gives its length. */
function vint(head: Uint8Array, pos: number, keepMarker: boolean): { value: number; next: number } | null {
  const first = head[pos];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (pos + length > head.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + head[pos + i]!;
  return { value, next: pos + length };
}
