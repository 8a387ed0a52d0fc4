/** What a frontend sees of one response. */
export interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface SendOptions {
  json?: unknown;
  /** A body sent as-is with a JSON content type (malformed JSON tests). */
  raw?: string;
  /** Sent as `Bearer <token>`. */
  token?: string;
  /** The whole Authorization header (other schemes, garbage). */
  auth?: string;
  /** Extra request headers (Origin, Range, ...). */
  headers?: Record<string, string>;
}

/**
 * A JSON client for one running server that remembers every response body, so a test can check at
 * the end that no password or hash was ever sent.
 */
export function jsonClient(baseUrl: string) {
  const seen: string[] = [];
  async function send(method: string, path: string, opts: SendOptions = {}): Promise<Sent> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.auth) headers.Authorization = opts.auth;
    let body: string | undefined;
    if (opts.json !== undefined || opts.raw !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = opts.raw ?? JSON.stringify(opts.json);
    }
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    seen.push(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }
  return { send, seen };
}
