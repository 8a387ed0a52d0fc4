import { Column, fillPlaceholders, is, SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { Db } from './client';

/**
 * A query whose SQL is built once per isolate instead of once per request. drizzle turns a query
 * builder into SQL text on every call (most of the materials list's own JavaScript and a quarter of a
 * learner's course list's, bench/RESULTS.md "the two slow routes at full scale"); a hot list route
 * builds it once with `sql.placeholder(…)` for what changes per request, and each request only binds
 * values on its own D1 session and maps the rows the way drizzle does. Each request still has its own
 * session (read-your-writes bookmark, docs/architecture.md).
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

interface Template {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
}

interface Buildable<Row> {
  prepare(): Template;
  all(): Promise<Row[]>;
}

/** What drizzle's prepared select carries for its row mapper (not in its public types). */
interface SelectTemplate extends Template {
  fields?: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** An `sql<T>` field's decoder (`.mapWith`), internal in drizzle's types. */
const decoderOf = (fragment: SQL) => (fragment as unknown as { decoder: Decoder }).decoder;

/**
 * drizzle's row mapper (mapResultRow) with each column's decoder found once per isolate: drizzle finds
 * it on every row of every request with `is()` prototype walks, which were most of the mapping time
 * of a learner's 87 courses. Null (drizzle maps) when a join is not inner: drizzle turns a left-joined
 * table's all-null columns into null, which this does not repeat.
 */
function rowMapper(template: SelectTemplate): ((result: D1Result) => unknown[]) | null {
  const { fields, joinsNotNullableMap } = template;
  if (!fields || Object.values(joinsNotNullableMap ?? {}).some((inner) => !inner)) return null;
  const columns: { path: string[]; decoder: Decoder }[] = [];
  for (const { path, field } of fields) {
    if (is(field, Column)) columns.push({ path, decoder: field });
    else if (is(field, SQL)) columns.push({ path, decoder: decoderOf(field) });
    else if (is(field, SQL.Aliased)) columns.push({ path, decoder: decoderOf(field.sql) });
    else return null;
  }
  return (result) =>
    result.results.map((row) => {
      // A batch hands rows back as objects keyed by column name, in the select's order.
      const values = Object.values(row as Record<string, unknown>);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const { path, decoder } = columns[i]!;
        let node = out;
        for (let j = 0; j < path.length - 1; j++) node = (node[path[j]!] ??= {}) as Record<string, unknown>;
        const raw = values[i];
        node[path[path.length - 1]!] = raw === null ? null : decoder.mapFromDriverValue(raw);
      }
      return out;
    });
}

export function prepareOnce<Row>(build: (db: Db) => Buildable<Row>): Prepared<Row> {
  let built: { template: Template; map: (result: D1Result) => unknown[] } | undefined;
  const once = () => {
    if (built) return built;
    const template = build(builder).prepare();
    return (built = { template, map: rowMapper(template) ?? ((result) => template.mapResult(result, true) as unknown[]) });
  };
  return {
    statement(db, values) {
      const { sql, params } = once().template.getQuery();
      return sessionOf(db)
        .prepare(sql)
        .bind(...fillPlaceholders(params, values));
    },
    rows: (result) => once().map(result) as Row[],
  };
}

/** Runs prepared statements in one D1 batch (one round trip, one transaction), rows mapped per statement. */
export async function batchPrepared<A, B>(
  db: Db,
  [a, b]: [Prepared<A>, Prepared<B>],
  values: Record<string, unknown>,
): Promise<[A[], B[]]> {
  const [ra, rb] = await sessionOf(db).batch([a.statement(db, values), b.statement(db, values)]);
  return [a.rows(ra!), b.rows(rb!)];
}
