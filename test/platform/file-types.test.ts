import { describe, expect, it } from 'vitest';
import { peekStream, SNIFF_BYTES, sniffFileType } from '../../src/platform/file-types';
import { bytes } from '../helpers/bytes';

const filler = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);

/** An EBML header as written by real muxers: EBMLVersion, ReadVersion, MaxIDLength, MaxSizeLength, DocType, DocTypeVersion, DocTypeReadVersion. */
function ebml(docType: string, docTypeSize = [0x80 | docType.length]): Uint8Array {
  const elements = bytes(
    [0x42, 0x86, 0x81, 0x01],
    [0x42, 0xf7, 0x81, 0x01],
    [0x42, 0xf2, 0x81, 0x04],
    [0x42, 0xf3, 0x81, 0x08],
    [0x42, 0x82, ...docTypeSize],
    docType,
    [0x42, 0x87, 0x81, 0x04],
    [0x42, 0x85, 0x81, 0x02],
  );
  return bytes(
    [0x1a, 0x45, 0xdf, 0xa3, 0x80 | elements.length],
    elements,
    [0x18, 0x53, 0x80, 0x67, 0x01, 0, 0, 0, 0, 0x0a, 0x5e, 0x2c],
    filler(40),
  );
}

const MP4 = bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41', [0, 0, 0, 8], 'free', filler(40));
const WEBM = ebml('webm');
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', filler(60));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', filler(60));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF\0', filler(60));
const WEBP = bytes('RIFF', [0x24, 0x10, 0, 0], 'WEBPVP8 ', filler(60));
const GIF87 = bytes('GIF87a', filler(60));
const GIF89 = bytes('GIF89a', filler(60));

describe('sniffFileType', () => {
  it.each([
    ['mp4 (isom)', MP4, { kind: 'video', format: 'mp4', contentType: 'video/mp4' }],
    ['mp4 (QuickTime brand)', bytes([0, 0, 0, 0x14], 'ftypqt  ', filler(40)), { kind: 'video', format: 'mp4', contentType: 'video/mp4' }],
    ['webm', WEBM, { kind: 'video', format: 'webm', contentType: 'video/webm' }],
    ['webm with a NUL-padded DocType', ebml('webm\0\0'), { kind: 'video', format: 'webm', contentType: 'video/webm' }],
    ['webm with a 2-byte DocType size', ebml('webm', [0x40, 0x04]), { kind: 'video', format: 'webm', contentType: 'video/webm' }],
    ['pdf', PDF, { kind: 'pdf', format: 'pdf', contentType: 'application/pdf' }],
    ['png', PNG, { kind: 'image', format: 'png', contentType: 'image/png' }],
    ['jpeg', JPEG, { kind: 'image', format: 'jpeg', contentType: 'image/jpeg' }],
    ['webp', WEBP, { kind: 'image', format: 'webp', contentType: 'image/webp' }],
    ['gif87a', GIF87, { kind: 'image', format: 'gif', contentType: 'image/gif' }],
    ['gif89a', GIF89, { kind: 'image', format: 'gif', contentType: 'image/gif' }],
  ])('recognises %s', (_, head, want) => {
    expect(sniffFileType(head)).toEqual(want);
  });

  it('reads only the first SNIFF_BYTES it is given, and longer heads work too', () => {
    expect(SNIFF_BYTES).toBe(64);
    expect(sniffFileType(WEBM.subarray(0, SNIFF_BYTES))?.format).toBe('webm');
    expect(sniffFileType(bytes(PNG, filler(10_000)))?.format).toBe('png');
  });

  it.each([
    ['matroska', ebml('matroska')],
    ['an EBML header whose DocType is cut off', WEBM.subarray(0, 26)],
    ['an EBML header cut before its DocType', WEBM.subarray(0, 12)],
    ['EBML magic alone', WEBM.subarray(0, 4)],
    ['"webm" outside the EBML header', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x86, 0x81, 0x01], [0x42, 0x82, 0x84], 'webm')],
    ['AVIF (an ISO-BMFF image)', bytes([0, 0, 0, 0x1c], 'ftypavif', filler(40))],
    ['HEIC (an ISO-BMFF image)', bytes([0, 0, 0, 0x18], 'ftypheic', filler(40))],
    ['mp4 cut before its ftyp', MP4.subarray(0, 7)],
    ['pdf cut short', PDF.subarray(0, 4)],
    ['png cut short', PNG.subarray(0, 7)],
    ['png with a wrong byte', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b])],
    ['jpeg cut short', JPEG.subarray(0, 2)],
    ['webp cut short', WEBP.subarray(0, 11)],
    ['RIFF that is not WEBP (WAVE)', bytes('RIFF', [0x24, 0x10, 0, 0], 'WAVEfmt ', filler(30))],
    ['GIF88a', bytes('GIF88a', filler(10))],
    ['gif cut short', GIF89.subarray(0, 5)],
    ['an empty head', new Uint8Array(0)],
    ['plain text', bytes('hello, this is not a known file type at all........')],
    ['magic not at the start', bytes(' %PDF-1.7')],
    ['zeros', new Uint8Array(64)],
  ])('refuses %s', (_, head) => {
    expect(sniffFileType(head)).toBeNull();
  });

  it('sniffs every supported type from every head length without throwing', () => {
    for (const file of [MP4, WEBM, PDF, PNG, JPEG, WEBP, GIF87]) {
      const full = sniffFileType(file);
      for (let n = 0; n <= SNIFF_BYTES; n++) {
        const got = sniffFileType(file.subarray(0, n));
        expect(got === null || got.format === full?.format).toBe(true);
      }
    }
  });
});

