import { describe, expect, it } from 'vitest';
import { isoWithOffset, offsetMinutes, startOfLocalDay, startOfNextLocalDay } from '../../../src/platform/time-zone';

describe('time zones (local days for the daily SMS cap, ISO times for excourse)', () => {
  it('formats Django-style ISO with microseconds and the zone offset', () => {
    expect(isoWithOffset(Date.UTC(2022, 2, 22, 13, 42, 10, 34), 'Asia/Shanghai')).toBe('2022-03-22T21:42:10.034000+08:00');
    expect(isoWithOffset(Date.UTC(2022, 2, 22, 13, 42, 10, 34), 'UTC')).toBe('2022-03-22T13:42:10.034000+00:00');
    expect(isoWithOffset(Date.UTC(2022, 0, 1, 3, 0, 0), 'America/New_York')).toBe('2021-12-31T22:00:00.000000-05:00');
    expect(isoWithOffset(Date.UTC(2022, 0, 1, 0, 0, 0), 'Asia/Kolkata')).toBe('2022-01-01T05:30:00.000000+05:30');
  });

  it('gives offsets in minutes, following DST', () => {
    expect(offsetMinutes(Date.UTC(2026, 0, 1), 'Asia/Shanghai')).toBe(480);
    expect(offsetMinutes(Date.UTC(2026, 0, 15), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutes(Date.UTC(2026, 6, 15), 'Europe/Berlin')).toBe(120);
  });

  it('finds the start of the local day and of the next one', () => {
    // 2026-06-01 23:30 in Shanghai = 15:30 UTC; the day began at 16:00 UTC the day before.
    const late = Date.UTC(2026, 5, 1, 15, 30);
    expect(startOfLocalDay(late, 'Asia/Shanghai')).toBe(Date.UTC(2026, 4, 31, 16, 0));
    expect(startOfNextLocalDay(late, 'Asia/Shanghai')).toBe(Date.UTC(2026, 5, 1, 16, 0));
    // Midnight itself belongs to the day it starts.
    expect(startOfLocalDay(Date.UTC(2026, 5, 1, 16, 0), 'Asia/Shanghai')).toBe(Date.UTC(2026, 5, 1, 16, 0));
    // A DST day in Berlin (2026-03-29 is 23 hours long).
    expect(startOfLocalDay(Date.UTC(2026, 2, 29, 12, 0), 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 23, 0));
    expect(startOfNextLocalDay(Date.UTC(2026, 2, 29, 12, 0), 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 22, 0));
  });
});
