/**
 * A D1 binding that records every statement it runs (each statement of a batch, each statement of an
 * exec), for query budgets and query plans, and sums the rows D1 bills (`meta.rows_read`/`rows_written`).
 * Sessions made with withSession() record into the same log. Also wrapped around the app by the load
 * run's metered Worker (bench/metered-worker.ts).
 */
export interface RecordedQuery {
  sql: string;
  params: unknown[];
  /** Run inside a batch, where D1 hands rows back as objects keyed by column name. */
  inBatch?: boolean;
  /** What D1 billed for it (`meta.rows_read` / `meta.rows_written`); absent for exec(). */
  rowsRead?: number;
  rowsWritten?: number;
}

export interface CountingD1 extends D1Database {
  /** SQL of every statement executed since the last reset(). */
  readonly statements: string[];
  /** The same statements with their bound values (to EXPLAIN them). */
  readonly queries: RecordedQuery[];
  /** Calls that went to D1 since the last reset(): a batch is one, however many statements it holds. */
  readonly roundTrips: number;
  /** Sums of `meta.rows_read` / `meta.rows_written` over every statement since the last reset(). */
  readonly rowsRead: number;
  readonly rowsWritten: number;
  reset(): void;
}

const INNER = Symbol('inner statement');
const QUERY = Symbol('recorded query');

/** A statement that cannot write (its meta may be read by running it a second time). */
const READ_ONLY = /^\s*(select|explain|pragma)\b|^\s*with\b(?![\s\S]*\b(insert|update|delete|replace)\b)/i;

type Wrapped = D1PreparedStatement & { [INNER]: D1PreparedStatement; [QUERY]: RecordedQuery };

export function countingD1(real: D1Database): CountingD1 {
  const statements: string[] = [];
  const queries: RecordedQuery[] = [];
  let roundTrips = 0;
  let rowsRead = 0;
  let rowsWritten = 0;
  const record = (q: RecordedQuery) => {
    statements.push(q.sql);
    queries.push(q);
    return q;
  };
  const meter = (q: RecordedQuery, meta: D1Meta | undefined) => {
    q.rowsRead = meta?.rows_read ?? 0;
    q.rowsWritten = meta?.rows_written ?? 0;
    rowsRead += q.rowsRead;
    rowsWritten += q.rowsWritten;
  };

  const wrap = (inner: D1PreparedStatement, query: RecordedQuery): Wrapped => {
    const run = async <T extends D1Result>(execute: () => Promise<T>) => {
      roundTrips++;
      const recorded = record({ ...query });
      const result = await execute();
      meter(recorded, result.meta);
      return result;
    };
    // first() and raw() hand back no meta. first() is all() minus the rest of the rows. raw() keeps its
    // arrays (objects would merge equally named columns of a join): a read is run once more through all()
    // for its meta, unrecorded; a write (whose RETURNING names one table's columns) is run once, by run().
    const first = async (col?: string) => {
      const row = (await run(() => inner.all<Record<string, unknown>>())).results[0] ?? null;
      if (col === undefined || row === null) return row;
      if (!(col in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${col})`);
      return row[col];
    };
    const raw = async (opts?: { columnNames?: boolean }) => {
      if (READ_ONLY.test(query.sql)) {
        let rows: unknown[] = [];
        await run(async () => {
          rows = await inner.raw(opts as { columnNames: true });
          return inner.all();
        });
        return rows;
      }
      const { results } = await run(() => inner.run<Record<string, unknown>>());
      const rows = results.map((r) => Object.values(r));
      return opts?.columnNames ? [Object.keys(results[0] ?? {}), ...rows] : rows;
    };
    const wrapped = {
      [INNER]: inner,
      [QUERY]: query,
      bind: (...values: unknown[]) => wrap(inner.bind(...values), { sql: query.sql, params: values }),
      first,
      run: () => run(() => inner.run()),
      all: () => run(() => inner.all()),
      raw,
    };
    return wrapped as unknown as Wrapped;
  };

  const source = (target: D1Database | D1DatabaseSession) => ({
    prepare: (sql: string) => wrap(target.prepare(sql), { sql, params: [] }),
    batch<T = unknown>(list: D1PreparedStatement[]) {
      roundTrips++;
      const recorded: RecordedQuery[] = [];
      const inner = list.map((s) => {
        const w = s as Partial<Wrapped>;
        if (!w[INNER] || !w[QUERY]) throw new Error('counting-d1: batch got a statement that was not prepared through it');
        recorded.push(record({ ...w[QUERY], inBatch: true }));
        return w[INNER];
      });
      return target.batch<T>(inner).then((results) => {
        results.forEach((r, i) => {
          meter(recorded[i]!, r.meta);
        });
        return results;
      });
    },
  });

  const db = {
    ...source(real),
    exec(sql: string) {
      roundTrips++;
      for (const one of sql
        .split(';')
        .map((q) => q.trim())
        .filter(Boolean))
        record({ sql: one, params: [] });
      return real.exec(sql);
    },
    withSession(constraint?: string) {
      const session = real.withSession(constraint);
      return { ...source(session), getBookmark: () => session.getBookmark() };
    },
    dump: () => real.dump(),
    statements,
    queries,
    get roundTrips() {
      return roundTrips;
    },
    get rowsRead() {
      return rowsRead;
    },
    get rowsWritten() {
      return rowsWritten;
    },
    reset() {
      statements.length = 0;
      queries.length = 0;
      roundTrips = 0;
      rowsRead = 0;
      rowsWritten = 0;
    },
  };
  return db as unknown as CountingD1;
}
