import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';

export type Db = DrizzleD1Database;

/**
 * One drizzle object per request (each request has its own D1 session). Built without the relational
 * schema: nothing uses `db.query`, and walking every table's relations on each request was 3-6 % of the
 * Worker's CPU in the load run's profiles (bench/RESULTS.md).
 */
export function createDb(d1: D1Database | D1DatabaseSession): Db {
  return drizzle(d1 as D1Database);
}

/** A D1 session on `d1` (see src/http/services.ts). */
export function openSession(d1: D1Database, constraintOrBookmark: string): D1DatabaseSession {
  return d1.withSession(constraintOrBookmark);
}
