/**
 * Calendar days in APP_TIMEZONE, as `YYYY-MM-DD`. A study day is the day, in that zone, on which a
 * progress report arrived; streaks count consecutive such days.
 */
export { localDay as dayKey } from '../../platform/time-zone';

/** The day before `day` (calendar arithmetic, independent of any zone). */
export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
