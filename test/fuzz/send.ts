import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createApp } from '../../src/app';
import type { Bindings } from '../../src/env';
import type { CallResult } from '../helpers/http';

/**
 * Like `call` from test/helpers/http.ts (the same app the Worker exports, the real bindings), but on one
 * app instance called directly: through `exports.default.fetch` each request in a file takes longer than
 * the one before (measured: 50 requests 0.16 s at first, 0.55 s after 150), which thousands of fuzz cases
 * cannot afford.
 */
const app = createApp();

export async function send(
  method: string,
  path: string,
  opts: { body?: BodyInit; token?: string; headers?: Record<string, string>; env?: Bindings },
): Promise<CallResult> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set('Authorization', `Bearer ${opts.token}`);
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://localhost${path}`, { method, headers, body: opts.body }), opts.env ?? (env as Bindings), ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body, text };
}
