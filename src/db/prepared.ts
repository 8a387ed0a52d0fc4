import { fillPlaceholders } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { Db } from './client';

/**
 * A query whose SQL is built once per isolate instead of once per request. drizzle turns a query
 * builder into SQL text on every call (0.7 ms for the materials list, 1.2 ms for a learner's course
 * list, bench/RESULTS.md); a hot list route builds it once with `sql.placeholder(…)` for what changes
 * per request, and each request only binds values on its own D1 session and maps the rows the way
 * drizzle does. Each request still has its own session (read-your-writes bookmark, docs/architecture.md).
 */
export interface Prepared<Row> {
  /** The statement on this request's session, with this request's values bound. */
  statement(db: Db, values: Record<string, unknown>): D1PreparedStatement;
  /** The rows of the statement's batch result, mapped as the query builder maps them. */
  rows(result: D1Result): Row[];
}

/** The request's D1 session behind its drizzle object (createDb). */
const sessionOf = (db: Db) => (db as Db & { $client: D1Database }).$client;

/** Only builds SQL: the builder needs a database object, never runs anything on this one. */
const builder = drizzle({ prepare: () => ({}) } as unknown as D1Database);

interface Buildable<Row> {
  prepare(): { getQuery(): { sql: string; params: unknown[] }; mapResult(response: unknown, isFromBatch?: boolean): unknown };
  all(): Promise<Row[]>;
}

export function prepareOnce<Row>(build: (db: Db) => Buildable<Row>): Prepared<Row> {
  let built: ReturnType<Buildable<Row>['prepare']> | undefined;
  const template = () => (built ??= build(builder).prepare());
  return {
    statement(db, values) {
      const { sql, params } = template().getQuery();
      return sessionOf(db).prepare(sql).bind(...fillPlaceholders(params, values));
    },
    rows: (result) => template().mapResult(result, true) as Row[],
  };
}

/** Runs prepared statements in one D1 batch (one round trip, one transaction), rows mapped per statement. */
export async function batchPrepared<A, B>(db: Db, [a, b]: [Prepared<A>, Prepared<B>], values: Record<string, unknown>): Promise<[A[], B[]]> {
  const [ra, rb] = await sessionOf(db).batch([a.statement(db, values), b.statement(db, values)]);
  return [a.rows(ra!), b.rows(rb!)];
}
