/**
 * Fault-injecting doubles over the real local D1, R2 and KV bindings (issue 7, "Faults"). Every call
 * goes to the real binding unless a planned fault matches it; a test plans faults by position ("the
 * 3rd call from now") or by predicate ("the batch that inserts into enrollments"), then sends
 * requests through `faultyApp` and checks what the real bindings hold afterwards.
 *
 * A D1 batch fault happens in the middle of the batch on the real database: a statement that fails
 * inside SQLite is slipped in after the first half of the batch, so D1 really executes the first
 * statements and rolls them back, and the caller then sees an outage error (as when the connection
 * drops mid-batch). Every other fault rejects before the real binding is called.
 */
import { env } from 'cloudflare:workers';
import { createApp } from '../../src/app';
import type { Bindings } from '../../src/env';
import { fetchApp, testRequest, type CallOptions, type CallResult } from './http';

/** The message D1 documents for a dropped connection (a retryable D1_ERROR). */
export const d1Outage = () => new Error('D1_ERROR: Network connection lost.', { cause: new Error('Network connection lost.') });
export const r2Outage = () => new Error('We encountered an internal error. Please try again. (10001)');
export const kvOutage = () => new Error('KV GET failed: 503 Service Unavailable');

export interface D1Call {
  op: 'run' | 'all' | 'first' | 'raw' | 'batch' | 'exec' | 'withSession';
  /** One entry per statement (a batch has several). */
  sql: string[];
}
export interface R2Call {
  op: 'put' | 'get' | 'head' | 'delete' | 'list' | 'createMultipartUpload' | 'resumeMultipartUpload' | 'uploadPart' | 'complete' | 'abort';
  key: string;
}
export interface KvCall {
  op: 'get' | 'put' | 'delete' | 'list' | 'getWithMetadata';
  key: string;
}

interface Plan<C> {
  matches: (call: C, position: number) => boolean;
  remaining: number;
  error: () => Error;
}

/** The control side of one double: what was called, what to fail. */
export class Faults<C> {
  readonly calls: C[] = [];
  readonly failed: C[] = [];
  private plans: Plan<C>[] = [];
  private counted = 0;

  constructor(private readonly defaultError: () => Error) {}

  /** Fails the nth call from now (1 = the next one). */
  failNth(n: number, error = this.defaultError): this {
    const target = this.counted + n;
    this.plans.push({ matches: (_c, position) => position === target, remaining: 1, error });
    return this;
  }

  /** Fails calls matching `when` (`times` of them, every one by default). */
  failWhen(when: (call: C) => boolean, opts: { times?: number; error?: () => Error } = {}): this {
    this.plans.push({ matches: (c) => when(c), remaining: opts.times ?? Infinity, error: opts.error ?? this.defaultError });
    return this;
  }

  /** Stops failing; the call log is kept. */
  heal(): this {
    this.plans = [];
    return this;
  }

  /** Records the call; returns the error to raise when a plan claims it. */
  check(call: C): Error | null {
    this.calls.push(call);
    const position = ++this.counted;
    const plan = this.plans.find((p) => p.remaining > 0 && p.matches(call, position));
    if (!plan) return null;
    plan.remaining--;
    this.failed.push(call);
    return plan.error();
  }

  async guard<T>(call: C, real: () => Promise<T>): Promise<T> {
    const error = this.check(call);
    if (error) throw error;
    return real();
  }
}

// ---------------------------------------------------------------- D1

const INNER = Symbol('real statement');
const SQL = Symbol('statement sql');
type Wrapped = D1PreparedStatement & { [INNER]: D1PreparedStatement; [SQL]: string };

/** Fails inside SQLite at run time (not at prepare), so a batch holding it rolls back for real. */
const POISON_SQL = "select json('fault injected mid-batch')";

export function faultyD1(real: D1Database, faults = new Faults<D1Call>(d1Outage)): { binding: D1Database; faults: Faults<D1Call> } {
  const wrap = (inner: D1PreparedStatement, sql: string): Wrapped => {
    const exec = <T>(op: D1Call['op'], run: () => Promise<T>) => faults.guard({ op, sql: [sql] }, run);
    return {
      [INNER]: inner,
      [SQL]: sql,
      bind: (...values: unknown[]) => wrap(inner.bind(...values), sql),
      first: (col?: string) => exec('first', () => (col === undefined ? inner.first() : inner.first(col))),
      run: () => exec('run', () => inner.run()),
      all: () => exec('all', () => inner.all()),
      raw: (opts?: { columnNames?: boolean }) => exec('raw', () => inner.raw(opts as { columnNames: true })),
    } as unknown as Wrapped;
  };

  const source = (target: D1Database | D1DatabaseSession) => ({
    prepare: (sql: string) => wrap(target.prepare(sql), sql),
    async batch<T = unknown>(list: D1PreparedStatement[]): Promise<D1Result<T>[]> {
      const inner = list.map((s) => {
        const w = s as Partial<Wrapped>;
        if (!w[INNER]) throw new Error('faulty-d1: batch got a statement that was not prepared through it');
        return w[INNER];
      });
      const error = faults.check({ op: 'batch', sql: list.map((s) => (s as Wrapped)[SQL]) });
      if (!error) return target.batch<T>(inner);
      const half = Math.ceil(inner.length / 2);
      const poisoned = [...inner.slice(0, half), target.prepare(POISON_SQL), ...inner.slice(half)];
      const ran = await target.batch(poisoned).then(
        () => true,
        () => false,
      );
      if (ran) throw new Error('faulty-d1: the poisoned batch did not fail; the injected fault proves nothing');
      throw error;
    },
  });

  const binding = {
    ...source(real),
    exec: (sql: string) => faults.guard({ op: 'exec', sql: [sql] }, () => real.exec(sql)),
    dump: () => real.dump(),
    withSession(constraint?: string) {
      const error = faults.check({ op: 'withSession', sql: [] });
      if (error) throw error;
      const session = real.withSession(constraint);
      return { ...source(session), getBookmark: () => session.getBookmark() };
    },
  };
  return { binding: binding as unknown as D1Database, faults };
}

