/**
 * POST /api/v1/upload (direct, streamed multipart upload), GET /api/v1/upload/status/{id},
 * GET /api/v1/upload/thumbnail-status/{id} and DELETE /api/v1/upload/{id}.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import {
  expectUnauthenticated,
  faultyBucket,
  gif,
  digest,
  heic,
  jpeg,
  keysUnder,
  materialRow,
  materialRowsOf,
  matroska,
  MiB,
  mp4,
  objectBytes,
  objectExists,
  pdf,
  png,
  runThumbnailJob,
  setMaterial,
  signedIn,
  streamingUpload,
  text,
  upload,
  uploaded,
  webm,
  webp,
  withBucket,
  MATERIAL_KEYS,
} from './fixtures';
import { expectError, expectNoStackTrace, ISO_NAIVE } from './support';

/** Nothing of this user's failed upload is left: no row, no object. */
async function expectNothingStored(uploaderId: number) {
  expect(await materialRowsOf(uploaderId)).toEqual([]);
  expect(await keysUnder(`materials/${uploaderId}/`)).toEqual([]);
}

const status = (id: number, token?: string) => call('GET', `/api/v1/upload/status/${id}`, { token });
const thumbStatus = (id: number, token?: string) => call('GET', `/api/v1/upload/thumbnail-status/${id}`, { token });
const deleteUpload = (id: number, token?: string) => call('DELETE', `/api/v1/upload/${id}`, { token });

