/**
 * R2 failing during uploads: the client gets the documented 500 UPLOAD_FAILED, no material becomes
 * `active`, and the cleanup job (the cron job itself, run half an hour later) removes whatever the
 * failure left: rows, objects and unfinished multipart uploads.
 */
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { materials, uploadSessions } from '../../src/db/schema';
import { runJob } from '../../src/domain/jobs/runner';
import { findJob } from '../../src/domain/jobs/registry';
import { testDeps } from '../helpers/deps';
import { faultyWorld, type FaultyWorld } from '../helpers/faulty-bindings';
import { keysUnder, MiB, mp4, png, signedIn, uploadForm } from '../apis/learning/fixtures';
import { expectError } from '../apis/learning/support';

const PART = 5 * MiB;

const rowsOf = (uploaderId: number) => testDeps().db.select().from(materials).where(eq(materials.uploaderId, uploaderId)).all();

/** The cleanup cron job, as the scheduler runs it, 31 minutes from now (past its 30-minute cut-off). */
async function runCleanupJobLater(): Promise<string> {
  const deps = testDeps();
  deps.clock.advance(31 * 60_000);
  const outcome = await runJob(deps, findJob('cleanup_job')!, 'manual');
  return outcome;
}

const directUpload = (world: FaultyWorld, token: string, form: FormData) => world.send('POST', '/api/v1/upload', { token, body: form });

describe('direct upload (POST /api/v1/upload) when R2 fails', () => {
  it('the put fails: 500 UPLOAD_FAILED, no row, no object', async () => {
    const u = await signedIn('teacher');
    const world = faultyWorld();
    world.r2.failWhen((c) => c.op === 'put');
    expectError(await directUpload(world, u.access_token, uploadForm({ file: mp4(4096) })), 500, 'UPLOAD_FAILED');
    expect(world.r2.failed.map((c) => c.op)).toEqual(['put']);
    expect(await rowsOf(u.id)).toEqual([]);
    expect(await keysUnder(`materials/${u.id}/`)).toEqual([]);
  });

  it('the thumbnail put fails and R2 cannot delete the stored file either: no active row; the cleanup job removes the orphan object', async () => {
    const u = await signedIn('teacher');
    const world = faultyWorld();
    world.r2.failWhen((c) => (c.op === 'put' && c.key.startsWith('thumbnails/')) || c.op === 'delete');
    expectError(await directUpload(world, u.access_token, uploadForm({ file: mp4(4096), thumbnail: png() })), 500, 'UPLOAD_FAILED');
    expect((await rowsOf(u.id)).filter((m) => m.status === 'active')).toEqual([]);
    const left = await keysUnder(`materials/${u.id}/`);
    expect(left).toHaveLength(1);

    expect(await runCleanupJobLater()).toBe('succeeded');
    expect(await keysUnder(`materials/${u.id}/`)).toEqual([]);
    expect(await rowsOf(u.id)).toEqual([]);
  });

  it('R2 and D1 both fail the discard: the row stays processing (never active); the cleanup job removes row and object', async () => {
    const u = await signedIn('teacher');
    const world = faultyWorld();
    world.r2.failWhen((c) => (c.op === 'put' && c.key.startsWith('thumbnails/')) || c.op === 'delete');
    world.d1.failWhen((c) => c.sql.some((s) => /^delete from "materials"/.test(s)));
    expectError(await directUpload(world, u.access_token, uploadForm({ file: mp4(4096), thumbnail: png() })), 500, 'UPLOAD_FAILED');
    const rows = await rowsOf(u.id);
    expect(rows.map((m) => m.status)).toEqual(['processing']);
    expect(await keysUnder(`materials/${u.id}/`)).toEqual([rows[0]!.fileKey]);

    expect(await runCleanupJobLater()).toBe('succeeded');
    expect(await rowsOf(u.id)).toEqual([]);
    expect(await keysUnder(`materials/${u.id}/`)).toEqual([]);
  });
});

