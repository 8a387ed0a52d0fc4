/**
 * Builders shared by the learning materials tests (not a test file itself): file bytes with the
 * right magic numbers, multipart forms, signed-in users of each role, direct access to rows and objects.
 */
import { env, exports } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { materialLikes, materials, uploadSessions, type MaterialRow } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import type { Role } from '../../../src/domain/accounts/roles';
import { runScheduled } from '../../../src/domain/jobs/runner';
import type { Bindings } from '../../../src/env';
import { testDeps } from '../../helpers/deps';
import { call, loginLearner, uniqueEmail, type CallOptions, type CallResult } from '../../helpers/http';
import { expectError, forgeToken } from './support';
import { bytes } from '../../helpers/bytes';

export { bytes };

export const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Bytes

/** `size` bytes: `head`, then a deterministic pattern (so ranges can be compared byte for byte). */
function padded(head: Uint8Array, size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(Math.max(size, head.length));
  out.set(head);
  for (let i = head.length; i < out.length; i++) out[i] = (i * 31 + seed) & 255;
  return out;
}

/** An EBML header as muxers write it, with the given DocType. */
function ebml(docType: string, after: Uint8Array = new Uint8Array(0)): Uint8Array {
  const elements = bytes(
    [0x42, 0x86, 0x81, 0x01],
    [0x42, 0xf7, 0x81, 0x01],
    [0x42, 0xf2, 0x81, 0x04],
    [0x42, 0xf3, 0x81, 0x08],
    [0x42, 0x82, 0x80 | docType.length],
    docType,
    [0x42, 0x87, 0x81, 0x04],
    [0x42, 0x85, 0x81, 0x02],
  );
  return bytes(
    [0x1a, 0x45, 0xdf, 0xa3, 0x80 | elements.length],
    elements,
    [0x18, 0x53, 0x80, 0x67, 0x01, 0, 0, 0, 0, 0x0a, 0x5e, 0x2c],
    after,
  );
}

