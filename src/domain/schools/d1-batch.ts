import type { SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { Deps } from '../deps';

/**
 * drizzle's db.batch cannot take a raw `sql` statement that has parameters (its D1 session reads a
 * prepared statement SQLiteRaw does not have), and INSERT … SELECT … WHERE needs raw SQL. These
 * statements go to D1's own batch, which is one transaction like drizzle's.
 */
const dialect = new SQLiteAsyncDialect();

type Buildable = SQL | { toSQL(): { sql: string; params: unknown[] } };

/** The D1 binding (or session) drizzle was built on: `drizzle()` keeps it as `$client`. */
function client(deps: Deps): D1Database {
  const d1 = (deps.db as typeof deps.db & { $client?: D1Database }).$client;
  if (!d1) throw new Error('the drizzle database has no D1 client');
  return d1;
}

export function statement(deps: Deps, query: Buildable): D1PreparedStatement {
  const { sql, params } = 'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query);
  return client(deps)
    .prepare(sql)
    .bind(...params);
}

export function batch(deps: Deps, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  return client(deps).batch(statements);
}
