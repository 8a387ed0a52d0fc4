/**
 * Every way a time is written: the documents' formats, and offsets and local days of an IANA time zone
 * (APP_TIMEZONE) through Intl, which workerd ships with full time-zone data. Storage stays integer
 * milliseconds UTC; these only format and bound days.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's wall-clock fields at an instant. */
function wallClock(ms: number, tz: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

/** Offset from UTC in minutes at an instant (Asia/Shanghai: +480). */
export function offsetMinutes(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/** The instant the local day containing `ms` began. */
export function startOfLocalDay(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  const midnightWall = Date.UTC(w.y, w.mo - 1, w.d);
  // The offset at midnight can differ from the offset now on a DST day: correct once with it.
  const guess = midnightWall - offsetMinutes(ms, tz) * 60_000;
  return midnightWall - offsetMinutes(guess, tz) * 60_000;
}

/** The instant the next local day begins. */
export function startOfNextLocalDay(ms: number, tz: string): number {
  const start = startOfLocalDay(ms, tz);
  // 26 h past midnight is always inside the next day, whatever DST does.
  return startOfLocalDay(start + 26 * 3600_000, tz);
}

/** `2022-03-22T21:42:10.034000+08:00`: local time with microseconds and the zone's offset, as Django prints it. */
export function isoWithOffset(ms: number, tz: string): string {
  const offset = offsetMinutes(ms, tz);
  const local = new Date(ms + offset * 60_000).toISOString(); // UTC fields of the shifted instant = local fields
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.slice(0, 19)}.${local.slice(20, 23)}000${sign}${hh}:${mm}`;
}

/** The zone's calendar day of an instant, as `YYYY-MM-DD` (streaks and "today" count these). */
export function localDay(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${w.y}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** `2024-01-15T08:30:00`: a naive UTC datetime, as FastAPI/pydantic prints one (the learning document). */
export function isoNaiveUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Ten-digit Unix seconds, as the campus and progress documents show times. */
export const epochSeconds = (ms: number) => Math.floor(ms / 1000);
