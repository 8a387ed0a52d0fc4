// Every row of every data table, to prove a refused request changed nothing.
import { env } from 'cloudflare:workers';

/** Written by refused requests on purpose (the audit trail, the sign-in lockout), or not data at all. */
const IGNORED = /^(d1_migrations|sqlite_.*|_cf_.*|audit_log|login_failures)$/;

let tables: string[] | undefined;

export type Snapshot = Map<string, Map<string, string>>;

export async function snapshot(): Promise<Snapshot> {
  const db = env.DB as D1Database;
  tables ??= (await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>()).results
    .map((r) => r.name)
    .filter((n) => !IGNORED.test(n));
  const results = await db.batch(tables.map((t) => db.prepare(`SELECT rowid AS _rowid, * FROM "${t}"`)));
  const out: Snapshot = new Map();
  tables.forEach((t, i) => {
    out.set(t, new Map((results[i]!.results as Record<string, unknown>[]).map((r) => [String(r._rowid), JSON.stringify(r)])));
  });
  return out;
}

/** The rows added, removed or changed between two snapshots, as `table: +/-/~ row`. */
export function diff(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [table, rows] of after) {
    const old = before.get(table) ?? new Map();
    for (const [id, row] of rows) {
      if (!old.has(id)) out.push(`${table}: + ${row}`);
      else if (old.get(id) !== row) out.push(`${table}: ~ ${old.get(id)} -> ${row}`);
    }
    for (const [id, row] of old) if (!rows.has(id)) out.push(`${table}: - ${row}`);
  }
  return out;
}
