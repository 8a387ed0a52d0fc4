// The learning API's uploads over real HTTP against `npm start` (wrangler dev with local D1/R2),
// sent the way a browser frontend sends them: fetch + FormData/Blob for the direct upload, raw
// part bodies for the resumable one, Range requests to read the stored bytes back.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { devVar } from './dev-vars';

const baseUrl = inject('baseUrl');

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const email = `e2e.uploader.${suffix}@example.com`;
const password = 'uploads-e2e-password';

let token = '';
const auth = () => ({ Authorization: `Bearer ${token}` });

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function asSent(res: Response): Promise<Sent> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertions say what was expected
  }
  return { status: res.status, headers: res.headers, text, body };
}

async function json(method: string, path: string, payload?: unknown): Promise<Sent> {
  const headers: Record<string, string> = { Accept: 'application/json', ...auth() };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  return asSent(await fetch(baseUrl + path, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) }));
}

async function getBytes(path: string, range?: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(baseUrl + path, { headers: range ? { Range: range } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Random bytes that sniff as an mp4 (an ISO-BMFF `ftyp` box first). */
function mp4Bytes(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.writeUInt32BE(0x18, 0);
  bytes.write('ftypisom', 4, 'latin1');
  return bytes;
}

/** A real 1x1 PNG. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const envelope = (code: string) => ({ error: { code, message: expect.any(String), details: expect.any(Object) } });

async function listedMaterial(id: number): Promise<any> {
  const res = await json('GET', '/api/v1/materials?page_size=100');
  expect(res.status, res.text).toBe(200);
  return res.body.items.find((m: any) => m.id === id);
}

beforeAll(async () => {
  const reg = await json('POST', '/api/v1/auth/register', { email, name: 'E2E Uploader', password });
  expect(reg.status, reg.text).toBe(201);
  const login = await json('POST', '/api/v1/auth/login', { email, password });
  expect(login.status, login.text).toBe(200);
  token = login.body.access_token;
  expect(token).toMatch(/\S/);
});

describe('direct multipart upload (POST /api/v1/upload)', () => {
  const SIZE = 3 * 1024 * 1024 + 4321;
  const content = mp4Bytes(SIZE);
  let material: any;

  it('stores a ~3 MB mp4 sent as FormData and answers 201 with an active video', async () => {
    const form = new FormData();
    form.append('title', 'E2E direct upload');
    form.append('description', 'sent as multipart/form-data');
    form.append('file', new Blob([content], { type: 'video/mp4' }), 'lecture.mp4');
    const res = await asSent(await fetch(`${baseUrl}/api/v1/upload`, { method: 'POST', headers: auth(), body: form }));
    expect(res.status, res.text).toBe(201);
    material = res.body;
    expect(material).toMatchObject({
      id: expect.any(Number),
      title: 'E2E direct upload',
      description: 'sent as multipart/form-data',
      type: 'video',
      file_size: SIZE,
      file_format: 'mp4',
      status: 'active',
    });
    expect(material.file_path).toMatch(/\.mp4$/);
  });

  it('reads the whole file back byte for byte', async () => {
    const res = await getBytes(`/api/v1/materials/${material.id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.bytes.length).toBe(SIZE);
    expect(res.bytes.equals(content)).toBe(true);
  });

  it('serves a Range request with 206, Content-Range and exactly those bytes', async () => {
    const start = 1_048_570,
      end = 2_097_160;
    const res = await getBytes(`/api/v1/materials/${material.id}/file`, `bytes=${start}-${end}`);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.bytes.equals(content.subarray(start, end + 1))).toBe(true);
  });

  it('lists the material and reports it active at 100%', async () => {
    const listed = await listedMaterial(material.id);
    expect(listed).toMatchObject({ id: material.id, type: 'video', file_size: SIZE, status: 'active', uploader_name: 'E2E Uploader' });

    const status = await json('GET', `/api/v1/upload/status/${material.id}`);
    expect(status.status, status.text).toBe(200);
    expect(status.body).toMatchObject({ material_id: material.id, status: 'active', progress: 100 });
  });
});

describe('resumable upload (POST /api/v1/uploads, PUT parts, complete)', () => {
  const LAST_PART = 54_321;
  let session: any;
  let content: Buffer;
  let size = 0;

  const partBytes = (n: number) => content.subarray((n - 1) * session.part_size, Math.min(size, n * session.part_size));
  const putPart = async (n: number) =>
    asSent(
      await fetch(`${baseUrl}/api/v1/uploads/${session.upload_id}/parts/${n}`, {
        method: 'PUT',
        headers: { ...auth(), 'Content-Type': 'application/octet-stream' },
        body: partBytes(n),
      }),
    );

  it('creates a session whose part size decides the parts', async () => {
    // The part size is the server's: create for the default (10 MiB) and, if the server uses
    // another size, abort and create again so the file is still two full parts and a short third.
    const create = (partSize: number) => {
      size = 2 * partSize + LAST_PART;
      return json('POST', '/api/v1/uploads', {
        filename: 'long-lecture.mp4',
        size,
        type: 'video',
        title: 'E2E chunked upload',
        description: 'three parts',
      });
    };
    let res = await create(10 * 1024 * 1024);
    expect(res.status, res.text).toBe(201);
    if (res.body.total_parts !== 3) {
      expect((await json('DELETE', `/api/v1/uploads/${res.body.upload_id}`)).status).toBe(204);
      res = await create(res.body.part_size);
      expect(res.status, res.text).toBe(201);
    }
    session = res.body;
    content = mp4Bytes(size);
    const partSize: number = session.part_size;
    expect(session).toMatchObject({
      upload_id: expect.any(String),
      material_id: expect.any(Number),
      status: 'open',
      size,
      part_size: partSize,
      total_parts: 3,
      uploaded_parts: [],
      missing_parts: [1, 2, 3],
      bytes_received: 0,
      progress: 0,
    });
  });

  it('takes parts 1 and 3, reports part 2 missing, and refuses to complete early', async () => {
    const first = await putPart(1);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ uploaded_parts: [1], bytes_received: session.part_size });

    const third = await putPart(3);
    expect(third.status, third.text).toBe(200);

    const res = await json('GET', `/api/v1/uploads/${session.upload_id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      status: 'open',
      uploaded_parts: [1, 3],
      missing_parts: [2],
      bytes_received: session.part_size + LAST_PART,
    });
    expect(res.body.progress).toBeGreaterThan(0);
    expect(res.body.progress).toBeLessThan(100);

    const status = await json('GET', `/api/v1/upload/status/${session.material_id}`);
    expect(status.status, status.text).toBe(200);
    expect(status.body).toMatchObject({ status: 'processing', progress: res.body.progress });

    const early = await json('POST', `/api/v1/uploads/${session.upload_id}/complete`);
    expect(early.status, early.text).toBe(400);
    expect(early.body).toEqual(envelope('VALIDATION_ERROR'));
    expect(early.body.error.message).toContain('2');
  });

  it('resumes with part 2 and completes into an active material', async () => {
    const second = await putPart(2);
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ uploaded_parts: [1, 2, 3], missing_parts: [], bytes_received: size });

    const done = await json('POST', `/api/v1/uploads/${session.upload_id}/complete`);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({
      id: session.material_id,
      title: 'E2E chunked upload',
      type: 'video',
      file_size: size,
      file_format: 'mp4',
      status: 'active',
    });

    const after = await json('GET', `/api/v1/uploads/${session.upload_id}`);
    expect(after.body).toMatchObject({ status: 'completed', progress: 100 });
    const listed = await listedMaterial(session.material_id);
    expect(listed).toMatchObject({ status: 'active', file_size: size });
  });

  it('reads back a range across the part 1/2 boundary and the last bytes exactly', async () => {
    const path = `/api/v1/materials/${session.material_id}/file`;
    const start = session.part_size - 1000,
      end = session.part_size + 999;
    const boundary = await getBytes(path, `bytes=${start}-${end}`);
    expect(boundary.status).toBe(206);
    expect(boundary.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(boundary.bytes.equals(content.subarray(start, end + 1))).toBe(true);

    const tail = await getBytes(path, 'bytes=-777');
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 777}-${size - 1}/${size}`);
    expect(tail.bytes.equals(content.subarray(size - 777))).toBe(true);

    const head = await getBytes(path, 'bytes=0-15');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-type')).toBe('video/mp4');
    expect(head.bytes.equals(content.subarray(0, 16))).toBe(true);
  });
});

describe('the rest of a material’s life: detail, like, thumbnail, stored object, hiding, removal', () => {
  it('answers each documented status (every response here is checked against the document)', async () => {
    const form = new FormData();
    form.append('title', 'E2E material operations');
    form.append('file', new Blob([mp4Bytes(64 * 1024)], { type: 'video/mp4' }), 'short.mp4');
    const up = await asSent(await fetch(`${baseUrl}/api/v1/upload`, { method: 'POST', headers: auth(), body: form }));
    expect(up.status, up.text).toBe(201);
    const id: number = up.body.id;
    expect((await json('GET', `/api/v1/materials/${id}`)).body).toMatchObject({ id, status: 'active' });
    expect((await json('POST', `/api/v1/materials/${id}/like`)).body).toEqual({ is_liked: true, like_count: 1 });
    expect((await getBytes(`/api/v1/materials/${id}/thumbnail`)).status).toBe(200);
    expect((await getBytes(`/materials/${up.body.file_path}`)).status).toBe(200);
    expect((await json('DELETE', `/api/v1/materials/${id}`)).status).toBe(204);
    expect((await json('GET', `/api/v1/materials/${id}`)).status).toBe(404);
    expect((await json('DELETE', `/api/v1/upload/${id}`)).status).toBe(204);

    const session = await json('POST', '/api/v1/uploads', {
      filename: 'abandoned.mp4',
      size: 1024,
      type: 'video',
      title: 'E2E aborted upload',
    });
    expect(session.status, session.text).toBe(201);
    expect((await json('DELETE', `/api/v1/uploads/${session.body.upload_id}`)).status).toBe(204);
  });

  it('the administrator from .dev.vars runs a cleanup and reads the audit log', async () => {
    const admin = await json('POST', '/api/v1/auth/login', { email: devVar('ADMIN_EMAIL'), password: devVar('ADMIN_PASSWORD') });
    expect(admin.status, admin.text).toBe(200);
    const asAdmin = { Authorization: `Bearer ${admin.body.access_token}`, 'Content-Type': 'application/json' };
    // Orphans kept: other files' objects may still be on their way to a row.
    const cleanup = await asSent(
      await fetch(`${baseUrl}/api/v1/admin/cleanup`, {
        method: 'POST',
        headers: asAdmin,
        body: JSON.stringify({ cleanup_orphans: false }),
      }),
    );
    expect(cleanup.status, cleanup.text).toBe(200);
    const audit = await asSent(await fetch(`${baseUrl}/api/v1/admin/audit`, { headers: asAdmin }));
    expect(audit.status, audit.text).toBe(200);
  });
});

describe('unsupported file', () => {
  // Timed out once in five full runs (2026-11-22, not reproduced alone in repeated runs): one retry while
  // that is investigated (closing note of session 2); a refusal that answers something else still fails.
  it('refuses a PNG sent as the file with 415 in the learning error envelope, and stores nothing', { retry: 1 }, async () => {
    const before = await json('GET', '/api/v1/materials?page_size=100');
    const form = new FormData();
    form.append('title', 'Not a video');
    form.append('file', new Blob([PNG_1X1], { type: 'video/mp4' }), 'sneaky.mp4');
    const res = await asSent(await fetch(`${baseUrl}/api/v1/upload`, { method: 'POST', headers: auth(), body: form }));
    expect(res.status, res.text).toBe(415);
    expect(res.body).toEqual(envelope('UNSUPPORTED_FILE_TYPE'));

    const after = await json('GET', '/api/v1/materials?page_size=100');
    expect(after.body.total).toBe(before.body.total);
  });
});

describe('a refused upload leaves the server usable', () => {
  // wrangler dev broke its connection to the runtime when the Worker cancelled a request body the
  // client was still sending: the next POST answered 503 "Your worker restarted mid-request".
  it('an avatar over 2 MB is refused with 413, and the POST after it is served', async () => {
    const oversized = Buffer.concat([PNG_1X1, Buffer.alloc(3 * 1024 * 1024)]);
    for (let i = 0; i < 3; i++) {
      const form = new FormData();
      form.append('avatar', new Blob([oversized], { type: 'image/png' }), 'big.png');
      const refused = await asSent(await fetch(`${baseUrl}/api/user/avatar`, { method: 'POST', headers: auth(), body: form }));
      expect(refused.status, refused.text).toBe(413);
      const next = await json('POST', '/api/v1/auth/login', { email, password });
      expect(next.status, next.text).toBe(200);
    }
  });
});
