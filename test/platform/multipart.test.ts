import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/platform/bytes';
import { boundaryFrom, MultipartError, PartTooLargeError, readMultipart, type MultipartPart } from '../../src/platform/multipart';

const enc = new TextEncoder();
const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

function bytes(...pieces: (string | Uint8Array)[]): Uint8Array {
  return concatBytes(pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p)));
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SourceStats {
  pulled: number;
  pulls: number;
  cancelled: boolean;
}

/** A pull-based source that hands out copies of `data` cut at `cuts` (sorted offsets), counting what was read. */
function sourceFrom(data: Uint8Array, cuts: number[]): { stream: ReadableStream<Uint8Array>; stats: SourceStats } {
  const stats: SourceStats = { pulled: 0, pulls: 0, cancelled: false };
  const ends = [...new Set([...cuts.filter((c) => c > 0 && c < data.length), data.length])].sort((a, b) => a - b);
  let i = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        stats.pulls++;
        const end = ends[i++];
        if (end === undefined || stats.pulled >= data.length) return controller.close();
        controller.enqueue(data.slice(stats.pulled, end));
        stats.pulled = end;
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

function cutsEvery(length: number, size: (i: number) => number): number[] {
  const cuts: number[] = [];
  for (let at = 0, i = 0; at < length; i++) cuts.push((at += Math.max(1, size(i))));
  return cuts;
}

/** Cuts at every offset inside each `\r\n--boundary` (and the leading `--boundary`), `k` bytes into it. */
function cutsInsideDelimiters(data: Uint8Array, boundary: string, k: number): number[] {
  const text = new TextDecoder('latin1').decode(data);
  const cuts: number[] = [];
  if (text.startsWith(`--${boundary}`)) cuts.push(k - 2);
  for (let i = text.indexOf(`\r\n--${boundary}`); i !== -1; i = text.indexOf(`\r\n--${boundary}`, i + 1)) cuts.push(i + k);
  return cuts;
}

const CHUNKINGS: [string, (length: number) => number[]][] = [
  ['one chunk', () => []],
  ['1 byte at a time', (n) => cutsEvery(n, () => 1)],
  ['2 bytes', (n) => cutsEvery(n, () => 2)],
  ['3 bytes', (n) => cutsEvery(n, () => 3)],
  ['7 bytes', (n) => cutsEvery(n, () => 7)],
  ['64 bytes', (n) => cutsEvery(n, () => 64)],
  ...Array.from({ length: 12 }, (_, seed): [string, (n: number) => number[]] => {
    return [
      `seeded random sizes #${seed}`,
      (n) =>
        cutsEvery(
          n,
          (
            (r) => () =>
              1 + Math.floor(r() * (seed < 6 ? 16 : 300))
          )(mulberry32(seed)),
        ),
    ];
  }),
];

interface Collected {
  name: string;
  filename: string | null;
  contentType: string | null;
  headers: Record<string, string>;
  data: Uint8Array;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return bytes(...chunks);
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  boundary = BOUNDARY,
  limits?: Parameters<typeof readMultipart>[2],
): Promise<Collected[]> {
  const out: Collected[] = [];
  for await (const part of readMultipart(stream, boundary, limits)) {
    const { name, filename, contentType, headers } = part;
    out.push({ name, filename, contentType, headers: { ...headers }, data: await readAll(part.body) });
  }
  return out;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error(`expected a rejection, got ${String(e)}`);
  return e;
}

function form(
  parts: { headers: string[]; data: string | Uint8Array }[],
  opts: { boundary?: string; preamble?: string; epilogue?: string } = {},
): Uint8Array {
  const b = opts.boundary ?? BOUNDARY;
  const pieces: (string | Uint8Array)[] = [opts.preamble === undefined ? '' : `${opts.preamble}\r\n`];
  for (const p of parts) pieces.push(`--${b}\r\n`, p.headers.map((h) => `${h}\r\n`).join(''), '\r\n', p.data, '\r\n');
  pieces.push(`--${b}--`, opts.epilogue === undefined ? '\r\n' : `\r\n${opts.epilogue}`);
  return bytes(...pieces);
}

const ALL_BYTES = bytes(
  Uint8Array.from({ length: 256 }, (_, i) => i),
  Uint8Array.from({ length: 256 }, (_, i) => 255 - i),
);
// Everything that looks like the start of a delimiter without being one, ending in a boundary prefix.
const TRICKY = bytes(
  '\r\n--',
  BOUNDARY.slice(0, -1),
  'X\r\r\n\n--\r\n-',
  `--${BOUNDARY}`, // a boundary not preceded by CRLF is content
  '\r',
  '\r\n',
  '\r\n-',
  '\r\n--',
  `\r\n--${BOUNDARY.slice(0, 10)}`,
);

const SAMPLE_PARTS = [
  { headers: ['Content-Disposition: form-data; name="title"'], data: 'Lecture 1 — intro ✓' },
  { headers: ['content-disposition: form-data; name="file"; filename="clip.mp4"', 'Content-Type: video/mp4'], data: ALL_BYTES },
  { headers: ['Content-Disposition: form-data; name="tricky"; filename="t.bin"', 'Content-Type: application/octet-stream'], data: TRICKY },
  { headers: ['Content-Disposition: form-data; name="ends-with-cr"'], data: 'abc\r' },
  { headers: ['Content-Disposition: form-data; name="empty"; filename=""'], data: '' },
  { headers: ['Content-Disposition: form-data; name="tail"'], data: bytes(TRICKY, ALL_BYTES, TRICKY) },
];
const SAMPLE = form(SAMPLE_PARTS, {
  preamble: `preamble with \r\n--${BOUNDARY.slice(0, 5)} in it`,
  epilogue: `epilogue --${BOUNDARY}\r\n ignored`,
});

function expectSample(parts: Collected[]): void {
  expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
    ['title', null, null],
    ['file', 'clip.mp4', 'video/mp4'],
    ['tricky', 't.bin', 'application/octet-stream'],
    ['ends-with-cr', null, null],
    ['empty', '', null],
    ['tail', null, null],
  ]);
  SAMPLE_PARTS.forEach((spec, i) => {
    const want = typeof spec.data === 'string' ? enc.encode(spec.data) : spec.data;
    expect(parts[i]!.data, `part ${i}`).toEqual(want);
  });
}

