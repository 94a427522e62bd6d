import { describe, expect, it } from 'vitest';
import type { Recurrence } from '../api/types';
import { type RepeatForm, defaultRepeat, nthLabel, toApi, toForm, weekOfMonth } from './recurrence';

const START = '2026-11-26'; // the fourth Thursday of November

const form = (patch: Partial<RepeatForm>): RepeatForm => ({ ...defaultRepeat(START), ...patch });

describe('toApi', () => {
  it('sends nothing for a single event', () => {
    expect(toApi(defaultRepeat(START), START)).toBeNull();
  });

  it('builds each pattern from the form and the start date', () => {
    expect(toApi(form({ kind: 'daily', interval: 2 }), START)).toMatchObject({ type: 'daily', interval: 2, daysOfWeek: [] });
    expect(toApi(form({ kind: 'weekdays', interval: 3 }), START)).toMatchObject({
      type: 'daily',
      interval: 1,
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    });
    expect(toApi(form({ kind: 'weekly', days: [5, 1] }), START)).toMatchObject({ type: 'weekly', daysOfWeek: ['monday', 'friday'] });
    expect(toApi(form({ kind: 'weekly', days: [] }), START)).toMatchObject({ daysOfWeek: ['thursday'] });
    expect(toApi(form({ kind: 'monthly' }), START)).toMatchObject({ type: 'monthly', dayOfMonth: 26 });
    expect(toApi(form({ kind: 'monthly', dayMode: 'nth' }), START)).toMatchObject({ type: 'monthlyNth', daysOfWeek: ['thursday'], weekOfMonth: 4 });
    expect(toApi(form({ kind: 'yearly' }), START)).toMatchObject({ type: 'yearly', dayOfMonth: 26, monthOfYear: 11 });
    expect(toApi(form({ kind: 'yearly', dayMode: 'nth' }), START)).toMatchObject({
      type: 'yearlyNth',
      daysOfWeek: ['thursday'],
      weekOfMonth: 4,
      monthOfYear: 11,
    });
  });

  it('ends a series never, on a date or after a count', () => {
    expect(toApi(form({ kind: 'daily' }), START)).toMatchObject({ until: null, count: null });
    expect(toApi(form({ kind: 'daily', end: 'until', until: '2027-01-31' }), START)).toMatchObject({ until: '2027-01-31', count: null });
    expect(toApi(form({ kind: 'daily', end: 'count', count: 7 }), START)).toMatchObject({ until: null, count: 7 });
  });
});

describe('toForm', () => {
  const api = (r: Partial<Recurrence>): Recurrence => ({
    type: 'daily',
    interval: 1,
    daysOfWeek: [],
    dayOfMonth: null,
    weekOfMonth: null,
    monthOfYear: null,
    until: null,
    count: null,
    ...r,
  });

  it('reads back what toApi wrote', () => {
    for (const f of [
      form({ kind: 'daily', interval: 3 }),
      form({ kind: 'weekdays' }),
      form({ kind: 'weekly', interval: 2, days: [1, 3, 5] }),
      form({ kind: 'monthly', dayMode: 'nth', end: 'count', count: 12 }),
      form({ kind: 'yearly', dayMode: 'nth', end: 'until', until: '2030-11-28' }),
    ]) {
      expect(toForm(toApi(f, START), START)).toEqual(f);
    }
  });

  it('reads patterns from phones: every weekday, an until with a time, a weekly series without days', () => {
    expect(toForm(api({ daysOfWeek: ['monday', 'friday'], interval: 1 }), START).kind).toBe('weekdays');
    expect(toForm(api({ until: '2027-03-01T23:59:59Z' }), START)).toMatchObject({ end: 'until', until: '2027-03-01' });
    expect(toForm(api({ type: 'weekly' }), START).days).toEqual([4]);
  });
});

describe('weekOfMonth', () => {
  it('counts weeks from the first of the month, the fifth being the last', () => {
    expect(weekOfMonth('2026-11-01')).toBe(1);
    expect(weekOfMonth('2026-11-26')).toBe(4);
    expect(weekOfMonth('2026-11-30')).toBe(5);
    expect(nthLabel('2026-11-30')).toBe('the last Monday');
  });
});
