/**
 * Administration: POST /api/v1/admin/cleanup, GET /api/v1/admin/scheduler/status,
 * POST /api/v1/admin/scheduler/jobs/{job_id}/pause|resume, and scheduled() honouring a pause.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { uploadSessions } from '../../../src/db/schema';
import { JOBS } from '../../../src/domain/jobs/registry';
import { setPaused } from '../../../src/domain/jobs/runner';
import worker from '../../../src/index';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  expectUnauthenticated,
  faultyBucket,
  materialRow,
  MiB,
  mp4,
  objectExists,
  pdf,
  png,
  sessionRow,
  setMaterial,
  signedIn,
  uploaded,
  withBucket,
  type SignedIn,
} from './fixtures';
import { expectError, ISO_NAIVE } from './support';

const CLEANUP = '/api/v1/admin/cleanup';
const STATUS = '/api/v1/admin/scheduler/status';
const pause = (job: string, token?: string) => call('POST', `/api/v1/admin/scheduler/jobs/${job}/pause`, { token });
const resume = (job: string, token?: string) => call('POST', `/api/v1/admin/scheduler/jobs/${job}/resume`, { token });
const cleanup = (token: string | undefined, json?: unknown) => call('POST', CLEANUP, { token, json });

const MINUTE = 60_000;
let orphanSeq = 0;

/** An object under `prefix` that no material references. */
async function orphan(prefix: 'materials' | 'thumbnails'): Promise<string> {
  const key = prefix === 'materials' ? `materials/999999/orphan_${++orphanSeq}.mp4` : `thumbnails/${900_000 + ++orphanSeq}.png`;
  await env.FILES.put(key, prefix === 'materials' ? mp4(100) : png(100));
  return key;
}

/** A direct upload left in processing, last touched `minutesAgo` minutes ago, with its file (and thumbnail) in R2. */
async function staleDirect(owner: SignedIn, minutesAgo: number) {
  const m = await uploaded(owner.access_token, { file: pdf(), thumbnail: png() });
  await setMaterial(m.id, { status: 'processing', updatedAt: Date.now() - minutesAgo * MINUTE });
  return m;
}

/** Brings R2 and D1 to a state with no stale rows and no orphans, so counts are exact afterwards. */
async function clean(admin: SignedIn) {
  const res = await cleanup(admin.access_token, {});
  expect(res.status, res.text).toBe(200);
  expect(res.body.errors).toEqual([]);
}

afterEach(async () => {
  for (const j of JOBS) await setPaused(testDeps(), j.id, false);
});

