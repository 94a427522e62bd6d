import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../api/types';
import { allDayDays, layoutLanes, rangeLabel, step, toItems, visibleRange } from './views';

const occurrence = (o: Partial<Occurrence>): Occurrence => ({
  id: 'id',
  occurrenceStartUtc: null,
  subject: 'x',
  startUtc: '2026-11-27T09:00:00Z',
  endUtc: '2026-11-27T10:00:00Z',
  isAllDay: false,
  location: '',
  showAs: 'busy',
  isRecurring: false,
  reminderMinutes: null,
  organizer: null,
  ...o,
});

describe('visibleRange', () => {
  it('shows one day, Monday to Friday, a week from the first weekday, or whole weeks around a month', () => {
    expect(visibleRange('day', '2026-11-27', 0).days).toEqual(['2026-11-27']);
    const work = visibleRange('workweek', '2026-11-29', 0); // a Sunday: the work week it ends
    expect([work.first, work.end, work.days.length]).toEqual(['2026-11-23', '2026-11-28', 5]);
    expect(visibleRange('week', '2026-11-27', 1).first).toBe('2026-11-23');
    expect(visibleRange('week', '2026-11-27', 0).first).toBe('2026-11-22');
    const month = visibleRange('month', '2026-11-15', 1);
    expect([month.first, month.end, month.days.length]).toEqual(['2026-10-26', '2026-12-07', 42]);
    expect(visibleRange('month', '2026-02-10', 0).days.length).toBe(28); // February 2026 starts on a Sunday
  });

  it('steps by the view and names the range', () => {
    expect(step('day', '2026-11-30', 1)).toBe('2026-12-01');
    expect(step('week', '2026-11-27', -1)).toBe('2026-11-20');
    expect(step('month', '2026-01-31', 1)).toBe('2026-02-01');
    expect(rangeLabel('month', visibleRange('month', '2026-11-15', 0), '2026-11-15')).toMatch(/November.*2026/);
  });
});

describe('toItems', () => {
  it('keeps an all-day event made in another zone on its own days', () => {
    // All day on November 26 in Tokyo (15:00Z to 15:00Z), seen from Paris.
    const [item] = toItems([occurrence({ isAllDay: true, startUtc: '2026-11-25T15:00:00Z', endUtc: '2026-11-26T15:00:00Z' })], 'Europe/Paris');
    expect([item.firstDay, item.lastDay, item.allDayRow]).toEqual(['2026-11-26', '2026-11-26', true]);
    expect(allDayDays(Date.parse('2026-11-24T00:00:00Z'), Date.parse('2026-11-27T00:00:00Z'), 'UTC')).toEqual({
      firstDay: '2026-11-24',
      lastDay: '2026-11-26',
    });
  });

  it('ends a timed event at midnight on its own day and sends 24 hours or more to the all-day row', () => {
    const [a, b] = toItems(
      [
        occurrence({ id: 'a', startUtc: '2026-11-27T22:00:00Z', endUtc: '2026-11-28T00:00:00Z' }),
        occurrence({ id: 'b', startUtc: '2026-11-28T08:00:00Z', endUtc: '2026-11-29T08:00:00Z' }),
      ],
      'UTC',
    );
    expect([a.firstDay, a.lastDay, a.allDayRow]).toEqual(['2026-11-27', '2026-11-27', false]);
    expect([b.firstDay, b.lastDay, b.allDayRow]).toEqual(['2026-11-28', '2026-11-29', true]);
  });

  it('names each occurrence of a series apart and skips unreadable times', () => {
    const items = toItems(
      [
        occurrence({ occurrenceStartUtc: '2026-11-27T09:00:00Z' }),
        occurrence({ occurrenceStartUtc: '2026-11-28T09:00:00Z', startUtc: '2026-11-28T09:00:00Z', endUtc: '2026-11-28T09:30:00Z' }),
        occurrence({ startUtc: 'nonsense' }),
      ],
      'UTC',
    );
    expect(new Set(items.map((i) => i.key)).size).toBe(2);
  });
});

describe('layoutLanes', () => {
  it('stacks overlapping all-day events in lanes and clips them to the days shown', () => {
    const days = visibleRange('week', '2026-11-23', 1).days;
    const items = toItems(
      [
        occurrence({ id: 'long', isAllDay: true, startUtc: '2026-11-20T00:00:00Z', endUtc: '2026-11-25T00:00:00Z' }),
        occurrence({ id: 'mid', isAllDay: true, startUtc: '2026-11-24T00:00:00Z', endUtc: '2026-11-26T00:00:00Z' }),
        occurrence({ id: 'late', isAllDay: true, startUtc: '2026-11-26T00:00:00Z', endUtc: '2026-12-02T00:00:00Z' }),
      ],
      'UTC',
    );
    expect(layoutLanes(items, days).map((l) => [l.item.occurrence.id, l.from, l.to, l.lane])).toEqual([
      ['long', 0, 1, 0],
      ['mid', 1, 2, 1],
      ['late', 3, 6, 0],
    ]);
  });
});
