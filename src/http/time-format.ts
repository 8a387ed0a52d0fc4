/** Per-API timestamp formats. Storage is always integer milliseconds UTC. */

/** `2024-01-15T08:30:00`: a naive UTC datetime, as FastAPI/pydantic prints one. */
export function isoNaiveUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `2025-11-18T13:38:20.000Z`, as Express/JSON.stringify prints a Date. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** 10-digit Unix seconds. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
