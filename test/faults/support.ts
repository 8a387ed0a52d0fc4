/**
 * Shared by the fault tests (not a test file): the whole database as rows, to prove a failed
 * request changed nothing, and the 503 each API's envelope must give for a database outage.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { CallResult } from '../helpers/http';

/** Every row of every application table, in rowid order (D1's own and SQLite's tables left out). */
export async function databaseRows(): Promise<Record<string, unknown[]>> {
  const { results: tables } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name not like 'd1_%' order by name",
  ).all<{ name: string }>();
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = (await env.DB.prepare(`select * from "${name}" order by rowid`).all()).results;
  return out;
}

/** Per table: how many rows differ, for a readable failure instead of a diff of the whole database. */
export function changedTables(before: Record<string, unknown[]>, after: Record<string, unknown[]>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]));
}

export type ApiName = 'learning' | 'personal-center' | 'progress' | 'excourse' | 'campus';

/** The 503 each API answers for a database outage, in its own envelope, with Retry-After. */
export const expectDatabaseUnavailable = (api: ApiName, res: CallResult) => expectUnavailable(api, res, 'DATABASE_ERROR');

/** A 503 in the API's envelope with Retry-After; `learningCode` is the code the learning API names. */
export function expectUnavailable(api: ApiName, res: CallResult, learningCode: string): void {
  expect(res.status, res.text).toBe(503);
  expect(res.headers.get('Content-Type') ?? '').toMatch(/^application\/json/);
  expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  expect(res.text).not.toMatch(/D1_ERROR|SQLITE|Network connection lost|Failed query|KV GET|token store|\.ts:\d/);
  switch (api) {
    case 'learning':
      expect(res.body).toEqual({ error: { code: learningCode, message: expect.any(String), details: {} } });
      break;
    case 'personal-center':
      expect(res.body).toEqual({ status: 'error', message: expect.stringMatching(/.+/) });
      break;
    case 'progress':
      expect(res.body).toEqual({ code: 10009, message: expect.stringMatching(/.+/), data: null });
      break;
    case 'excourse':
      expect(res.body).toEqual({ detail: expect.stringMatching(/.+/) });
      break;
    case 'campus':
      expect(res.body).toEqual({ code: 503, msg: expect.stringMatching(/.+/), message: res.body.msg, data: {} });
      break;
  }
}
