/**
 * The app behind the counting D1 binding of the query-budget test, for the load run's rows pass only
 * (bench/README.md, "Rows read and written"): each response carries what D1 billed for it in a
 * `Server-Timing: d1;desc="rows_read=… rows_written=… statements=… round_trips=…"` entry. Served by
 * bench/serve-quiet.mjs --entry; never built into the deployed Worker, so nothing of it can leak there.
 * A raw() read runs twice here (for its meta): this server's timings are not measured.
 */
import app from '../src/index';
import type { Bindings } from '../src/env';
import { countingD1, type CountingD1 } from '../test/helpers/counting-d1';

// One wrapper per isolate, as the binding is: the app's once-per-binding work (the sysadmin bootstrap,
// seeds) stays once. The rows pass sends one request at a time.
let db: CountingD1 | null = null;

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    db ??= countingD1(env.DB);
    db.reset();
    const res = await app.fetch(request as Parameters<typeof app.fetch>[0], { ...env, DB: db }, ctx);
    const out = new Response(res.body, res);
    out.headers.append(
      'server-timing',
      `d1;desc="rows_read=${db.rowsRead} rows_written=${db.rowsWritten} statements=${db.statements.length} round_trips=${db.roundTrips}"`,
    );
    return out;
  },
} satisfies ExportedHandler<Bindings>;