// ---------------------------------------------------------------- R2

export function faultyR2(real: R2Bucket, faults = new Faults<R2Call>(r2Outage)): { binding: R2Bucket; faults: Faults<R2Call> } {
  const keyOf = (k: unknown) => (Array.isArray(k) ? k.join(',') : String(k ?? ''));

  const multipart = (upload: R2MultipartUpload): R2MultipartUpload => ({
    key: upload.key,
    uploadId: upload.uploadId,
    uploadPart: async (n, value, opts) => {
      const error = faults.check({ op: 'uploadPart', key: upload.key });
      if (error) {
        // R2 refusing a part stops reading it: the sender's stream is cancelled, not left hanging.
        if (value instanceof ReadableStream) await value.cancel(error).catch(() => {});
        throw error;
      }
      return upload.uploadPart(n, value, opts);
    },
    complete: (parts) => faults.guard({ op: 'complete', key: upload.key }, () => upload.complete(parts)),
    abort: () => faults.guard({ op: 'abort', key: upload.key }, () => upload.abort()),
  });

  const binding: Partial<R2Bucket> = {
    put: async (key, value, opts) => {
      const error = faults.check({ op: 'put', key });
      if (error) {
        if (value instanceof ReadableStream) await value.cancel(error).catch(() => {});
        throw error;
      }
      return real.put(key, value, opts);
    },
    get: ((key: string, opts?: R2GetOptions) => faults.guard({ op: 'get', key }, () => real.get(key, opts))) as R2Bucket['get'],
    head: (key) => faults.guard({ op: 'head', key }, () => real.head(key)),
    delete: (keys) => faults.guard({ op: 'delete', key: keyOf(keys) }, () => real.delete(keys)),
    list: (opts) => faults.guard({ op: 'list', key: opts?.prefix ?? '' }, () => real.list(opts)),
    createMultipartUpload: (key, opts) =>
      faults.guard({ op: 'createMultipartUpload', key }, async () => multipart(await real.createMultipartUpload(key, opts))),
    resumeMultipartUpload: (key, uploadId) => {
      const error = faults.check({ op: 'resumeMultipartUpload', key });
      if (error) throw error;
      return multipart(real.resumeMultipartUpload(key, uploadId));
    },
  };
  return { binding: binding as R2Bucket, faults };
}

// ---------------------------------------------------------------- KV

export function faultyKv(real: KVNamespace, faults = new Faults<KvCall>(kvOutage)): { binding: KVNamespace; faults: Faults<KvCall> } {
  const binding = {
    // A bulk get (an array of keys) is one call that fails when any of its keys would.
    get: async (key: string | string[], opts?: unknown) => {
      for (const k of Array.isArray(key) ? key.slice(0, -1) : []) await faults.guard({ op: 'get', key: k }, async () => undefined);
      const last = Array.isArray(key) ? key.at(-1)! : key;
      return faults.guard({ op: 'get', key: last }, () => real.get(key as string, opts as 'text'));
    },
    getWithMetadata: (key: string, opts?: unknown) =>
      faults.guard({ op: 'getWithMetadata', key }, () => real.getWithMetadata(key, opts as 'text')),
    put: (key: string, value: string, opts?: KVNamespacePutOptions) => faults.guard({ op: 'put', key }, () => real.put(key, value, opts)),
    delete: (key: string) => faults.guard({ op: 'delete', key }, () => real.delete(key)),
    list: (opts?: KVNamespaceListOptions) => faults.guard({ op: 'list', key: opts?.prefix ?? '' }, () => real.list(opts)),
  };
  return { binding: binding as unknown as KVNamespace, faults };
}

// ---------------------------------------------------------------- the app on them

export interface FaultyWorld {
  env: Bindings;
  d1: Faults<D1Call>;
  r2: Faults<R2Call>;
  kv: Faults<KvCall>;
  /** Sends a request through one createApp() on the faulty bindings (like test/fuzz/send.ts). */
  send<T = any>(method: string, path: string, opts?: Omit<CallOptions, 'env'>): Promise<CallResult<T>>;
}

const app = createApp();

export function faultyWorld(overrides: Partial<Bindings> = {}): FaultyWorld {
  const base = { ...(env as Bindings), ...overrides };
  const d1 = faultyD1(base.DB);
  const r2 = faultyR2(base.FILES);
  const kv = faultyKv(base.TOKENS);
  const world: Bindings = { ...base, DB: d1.binding, FILES: r2.binding, TOKENS: kv.binding };
  return {
    env: world,
    d1: d1.faults,
    r2: r2.faults,
    kv: kv.faults,
    send: (method, path, opts = {}) => fetchApp(app, testRequest(method, path, opts), world),
  };
}
