/**
 * A D1 binding that records every statement it runs (each statement of a batch, each statement of an
 * exec), for query budgets and query plans. Sessions made with withSession() record into the same log.
 */
export interface RecordedQuery {
  sql: string;
  params: unknown[];
  /** Run inside a batch, where D1 hands rows back as objects keyed by column name. */
  inBatch?: boolean;
}

export interface CountingD1 extends D1Database {
  /** SQL of every statement executed since the last reset(). */
  readonly statements: string[];
  /** The same statements with their bound values (to EXPLAIN them). */
  readonly queries: RecordedQuery[];
  /** Calls that went to D1 since the last reset(): a batch is one, however many statements it holds. */
  readonly roundTrips: number;
  reset(): void;
}

const INNER = Symbol('inner statement');
const QUERY = Symbol('recorded query');

type Wrapped = D1PreparedStatement & { [INNER]: D1PreparedStatement; [QUERY]: RecordedQuery };

export function countingD1(real: D1Database): CountingD1 {
  const statements: string[] = [];
  const queries: RecordedQuery[] = [];
  let roundTrips = 0;
  const record = (q: RecordedQuery) => {
    statements.push(q.sql);
    queries.push(q);
  };

  const wrap = (inner: D1PreparedStatement, query: RecordedQuery): Wrapped => {
    const run = <T>(execute: () => Promise<T>) => {
      roundTrips++;
      record(query);
      return execute();
    };
    const wrapped = {
      [INNER]: inner,
      [QUERY]: query,
      bind: (...values: unknown[]) => wrap(inner.bind(...values), { sql: query.sql, params: values }),
      first: (col?: string) => run(() => (col === undefined ? inner.first() : inner.first(col))),
      run: () => run(() => inner.run()),
      all: () => run(() => inner.all()),
      raw: (opts?: { columnNames?: boolean }) => run(() => inner.raw(opts as { columnNames: true })),
    };
    return wrapped as unknown as Wrapped;
  };

  const source = (target: D1Database | D1DatabaseSession) => ({
    prepare: (sql: string) => wrap(target.prepare(sql), { sql, params: [] }),
    batch<T = unknown>(list: D1PreparedStatement[]) {
      roundTrips++;
      const inner = list.map((s) => {
        const w = s as Partial<Wrapped>;
        if (!w[INNER] || !w[QUERY]) throw new Error('counting-d1: batch got a statement that was not prepared through it');
        record({ ...w[QUERY], inBatch: true });
        return w[INNER];
      });
      return target.batch<T>(inner);
    },
  });

  const db = {
    ...source(real),
    exec(sql: string) {
      roundTrips++;
      for (const one of sql.split(';').map((q) => q.trim()).filter(Boolean)) record({ sql: one, params: [] });
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
    reset() {
      statements.length = 0;
      queries.length = 0;
      roundTrips = 0;
    },
  };
  return db as unknown as CountingD1;
}
