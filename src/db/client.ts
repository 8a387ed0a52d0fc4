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

const bindingOfSession = new WeakMap<object, D1Database>();

/** A D1 session on `d1` (see services.ts); databaseKey() maps it back to the binding. */
export function openSession(d1: D1Database, constraintOrBookmark: string): D1DatabaseSession {
  const session = d1.withSession(constraintOrBookmark);
  bindingOfSession.set(session, d1);
  return session;
}

/**
 * The database binding behind `db`, stable across requests (each request has its own session and
 * drizzle object): the key for work done once per database and isolate, such as seeding.
 */
export function databaseKey(db: Db): object {
  const client = (db as Db & { $client?: object }).$client;
  return (client && bindingOfSession.get(client)) ?? client ?? db;
}
