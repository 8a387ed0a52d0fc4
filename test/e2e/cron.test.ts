// Cron Triggers through the runtime's own scheduled trigger, as Cloudflare documents for local work:
// `GET /cdn-cgi/handler/scheduled?cron=<expression>` on the running `wrangler dev`. Every cron of the
// wrangler configuration is fired; the runs are read back from the local D1 (`wrangler d1 execute
// --local`) and their effects through the learning API, as an operator and a frontend would see them.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { devVar } from './dev-vars';
import { jsonClient } from './json-client';

const ROOT = join(import.meta.dirname, '..', '..');
const baseUrl = inject('baseUrl');
const persistTo = inject('persistTo');
const { send } = jsonClient(baseUrl);

/**
 * The crons as wrangler reads the configuration (its own reader, in a child process: importing wrangler
 * here would install its HTTP dispatcher for this process's fetch).
 */
const CRONS: string[] = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { unstable_readConfig } = await import('wrangler'); console.log(JSON.stringify(unstable_readConfig({ config: 'wrangler.toml' }).triggers.crons ?? []));",
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
    .trim()
    .split('\n')
    .at(-1)!,
);

/**
 * Rows of one statement against the shared server's local D1. Asynchronous on purpose: blocking this
 * process for the seconds wrangler takes would let the server close an idle keep-alive connection
 * unnoticed, and the next request would fail on the dead socket.
 */
async function d1<T>(sql: string): Promise<T[]> {
  const { stdout } = await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' } },
  );
  return (JSON.parse(stdout) as { results: T[] }[])[0]!.results;
}

async function trigger(cron?: string): Promise<{ status: number; text: string }> {
  const query = cron === undefined ? '' : `?cron=${encodeURIComponent(cron)}`;
  const res = await fetch(`${baseUrl}/cdn-cgi/handler/scheduled${query}`);
  return { status: res.status, text: await res.text() };
}

interface Run {
  id: number;
  job_id: string;
  trigger: string;
  outcome: string;
  detail: string | null;
}

const runsAfter = (id: number) => d1<Run>(`SELECT id, job_id, trigger, outcome, detail FROM job_runs WHERE id > ${id} ORDER BY id`);
const lastRunId = async () => (await d1<{ id: number | null }>('SELECT max(id) AS id FROM job_runs'))[0]?.id ?? 0;

/** The runs, once at least `count` have finished (the first read normally has them all). */
async function waitForRuns(afterId: number, count: number): Promise<Run[]> {
  for (let i = 0; ; i++) {
    const runs = (await runsAfter(afterId)).filter((r) => r.outcome !== 'running');
    if (runs.length >= count || i === 20) return runs;
    await new Promise((r) => setTimeout(r, 250));
  }
}

let token = '';
let jobsByCron = new Map<string, string[]>();
let staleUploadMaterial = 0;
let thumbnailMaterial = 0;

