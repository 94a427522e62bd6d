import { describe, expect, it } from 'vitest';
import type { CalendarEventInput } from '../api/types';
import { eventRequest, initialScope, saveBody } from './occurrence';

const input: CalendarEventInput = {
  subject: 'Team meeting',
  startUtc: '2026-03-24T13:00:00Z',
  endUtc: '2026-03-24T14:00:00Z',
  isAllDay: false,
  location: 'Room 9',
  bodyHtml: '',
  timeZone: 'Europe/Paris',
  showAs: 'busy',
  reminderMinutes: 15,
  recurrence: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], dayOfMonth: null, weekOfMonth: null, monthOfYear: null, until: null, count: null },
  attendees: [{ name: 'Bob', address: 'bob@example.com', type: 'required' }],
};

describe('editing a recurring event', () => {
  it('asks first only for an occurrence of a series', () => {
    expect(initialScope('2026-03-23T08:00:00Z')).toBeNull();
    expect(initialScope(null)).toBe('series');
  });

  it('sends one occurrence to ?occurrence= with its original start', () => {
    expect(eventRequest('AB/c', '2026-03-23T08:00:00Z', 'occurrence')).toEqual({
      path: '/calendar/events/AB%2Fc',
      query: { occurrence: '2026-03-23T08:00:00Z' },
    });
  });

  it('sends the whole series to the event itself', () => {
    expect(eventRequest('AB', '2026-03-23T08:00:00Z', 'series')).toEqual({ path: '/calendar/events/AB' });
    expect(eventRequest('AB', null, 'series')).toEqual({ path: '/calendar/events/AB' });
  });

  it('keeps the pattern and attendees for the series, not for one occurrence', () => {
    expect(saveBody(input, 'series')).toBe(input);
    expect(saveBody(input, 'occurrence')).toMatchObject({ subject: 'Team meeting', startUtc: '2026-03-24T13:00:00Z', recurrence: null, attendees: [] });
  });
});
