/**
 * Every test file starts as if on a new runtime, although the workers project reuses one workerd per
 * worker across files (`isolate: false` in vitest.config.ts; starting a new workerd for every file was
 * more than half of the project's time, docs/testing.md). Runs before each file, ahead of apply-migrations.ts:
 * - the modules are evaluated afresh (vi.resetModules), the Worker's entry point included, so no
 *   module state (the once-per-database sysadmin bootstrap, the course seed, caches) carries over;
 * - D1 is emptied to no tables at all (apply-migrations.ts then builds the schema, so AUTOINCREMENT
 *   ids start at 1 again), and every R2 object and KV key is deleted.
 * What is not reset: the rate limiting bindings' counters (tests that turn the throttles on use
 * addresses and identifiers of their own, test/limits/support.ts), R2 multipart uploads left open (no
 * later file can name one), and the Cache API, whose keys carry the R2 key with its random part (a
 * thumbnail: the material's creation time in ms), so a later file does not meet an earlier file's entry.
 * test/app/fresh-storage.test.ts checks all of this from inside a file.
 */
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';

vi.resetModules();

const db = env.DB;
// Newest first (children before the tables they reference), triggers and views before tables.
const { results } = await db
  .prepare(
    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY type = 'table', rowid DESC",
  )
  .all<{ type: 'table' | 'view' | 'trigger'; name: string }>();
if (results.length > 0) {
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await db.batch([
    db.prepare('PRAGMA defer_foreign_keys = on'),
    ...results.map((o) => db.prepare(`DROP ${o.type.toUpperCase()} ${quoted(o.name)}`)),
  ]);
}

for (let cursor: string | undefined; ; ) {
  const page = await env.FILES.list({ cursor, limit: 1000 });
  if (page.objects.length > 0) await env.FILES.delete(page.objects.map((o) => o.key));
  if (!page.truncated) break;
  cursor = page.cursor;
}

for (let cursor: string | undefined; ; ) {
  const page = await env.TOKENS.list({ cursor });
  await Promise.all(page.keys.map((k) => env.TOKENS.delete(k.name)));
  if (page.list_complete) break;
  cursor = page.cursor;
}
