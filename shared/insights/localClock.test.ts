import { describe, expect, it } from 'vitest';
import { describeBusinessHours, fixedOffsetClock, isBusinessHours, weekStartOf, zonedClock } from './localClock';

describe('local clock', () => {
  it('converts with a fixed offset and with a time zone, DST included', () => {
    const ms = Date.parse('2026-11-22T23:30:00Z');
    expect(fixedOffsetClock(60)(ms)).toEqual({ date: '2026-11-23', weekday: 1, minutes: 30 });
    expect(zonedClock('Europe/Paris')(ms)).toEqual({ date: '2026-11-23', weekday: 1, minutes: 30 });
    // Summer time: UTC+2 in Paris.
    expect(zonedClock('Europe/Paris')(Date.parse('2026-07-01T07:00:00Z'))).toEqual({
      date: '2026-07-01',
      weekday: 3,
      minutes: 540,
    });
  });

  it('knows business hours and weeks', () => {
    const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
    expect(isBusinessHours({ date: '2026-11-23', weekday: 1, minutes: 9 * 60 }, hours)).toBe(true);
    expect(isBusinessHours({ date: '2026-11-23', weekday: 1, minutes: 18 * 60 }, hours)).toBe(false);
    expect(isBusinessHours({ date: '2026-11-28', weekday: 6, minutes: 12 * 60 }, hours)).toBe(false);
    expect(weekStartOf('2026-11-29', 0)).toBe('2026-11-23');
    expect(weekStartOf('2026-11-23', 1)).toBe('2026-11-23');
    expect(describeBusinessHours(hours)).toBe('Mon-Fri 09:00-18:00');
    expect(describeBusinessHours({ days: [0, 6], start: '10:00', end: '14:00' })).toBe('Sat, Sun 10:00-14:00');
  });
});