describe('POST /api/v1/admin/cleanup', () => {
  it('removes stale processing records with their objects, and orphaned objects; answers the documented fields', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    await clean(admin);
    const stale = await staleDirect(owner, 45);
    const orphanFile = await orphan('materials');
    const orphanThumb = await orphan('thumbnails');
    const res = await cleanup(admin.access_token, { cleanup_processing: true, cleanup_orphans: true, max_age_minutes: 30 });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['cleaned_files', 'cleaned_records', 'duration_seconds', 'errors', 'success']);
    expect(res.body).toMatchObject({ success: true, cleaned_records: 1, errors: [] });
    // The stale file, and the two orphans; the stale thumbnail goes with its record.
    expect(res.body.cleaned_files).toBe(3);
    expect(res.body.duration_seconds).toBeTypeOf('number');
    expect(res.body.duration_seconds).toBeGreaterThanOrEqual(0);
    expect(await materialRow(stale.id)).toBeUndefined();
    for (const key of [stale.file_path, stale.thumbnail_path, orphanFile, orphanThumb]) expect(await objectExists(key), key).toBe(false);
  });

  it('keeps what rows reference (active, hidden, fresh processing) and what is outside materials/ and thumbnails/', async () => {
    const admin = await signedIn('sysadmin');
    const owner = await signedIn();
    const active = await uploaded(owner.access_token, { file: mp4(), thumbnail: png() });
    const hidden = await uploaded(owner.access_token, { file: pdf() });
    expect((await call('DELETE', `/api/v1/materials/${hidden.id}`, { token: owner.access_token })).status).toBe(204);
    const fresh = await staleDirect(owner, 5);
    await env.FILES.put('avatars/1/keep.png', png(10));
    await env.FILES.put('covers/1/keep.png', png(10));
    const res = await cleanup(admin.access_token, {});
    expect(res.status, res.text).toBe(200);
    for (const key of [
      active.file_path,
      active.thumbnail_path,
      hidden.file_path,
      fresh.file_path,
      fresh.thumbnail_path,
      'avatars/1/keep.png',
      'covers/1/keep.png',
    ]) {
      expect(await objectExists(key), key).toBe(true);
    }
    expect((await materialRow(active.id))?.status).toBe('active');
    expect((await materialRow(hidden.id))?.status).toBe('hidden');
    expect((await materialRow(fresh.id))?.status).toBe('processing');
    expect((await call('GET', `/api/v1/materials/${active.id}/file`)).status).toBe(200);
  });

  it('removes a stale resumable upload: its record, its session and its R2 multipart upload', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const s = await call('POST', '/api/v1/uploads', {
      json: { filename: 'a.mp4', size: 6 * MiB, type: 'video', title: 'Abandoned' },
      token: owner.access_token,
      env: { UPLOAD_PART_SIZE_BYTES: String(5 * MiB) },
    });
    expect(s.status, s.text).toBe(201);
    const part = await call('PUT', `/api/v1/uploads/${s.body.upload_id}/parts/2`, {
      body: new Uint8Array(MiB),
      token: owner.access_token,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(part.status, part.text).toBe(200);
    const session = (await sessionRow(s.body.upload_id))!;
    await setMaterial(s.body.material_id, { updatedAt: Date.now() - 2 * 60 * MINUTE });
    const res = await cleanup(admin.access_token, { cleanup_orphans: false });
    expect(res.status, res.text).toBe(200);
    expect(res.body.cleaned_records).toBeGreaterThanOrEqual(1);
    expect(await materialRow(s.body.material_id)).toBeUndefined();
    expect(await testDeps().db.select().from(uploadSessions).where(eq(uploadSessions.id, s.body.upload_id)).all()).toEqual([]);
    // The multipart upload was aborted: R2 no longer takes parts for it.
    await expect(
      env.FILES.resumeMultipartUpload(session.fileKey, session.r2UploadId).uploadPart(1, new Uint8Array(5 * MiB)),
    ).rejects.toThrow();
    expectError(await call('GET', `/api/v1/uploads/${s.body.upload_id}`, { token: owner.access_token }), 404, 'NOT_FOUND');
  });

  it('max_age_minutes decides what is stale', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const twentyMinutes = await staleDirect(owner, 20);
    expect((await cleanup(admin.access_token, { max_age_minutes: 30 })).status).toBe(200);
    expect((await materialRow(twentyMinutes.id))?.status).toBe('processing');
    const res = await cleanup(admin.access_token, { max_age_minutes: 10 });
    expect(res.status).toBe(200);
    expect(await materialRow(twentyMinutes.id)).toBeUndefined();
    expect(await objectExists(twentyMinutes.file_path)).toBe(false);
  });

  it('cleanup_processing false keeps stale records; cleanup_orphans false keeps orphans', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    await clean(admin);
    const stale = await staleDirect(owner, 60);
    const lost = await orphan('materials');
    const onlyOrphans = await cleanup(admin.access_token, { cleanup_processing: false });
    expect(onlyOrphans.body).toMatchObject({ success: true, cleaned_records: 0, cleaned_files: 1 });
    expect((await materialRow(stale.id))?.status).toBe('processing');
    expect(await objectExists(lost)).toBe(false);
    const lost2 = await orphan('thumbnails');
    const onlyRecords = await cleanup(admin.access_token, { cleanup_orphans: false });
    expect(onlyRecords.body).toMatchObject({ success: true, cleaned_records: 1 });
    expect(await materialRow(stale.id)).toBeUndefined();
    expect(await objectExists(lost2)).toBe(true);
    const nothing = await cleanup(admin.access_token, { cleanup_processing: false, cleanup_orphans: false });
    expect(nothing.body).toMatchObject({ success: true, cleaned_records: 0, cleaned_files: 0, errors: [] });
    expect(await objectExists(lost2)).toBe(true);
  });

  it('without a body every default applies (processing and orphans, 30 minutes)', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const stale = await staleDirect(owner, 31);
    const fresh = await staleDirect(owner, 29);
    const lost = await orphan('materials');
    const res = await call('POST', CLEANUP, { token: admin.access_token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.success).toBe(true);
    expect(await materialRow(stale.id)).toBeUndefined();
    expect((await materialRow(fresh.id))?.status).toBe('processing');
    expect(await objectExists(lost)).toBe(false);
  });

  it('an empty JSON object applies the defaults too', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const stale = await staleDirect(owner, 31);
    const lost = await orphan('thumbnails');
    expect((await cleanup(admin.access_token, {})).status).toBe(200);
    expect(await materialRow(stale.id)).toBeUndefined();
    expect(await objectExists(lost)).toBe(false);
  });

  it('an unknown field is ignored: the declared ones decide (an orphan kept when cleanup_orphans is false)', async () => {
    const admin = await signedIn('admin');
    const lost = await orphan('materials');
    const res = await cleanup(admin.access_token, { cleanup_all: true, force: true, cleanup_orphans: false });
    expect(res.status, res.text).toBe(200);
    expect(res.body.cleaned_files).toBe(0);
    expect(await objectExists(lost)).toBe(true);
  });

  it.each([
    ['max_age_minutes 0', { max_age_minutes: 0 }],
    ['a negative max_age_minutes', { max_age_minutes: -5 }],
    ['a fractional max_age_minutes', { max_age_minutes: 1.5 }],
    ['max_age_minutes as a string', { max_age_minutes: '30' }],
    ['cleanup_processing as a string', { cleanup_processing: 'yes' }],
    ['cleanup_orphans as a number', { cleanup_orphans: 1 }],
    ['an array', [true]],
    ['null', null],
  ])('%s: 422 VALIDATION_ERROR, nothing removed', async (_, json) => {
    const admin = await signedIn('admin');
    const lost = await orphan('materials');
    expectError(await cleanup(admin.access_token, json), 422, 'VALIDATION_ERROR');
    expect(await objectExists(lost)).toBe(true);
  });

  it('malformed JSON: 422', async () => {
    const admin = await signedIn('admin');
    expectError(
      await call('POST', CLEANUP, {
        token: admin.access_token,
        body: '{"max_age_minutes":',
        headers: { 'Content-Type': 'application/json' },
      }),
      422,
      'VALIDATION_ERROR',
    );
  });

  it('R2 cannot list: 200 with success false and the error; stale records are still removed', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const stale = await staleDirect(owner, 60);
    const { bucket } = faultyBucket({ list: true });
    const res = await call('POST', CLEANUP, { token: admin.access_token, json: {}, env: withBucket(bucket) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(res.body.errors.every((e: unknown) => typeof e === 'string')).toBe(true);
    expect(await materialRow(stale.id)).toBeUndefined();
  });

  it('R2 cannot delete a stale record’s file: the record stays (to retry), the error is reported', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    await clean(admin);
    const stale = await staleDirect(owner, 60);
    const { bucket } = faultyBucket({ delete: true });
    const res = await call('POST', CLEANUP, { token: admin.access_token, json: { cleanup_orphans: false }, env: withBucket(bucket) });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ success: false, cleaned_records: 0 });
    expect(res.body.errors[0]).toContain(`material ${stale.id}`);
    expect((await materialRow(stale.id))?.status).toBe('processing');
    expect(await objectExists(stale.file_path)).toBe(true);
  });

  it('students and teachers: 403 FORBIDDEN and nothing removed; no, expired or revoked token: 401', async () => {
    const owner = await signedIn();
    const stale = await staleDirect(owner, 60);
    const lost = await orphan('materials');
    for (const role of ['student', 'teacher'] as const) {
      expectError(await cleanup((await signedIn(role)).access_token, {}), 403, 'FORBIDDEN');
    }
    await expectUnauthenticated(await signedIn('admin'), (token) => cleanup(token, {}));
    expect((await materialRow(stale.id))?.status).toBe('processing');
    expect(await objectExists(lost)).toBe(true);
    expect(await objectExists(stale.file_path)).toBe(true);
  });

  it('the cleanup job does the same on its cron, unless paused', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const stale = await staleDirect(owner, 60);
    const lost = await orphan('materials');
    expect((await pause('cleanup_job', admin.access_token)).status).toBe(200);
    await scheduled('*/30 * * * *');
    expect((await materialRow(stale.id))?.status).toBe('processing');
    expect(await objectExists(lost)).toBe(true);
    expect((await resume('cleanup_job', admin.access_token)).status).toBe(200);
    await scheduled('*/30 * * * *');
    expect(await materialRow(stale.id)).toBeUndefined();
    expect(await objectExists(lost)).toBe(false);
  });
});

