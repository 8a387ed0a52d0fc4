import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { testDeps } from '../../helpers/deps';
import { materials } from '../../../src/db/schema';
import { MiB, type materialRow, materialRowsOf, mp4, signedIn, streamingUpload, uploadForm, webm } from './fixtures';

const PART = 5 * MiB;
const env = { UPLOAD_PART_SIZE_BYTES: String(PART) };

describe('upload edge cases', () => {
  it('accepts a resumable part sent without Content-Type (a browser’s file.slice()), above the 1 MB JSON limit', async () => {
    const user = await signedIn();
    const size = PART + 10;
    const s = await call('POST', '/api/v1/uploads', {
      json: { filename: 'clip.mp4', size, type: 'video', title: 'No type' },
      token: user.access_token,
      env,
    });
    expect(s.status, s.text).toBe(201);
    const data = mp4(size);
    for (const n of [1, 2]) {
      const chunk = data.slice((n - 1) * PART, Math.min(size, n * PART));
      const res = await call('PUT', `/api/v1/uploads/${s.body.upload_id}/parts/${n}`, {
        body: chunk,
        token: user.access_token,
        env,
        headers: { 'Content-Length': String(chunk.byteLength) },
      });
      expect(res.status, res.text).toBe(200);
    }
    const done = await call('POST', `/api/v1/uploads/${s.body.upload_id}/complete`, { token: user.access_token, env });
    expect(done.status, done.text).toBe(200);
  });

  it('names the R2 key after the file name’s format for resumable webm uploads', async () => {
    const user = await signedIn();
    const s = await call('POST', '/api/v1/uploads', {
      json: { filename: 'talk.WEBM', size: 100, type: 'video', title: 'Webm' },
      token: user.access_token,
    });
    expect(s.status, s.text).toBe(201);
    const res = await call('PUT', `/api/v1/uploads/${s.body.upload_id}/parts/1`, {
      body: webm(100),
      token: user.access_token,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(res.status, res.text).toBe(200);
    const done = await call('POST', `/api/v1/uploads/${s.body.upload_id}/complete`, { token: user.access_token });
    expect(done.body).toMatchObject({ file_format: 'webm' });
    expect(done.body.file_path).toMatch(/\.webm$/);
  });

  it('treats an empty file field (no file chosen in a form) as a missing file: 422, not 415', async () => {
    const user = await signedIn();
    const form = uploadForm({ file: null });
    form.append('file', new Blob([]), '');
    const res = await call('POST', '/api/v1/upload', { body: form, token: user.access_token });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.details.errors[0].field).toBe('body.file');
  });

  it('refreshes the row while a large direct upload streams (bytes_received and updated_at move per stored part)', async () => {
    const user = await signedIn();
    const up = streamingUpload(user.access_token);
    const part = 10 * MiB; // the default UPLOAD_PART_SIZE_BYTES
    up.send(mp4(part + 1000));
    let row: Awaited<ReturnType<typeof materialRow>>;
    for (let i = 0; i < 200; i++) {
      row = (await materialRowsOf(user.id))[0];
      if (row && row.bytesReceived >= part) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(row!.status).toBe('processing');
    expect(row!.bytesReceived).toBeGreaterThanOrEqual(part);
    expect(row!.updatedAt).toBeGreaterThan(row!.createdAt - 1);
    up.finish();
    const res = await up.response;
    expect(res.status).toBe(201);
  });

  it('answers 500 CLEANUP_FAILED when the whole cleanup run fails', async () => {
    const admin = await signedIn('admin');
    const broken = {
      prepare: () => {
        throw new Error('D1 down');
      },
      batch: () => Promise.reject(new Error('D1 down')),
    } as unknown as D1Database;
    // The token check needs no D1; the cleanup's first query does.
    const res = await call('POST', '/api/v1/admin/cleanup', { json: {}, token: admin.access_token, env: { DB: broken } });
    expect(res.status, res.text).toBe(500);
    expect(res.body.error.code).toBe('CLEANUP_FAILED');
    expect(await testDeps().db.select().from(materials).limit(1).all()).toBeDefined();
  });
});

describe('file delivery headers', () => {
  it('serves files inline under the storage key’s own name, never the uploader’s file name', async () => {
    const user = await signedIn();
    const res = await call('POST', '/api/v1/upload', {
      body: uploadForm({ file: mp4(2048), filename: '../../evil\u202e4pm.exe' }),
      token: user.access_token,
    });
    expect(res.status, res.text).toBe(201);
    const file = await call('GET', `/api/v1/materials/${res.body.id}/file`);
    expect(file.headers.get('Content-Disposition')).toMatch(/^inline; filename="\d{8}_\d{6}_[0-9a-f]{12}\.mp4"$/);
    expect(file.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.body.file_path).not.toContain('evil');
  });
});
