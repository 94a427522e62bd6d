// Editing a recurring event: one occurrence (PUT/GET …?occurrence=, a changed exception of the series) or the whole
// series (PUT of the event), as Outlook asks when an occurrence is opened.
import type { CalendarEventInput } from '../api/types';
import { seg } from '../api/client';

/** What an edit of an opened event applies to. */
export type EditScope = 'occurrence' | 'series';

/** The scope an editor starts with: an opened occurrence of a series asks first (null); anything else is the event. */
export function initialScope(occurrenceStartUtc: string | null): EditScope | null {
  return occurrenceStartUtc ? null : 'series';
}

export interface EventRequest {
  path: string;
  query?: { occurrence: string };
}

/** Where to read and save the event being edited. */
export function eventRequest(id: string, occurrenceStartUtc: string | null, scope: EditScope): EventRequest {
  const path = `/calendar/events/${seg(id)}`;
  return scope === 'occurrence' && occurrenceStartUtc ? { path, query: { occurrence: occurrenceStartUtc } } : { path };
}

/** The body of the save: one occurrence has no recurrence or attendees of its own (the series keeps them). */
export function saveBody(input: CalendarEventInput, scope: EditScope): CalendarEventInput {
  return scope === 'occurrence' ? { ...input, recurrence: null, attendees: [] } : input;
}
