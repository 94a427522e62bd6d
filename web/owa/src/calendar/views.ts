// The calendar's views: which days each one shows, how Previous/Next move, and the heading that names the range.
import type { Occurrence } from '../api/types';
import {
  type DayKey,
  addDays,
  addMonths,
  dayKeyOf,
  dayOfWeek,
  daysBetween,
  formatDay,
  parseDayKey,
  startOfMonth,
  startOfWeek,
} from './time';

export type CalendarView = 'day' | 'workweek' | 'week' | 'month';

export const VIEWS: { key: CalendarView; label: string }[] = [
  { key: 'day', label: 'Day' },
  { key: 'workweek', label: 'Work week' },
  { key: 'week', label: 'Week' },
  { key: 'month', label: 'Month' },
];

export function isView(value: string | undefined): value is CalendarView {
  return value === 'day' || value === 'workweek' || value === 'week' || value === 'month';
}

export interface VisibleRange {
  /** The days shown, in order (the whole grid for the month view). */
  days: DayKey[];
  first: DayKey;
  /** The day after the last one shown. */
  end: DayKey;
}

export function visibleRange(view: CalendarView, anchor: DayKey, firstDayOfWeek: number): VisibleRange {
  let first: DayKey;
  let count: number;
  switch (view) {
    case 'day':
      first = anchor;
      count = 1;
      break;
    case 'workweek':
      // Monday to Friday of the anchor's week (a weekend day shows the work week it ends).
      first = startOfWeek(anchor, 1);
      count = 5;
      break;
    case 'week':
      first = startOfWeek(anchor, firstDayOfWeek);
      count = 7;
      break;
    case 'month': {
      const monthStart = startOfMonth(anchor);
      first = startOfWeek(monthStart, firstDayOfWeek);
      const monthEnd = addMonths(monthStart, 1);
      count = Math.ceil(daysBetween(first, monthEnd) / 7) * 7;
      break;
    }
  }
  const days: DayKey[] = [];
  for (let i = 0; i < count; i++) days.push(addDays(first, i));
  return { days, first, end: addDays(first, count) };
}

export function step(view: CalendarView, anchor: DayKey, direction: 1 | -1): DayKey {
  switch (view) {
    case 'day':
      return addDays(anchor, direction);
    case 'workweek':
    case 'week':
      return addDays(anchor, 7 * direction);
    case 'month':
      return addMonths(startOfMonth(anchor), direction);
  }
}

export function rangeLabel(view: CalendarView, range: VisibleRange, anchor: DayKey): string {
  if (view === 'month') return formatDay(startOfMonth(anchor), { month: 'long', year: 'numeric' });
  if (view === 'day') return formatDay(anchor, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
  const last = range.days[range.days.length - 1];
  const a = parseDayKey(range.first);
  const b = parseDayKey(last);
  const fmt = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'long', day: 'numeric', year: 'numeric' });
  const toDate = (p: typeof a) => new Date(Date.UTC(p.year, p.month - 1, p.day, 12));
  return fmt.formatRange(toDate(a), toDate(b));
}

export function isWeekend(key: DayKey): boolean {
  const d = dayOfWeek(key);
  return d === 0 || d === 6;
}

// ---- events of the range ----

export interface CalendarItem {
  /** Unique within the range: the item id plus the occurrence's start. */
  key: string;
  occurrence: Occurrence;
  start: number;
  end: number;
  /** First and last day the item touches (the last for an all-day item is its final day, not the day after). */
  firstDay: DayKey;
  lastDay: DayKey;
  /** Drawn in the all-day row (all-day, or 24 hours or longer) rather than in the time grid. */
  allDayRow: boolean;
}

export function toItems(events: readonly Occurrence[], timeZone: string): CalendarItem[] {
  const items: CalendarItem[] = [];
  for (const occurrence of events) {
    const start = Date.parse(occurrence.startUtc);
    let end = Date.parse(occurrence.endUtc);
    if (Number.isNaN(start)) continue;
    if (Number.isNaN(end) || end < start) end = start;
    const allDayRow = occurrence.isAllDay || end - start >= 24 * 3600000;
    let firstDay: DayKey;
    let lastDay: DayKey;
    if (occurrence.isAllDay) {
      ({ firstDay, lastDay } = allDayDays(start, end, timeZone));
    } else {
      firstDay = dayKeyOf(start, timeZone);
      // The end is exclusive: an event ending at midnight does not touch the next day.
      lastDay = end > start ? dayKeyOf(end - 1, timeZone) : firstDay;
      if (daysBetween(firstDay, lastDay) < 0) lastDay = firstDay;
    }
    items.push({
      key: `${occurrence.id}|${occurrence.occurrenceStartUtc ?? ''}`,
      occurrence,
      start,
      end,
      firstDay,
      lastDay,
      allDayRow,
    });
  }
  items.sort((a, b) => a.start - b.start || b.end - a.end || a.occurrence.subject.localeCompare(b.occurrence.subject));
  return items;
}

/**
 * The days of an all-day event. It runs midnight to midnight in the zone it was made in, which may not be the user's:
 * rounding each end to the nearest midnight keeps "Tuesday" on Tuesday for any zone less than 12 hours away.
 */
export function allDayDays(start: number, end: number, timeZone: string): { firstDay: DayKey; lastDay: DayKey } {
  const half = 12 * 3600000;
  const firstDay = dayKeyOf(start + half, timeZone);
  let lastDay = end - start >= 2 * half ? dayKeyOf(end - half, timeZone) : firstDay;
  if (daysBetween(firstDay, lastDay) < 0) lastDay = firstDay;
  return { firstDay, lastDay };
}

export function touchesDay(item: CalendarItem, day: DayKey): boolean {
  return daysBetween(item.firstDay, day) >= 0 && daysBetween(day, item.lastDay) >= 0;
}

export interface Lane {
  item: CalendarItem;
  /** Column indexes within the days shown (inclusive). */
  from: number;
  to: number;
  lane: number;
}

/** Lays the all-day items of a run of days out in lanes (rows) so that none overlap. */
export function layoutLanes(items: readonly CalendarItem[], days: readonly DayKey[]): Lane[] {
  if (days.length === 0) return [];
  const first = days[0];
  const laneEnds: number[] = [];
  const result: Lane[] = [];
  for (const item of items) {
    const from = Math.max(0, daysBetween(first, item.firstDay));
    const to = Math.min(days.length - 1, daysBetween(first, item.lastDay));
    if (to < 0 || from > days.length - 1 || to < from) continue;
    let lane = laneEnds.findIndex((end) => end < from);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(to);
    } else {
      laneEnds[lane] = to;
    }
    result.push({ item, from, to, lane });
  }
  return result;
}
