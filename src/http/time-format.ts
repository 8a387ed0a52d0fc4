/** Per-API timestamp formats. Storage is always integer milliseconds UTC. */

/** `2024-01-15T08:30:00`: a naive UTC datetime, as FastAPI/pydantic prints one. */
export function isoNaiveUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