interface Stats {
  pulled: number;
  cancelled: unknown;
}

function chunkedSource(data: Uint8Array, sizes: number[]): { stream: ReadableStream<Uint8Array>; stats: Stats } {
  const stats: Stats = { pulled: 0, cancelled: undefined };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulled >= data.length) return controller.close();
        const size = sizes[i++ % sizes.length]!;
        controller.enqueue(data.slice(stats.pulled, stats.pulled + size));
        stats.pulled = Math.min(data.length, stats.pulled + size);
      },
      cancel(reason) {
        stats.cancelled = reason ?? 'cancelled';
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('peekStream', () => {
  const CHUNKINGS = [[1], [3], [7], [13, 1, 50], [63], [64], [65], [1000], [3, 61, 1, 2, 97]];

  it.each([0, 3, 64, 65, 10_000])('yields the exact original %i bytes after peeking, in odd chunk sizes', async (length) => {
    const data = filler(length);
    for (const sizes of CHUNKINGS) {
      const { stream, stats } = chunkedSource(data, sizes);
      const peeked = await peekStream(stream, SNIFF_BYTES);
      expect(peeked.head, `${sizes}`).toEqual(data.subarray(0, Math.min(SNIFF_BYTES, length)));
      // It stops at the first chunk that completes the head.
      let needed = 0;
      for (let i = 0; needed < Math.min(SNIFF_BYTES, length); i++) needed += sizes[i % sizes.length]!;
      expect(stats.pulled, `${sizes}`).toBe(Math.min(needed, length));
      expect(await readAll(peeked.stream), `${sizes}`).toEqual(data);
    }
  });

  it('reads nothing more until the returned stream is read, and reads it one chunk at a time', async () => {
    const data = filler(10_000);
    const { stream, stats } = chunkedSource(data, [100]);
    const peeked = await peekStream(stream, SNIFF_BYTES);
    expect(stats.pulled).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stats.pulled).toBe(100);
    const reader = peeked.stream.getReader();
    expect((await reader.read()).value).toEqual(data.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stats.pulled).toBe(100);
    expect((await reader.read()).value).toEqual(data.subarray(100, 200));
    expect(stats.pulled).toBe(200);
  });

  it('cancels the source when the returned stream is cancelled', async () => {
    const { stream, stats } = chunkedSource(filler(1000), [10]);
    const peeked = await peekStream(stream, SNIFF_BYTES);
    await peeked.stream.cancel('not wanted');
    expect(stats.cancelled).toBe('not wanted');
  });

  it('gives a head that sniffs like the file', async () => {
    const file = bytes(WEBM, filler(5000));
    const peeked = await peekStream(chunkedSource(file, [5, 9]).stream, SNIFF_BYTES);
    expect(sniffFileType(peeked.head)?.format).toBe('webm');
    expect(await readAll(peeked.stream)).toEqual(file);
  });

  it('passes on an error of the source', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    await expect(peekStream(failing, SNIFF_BYTES)).rejects.toThrow('connection reset');
  });
});