async function scheduled(cron: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const jobOf = (body: { jobs: Record<string, any>[] }, id: string) => body.jobs.find((j) => j.id === id)!;

/** Milliseconds of a naive UTC ISO datetime. */
const utc = (naive: string) => Date.parse(`${naive}Z`);

describe('GET /api/v1/admin/scheduler/status', () => {
  it('lists the three jobs with their next run (naive UTC), cron, pause state and last run', async () => {
    const admin = await signedIn('admin');
    const before = Date.now();
    const res = await call('GET', STATUS, { token: admin.access_token });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['jobs', 'running']);
    expect(res.body.running).toBe(true);
    expect(res.body.jobs.map((j: { id: string }) => j.id).sort()).toEqual(['cleanup_job', 'thumbnail_job', 'token_cleanup_job']);
    for (const j of res.body.jobs) {
      expect(Object.keys(j).sort()).toEqual(['cron', 'id', 'last_run', 'name', 'next_run_time', 'paused']);
      expect(j.paused).toBe(false);
      expect(j.next_run_time).toMatch(ISO_NAIVE);
      expect(utc(j.next_run_time)).toBeGreaterThan(before - 1000);
    }
    const cleanupJob = jobOf(res.body, 'cleanup_job');
    expect(cleanupJob).toMatchObject({ name: 'cleanup_stale_records', cron: '*/30 * * * *' });
    const nextCleanup = new Date(utc(cleanupJob.next_run_time));
    expect([0, 30]).toContain(nextCleanup.getUTCMinutes());
    expect(nextCleanup.getUTCSeconds()).toBe(0);
    expect(nextCleanup.getTime() - before).toBeLessThanOrEqual(30 * MINUTE);

    const thumbnails = jobOf(res.body, 'thumbnail_job');
    expect(thumbnails.cron).toBe('*/5 * * * *');
    const nextThumb = new Date(utc(thumbnails.next_run_time));
    expect(nextThumb.getUTCMinutes() % 5).toBe(0);
    expect(nextThumb.getTime() - before).toBeLessThanOrEqual(5 * MINUTE);

    const tokens = jobOf(res.body, 'token_cleanup_job');
    const nextTokens = new Date(utc(tokens.next_run_time));
    expect([nextTokens.getUTCHours(), nextTokens.getUTCMinutes()]).toEqual([3, 17]);
    expect(nextTokens.getTime() - before).toBeLessThanOrEqual(24 * 60 * MINUTE);
  });

  it('last_run shows the latest run of a job', async () => {
    const admin = await signedIn('sysadmin');
    await scheduled('*/5 * * * *');
    const res = await call('GET', STATUS, { token: admin.access_token });
    const run = jobOf(res.body, 'thumbnail_job').last_run;
    expect(Object.keys(run).sort()).toEqual(['detail', 'finished_at', 'outcome', 'started_at']);
    expect(run.outcome).toBe('succeeded');
    expect(run.started_at).toMatch(ISO_NAIVE);
    expect(run.finished_at).toMatch(ISO_NAIVE);
  });

  it('students and teachers: 403; no, expired or revoked token: 401', async () => {
    for (const role of ['student', 'teacher'] as const) {
      expectError(await call('GET', STATUS, { token: (await signedIn(role)).access_token }), 403, 'FORBIDDEN');
    }
    await expectUnauthenticated(await signedIn('admin'), (token) => call('GET', STATUS, { token }));
  });
});