describe('readMultipart', () => {
  it.each(CHUNKINGS)('delivers names, filenames, types and byte-exact bodies: %s', async (_, cuts) => {
    expectSample(await collect(sourceFrom(SAMPLE, cuts(SAMPLE.length)).stream));
  });

  it('survives a split at every offset inside every delimiter', async () => {
    for (let k = 0; k <= BOUNDARY.length + 4; k++) {
      expectSample(await collect(sourceFrom(SAMPLE, cutsInsideDelimiters(SAMPLE, BOUNDARY, k)).stream));
    }
    // and with every delimiter arriving byte by byte
    const bytewise = cutsInsideDelimiters(SAMPLE, BOUNDARY, 0).flatMap((at) =>
      Array.from({ length: BOUNDARY.length + 5 }, (_, j) => at + j),
    );
    expectSample(await collect(sourceFrom(SAMPLE, bytewise).stream));
  });

  it('handles a 1-character and a 70-character boundary under many chunkings', async () => {
    for (const boundary of ['x', `${'b'.repeat(35)}'()+_,-./:=? ${'c'.repeat(22)}`]) {
      const data = bytes(ALL_BYTES, '\r\n--', boundary.slice(0, -1), '\r\n-', boundary);
      const body = form(
        [
          { headers: ['Content-Disposition: form-data; name="f"'], data },
          { headers: ['Content-Disposition: form-data; name="g"'], data: '' },
        ],
        { boundary },
      );
      for (const [label, cuts] of CHUNKINGS) {
        const parts = await collect(sourceFrom(body, cuts(body.length)).stream, boundary);
        expect(
          parts.map((p) => p.name),
          label,
        ).toEqual(['f', 'g']);
        expect(parts[0]!.data, label).toEqual(data);
        expect(parts[1]!.data.length, label).toBe(0);
      }
    }
  });

  it('needs no preamble, ignores the epilogue and accepts a body with no parts', async () => {
    const body = form([{ headers: ['Content-Disposition: form-data; name="a"'], data: '1' }]);
    expect(new TextDecoder().decode(body).startsWith(`--${BOUNDARY}\r\n`)).toBe(true);
    expect((await collect(sourceFrom(body, []).stream)).map((p) => p.name)).toEqual(['a']);
    expect(await collect(sourceFrom(enc.encode(`--${BOUNDARY}--`), []).stream)).toEqual([]);
    expect(await collect(sourceFrom(enc.encode(`junk\r\n--${BOUNDARY}--\r\nmore junk`), []).stream)).toEqual([]);
  });

  it('accepts transport padding after a delimiter', async () => {
    const body = enc.encode(`--${BOUNDARY} \t \r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${BOUNDARY}--`);
    const parts = await collect(
      sourceFrom(
        body,
        cutsEvery(body.length, () => 1),
      ).stream,
    );
    expect(parts.map((p) => [p.name, new TextDecoder().decode(p.data)])).toEqual([['a', 'v']]);
  });

  it('parses part headers case-insensitively, with quoted, escaped and RFC 5987 values', async () => {
    const body = form([
      {
        headers: [
          'CONTENT-DISPOSITION: Form-Data; NAME="a \\"quoted\\" name"; FileName="say \\"hi\\"; ok.mp4"',
          'content-TYPE:  video/mp4 ',
        ],
        data: '',
      },
      {
        headers: ['Content-Disposition: form-data; name=plain; filename="fallback.pdf"; filename*=UTF-8\'\'%E2%82%AC%20rates.pdf'],
        data: '',
      },
      { headers: ['Content-Disposition: form-data; name="latin"; filename*=iso-8859-1\'en\'caf%E9.txt'], data: '' },
      { headers: ['Content-Disposition: form-data; name="bad"; filename*=UTF-8\'\'%FF%FE; filename="used.txt"'], data: '' },
      {
        headers: [
          'Content-Disposition: form-data; name="x"; name="ignored"',
          'X-Custom: one',
          'x-custom: two',
          'X-Folded: first',
          '  second',
        ],
        data: '',
      },
    ]);
    const parts = await collect(
      sourceFrom(
        body,
        cutsEvery(body.length, () => 5),
      ).stream,
    );
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['a "quoted" name', 'say "hi"; ok.mp4', 'video/mp4'],
      ['plain', '€ rates.pdf', null],
      ['latin', 'café.txt', null],
      ['bad', 'used.txt', null],
      ['x', null, null],
    ]);
    expect(parts[0]!.headers).toEqual({
      'content-disposition': 'Form-Data; NAME="a \\"quoted\\" name"; FileName="say \\"hi\\"; ok.mp4"',
      'content-type': 'video/mp4',
    });
    expect(parts[4]!.headers['x-custom']).toBe('one, two');
    expect(parts[4]!.headers['x-folded']).toBe('first second');
  });

  it('reads what workerd itself serialises from FormData', async () => {
    const fd = new FormData();
    fd.append('title', 'Hello "world"');
    fd.append('file', new File([ALL_BYTES, TRICKY], 'vid\u00e9o.mp4', { type: 'video/mp4' }));
    const request = new Request('https://example.test/upload', { method: 'POST', body: fd });
    const boundary = boundaryFrom(request.headers.get('content-type'));
    expect(boundary).not.toBeNull();
    const parts = await collect(request.body!, boundary!);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['title', null, null],
      ['file', 'vid\u00e9o.mp4', 'video/mp4'],
    ]);
    expect(new TextDecoder().decode(parts[0]!.data)).toBe('Hello "world"');
    expect(parts[1]!.data).toEqual(bytes(ALL_BYTES, TRICKY));
  });

  it('streams a 20 MB part without reading the source ahead of the consumer', async () => {
    const CHUNK = 64 * 1024;
    const content = new Uint8Array(20 * 1024 * 1024);
    const rand = mulberry32(42);
    const view = new DataView(content.buffer);
    for (let i = 0; i < content.length; i += 4) view.setUint32(i, (rand() * 2 ** 32) >>> 0);
    const near = enc.encode(`\r\n--${BOUNDARY.slice(0, -1)}`);
    for (let i = 1000; i + near.length < content.length; i += 99_991) content.set(near.subarray(0, (i % near.length) + 1), i);
    content.set(near, CHUNK * 3 - 10); // a near-delimiter straddling a chunk edge
    const head = enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`);
    const trailer = enc.encode(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="after"\r\n\r\nok\r\n--${BOUNDARY}--\r\n`);
    const body = bytes(head, content, trailer);
    const { stream, stats } = sourceFrom(
      body,
      cutsEvery(body.length, () => CHUNK),
    );
    const delimiterLength = BOUNDARY.length + 4;

    const parts = readMultipart(stream, BOUNDARY);
    const first = (await parts.next()).value as MultipartPart;
    expect(first.filename).toBe('big.bin');
    expect(stats.pulled).toBe(CHUNK); // only what the headers needed

    const reader = first.body.getReader();
    let delivered = 0,
      reads = 0,
      maxHeld = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      reads++;
      // Give a read-ahead (a stream that pulls before it is asked) the chance to show itself.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const chunk = r.value;
      for (let j = 0; j < chunk.length; j++) if (chunk[j] !== content[delivered + j]) throw new Error(`byte ${delivered + j} differs`);
      delivered += chunk.length;
      const held = stats.pulled - head.length - delivered;
      maxHeld = Math.max(maxHeld, held);
      expect(held).toBeLessThanOrEqual(CHUNK + delimiterLength);
      expect(stats.pulls).toBeLessThanOrEqual(reads + 2);
    }
    expect(delivered).toBe(content.length);
    // Everything but a possible delimiter start is handed over at once; only the final chunk's trailer stays.
    expect(maxHeld).toBeLessThanOrEqual(trailer.length);

    const second = (await parts.next()).value as MultipartPart;
    expect([second.name, await second.text(10)]).toEqual(['after', 'ok']);
    expect((await parts.next()).done).toBe(true);
  });

  it('drains an unread or partly read part when the next one is requested, and part.skip() discards', async () => {
    const big = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 255);
    const body = form([
      { headers: ['Content-Disposition: form-data; name="unread"'], data: big },
      { headers: ['Content-Disposition: form-data; name="partly"'], data: big },
      { headers: ['Content-Disposition: form-data; name="skipped"'], data: big },
      { headers: ['Content-Disposition: form-data; name="last"'], data: 'end' },
    ]);
    const seen: string[] = [];
    const stale: MultipartPart[] = [];
    for await (const part of readMultipart(
      sourceFrom(
        body,
        cutsEvery(body.length, () => 100),
      ).stream,
      BOUNDARY,
    )) {
      seen.push(part.name);
      stale.push(part);
      if (part.name === 'partly') {
        const reader = part.body.getReader();
        expect((await reader.read()).value?.length).toBeGreaterThan(0);
        reader.releaseLock();
      }
      if (part.name === 'skipped') {
        await part.skip();
        await part.skip();
      }
      if (part.name === 'last') expect(await part.text(100)).toBe('end');
    }
    expect(seen).toEqual(['unread', 'partly', 'skipped', 'last']);
    // A body read after its part is over ends instead of leaking the next part's bytes.
    expect((await readAll(stale[0]!.body)).length).toBe(0);
    expect((await readAll(stale[1]!.body)).length).toBe(0);
  });

  it('keeps later parts intact when a consumer transfers (detaches) the chunks it receives', async () => {
    const body = form([
      { headers: ['Content-Disposition: form-data; name="a"'], data: ALL_BYTES },
      { headers: ['Content-Disposition: form-data; name="b"'], data: TRICKY },
    ]);
    const names: string[] = [];
    for await (const part of readMultipart(sourceFrom(body, []).stream, BOUNDARY)) {
      names.push(part.name);
      if (part.name === 'a') {
        const reader = part.body.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) structuredClone(r.value.buffer, { transfer: [r.value.buffer] });
      } else {
        expect(await readAll(part.body)).toEqual(TRICKY);
      }
    }
    expect(names).toEqual(['a', 'b']);
  });

  it('refuses more parts than maxParts (default 20)', async () => {
    const field = (i: number) => ({ headers: [`Content-Disposition: form-data; name="f${i}"`], data: `${i}` });
    const three = form([0, 1, 2].map(field));
    const names: string[] = [];
    const e = await failure(
      (async () => {
        for await (const part of readMultipart(sourceFrom(three, []).stream, BOUNDARY, { maxParts: 2 })) names.push(part.name);
      })(),
    );
    expect(e).toBeInstanceOf(MultipartError);
    expect(names).toEqual(['f0', 'f1']);
    expect(await collect(sourceFrom(three, []).stream, BOUNDARY, { maxParts: 3 })).toHaveLength(3);

    expect(await collect(sourceFrom(form(Array.from({ length: 20 }, (_, i) => field(i))), []).stream)).toHaveLength(20);
    await expect(collect(sourceFrom(form(Array.from({ length: 21 }, (_, i) => field(i))), []).stream)).rejects.toThrow(MultipartError);
  });

  it('refuses a part header block above maxHeaderBytes (default 16 KiB)', async () => {
    const disposition = 'Content-Disposition: form-data; name="a"';
    const withHeaderBlock = (size: number) =>
      form([{ headers: [disposition, `X-Pad: ${'p'.repeat(size - disposition.length - 2 - 7)}`], data: 'v' }]);
    // the block is the header lines without the blank line: exactly `size` bytes
    expect((await collect(sourceFrom(withHeaderBlock(100), []).stream, BOUNDARY, { maxHeaderBytes: 100 }))[0]!.name).toBe('a');
    for (const cuts of [[], cutsEvery(400, () => 1)]) {
      const e = await failure(collect(sourceFrom(withHeaderBlock(101), cuts).stream, BOUNDARY, { maxHeaderBytes: 100 }));
      expect(e).toBeInstanceOf(MultipartError);
      expect(e.message).toMatch(/header/);
    }
    expect(await collect(sourceFrom(withHeaderBlock(16 * 1024), []).stream)).toHaveLength(1);
    await expect(collect(sourceFrom(withHeaderBlock(16 * 1024 + 1), []).stream)).rejects.toThrow(MultipartError);
    // a header that never ends is refused once it passes the limit, not at the end of the body
    const endless = bytes(`--${BOUNDARY}\r\n`, 'X: '.padEnd(50_000, 'y'));
    const { stream, stats } = sourceFrom(
      endless,
      cutsEvery(endless.length, () => 1000),
    );
    await expect(collect(stream)).rejects.toThrow(/header/);
    // The rest is read and dropped, never cancelled (src/platform/request-body.ts says why).
    expect(stats.pulled).toBe(endless.length);
    expect(stats.cancelled).toBe(false);
  });

  it.each([
    ['an empty body', ''],
    ['only a preamble', 'no delimiter here at all\r\n'],
    ['a body cut inside a part', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhalf a fi`],
    ['a body cut inside the headers', `--${BOUNDARY}\r\nContent-Disposition: form-da`],
    ['a body cut right after a delimiter', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${BOUNDARY}`],
    ['a body cut inside the closing delimiter', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${BOUNDARY}-`],
  ])('fails on %s with "Unexpected end of multipart body"', async (_, text) => {
    for (const cuts of [[], cutsEvery(text.length, () => 1)]) {
      const e = await failure(collect(sourceFrom(enc.encode(text), cuts).stream));
      expect(e).toBeInstanceOf(MultipartError);
      expect(e.message).toBe('Unexpected end of multipart body');
    }
  });

  it.each([
    ['text after the boundary', `--${BOUNDARY}XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['garbage after a part delimiter', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${BOUNDARY}garbage--`],
    ['a bare LF after the boundary', `--${BOUNDARY}\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['a part without Content-Disposition', `--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['a part without a name', `--${BOUNDARY}\r\nContent-Disposition: form-data; filename="a"\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['a non-form-data disposition', `--${BOUNDARY}\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['a header line without a colon', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\nnonsense\r\n\r\nv\r\n--${BOUNDARY}--`],
  ])('refuses %s with a MultipartError and reads the rest of the source without cancelling it', async (_, text) => {
    const body = enc.encode(`${text}\r\n${'x'.repeat(10_000)}`);
    const { stream, stats } = sourceFrom(
      body,
      cutsEvery(20_000, () => 13),
    );
    await expect(collect(stream)).rejects.toThrow(MultipartError);
    expect(stats.cancelled).toBe(false);
    expect(stats.pulled).toBe(body.length);
  });

  it('refuses an invalid boundary', async () => {
    for (const boundary of ['', 'a'.repeat(71), 'ends with space ', 'has\r\ncrlf', 'quote"d']) {
      await expect(collect(sourceFrom(SAMPLE, []).stream, boundary)).rejects.toThrow(MultipartError);
    }
  });

  it('reads the rest of the source (never cancels it) when the consumer stops early', async () => {
    const { stream, stats } = sourceFrom(
      SAMPLE,
      cutsEvery(SAMPLE.length, () => 10),
    );
    for await (const part of readMultipart(stream, BOUNDARY)) {
      expect(part.name).toBe('title');
      break;
    }
    expect(stats.cancelled).toBe(false);
    expect(stats.pulled).toBe(SAMPLE.length);
  });

  it('limits text() and bytes() with PartTooLargeError', async () => {
    const body = form([
      { headers: ['Content-Disposition: form-data; name="five"'], data: 'héllo' }, // 6 bytes of UTF-8
      { headers: ['Content-Disposition: form-data; name="exact"'], data: ALL_BYTES },
      { headers: ['Content-Disposition: form-data; name="over"'], data: ALL_BYTES },
      { headers: ['Content-Disposition: form-data; name="after"'], data: 'still parsed' },
    ]);
    const results: unknown[] = [];
    for await (const part of readMultipart(
      sourceFrom(
        body,
        cutsEvery(body.length, () => 3),
      ).stream,
      BOUNDARY,
    )) {
      if (part.name === 'five') {
        const e = await failure(part.text(5));
        expect(e).toBeInstanceOf(PartTooLargeError);
        expect(e).toBeInstanceOf(MultipartError);
        expect((e as PartTooLargeError).limit).toBe(5);
        results.push('five refused');
      }
      if (part.name === 'exact') results.push(await part.bytes(ALL_BYTES.length));
      if (part.name === 'over') {
        const e = await failure(part.bytes(ALL_BYTES.length - 1));
        expect(e).toBeInstanceOf(PartTooLargeError);
        expect((e as PartTooLargeError).limit).toBe(ALL_BYTES.length - 1);
        results.push('over refused');
      }
      if (part.name === 'after') results.push(await part.text(12));
    }
    expect(results).toEqual(['five refused', ALL_BYTES, 'over refused', 'still parsed']);
  });

  it('decodes text() as UTF-8 even when a character is split across chunks', async () => {
    const body = form([{ headers: ['Content-Disposition: form-data; name="t"'], data: '€uro ✓ 你好' }]);
    for await (const part of readMultipart(
      sourceFrom(
        body,
        cutsEvery(body.length, () => 1),
      ).stream,
      BOUNDARY,
    )) {
      expect(await part.text(1000)).toBe('€uro ✓ 你好');
    }
  });
});

describe('boundaryFrom', () => {
  it.each([
    [`multipart/form-data; boundary=${BOUNDARY}`, BOUNDARY],
    ['multipart/form-data; boundary="quoted boundary"', 'quoted boundary'],
    ['Multipart/Form-Data; charset=utf-8; BOUNDARY=abc', 'abc'],
    ['multipart/form-data;boundary=abc ; charset=utf-8', 'abc'],
    ['multipart/form-data; boundary=first; boundary=second', 'first'],
    [`multipart/form-data; boundary=${'a'.repeat(70)}`, 'a'.repeat(70)],
    ['multipart/form-data; boundary="\'()+_,-./:=?"', "'()+_,-./:=?"],
    ['multipart/form-data; boundary=x', 'x'],
  ])('%s → %s', (header, want) => {
    expect(boundaryFrom(header)).toBe(want);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['multipart/form-data'],
    ['multipart/form-data; boundary='],
    ['multipart/form-data; boundary=""'],
    [`multipart/form-data; boundary=${'a'.repeat(71)}`],
    ['multipart/form-data; boundary="ends with space "'],
    ['multipart/form-data; boundary="bad\\"quote"'],
    ['multipart/form-data; boundary=semi{colon}'],
    ['multipart/mixed; boundary=abc'],
    ['application/x-www-form-urlencoded; boundary=abc'],
    ['text/plain'],
    ['multipart/form-data-ish; boundary=abc'],
    ['multipart/form-data; notboundary=abc'],
  ])('%s → null', (header) => {
    expect(boundaryFrom(header)).toBeNull();
  });
});
