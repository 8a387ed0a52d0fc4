import createClient, { type Client, type ClientOptions } from 'openapi-fetch';

/** The Worker's D1 session bookmark (src/http/services.ts): sent back, a read sees the caller's own writes. */
export const BOOKMARK_HEADER = 'x-d1-bookmark';

/**
 * What a signed-in frontend carries from request to request: its bearer token and the latest D1
 * bookmark. One object may be shared by the clients of several APIs (they share one database).
 */
export interface Session {
  token?: string;
  bookmark?: string;
}

export interface ApiClientOptions extends ClientOptions {
  /** The session to read and update (a new, empty one when absent). */
  session?: Session;
}

export type ApiClient<Paths extends {}> = Client<Paths> & { session: Session };

/**
 * An openapi-fetch client whose every request carries the session's token (`Authorization: Bearer`, unless
 * the call sets its own) and bookmark, and whose every response's bookmark replaces the session's. The last
 * one answered is kept, not the greatest: bookmarks are opaque (README), and requests sent one after another
 * only move it forward.
 */
export function createApiClient<Paths extends {}>({ session = {}, ...options }: ApiClientOptions = {}): ApiClient<Paths> {
  const client = createClient<Paths>(options);
  client.use({
    onRequest({ request }) {
      if (session.token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${session.token}`);
      if (session.bookmark) request.headers.set(BOOKMARK_HEADER, session.bookmark);
      return request;
    },
    onResponse({ response }) {
      const bookmark = response.headers.get(BOOKMARK_HEADER);
      if (bookmark) session.bookmark = bookmark;
      return response;
    },
  });
  return Object.assign(client, { session });
}

/**
 * openapi-fetch's `bodySerializer` for a multipart operation: each field as a form part (a Blob or File as
 * a file part), absent ones left out.
 */
export function formData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    form.append(name, value instanceof Blob ? value : String(value));
  }
  return form;
}