beforeAll(async () => {
  const login = await send('POST', '/api/v1/auth/login', { json: { email: devVar('ADMIN_EMAIL'), password: devVar('ADMIN_PASSWORD') } });
  expect(login.status, login.text).toBe(200);
  token = login.body.access_token;

  const status = await send('GET', '/api/v1/admin/scheduler/status', { token });
  expect(status.status, status.text).toBe(200);
  jobsByCron = new Map();
  for (const job of status.body.jobs as { id: string; cron: string }[])
    jobsByCron.set(job.cron, [...(jobsByCron.get(job.cron) ?? []), job.id]);

  // A direct upload with the uploader's own thumbnail: pending until the thumbnail job runs.
  const form = new FormData();
  form.append('title', 'Cron thumbnail');
  form.append(
    'file',
    new Blob([Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')], { type: 'application/pdf' }),
    'notes.pdf',
  );
  form.append(
    'thumbnail',
    new Blob([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')], {
      type: 'image/png',
    }),
    'cover.png',
  );
  const upload = await fetch(`${baseUrl}/api/v1/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const uploaded = (await upload.json()) as { id: number };
  expect(upload.status, JSON.stringify(uploaded)).toBe(201);
  thumbnailMaterial = uploaded.id;
  const pending = await send('GET', `/api/v1/upload/thumbnail-status/${thumbnailMaterial}`, { token });
  expect(pending.body.thumbnail_status).toBe('pending');

  // A resumable upload nobody finished, made an hour old: the cleanup job's stale `processing` record.
  const started = await send('POST', '/api/v1/uploads', {
    token,
    json: { filename: 'abandoned.mp4', size: 12 * 1024 * 1024, type: 'video', title: 'Abandoned' },
  });
  expect(started.status, started.text).toBe(201);
  staleUploadMaterial = started.body.material_id;
  await d1(`UPDATE materials SET updated_at = updated_at - 3600000, created_at = created_at - 3600000 WHERE id = ${staleUploadMaterial}`);
  await d1(
    `UPDATE upload_sessions SET updated_at = updated_at - 3600000, created_at = created_at - 3600000 WHERE material_id = ${staleUploadMaterial}`,
  );
});

describe('cron triggers through wrangler dev', () => {
  it('the configuration has crons and every one is claimed by a job', () => {
    expect(CRONS.length).toBeGreaterThan(0);
    for (const cron of CRONS) expect(jobsByCron.get(cron), cron).toBeDefined();
  });

  it('every configured cron runs its jobs, recorded in D1 as cron runs that succeeded', async () => {
    const before = await lastRunId();
    // The trigger answers once scheduled() has finished (it awaits the run), so the runs are recorded by then.
    for (const cron of CRONS) expect(await trigger(cron), cron).toEqual({ status: 200, text: 'ok' });
    const runs = await waitForRuns(before, CRONS.flatMap((c) => jobsByCron.get(c)!).length);
    const expected = CRONS.flatMap((cron) => jobsByCron.get(cron)!.map((job_id) => ({ job_id, trigger: 'cron', outcome: 'succeeded' })));
    expect(
      runs.map((r) => ({ job_id: r.job_id, trigger: r.trigger, outcome: r.outcome })),
      JSON.stringify(runs),
    ).toEqual(expected);
  }, 120_000);

  it('the cleanup cron removed the stale processing upload, the thumbnail cron completed the thumbnail', async () => {
    const gone = await send('GET', `/api/v1/upload/status/${staleUploadMaterial}`, { token });
    expect(gone.status, gone.text).toBe(404);
    const thumb = await send('GET', `/api/v1/upload/thumbnail-status/${thumbnailMaterial}`, { token });
    expect(thumb.status, thumb.text).toBe(200);
    expect(thumb.body).toMatchObject({ thumbnail_status: 'completed', has_thumbnail: true });
  });

  it('the scheduler status shows each job last run by its cron', async () => {
    const status = await send('GET', '/api/v1/admin/scheduler/status', { token });
    for (const job of status.body.jobs) expect(job.last_run, job.id).toMatchObject({ outcome: 'succeeded' });
  });

  it('a cron no job claims, and a bare trigger, run nothing and do not fail', { timeout: 120_000 }, async () => {
    const before = await lastRunId();
    expect(await trigger('1 2 3 4 5')).toEqual({ status: 200, text: 'ok' });
    expect(await trigger()).toEqual({ status: 200, text: 'ok' });
    expect(await runsAfter(before)).toEqual([]);
  });

  it('a paused job is skipped by its cron and the skip is recorded', { timeout: 120_000 }, async () => {
    const [cron, [jobId]] = [...jobsByCron.entries()][0]!;
    expect((await send('POST', `/api/v1/admin/scheduler/jobs/${jobId}/pause`, { token })).status).toBe(200);
    try {
      const before = await lastRunId();
      expect(await trigger(cron)).toEqual({ status: 200, text: 'ok' });
      const runs = await waitForRuns(before, 1);
      expect(runs.find((r) => r.job_id === jobId)).toMatchObject({ trigger: 'cron', outcome: 'skipped', detail: 'paused' });
    } finally {
      expect((await send('POST', `/api/v1/admin/scheduler/jobs/${jobId}/resume`, { token })).status).toBe(200);
    }
  });
});
