import { concatBytes } from './bytes';
/**
 * Streaming multipart/form-data reader: uploads of hundreds of MB must reach R2 while the body is
 * parsed, and a Worker has 128 MB, so no part is ever buffered whole (never request.formData()).
 */
import { discardRest } from './request-body';

export class MultipartError extends Error {
  override name = 'MultipartError';
}

export class PartTooLargeError extends MultipartError {
  override name = 'PartTooLargeError';
  constructor(readonly limit: number) {
    super(`Multipart part exceeds ${limit} bytes`);
  }
}

export interface MultipartPartInfo {
  name: string;
  filename: string | null;
  contentType: string | null;
  /** Lower-cased header names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
}

export interface MultipartPart extends MultipartPartInfo {
  /** The part's bytes as they arrive; must be consumed (or part.skip()) before asking for the next part. */
  body: ReadableStream<Uint8Array>;
  /** Reads the whole part as text, refusing more than maxBytes (throws MultipartError). For small fields. */
  text(maxBytes: number): Promise<string>;
  /** Reads the whole part into memory, refusing more than maxBytes (throws PartTooLargeError with the limit). */
  bytes(maxBytes: number): Promise<Uint8Array>;
  /** Discards the rest of the part. */
  skip(): Promise<void>;
}

const CR = 13,
  LF = 10,
  HYPHEN = 45,
  SP = 32,
  HT = 9;
const MAX_PADDING = 256;
// RFC 2046 bchars; excluding CR/LF also keeps the delimiter search linear (CR occurs only at its start).
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

export function boundaryFrom(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const { type, params } = parseParams(contentType);
  const boundary = params.get('boundary');
  return type === 'multipart/form-data' && boundary !== undefined && BOUNDARY.test(boundary) ? boundary : null;
}

export async function* readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  limits: { maxParts?: number; maxHeaderBytes?: number } = {},
): AsyncGenerator<MultipartPart> {
  if (!BOUNDARY.test(boundary)) throw new MultipartError('Invalid multipart boundary');
  const maxParts = limits.maxParts ?? 20;
  const maxHeaderBytes = limits.maxHeaderBytes ?? 16 * 1024;
  const reader = body.getReader();
  const source = new Source(reader, new TextEncoder().encode(`\r\n--${boundary}`));
  try {
    for (let count = 0; ; count++) {
      const info = await source.nextPart(maxHeaderBytes);
      if (!info) return;
      if (count >= maxParts) throw new MultipartError(`More than ${maxParts} multipart parts`);
      yield makePart(source, source.part, info);
    }
  } finally {
    // Done, failed or abandoned: nothing more is used (the epilogue, or the rest of a refused upload).
    await discardRest(reader);
  }
}

class Source {
  /** Index of the part whose body is being read; 0 is the preamble. */
  part = 0;
  private open = true;
  // A virtual CRLF lets a delimiter at the very start of the body match like any other.
  private buf: Uint8Array = new Uint8Array([CR, LF]);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly delim: Uint8Array,
  ) {}

  /** The next slice of `part`'s body, or null once it is over. Serialised so a drain and a pending pull never interleave. */
  bodyChunk(part: number): Promise<Uint8Array | null> {
    const step = this.queue.then(() => this.step(part));
    this.queue = step.catch(() => {});
    return step;
  }

  async drain(part: number): Promise<void> {
    while ((await this.bodyChunk(part)) !== null);
  }

  async nextPart(maxHeaderBytes: number): Promise<MultipartPartInfo | null> {
    await this.drain(this.part);
    await this.need(2);
    if (this.buf[0] === HYPHEN && this.buf[1] === HYPHEN) return null;
    let i = 0;
    for (; ; i++) {
      if (i > MAX_PADDING) throw new MultipartError('Malformed multipart delimiter');
      await this.need(i + 2);
      if (this.buf[i] !== SP && this.buf[i] !== HT) break;
    }
    if (this.buf[i] !== CR || this.buf[i + 1] !== LF) throw new MultipartError('Malformed multipart delimiter');
    this.buf = this.buf.subarray(i);
    const info = parseHeaders(await this.headerBlock(maxHeaderBytes));
    this.part++;
    this.open = true;
    return info;
  }

  private async step(part: number): Promise<Uint8Array | null> {
    if (part !== this.part || !this.open) return null;
    for (;;) {
      const { at, complete } = findDelimiter(this.buf, this.delim);
      const out = this.buf.subarray(0, at);
      // What we keep is copied whenever a view of the same chunk is handed out, so a consumer that transfers
      // (detaches) a chunk can't corrupt the rest; the copy is at most a delimiter's length, or one chunk per part.
      if (complete) {
        const rest = this.buf.subarray(at + this.delim.length);
        this.buf = out.length > 0 ? rest.slice() : rest;
        this.open = false;
        return out.length > 0 ? out : null;
      }
      if (at > 0) {
        this.buf = this.buf.slice(at);
        return out;
      }
      // All that is carried into the next chunk is a tail shorter than the delimiter.
      const chunk = await this.read();
      this.buf = this.buf.length === 0 ? chunk : concatBytes([this.buf, chunk]);
    }
  }

  /** Expects this.buf to start with the delimiter line's CRLF, so an empty header block is CRLFCRLF at 0. */
  private async headerBlock(limit: number): Promise<Uint8Array> {
    let acc: Uint8Array = this.buf,
      len = acc.length,
      owned = false,
      from = 0;
    for (;;) {
      const end = indexOfBlankLine(acc.subarray(0, len), from);
      if (end !== -1) {
        if (end - 2 > limit) break;
        this.buf = acc.subarray(end + 4, len);
        return acc.subarray(2, end); // empty when end is 0
      }
      if (len - 5 > limit) break;
      from = Math.max(0, len - 3);
      const chunk = await this.read();
      if (!owned || len + chunk.length > acc.length) {
        // Grow geometrically (capped near the limit) so a header trickling in byte by byte isn't quadratic.
        const need = len + chunk.length;
        const grown = new Uint8Array(Math.max(need, Math.min(2 * need, limit + 8)));
        grown.set(acc.subarray(0, len));
        acc = grown;
        owned = true;
      }
      acc.set(chunk, len);
      len += chunk.length;
    }
    throw new MultipartError(`Multipart part header exceeds ${limit} bytes`);
  }

  private async need(n: number): Promise<void> {
    while (this.buf.length < n) this.buf = concatBytes([this.buf, await this.read()]);
  }

  private async read(): Promise<Uint8Array> {
    for (;;) {
      const { done, value } = await this.reader.read();
      if (done) throw new MultipartError('Unexpected end of multipart body');
      if (value.length > 0) return value;
    }
  }
}