export const mp4 = (size = 4096, seed?: number) => padded(bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41'), size, seed);
export const webm = (size = 4096, seed?: number) => padded(ebml('webm'), size, seed);
/** A Matroska (not WebM) file whose first bytes still contain the text "webm". */
export const matroska = (size = 4096) => padded(ebml('matroska', bytes('webm webm')), size);
export const pdf = (size = 4096, seed?: number) => padded(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), size, seed);
export const png = (size = 512) => padded(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), size);
export const jpeg = (size = 512) => padded(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF\0'), size);
export const webp = (size = 512) => padded(bytes('RIFF', [0x24, 0x10, 0, 0], 'WEBPVP8 '), size);
export const gif = (size = 512) => padded(bytes('GIF89a'), size);
export const heic = (size = 4096) => padded(bytes([0, 0, 0, 0x18], 'ftypheic'), size);
export const text = (size = 4096) => padded(bytes('just some text, no magic number here\n'), size);

/** A short, printable fingerprint of some bytes (vitest's diff of a multi-MB array would exhaust memory). */
export async function digest(data: Uint8Array | ArrayBuffer | null): Promise<string | null> {
  if (data === null) return null;
  const buf = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return `${data.byteLength}:${Array.from(buf.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Users

export interface SignedIn {
  id: number;
  email: string;
  password: string;
  name: string;
  role: Role;
  access_token: string;
  refresh_token: string;
}

let nameSeq = 0;

/** An account of the given role (created in the domain, as an administrator would), signed in through the learning API. */
export async function signedIn(role: Role = 'student', opts: { name?: string; avatarUrl?: string | null } = {}): Promise<SignedIn> {
  const email = uniqueEmail(role);
  const password = 'password-123';
  const name = opts.name ?? `${role} ${++nameSeq}`;
  const account = await createAccount(
    testDeps(),
    { email, name, password, role, avatarUrl: opts.avatarUrl ?? null },
    { selfRegistration: false },
  );
  const tokens = await loginLearner(email, password);
  return { id: account.id, email, password, name, role, access_token: tokens.access_token, refresh_token: tokens.refresh_token };
}

/** A fresh access token of `user` that has been signed out (revoked). */
export async function revokedToken(user: SignedIn): Promise<string> {
  const { access_token } = await loginLearner(user.email, user.password);
  const out = await call('POST', '/api/v1/auth/logout', { token: access_token });
  expect(out.status, out.text).toBe(200);
  return access_token;
}

/** A correctly signed access token of `user` that expired a minute ago. */
export function expiredToken(user: SignedIn): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - 3600;
  return forgeToken(user.id, { role: user.role, iat, exp: iat + 3540 });
}

/**
 * Every way to be unauthenticated: no token, a malformed one, an expired one, a revoked one. The
 * request is built by `send` (which receives the token, or undefined); each answer must be 401.
 */
export async function expectUnauthenticated(user: SignedIn, send: (token: string | undefined) => Promise<CallResult>): Promise<void> {
  expectError(await send(undefined), 401, 'UNAUTHORIZED');
  expectError(await send('not-a-jwt'), 401, 'INVALID_TOKEN');
  expectError(await send(await expiredToken(user)), 401, 'INVALID_TOKEN');
  expectError(await send(await revokedToken(user)), 401, 'INVALID_TOKEN');
}

// ---------------------------------------------------------------------------------------------
// Direct uploads

export interface UploadFormOptions {
  /** null leaves the file out. */
  file?: Uint8Array | null;
  filename?: string;
  /** The content type the client claims for the file (ignored by the service). */
  fileType?: string;
  /** null leaves the title out. */
  title?: string | null;
  description?: string;
  thumbnail?: Uint8Array;
  thumbnailType?: string;
  /** Extra text fields. */
  extra?: Record<string, string>;
  /** Put the text fields after the file (as some clients do). */
  fieldsLast?: boolean;
}

export function uploadForm(o: UploadFormOptions = {}): FormData {
  const form = new FormData();
  const fields = () => {
    if (o.title !== null) form.append('title', o.title ?? 'A material');
    if (o.description !== undefined) form.append('description', o.description);
    for (const [k, v] of Object.entries(o.extra ?? {})) form.append(k, v);
  };
  if (!o.fieldsLast) fields();
  if (o.file !== null)
    form.append('file', new Blob([o.file ?? mp4()], { type: o.fileType ?? 'application/octet-stream' }), o.filename ?? 'upload.bin');
  if (o.thumbnail) form.append('thumbnail', new Blob([o.thumbnail], { type: o.thumbnailType ?? 'image/png' }), 'thumb');
  if (o.fieldsLast) fields();
  return form;
}

export function upload(
  token: string | undefined,
  o: UploadFormOptions = {},
  opts: Omit<CallOptions, 'body' | 'token'> = {},
): Promise<CallResult> {
  return call('POST', '/api/v1/upload', { ...opts, body: uploadForm(o), token });
}

/** Uploads and expects 201; returns the material as the API answered it. */
export async function uploaded(token: string, o: UploadFormOptions = {}): Promise<Record<string, any>> {
  const res = await upload(token, o);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Rows and objects

export const materialRow = (id: number): Promise<MaterialRow | undefined> =>
  testDeps().db.select().from(materials).where(eq(materials.id, id)).get();

export const materialRowsOf = (uploaderId: number): Promise<MaterialRow[]> =>
  testDeps().db.select().from(materials).where(eq(materials.uploaderId, uploaderId)).all();

export async function setMaterial(id: number, patch: Partial<Omit<MaterialRow, 'id'>>): Promise<void> {
  await testDeps().db.update(materials).set(patch).where(eq(materials.id, id)).run();
}

export const likeRows = (materialId: number) =>
  testDeps().db.select().from(materialLikes).where(eq(materialLikes.materialId, materialId)).all();

export const sessionRow = (id: string) => testDeps().db.select().from(uploadSessions).where(eq(uploadSessions.id, id)).get();

export async function objectBytes(key: string): Promise<Uint8Array | null> {
  const o = await env.FILES.get(key);
  return o ? new Uint8Array(await o.arrayBuffer()) : null;
}

export const objectExists = async (key: string | null | undefined): Promise<boolean> => !!key && (await env.FILES.head(key)) !== null;

export async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const listed = await env.FILES.list({ prefix, cursor });
    keys.push(...listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
  return keys;
}

const pendingThumbnails = () =>
  testDeps()
    .db.select({ id: materials.id })
    .from(materials)
    .where(and(eq(materials.thumbnailStatus, 'pending'), eq(materials.status, 'active')))
    .all();

/** The thumbnail job, as the cron trigger runs it, until no active material is pending (it works in batches). */
export async function runThumbnailJob(): Promise<void> {
  for (let run = 0; run < 50; run++) {
    expect(await runScheduled(testDeps(), '*/5 * * * *')).toEqual({ thumbnail_job: 'succeeded' });
    if ((await pendingThumbnails()).length === 0) return;
  }
  throw new Error('the thumbnail job left materials pending');
}

/** The raw response of a GET (or HEAD) through the Worker, for byte-exact checks. */
export function fetchRaw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return exports.default.fetch(new Request(`http://localhost${path}`, { method, headers }));
}

// ---------------------------------------------------------------------------------------------
// Fault injection

type BucketFaults = {
  put?: boolean;
  createMultipartUpload?: boolean;
  /** Fail uploadPart from this part number on. */
  uploadPartFrom?: number;
  complete?: boolean;
  delete?: boolean;
  list?: boolean;
};

/** The real bucket with some operations failing; `calls` records the operations that were attempted. */
export function faultyBucket(faults: BucketFaults): { bucket: R2Bucket; calls: string[] } {
  const real = env.FILES;
  const calls: string[] = [];
  const boom = (what: string) => Promise.reject(new Error(`simulated R2 failure in ${what} (secret-internal-detail)`));
  const wrapUpload = (u: R2MultipartUpload): R2MultipartUpload =>
    ({
      key: u.key,
      uploadId: u.uploadId,
      uploadPart: (n: number, value: any, options?: any) => {
        calls.push(`uploadPart:${n}`);
        return faults.uploadPartFrom !== undefined && n >= faults.uploadPartFrom ? boom('uploadPart') : u.uploadPart(n, value, options);
      },
      abort: () => (calls.push('abort'), u.abort()),
      complete: (parts: R2UploadedPart[]) => (calls.push('complete'), faults.complete ? boom('complete') : u.complete(parts)),
    }) as R2MultipartUpload;
  const bucket = {
    head: (k: string) => real.head(k),
    get: (k: string, o?: any) => real.get(k, o),
    put: (k: string, v: any, o?: any) => (calls.push(`put:${k}`), faults.put ? boom('put') : real.put(k, v, o)),
    delete: (k: string | string[]) => (calls.push('delete'), faults.delete ? boom('delete') : real.delete(k)),
    list: (o?: any) => (calls.push('list'), faults.list ? boom('list') : real.list(o)),
    createMultipartUpload: async (k: string, o?: any) => {
      calls.push('createMultipartUpload');
      if (faults.createMultipartUpload) return boom('createMultipartUpload');
      return wrapUpload(await real.createMultipartUpload(k, o));
    },
    resumeMultipartUpload: (k: string, id: string) => wrapUpload(real.resumeMultipartUpload(k, id)),
  } as unknown as R2Bucket;
  return { bucket, calls };
}

export const withBucket = (bucket: R2Bucket): Partial<Bindings> => ({ FILES: bucket });

// ---------------------------------------------------------------------------------------------
// A direct upload whose body the test feeds piece by piece (to observe the upload while it runs)

export interface StreamingUpload {
  send(chunk: Uint8Array | string): void;
  /** Sends the end of the file part and the closing delimiter. */
  finish(): void;
  /** The client goes away: the body errors mid-stream. */
  abort(): void;
  response: Promise<Response>;
}

export function streamingUpload(token: string, title = 'Streaming upload'): StreamingUpload {
  const boundary = `----test${crypto.randomUUID().replaceAll('-', '')}`;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const enc = new TextEncoder();
  const send = (chunk: Uint8Array | string) => controller.enqueue(typeof chunk === 'string' ? enc.encode(chunk) : chunk);
  send(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n`);
  send(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const request = new Request('http://localhost/api/v1/upload', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body,
    // @ts-expect-error: duplex is required for streaming request bodies in some runtimes
    duplex: 'half',
  });
  return {
    send,
    finish: () => {
      send(`\r\n--${boundary}--\r\n`);
      controller.close();
    },
    abort: () => controller.error(new Error('client went away')),
    response: exports.default.fetch(request),
  };
}

/** The document's material object, field by field (sorted). */
export const MATERIAL_KEYS = [
  'created_at',
  'description',
  'file_format',
  'file_path',
  'file_size',
  'id',
  'like_count',
  'status',
  'thumbnail_path',
  'title',
  'type',
  'updated_at',
  'uploader_id',
  'view_count',
];