describe('POST /api/v1/upload: success', () => {
  it('answers 201 with exactly the documented material fields, and the bytes are in R2', async () => {
    const u = await signedIn('teacher');
    const bytes = mp4(300_000);
    const res = await upload(u.access_token, {
      file: bytes,
      filename: 'lecture.mp4',
      fileType: 'video/mp4',
      title: 'Lecture 1',
      description: 'Intro',
    });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(MATERIAL_KEYS);
    expect(res.body).toMatchObject({
      title: 'Lecture 1',
      description: 'Intro',
      type: 'video',
      file_size: 300_000,
      file_format: 'mp4',
      thumbnail_path: null,
      uploader_id: u.id,
      view_count: 0,
      like_count: 0,
      status: 'active',
    });
    expect(res.body.id).toBeTypeOf('number');
    expect(res.body.created_at).toMatch(ISO_NAIVE);
    expect(res.body.updated_at).toMatch(ISO_NAIVE);
    expect(res.body.file_path).toMatch(new RegExp(`^materials/${u.id}/\\d{8}_\\d{6}_[0-9a-f]+\\.mp4$`));
    expect(await digest(await objectBytes(res.body.file_path))).toBe(await digest(bytes));
    const row = await materialRow(res.body.id);
    expect(row).toMatchObject({
      status: 'active',
      fileKey: res.body.file_path,
      fileSize: 300_000,
      contentType: 'video/mp4',
      thumbnailStatus: 'pending',
    });
  });

  it.each([
    ['webm', () => webm(50_000), 'video', 'webm', 'video/webm'],
    ['pdf', () => pdf(50_000), 'pdf', 'pdf', 'application/pdf'],
  ])('stores a %s with its type, format and content type', async (_, file, type, format, contentType) => {
    const u = await signedIn();
    const body = await uploaded(u.access_token, { file: file() });
    expect(body).toMatchObject({ type, file_format: format, file_size: 50_000, status: 'active' });
    expect(body.file_path).toMatch(new RegExp(`\\.${format}$`));
    expect((await materialRow(body.id))?.contentType).toBe(contentType);
    const served = await call('GET', `/api/v1/materials/${body.id}/file`);
    expect(served.headers.get('Content-Type')).toBe(contentType);
  });

  it('decides the type from the bytes, not from the file name or the claimed content type', async () => {
    const u = await signedIn();
    const asVideo = await uploaded(u.access_token, { file: pdf(10_000), filename: 'movie.mp4', fileType: 'video/mp4' });
    expect(asVideo).toMatchObject({ type: 'pdf', file_format: 'pdf' });
    const asPdf = await uploaded(u.access_token, { file: webm(10_000), filename: 'notes.pdf', fileType: 'application/pdf' });
    expect(asPdf).toMatchObject({ type: 'video', file_format: 'webm' });
  });

  it('accepts the text fields after the file, trims the title, and leaves description null when absent', async () => {
    const u = await signedIn();
    const body = await uploaded(u.access_token, { file: pdf(), title: '  Spaced title  ', fieldsLast: true });
    expect(body.title).toBe('Spaced title');
    expect(body.description).toBeNull();
  });

  it('accepts a title of exactly 255 characters, and non-ASCII text', async () => {
    const u = await signedIn();
    const title = '课'.repeat(255);
    const body = await uploaded(u.access_token, { file: pdf(), title, description: '课件描述 ✓' });
    expect(body.title).toBe(title);
    expect(body.description).toBe('课件描述 ✓');
  });

  it('accepts a file of exactly the configured limit', async () => {
    const u = await signedIn();
    const res = await upload(u.access_token, { file: pdf(200_000) }, { env: { MAX_PDF_BYTES: '200000' } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.file_size).toBe(200_000);
  });

  it('limits each type separately: a video above the PDF limit is fine', async () => {
    const u = await signedIn();
    const res = await upload(u.access_token, { file: mp4(300_000) }, { env: { MAX_PDF_BYTES: '200000' } });
    expect(res.status, res.text).toBe(201);
  });

  it('streams a file larger than one part through an R2 multipart upload, byte for byte', async () => {
    const u = await signedIn();
    const bytes = mp4(11 * MiB + 123);
    const res = await upload(u.access_token, { file: bytes }, { env: { UPLOAD_PART_SIZE_BYTES: String(5 * MiB) } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.file_size).toBe(bytes.length);
    expect(await digest(await objectBytes(res.body.file_path))).toBe(await digest(bytes));
  });
});

describe('POST /api/v1/upload: thumbnails', () => {
  it.each([
    ['png', png, 'png', 'image/png'],
    ['jpeg', jpeg, 'jpg', 'image/jpeg'],
    ['webp', webp, 'webp', 'image/webp'],
  ])('stores a %s thumbnail under thumbnails/<id>.<ext>; the thumbnail job marks it completed', async (_, image, ext, contentType) => {
    const u = await signedIn();
    const thumb = image(4000);
    const body = await uploaded(u.access_token, { file: mp4(), thumbnail: thumb, thumbnailType: 'application/octet-stream' });
    expect(body.thumbnail_path).toBe(`thumbnails/${body.id}.${ext}`);
    expect(await digest(await objectBytes(body.thumbnail_path))).toBe(await digest(thumb));
    await runThumbnailJob();
    const st = await thumbStatus(body.id, u.access_token);
    expect(st.body).toEqual({
      material_id: body.id,
      thumbnail_status: 'completed',
      thumbnail_path: `thumbnails/${body.id}.${ext}`,
      has_thumbnail: true,
    });
    const served = await call('GET', `/api/v1/materials/${body.id}/thumbnail`);
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe(contentType);
  });

  it.each([
    ['a gif', gif(2000)],
    ['text', text(2000)],
    ['a video', mp4(2000)],
  ])('refuses %s as the thumbnail with 415 and keeps nothing', async (_, thumbnail) => {
    const u = await signedIn();
    const res = await upload(u.access_token, { file: mp4(), thumbnail, thumbnailType: 'image/png' });
    expectError(res, 415, 'UNSUPPORTED_FILE_TYPE');
    await expectNothingStored(u.id);
  });

  it('refuses a thumbnail above 2 MB with 413 and keeps nothing; exactly 2 MB is fine', async () => {
    const u = await signedIn();
    expectError(await upload(u.access_token, { file: mp4(), thumbnail: png(2 * MiB + 1) }), 413, 'FILE_TOO_LARGE');
    await expectNothingStored(u.id);
    const ok = await uploaded(u.access_token, { file: mp4(), thumbnail: png(2 * MiB) });
    expect(ok.thumbnail_path).toBe(`thumbnails/${ok.id}.png`);
  });
});

describe('POST /api/v1/upload: refused files', () => {
  it.each([
    ['text named .mp4 and claimed as video/mp4', () => text(5000), 'clip.mp4', 'video/mp4'],
    ['text named .pdf', () => text(5000), 'doc.pdf', 'application/pdf'],
    ['a Matroska (not WebM) file that mentions webm', () => matroska(5000), 'clip.webm', 'video/webm'],
    ['a HEIC image (ftyp, but not a video)', () => heic(5000), 'clip.mp4', 'video/mp4'],
    ['a png', () => png(5000), 'clip.mp4', 'video/mp4'],
    ['a gif', () => gif(5000), 'clip.mp4', 'video/mp4'],
    ['an empty file', () => new Uint8Array(0), 'clip.mp4', 'video/mp4'],
    ['a file of a few bytes', () => new Uint8Array([0, 0, 0]), 'clip.mp4', 'video/mp4'],
  ])('%s: 415 UNSUPPORTED_FILE_TYPE, nothing stored', async (_, file, filename, fileType) => {
    const u = await signedIn();
    const res = await upload(u.access_token, { file: file(), filename, fileType });
    expectError(res, 415, 'UNSUPPORTED_FILE_TYPE');
    await expectNothingStored(u.id);
  });

  it('a PDF above MAX_PDF_BYTES: 413 FILE_TOO_LARGE, nothing stored', async () => {
    const u = await signedIn();
    const res = await upload(u.access_token, { file: pdf(200_001) }, { env: { MAX_PDF_BYTES: '200000' } });
    expectError(res, 413, 'FILE_TOO_LARGE');
    await expectNothingStored(u.id);
  });

  it('a video above MAX_VIDEO_BYTES, after parts already went to R2: 413, the partial object is removed', async () => {
    const u = await signedIn();
    const { bucket, calls } = faultyBucket({});
    const res = await upload(
      u.access_token,
      { file: mp4(7 * MiB) },
      { env: { ...withBucket(bucket), MAX_VIDEO_BYTES: String(6 * MiB), UPLOAD_PART_SIZE_BYTES: String(5 * MiB) } },
    );
    expectError(res, 413, 'FILE_TOO_LARGE');
    expect(calls).toContain('uploadPart:1');
    expect(calls).toContain('abort');
    expect(calls).not.toContain('complete');
    await expectNothingStored(u.id);
  });

  // 50 MB really sent through workerd: seconds on a loaded 2-CPU machine, past vitest's default 5 s.
  it('the document’s default PDF limit applies: 50 MB', { timeout: 60_000 }, async () => {
    const u = await signedIn();
    // 50 MB + 1 byte of PDF, sent for real: the default PDF limit is 50 MiB (52428800 bytes).
    const res = await upload(u.access_token, { file: pdf(50 * MiB + 1) });
    expectError(res, 413, 'FILE_TOO_LARGE');
    await expectNothingStored(u.id);
  });
});

describe('POST /api/v1/upload: unknown form fields', () => {
  it('are ignored, those named like a document field included: nothing they name is assigned', async () => {
    const u = await signedIn();
    const other = await signedIn();
    const res = await upload(u.access_token, {
      file: mp4(),
      extra: { category: 'math', uploader_id: String(other.id), status: 'deleted', id: '1', view_count: '99' },
    });
    expect(res.status, res.text).toBe(201);
    const back = await call('GET', `/api/v1/materials/${res.body.id}`);
    expect(back.body).toMatchObject({ id: res.body.id, uploader_id: u.id, status: 'active' });
    expect(res.body.id).not.toBe(1);
  });
});

describe('POST /api/v1/upload: malformed requests (422 VALIDATION_ERROR)', () => {
  it.each([
    ['no file', { file: null }],
    ['no title', { title: null }],
    ['an empty title', { title: '' }],
    ['a blank title', { title: '   ' }],
    ['a title of 256 characters', { title: 'x'.repeat(256) }],
    ['a description above 5000 characters', { description: 'd'.repeat(5001) }],
  ] as const)('%s', async (_, o) => {
    const u = await signedIn();
    const res = await upload(u.access_token, { file: mp4(), ...o });
    expectError(res, 422, 'VALIDATION_ERROR');
    await expectNothingStored(u.id);
  });

  it('two files', async () => {
    const u = await signedIn();
    const form = new FormData();
    form.append('title', 'Two');
    form.append('file', new Blob([mp4()]), 'a.mp4');
    form.append('file', new Blob([mp4()]), 'b.mp4');
    expectError(await call('POST', '/api/v1/upload', { body: form, token: u.access_token }), 422, 'VALIDATION_ERROR');
    await expectNothingStored(u.id);
  });

  it('a JSON body, a urlencoded form, no body, a multipart type without boundary', async () => {
    const u = await signedIn();
    expectError(
      await call('POST', '/api/v1/upload', { json: { title: 'x', file: 'AAAA' }, token: u.access_token }),
      422,
      'VALIDATION_ERROR',
    );
    expectError(
      await call('POST', '/api/v1/upload', {
        body: 'title=x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        token: u.access_token,
      }),
      422,
      'VALIDATION_ERROR',
    );
    expectError(await call('POST', '/api/v1/upload', { token: u.access_token }), 422, 'VALIDATION_ERROR');
    expectError(
      await call('POST', '/api/v1/upload', { body: 'x', headers: { 'Content-Type': 'multipart/form-data' }, token: u.access_token }),
      422,
      'VALIDATION_ERROR',
    );
    await expectNothingStored(u.id);
  });

  it('a truncated multipart body (no closing delimiter) after the file has started', async () => {
    const u = await signedIn();
    const b = 'XyZzY123';
    const head = `--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n`;
    const body = new Uint8Array([...new TextEncoder().encode(head), ...mp4(10_000)]);
    const res = await call('POST', '/api/v1/upload', {
      body,
      headers: { 'Content-Type': `multipart/form-data; boundary=${b}` },
      token: u.access_token,
    });
    expectError(res, 422, 'VALIDATION_ERROR');
    await expectNothingStored(u.id);
  });

  it('a part without a name', async () => {
    const u = await signedIn();
    const b = 'NoName42';
    const body = `--${b}\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--${b}--\r\n`;
    expectError(
      await call('POST', '/api/v1/upload', {
        body,
        headers: { 'Content-Type': `multipart/form-data; boundary=${b}` },
        token: u.access_token,
      }),
      422,
      'VALIDATION_ERROR',
    );
  });
});

describe('POST /api/v1/upload: authentication', () => {
  it('no, malformed, expired or revoked token: 401, nothing stored', async () => {
    const u = await signedIn();
    await expectUnauthenticated(u, (token) => upload(token, { file: mp4() }));
    await expectNothingStored(u.id);
  });
});

describe('POST /api/v1/upload: storage failures (500 UPLOAD_FAILED, no row left)', () => {
  it('R2 refuses the put', async () => {
    const u = await signedIn();
    const { bucket } = faultyBucket({ put: true });
    const res = await upload(u.access_token, { file: pdf(1000) }, { env: withBucket(bucket) });
    expectError(res, 500, 'UPLOAD_FAILED');
    expect(res.text).not.toContain('secret-internal-detail');
    expectNoStackTrace(res.text);
    await expectNothingStored(u.id);
  });

  it('R2 fails in the middle of a multipart upload: the upload is aborted', async () => {
    const u = await signedIn();
    const { bucket, calls } = faultyBucket({ uploadPartFrom: 2 });
    const res = await upload(
      u.access_token,
      { file: mp4(11 * MiB) },
      { env: { ...withBucket(bucket), UPLOAD_PART_SIZE_BYTES: String(5 * MiB) } },
    );
    expectError(res, 500, 'UPLOAD_FAILED');
    expect(calls).toContain('abort');
    await expectNothingStored(u.id);
  });

  it('R2 refuses to start a multipart upload', async () => {
    const u = await signedIn();
    const { bucket } = faultyBucket({ createMultipartUpload: true });
    const res = await upload(
      u.access_token,
      { file: mp4(6 * MiB) },
      { env: { ...withBucket(bucket), UPLOAD_PART_SIZE_BYTES: String(5 * MiB) } },
    );
    expectError(res, 500, 'UPLOAD_FAILED');
    await expectNothingStored(u.id);
  });

  it('R2 refuses the thumbnail: the file is removed too', async () => {
    const u = await signedIn();
    const { bucket } = faultyBucket({ put: true });
    // A multi-part file (stored through multipart) with a thumbnail (stored with put).
    const res = await upload(
      u.access_token,
      { file: mp4(6 * MiB), thumbnail: png() },
      { env: { ...withBucket(bucket), UPLOAD_PART_SIZE_BYTES: String(5 * MiB) } },
    );
    expectError(res, 500, 'UPLOAD_FAILED');
    await expectNothingStored(u.id);
  });
});

describe('POST /api/v1/upload: while the body is still arriving', () => {
  it('the material is processing (progress 50), not listed, not served; then active', async () => {
    const u = await signedIn();
    const s = streamingUpload(u.access_token, 'Arriving');
    s.send(mp4(100_000));
    let rows = await materialRowsOf(u.id);
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      rows = await materialRowsOf(u.id);
    }
    expect(rows).toHaveLength(1);
    const id = rows[0]!.id;
    const st = await status(id, u.access_token);
    expect(st.body).toEqual({
      material_id: id,
      status: 'processing',
      progress: 50,
      message: expect.any(String),
      thumbnail_path: null,
      has_thumbnail: false,
    });
    expectError(await call('GET', `/api/v1/materials/${id}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/materials/${id}/file`), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/materials/${id}/like`, { token: u.access_token }), 400, 'INVALID_STATUS');
    const list = await call('GET', '/api/v1/materials?page_size=100');
    expect(list.body.items.map((m: { id: number }) => m.id)).not.toContain(id);

    s.send(mp4(50_000));
    s.finish();
    const res = await s.response;
    expect(res.status).toBe(201);
    const done = await status(id, u.access_token);
    expect(done.body).toMatchObject({ status: 'active', progress: 100, message: 'Upload complete and ready' });
    expect(st.body.message).not.toBe(done.body.message);
  });

  it('a client that goes away mid-upload leaves no row and no object', async () => {
    const u = await signedIn();
    const s = streamingUpload(u.access_token);
    s.send(mp4(100_000));
    let rows = await materialRowsOf(u.id);
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      rows = await materialRowsOf(u.id);
    }
    expect(rows).toHaveLength(1);
    s.abort();
    const res = await s.response.catch(() => null);
    if (res) expect(res.status).toBeGreaterThanOrEqual(400);
    await expectNothingStored(u.id);
  });
});

describe('GET /api/v1/upload/status/{id}', () => {
  it('active: 100 with the documented fields; the thumbnail appears once the job has run', async () => {
    const u = await signedIn();
    const m = await uploaded(u.access_token, { file: pdf() });
    const res = await status(m.id, u.access_token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      material_id: m.id,
      status: 'active',
      progress: 100,
      message: 'Upload complete and ready',
      thumbnail_path: null,
      has_thumbnail: false,
    });
    await runThumbnailJob();
    expect((await status(m.id, u.access_token)).body).toMatchObject({ thumbnail_path: `thumbnails/${m.id}.svg`, has_thumbnail: true });
  });

  it('hidden: 100 with its own message', async () => {
    const u = await signedIn();
    const m = await uploaded(u.access_token, { file: pdf() });
    expect((await call('DELETE', `/api/v1/materials/${m.id}`, { token: u.access_token })).status).toBe(204);
    const res = await status(m.id, u.access_token);
    expect(res.body).toMatchObject({ material_id: m.id, status: 'hidden', progress: 100 });
    expect(res.body.message).not.toBe('Upload complete and ready');
  });

  it('the uploader, an admin and a sysadmin may read it; another student or teacher gets 403', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    for (const role of ['admin', 'sysadmin'] as const) {
      const res = await status(m.id, (await signedIn(role)).access_token);
      expect(res.status, role).toBe(200);
      expect(res.body.material_id).toBe(m.id);
    }
    for (const role of ['student', 'teacher'] as const) {
      expectError(await status(m.id, (await signedIn(role)).access_token), 403, 'FORBIDDEN');
    }
  });

  it('unknown material 404; a non-numeric id 422; unauthenticated 401', async () => {
    const u = await signedIn();
    expectError(await status(99_999_999, u.access_token), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/upload/status/abc', { token: u.access_token }), 422, 'VALIDATION_ERROR');
    const m = await uploaded(u.access_token, { file: pdf() });
    await expectUnauthenticated(u, (token) => status(m.id, token));
  });
});

describe('GET /api/v1/upload/thumbnail-status/{id}', () => {
  it('pending until the job stores the SVG placeholder and marks it failed', async () => {
    const u = await signedIn();
    const m = await uploaded(u.access_token, { file: mp4() });
    const before = await thumbStatus(m.id, u.access_token);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ material_id: m.id, thumbnail_status: 'pending', thumbnail_path: null, has_thumbnail: false });
    await runThumbnailJob();
    const after = await thumbStatus(m.id, u.access_token);
    expect(after.body).toEqual({
      material_id: m.id,
      thumbnail_status: 'failed',
      thumbnail_path: `thumbnails/${m.id}.svg`,
      has_thumbnail: true,
    });
    expect(new TextDecoder().decode((await objectBytes(`thumbnails/${m.id}.svg`))!)).toMatch(/^<svg/);
  });

  it('the uploader and admins only; unknown 404; unauthenticated 401', async () => {
    const owner = await signedIn('teacher');
    const m = await uploaded(owner.access_token, { file: pdf() });
    expect((await thumbStatus(m.id, (await signedIn('admin')).access_token)).status).toBe(200);
    expect((await thumbStatus(m.id, (await signedIn('sysadmin')).access_token)).status).toBe(200);
    expectError(await thumbStatus(m.id, (await signedIn('teacher')).access_token), 403, 'FORBIDDEN');
    expectError(await thumbStatus(m.id, (await signedIn('student')).access_token), 403, 'FORBIDDEN');
    expectError(await thumbStatus(99_999_999, owner.access_token), 404, 'NOT_FOUND');
    await expectUnauthenticated(owner, (token) => thumbStatus(m.id, token));
  });
});

describe('DELETE /api/v1/upload/{id}', () => {
  it('the uploader: 204, the file and thumbnail leave R2, the material is hidden', async () => {
    const u = await signedIn();
    const m = await uploaded(u.access_token, { file: mp4(), thumbnail: png() });
    const res = await deleteUpload(m.id, u.access_token);
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    expect(await objectExists(m.file_path)).toBe(false);
    expect(await objectExists(m.thumbnail_path)).toBe(false);
    expect(await materialRow(m.id)).toMatchObject({ status: 'hidden', fileKey: null, thumbnailKey: null });
    expectError(await call('GET', `/api/v1/materials/${m.id}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/materials/${m.id}/file`), 404, 'NOT_FOUND');
    expect((await status(m.id, u.access_token)).body).toMatchObject({
      status: 'hidden',
      progress: 100,
      thumbnail_path: null,
      has_thumbnail: false,
    });
    expectError(await deleteUpload(m.id, u.access_token), 400, 'ALREADY_DELETED');
  });

  it('removes the files of a material already hidden through DELETE /materials/{id}', async () => {
    const u = await signedIn();
    const m = await uploaded(u.access_token, { file: pdf() });
    expect((await call('DELETE', `/api/v1/materials/${m.id}`, { token: u.access_token })).status).toBe(204);
    expect(await objectExists(m.file_path)).toBe(true);
    expect((await deleteUpload(m.id, u.access_token)).status).toBe(204);
    expect(await objectExists(m.file_path)).toBe(false);
  });

  it.each(['admin', 'sysadmin'] as const)('an %s may delete another user’s upload', async (role) => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    expect((await deleteUpload(m.id, (await signedIn(role)).access_token)).status).toBe(204);
    expect(await objectExists(m.file_path)).toBe(false);
    expect((await materialRow(m.id))?.status).toBe('hidden');
  });

  it('another student or teacher: 403, the material and its file unchanged', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    const before = await materialRow(m.id);
    for (const role of ['student', 'teacher'] as const) {
      expectError(await deleteUpload(m.id, (await signedIn(role)).access_token), 403, 'FORBIDDEN');
    }
    expect(await materialRow(m.id)).toEqual(before);
    expect(await objectExists(m.file_path)).toBe(true);
  });

  it('unauthenticated: 401, unchanged; unknown: 404', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    const before = await materialRow(m.id);
    await expectUnauthenticated(owner, (token) => deleteUpload(m.id, token));
    expect(await materialRow(m.id)).toEqual(before);
    expect(await objectExists(m.file_path)).toBe(true);
    expectError(await deleteUpload(99_999_999, owner.access_token), 404, 'NOT_FOUND');
  });

  it('R2 refuses the delete: 500 UPLOAD_FAILED and the material stays as it was', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    const before = await materialRow(m.id);
    const { bucket } = faultyBucket({ delete: true });
    const res = await call('DELETE', `/api/v1/upload/${m.id}`, { token: owner.access_token, env: withBucket(bucket) });
    expectError(res, 500, 'UPLOAD_FAILED');
    expect(await materialRow(m.id)).toEqual(before);
    expect(await objectExists(m.file_path)).toBe(true);
    // Retried with R2 back: done.
    expect((await deleteUpload(m.id, owner.access_token)).status).toBe(204);
  });

  it('a material stuck in processing can be removed too', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    await setMaterial(m.id, { status: 'processing' });
    expect((await deleteUpload(m.id, owner.access_token)).status).toBe(204);
    expect(await materialRow(m.id)).toMatchObject({ status: 'hidden', fileKey: null });
  });
});
