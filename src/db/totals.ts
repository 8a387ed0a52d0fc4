import { sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * A list's total read from a table of stored counts (kept by SQLite triggers): the sum of the matching
 * rows, 0 when none matches. A handful of rows, however large the list.
 */
export const storedTotal = (column: SQLiteColumn) => sql<number>`coalesce(sum(${column}), 0)`;
