/**
 * Tells a D1 outage from a bug. Both reach us as plain Errors: the D1 binding throws
 * `Error("D1_ERROR: <detail>", { cause: Error("<detail>") })` (also D1_EXEC_ERROR, D1_TYPE_ERROR,
 * D1_COLUMN_NOTFOUND), drizzle wraps a single query's error in a DrizzleQueryError (`query`, `params`,
 * `cause`) and passes a batch's error through unwrapped.
 *
 * Outage: what Cloudflare's D1 error list says to retry (the database object was reset, restarted,
 * overloaded, timed out or unreachable) plus SQLite's busy/locked/I/O/full conditions and the size
 * limits: the request was fine, the database could not serve it. Everything else raised by D1 is a
 * bug of ours (a syntax error, a missing table or column, a constraint the domain should have checked
 * first, a wrong type, too many variables) and must stay a loud 500, not be hidden as "try again".
 */
const OUTAGE = [
  /network connection lost/i,
  /connection (was )?(reset|refused|closed|lost)/i,
  /overloaded/i,
  /object to be reset/i,
  /reset because its code was updated/i,
  /transient issue/i,
  /exceeded (its )?(timeout|memory limit|cpu time limit)/i,
  /timed? ?out/i,
  /\b(SQLITE_BUSY|SQLITE_LOCKED|SQLITE_IOERR|SQLITE_FULL)\b|database is locked/i,
  /exceeded maximum db size|maximum account storage/i,
  /\bunavailable\b/i,
];

const D1_PREFIX = /^D1_[A-Z_]+:/;
const MAX_DEPTH = 5;

export interface D1Failure {
  outage: boolean;
  /** The innermost D1 message (no bound values: drizzle's own message lists the params). */
  detail: string;
  /** The SQL text drizzle reports, when it wrapped the error. */
  query?: string;
}

function chain(err: unknown): Error[] {
  const out: Error[] = [];
  for (let e = err, i = 0; e instanceof Error && i < MAX_DEPTH; e = e.cause, i++) out.push(e);
  return out;
}

/** The D1 failure behind `err`, or null when `err` did not come from the D1 binding. */
export function d1Failure(err: unknown): D1Failure | null {
  const errors = chain(err);
  const d1 = errors.find((e) => D1_PREFIX.test(e.message));
  const wrapped = errors.find((e) => e.constructor.name === 'DrizzleQueryError' || 'query' in e) as
    | (Error & { query?: unknown })
    | undefined;
  if (!d1 && !wrapped) return null;
  const detail = (d1 ?? errors[errors.length - 1]!).message;
  const query = typeof wrapped?.query === 'string' ? wrapped.query : undefined;
  const messages = errors.filter((e) => e !== wrapped).map((e) => e.message);
  return { outage: messages.some((m) => OUTAGE.some((p) => p.test(m))), detail, query };
}

export const isD1Outage = (err: unknown): boolean => d1Failure(err)?.outage === true;