describe('POST /api/v1/admin/scheduler/jobs/{job_id}/pause and /resume', () => {
  it('pause: the documented answer; the job shows paused with no next run; resume brings it back', async () => {
    const admin = await signedIn('admin');
    const paused = await pause('cleanup_job', admin.access_token);
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toEqual({ success: true, message: 'Job cleanup_job paused successfully', job_id: 'cleanup_job' });
    let status = (await call('GET', STATUS, { token: admin.access_token })).body;
    expect(jobOf(status, 'cleanup_job')).toMatchObject({ paused: true, next_run_time: null });
    expect(jobOf(status, 'thumbnail_job')).toMatchObject({ paused: false });
    expect(jobOf(status, 'thumbnail_job').next_run_time).toMatch(ISO_NAIVE);

    const resumed = await resume('cleanup_job', admin.access_token);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toEqual({ success: true, message: 'Job cleanup_job resumed successfully', job_id: 'cleanup_job' });
    status = (await call('GET', STATUS, { token: admin.access_token })).body;
    expect(jobOf(status, 'cleanup_job').paused).toBe(false);
    expect(jobOf(status, 'cleanup_job').next_run_time).toMatch(ISO_NAIVE);
  });

  it('pausing twice or resuming a running job is fine', async () => {
    const admin = await signedIn('sysadmin');
    for (const job of ['thumbnail_job', 'token_cleanup_job']) {
      expect((await pause(job, admin.access_token)).status).toBe(200);
      expect((await pause(job, admin.access_token)).body).toEqual({
        success: true,
        message: `Job ${job} paused successfully`,
        job_id: job,
      });
      expect((await resume(job, admin.access_token)).status).toBe(200);
      expect((await resume(job, admin.access_token)).body).toEqual({
        success: true,
        message: `Job ${job} resumed successfully`,
        job_id: job,
      });
    }
  });

  it('an unknown job: 404 JOB_NOT_FOUND', async () => {
    const admin = await signedIn('admin');
    for (const send of [pause, resume]) {
      expectError(await send('no_such_job', admin.access_token), 404, 'JOB_NOT_FOUND');
      expectError(await send('CLEANUP_JOB', admin.access_token), 404, 'JOB_NOT_FOUND');
    }
  });

  it('an unknown job id is quoted in the message, so a blank one does not read "Job   not found"', async () => {
    const admin = await signedIn('admin');
    for (const send of [pause, resume]) {
      for (const [id, shown] of [
        ['%20', '" "'],
        ['no_such_job', '"no_such_job"'],
        ['a%0Ab', '"a\\nb"'],
      ]) {
        const res = await send(id!, admin.access_token);
        expectError(res, 404, 'JOB_NOT_FOUND');
        expect(res.body.error.message).toBe(`Job not found: ${shown}`);
      }
    }
  });

  it('students and teachers: 403 and the job is not paused; no, expired or revoked token: 401', async () => {
    const admin = await signedIn('admin');
    for (const role of ['student', 'teacher'] as const) {
      const token = (await signedIn(role)).access_token;
      expectError(await pause('cleanup_job', token), 403, 'FORBIDDEN');
    }
    await expectUnauthenticated(admin, (token) => pause('cleanup_job', token));
    expect(jobOf((await call('GET', STATUS, { token: admin.access_token })).body, 'cleanup_job').paused).toBe(false);

    expect((await pause('cleanup_job', admin.access_token)).status).toBe(200);
    for (const role of ['student', 'teacher'] as const) {
      expectError(await resume('cleanup_job', (await signedIn(role)).access_token), 403, 'FORBIDDEN');
    }
    await expectUnauthenticated(admin, (token) => resume('cleanup_job', token));
    expect(jobOf((await call('GET', STATUS, { token: admin.access_token })).body, 'cleanup_job').paused).toBe(true);
  });

  it('scheduled() skips a paused job (recorded as skipped) and runs it again once resumed', async () => {
    const admin = await signedIn('admin');
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: mp4() });
    expect((await pause('thumbnail_job', admin.access_token)).status).toBe(200);
    await scheduled('*/5 * * * *');
    expect((await materialRow(m.id))?.thumbnailStatus).toBe('pending');
    let job = jobOf((await call('GET', STATUS, { token: admin.access_token })).body, 'thumbnail_job');
    expect(job.last_run).toMatchObject({ outcome: 'skipped' });

    expect((await resume('thumbnail_job', admin.access_token)).status).toBe(200);
    for (let i = 0; i < 20 && (await materialRow(m.id))?.thumbnailStatus === 'pending'; i++) await scheduled('*/5 * * * *');
    expect(await materialRow(m.id)).toMatchObject({ thumbnailStatus: 'failed', thumbnailKey: `thumbnails/${m.id}.svg` });
    job = jobOf((await call('GET', STATUS, { token: admin.access_token })).body, 'thumbnail_job');
    expect(job.last_run).toMatchObject({ outcome: 'succeeded' });
  });
});
