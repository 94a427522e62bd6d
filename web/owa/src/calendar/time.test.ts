import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  combine,
  dayKeyOf,
  dayOfWeek,
  daysBetween,
  isDayKey,
  minutesOfDay,
  resolveTimeZone,
  startOfDayUtc,
  startOfWeek,
  timeInputValue,
  toIso,
  wallTime,
  zonedToUtc,
} from './time';

describe('zonedToUtc', () => {
  it('converts a wall time in a zone to its instant', () => {
    expect(toIso(zonedToUtc({ year: 2026, month: 11, day: 27, hour: 9, minute: 0 }, 'Europe/Paris'))).toBe('2026-11-27T08:00:00Z');
    expect(toIso(zonedToUtc({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'Europe/Paris'))).toBe('2026-07-01T07:00:00Z');
    expect(toIso(zonedToUtc({ year: 2026, month: 11, day: 27, hour: 9, minute: 30 }, 'Asia/Kolkata'))).toBe('2026-11-27T04:00:00Z');
  });

  it('moves a time skipped by the spring-forward change on by the gap', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z.
    expect(toIso(combine('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00Z');
  });

  it('finds the times just after a change, on either side of UTC', () => {
    expect(toIso(combine('2026-03-08', '03:30', 'America/New_York'))).toBe('2026-03-08T07:30:00Z');
    expect(toIso(combine('2026-03-08', '01:30', 'America/New_York'))).toBe('2026-03-08T06:30:00Z');
    expect(toIso(combine('2026-03-29', '03:30', 'Europe/Paris'))).toBe('2026-03-29T01:30:00Z');
    expect(toIso(combine('2026-03-29', '02:30', 'Europe/Paris'))).toBe('2026-03-29T01:30:00Z');
  });

  it('takes the earlier instant of a time repeated by the fall-back change', () => {
    // 2026-11-01 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST).
    expect(toIso(combine('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00Z');
    // 2026-10-25 02:30 happens twice in Paris: 00:30Z (CEST) and 01:30Z (CET).
    expect(toIso(combine('2026-10-25', '02:30', 'Europe/Paris'))).toBe('2026-10-25T00:30:00Z');
  });
});

describe('days in a zone', () => {
  it('starts a day at its local midnight, also on a daylight-saving day', () => {
    expect(toIso(startOfDayUtc('2026-03-29', 'Europe/Paris'))).toBe('2026-03-28T23:00:00Z');
    expect(toIso(startOfDayUtc('2026-03-30', 'Europe/Paris'))).toBe('2026-03-29T22:00:00Z');
  });

  it('names the local day and time of an instant', () => {
    const t = Date.parse('2026-11-27T23:30:00Z');
    expect(dayKeyOf(t, 'Europe/Paris')).toBe('2026-11-28');
    expect(dayKeyOf(t, 'America/Los_Angeles')).toBe('2026-11-27');
    expect(timeInputValue(t, 'Europe/Paris')).toBe('00:30');
    expect(minutesOfDay(t, 'UTC')).toBe(23 * 60 + 30);
  });

  it('falls back to the browser zone for a missing or unknown one', () => {
    expect(resolveTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(resolveTimeZone('Not/AZone')).not.toBe('Not/AZone');
    expect(resolveTimeZone(null)).toBeTruthy();
  });
});

describe('civil dates', () => {
  it('adds days and months (a month end is clamped)', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('finds weekdays, week starts and distances', () => {
    expect(dayOfWeek('2026-11-27')).toBe(5);
    expect(startOfWeek('2026-11-27', 0)).toBe('2026-11-22');
    expect(startOfWeek('2026-11-29', 1)).toBe('2026-11-23');
    expect(startOfWeek('2026-11-23', 1)).toBe('2026-11-23');
    expect(daysBetween('2026-11-27', '2026-12-03')).toBe(6);
    expect(daysBetween('2026-03-30', '2026-03-29')).toBe(-1);
  });

  it('accepts only YYYY-MM-DD day keys', () => {
    expect(isDayKey('2026-11-27')).toBe(true);
    expect(isDayKey('2026-11-7')).toBe(false);
    expect(isDayKey('')).toBe(false);
  });
});

describe('wallTime', () => {
  it('agrees with Intl for every quarter hour around both changes of a year', () => {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    for (const from of [Date.parse('2026-03-07T12:00:00Z'), Date.parse('2026-10-31T12:00:00Z')]) {
      for (let t = from; t < from + 2 * 86_400_000; t += 7 * 60_000) {
        const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, Number(x.value)]));
        const w = wallTime(t, 'America/New_York');
        expect([w.year, w.month, w.day, w.hour, w.minute]).toEqual([p.year, p.month, p.day, p.hour % 24, p.minute]);
      }
    }
  });
});