function makePart(source: Source, index: number, info: MultipartPartInfo): MultipartPart {
  // highWaterMark 0: the source is read only when the consumer asks, which is what bounds memory.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await source.bodyChunk(index);
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const bytes = async (maxBytes: number): Promise<Uint8Array> => {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        total += r.value.length;
        if (total > maxBytes) throw new PartTooLargeError(maxBytes);
        chunks.push(r.value);
      }
    } finally {
      reader.releaseLock();
    }
    return concatBytes(chunks);
  };
  return {
    ...info,
    body,
    bytes,
    text: async (maxBytes) => new TextDecoder().decode(await bytes(maxBytes)),
    skip: () => source.drain(index),
  };
}

/** First complete delimiter, else the earliest position where one may begin and run past the end. */
function findDelimiter(buf: Uint8Array, delim: Uint8Array): { at: number; complete: boolean } {
  for (let i = buf.indexOf(CR); i !== -1; i = buf.indexOf(CR, i + 1)) {
    const n = Math.min(delim.length, buf.length - i);
    let j = 1;
    while (j < n && buf[i + j] === delim[j]) j++;
    if (j === n) return { at: i, complete: n === delim.length };
  }
  return { at: buf.length, complete: false };
}

function indexOfBlankLine(buf: Uint8Array, from: number): number {
  for (let i = buf.indexOf(CR, from); i !== -1; i = buf.indexOf(CR, i + 1)) {
    if (buf[i + 1] === LF && buf[i + 2] === CR && buf[i + 3] === LF) return i;
  }
  return -1;
}

function parseHeaders(block: Uint8Array): MultipartPartInfo {
  const headers: Record<string, string> = Object.create(null);
  let last: string | null = null;
  for (const line of new TextDecoder().decode(block).split('\r\n')) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last !== null) {
      headers[last] += ` ${line.trim()}`; // obsolete line folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('Malformed multipart part header');
    last = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[last] = last in headers ? `${headers[last]}, ${value}` : value;
  }
  const disposition = parseParams(headers['content-disposition'] ?? '');
  const name = disposition.params.get('name');
  if (disposition.type !== 'form-data' || name === undefined) {
    throw new MultipartError('Multipart part lacks a form-data Content-Disposition with a name');
  }
  const extended = disposition.params.get('filename*');
  const filename = (extended !== undefined ? decodeExtValue(extended) : null) ?? disposition.params.get('filename') ?? null;
  return { name, filename, contentType: headers['content-type'] || null, headers };
}

/** `type; key=value; key="quoted \"value\""` → lower-cased type and keys; the first occurrence of a key wins. */
function parseParams(value: string): { type: string; params: Map<string, string> } {
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params = new Map<string, string>();
  if (semi === -1) return { type, params };
  for (const m of value.slice(semi).matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\[\s\S])*)"|([^;]*))/g)) {
    const key = m[1]!.toLowerCase();
    const v = m[2] !== undefined ? m[2].replace(/\\([\s\S])/g, '$1') : (m[3] ?? '').trim();
    if (!params.has(key)) params.set(key, v);
  }
  return { type, params };
}

/** RFC 5987 ext-value (`UTF-8''%E2%82%AC.mp4`); null when it can't be decoded, so `filename` is used instead. */
function decodeExtValue(value: string): string | null {
  const m = /^(utf-8|iso-8859-1)'[^']*'((?:%[0-9a-f]{2}|[^%])*)$/i.exec(value);
  if (!m) return null;
  if (m[1]!.toLowerCase() === 'iso-8859-1')
    return m[2]!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return null; // percent-encoded bytes that aren't UTF-8
  }
}
