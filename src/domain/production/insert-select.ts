import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * The SELECT of an `INSERT INTO table SELECT ...`: drizzle lists every column of the table in
 * declaration order, so the values are laid out in that order here, by column key, with NULL for
 * the ones not given (the id, optional columns). `rest` follows the select list (FROM ... WHERE ...).
 * Used instead of raw SQL because drizzle's D1 batch cannot bind parameters of raw statements.
 */
export function selectRow<T extends SQLiteTable>(table: T, values: { [K in keyof T['_']['columns']]?: unknown }, rest: SQL): SQL {
  const given = values as Record<string, unknown>;
  const list = Object.keys(getTableColumns(table)).map((key) => (key in given ? sql`${given[key]}` : sql`null`));
  return sql`select ${sql.join(list, sql`, `)} ${rest}`;
}
