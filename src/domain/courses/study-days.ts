/**
 * Calendar days in APP_TIMEZONE, as `YYYY-MM-DD`. A study day is the day, in that zone, on which a
 * progress report arrived; streaks count consecutive such days.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dayKey(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The day before `day` (calendar arithmetic, independent of any zone). */
export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
