import type { z } from '@hono/zod-openapi';

/** A JSON response entry for a route's `responses`. */
export const jsonContent = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body (src/http/router.ts refuses a request without Content-Type like a schema failure). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true as const });

/**
 * A request schema's `.openapi()` extra for fields of which at least one must be sent, per group (the rule
 * its refinement enforces). Each branch names its field under `properties` too: a branch with `required`
 * alone is typed `unknown` by generated clients (openapi-typescript), and so the whole body with it.
 */
export const requiredOneOf = (...groups: readonly string[][]) => ({
  allOf: groups.map((fields) => ({ anyOf: fields.map((field) => ({ properties: { [field]: {} }, required: [field] })) })),
});

export const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const, minimum: 1 } },
};

/** How an API documents its errors: the body schema (one, or one per status) and what each status means in its words. */
export interface ErrorSet {
  schema: z.ZodType | ((status: number) => z.ZodType);
  descriptions: Readonly<Record<number, string>>;
}

/**
 * Response entries for the error statuses a route can return, in its API's error envelope. Every route
 * that can fail inside (500) can also meet a D1 or KV outage: 503 with Retry-After (src/http/errors.ts),
 * as 429 has it.
 */
export function errorResponses(set: ErrorSet, statuses: readonly number[]) {
  const all = statuses.includes(500) && !statuses.includes(503) ? [...statuses, 503] : statuses;
  return Object.fromEntries(
    all.map((s) => [
      s,
      {
        description: set.descriptions[s] ?? 'Error',
        ...(s === 429 || s === 503 ? { headers: RETRY_AFTER } : {}),
        content: { 'application/json': { schema: typeof set.schema === 'function' ? set.schema(s) : set.schema } },
      },
    ]),
  );
}
