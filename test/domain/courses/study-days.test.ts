import { describe, expect, it } from 'vitest';
import { dayKey, previousDay } from '../../../src/domain/courses/study-days';

describe('dayKey', () => {
  it('is the calendar day in the given zone', () => {
    const t = Date.parse('2025-03-10T16:01:00Z'); // 00:01 on the 11th in Shanghai
    expect(dayKey(t, 'Asia/Shanghai')).toBe('2025-03-11');
    expect(dayKey(t, 'UTC')).toBe('2025-03-10');
    expect(dayKey(Date.parse('2025-03-10T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2025-03-10');
    expect(dayKey(Date.parse('2025-03-10T16:00:00Z'), 'Asia/Shanghai')).toBe('2025-03-11');
    expect(dayKey(Date.parse('2025-01-01T04:00:00Z'), 'America/New_York')).toBe('2024-12-31');
  });
});

describe('previousDay', () => {
  it('steps back across month, year and leap-day boundaries', () => {
    expect(previousDay('2025-03-11')).toBe('2025-03-10');
    expect(previousDay('2025-03-01')).toBe('2025-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(previousDay('2025-01-01')).toBe('2024-12-31');
  });
});