describe('resumable upload (POST /api/v1/uploads …) when R2 fails', () => {
  const data = mp4(PART + 1000);

  async function started(world: FaultyWorld, token: string) {
    const res = await world.send('POST', '/api/v1/uploads', {
      token,
      json: { filename: 'big.mp4', size: data.length, type: 'video', title: 'Faulty' },
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { upload_id: string; material_id: number };
  }
  const sendPart = (world: FaultyWorld, token: string, id: string, n: number) => {
    const body = data.slice((n - 1) * PART, Math.min(data.length, n * PART));
    return world.send('PUT', `/api/v1/uploads/${id}/parts/${n}`, {
      token,
      body,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.byteLength) },
    });
  };

  it('D1 fails while the session is recorded: 503, neither the material nor the session row, and the R2 upload is aborted', async () => {
    const u = await signedIn('teacher');
    const world = faultyWorld({ UPLOAD_PART_SIZE_BYTES: String(PART) });
    world.d1.failWhen((c) => c.sql.some((q) => /^insert into "upload_sessions"/.test(q)), { times: 1 });
    const res = await world.send('POST', '/api/v1/uploads', {
      token: u.access_token,
      json: { filename: 'big.mp4', size: data.length, type: 'video', title: 'Faulty' },
    });
    expectError(res, 503, 'DATABASE_ERROR');
    expect(world.d1.failed).toHaveLength(1);
    expect(await rowsOf(u.id)).toEqual([]);
    const created = world.r2.calls.find((c) => c.op === 'createMultipartUpload')!;
    expect(world.r2.calls).toContainEqual({ op: 'abort', key: created.key });
  });

  it('uploadPart and complete fail: 500 UPLOAD_FAILED each time, the material stays processing; the cleanup job aborts the multipart upload and removes the rows', async () => {
    const u = await signedIn('teacher');
    const world = faultyWorld({ UPLOAD_PART_SIZE_BYTES: String(PART) });
    const s = await started(world, u.access_token);

    world.r2.failWhen((c) => c.op === 'uploadPart', { times: 1 });
    expectError(await sendPart(world, u.access_token, s.upload_id, 1), 500, 'UPLOAD_FAILED');
    expect((await sendPart(world, u.access_token, s.upload_id, 1)).status).toBe(200);
    expect((await sendPart(world, u.access_token, s.upload_id, 2)).status).toBe(200);

    world.r2.failWhen((c) => c.op === 'complete');
    expectError(await world.send('POST', `/api/v1/uploads/${s.upload_id}/complete`, { token: u.access_token }), 500, 'UPLOAD_FAILED');
    const row = (await rowsOf(u.id))[0]!;
    expect(row.status).toBe('processing');
    const session = await testDeps().db.select().from(uploadSessions).where(eq(uploadSessions.id, s.upload_id)).get();
    expect(session!.status).toBe('open');
    // The parts exist only inside R2's multipart upload: no object under the key yet, but it takes parts.
    expect(await keysUnder(`materials/${u.id}/`)).toEqual([]);
    const multipart = () => env.FILES.resumeMultipartUpload(row.fileKey!, session!.r2UploadId);
    await expect(multipart().uploadPart(3, new Uint8Array(10))).resolves.toHaveProperty('etag');

    expect(await runCleanupJobLater()).toBe('succeeded');
    expect(await rowsOf(u.id)).toEqual([]);
    expect(await testDeps().db.select().from(uploadSessions).where(eq(uploadSessions.id, s.upload_id)).get()).toBeUndefined();
    expect(await keysUnder(`materials/${u.id}/`)).toEqual([]);
    // The multipart upload itself is gone (aborted): R2 takes no more parts for it.
    await expect(multipart().uploadPart(3, new Uint8Array(10))).rejects.toThrow();
  });
});

describe('file delivery when R2 fails', () => {
  it('GET /api/v1/materials/{id}/file with R2 get failing answers 5xx in the envelope, not a hang or an empty 200', async () => {
    const u = await signedIn('teacher');
    const res = await faultyWorld().send('POST', '/api/v1/upload', { token: u.access_token, body: uploadForm({ file: mp4(4096) }) });
    expect(res.status, res.text).toBe(201);
    const world = faultyWorld();
    world.r2.failWhen((c) => c.op === 'get' || c.op === 'head');
    const file = await world.send('GET', `/api/v1/materials/${res.body.id}/file`);
    expect(file.status, file.text).toBeGreaterThanOrEqual(500);
    expectError(file, file.status);
  });
});
