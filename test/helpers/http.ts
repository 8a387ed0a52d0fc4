import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { createApp } from '../../src/app';
import type { Bindings } from '../../src/env';

export interface CallOptions {
  json?: unknown;
  body?: BodyInit;
  token?: string;
  headers?: Record<string, string>;
  /** Replace some bindings (fault injection, misconfiguration): the request goes to a fresh app. */
  env?: Partial<Bindings>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** The Request a test sends: `json` becomes the body with its Content-Type, `token` a Bearer header. */
export function testRequest(method: string, path: string, opts: Omit<CallOptions, 'env'> = {}): Request {
  const headers = new Headers(opts.headers);
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  if (opts.token) headers.set('Authorization', `Bearer ${opts.token}`);
  return new Request(`http://localhost${path}`, { method, headers, body });
}

/** Reads a response whole: the body parsed as JSON when it is JSON, else kept as text. */
export async function readResult<T = any>(res: Response): Promise<CallResult<T>> {
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Sends a request to one app instance called directly, waiting for its waitUntil work before answering. */
export async function fetchApp<T = any>(
  app: { fetch: (req: Request, env: Bindings, ctx: ExecutionContext) => Response | Promise<Response> },
  request: Request,
  bindings: Bindings,
): Promise<CallResult<T>> {
  const ctx = createExecutionContext();
  const res = await app.fetch(request, bindings, ctx);
  const result = await readResult<T>(res);
  await waitOnExecutionContext(ctx);
  return result;
}

/** Sends a request through the Worker's real fetch handler (real local D1/KV/R2 bindings). */
export async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
  const request = testRequest(method, path, opts);
  if (opts.env) return fetchApp<T>(createApp(), request, { ...(env as Bindings), ...opts.env });
  return readResult<T>(await exports.default.fetch(request));
}

let seq = 0;
/** An e-mail nobody else in this test run uses. */
export const uniqueEmail = (tag = 'user') =>
  `${tag}.${Date.now().toString(36)}.${++seq}.${Math.random().toString(36).slice(2, 7)}@example.test`;

export async function registerLearner(email = uniqueEmail(), password = 'password-123', name = 'Learner') {
  const res = await call('POST', '/api/v1/auth/register', { json: { email, name, password } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { email, password, user: res.body };
}

export async function loginLearner(email: string, password: string) {
  const res = await call('POST', '/api/v1/auth/login', { json: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body as { access_token: string; refresh_token: string; expires_in: number; user: { id: number } };
}

export async function signedInLearner() {
  const account = await registerLearner();
  const tokens = await loginLearner(account.email, account.password);
  return { ...account, ...tokens };
}
