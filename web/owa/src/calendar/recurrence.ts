// The event form's recurrence fields ⇄ the API's recurrence object (docs/owa-api.md, Calendar).
import type { Recurrence } from '../api/types';
import { type DayKey, WEEKDAY_NAMES, addMonths, dayOfWeek, parseDayKey } from './time';

export type RepeatKind = 'none' | 'daily' | 'weekly' | 'monthly' | 'yearly';
export type MonthlyMode = 'day' | 'nth';
export type EndKind = 'never' | 'until' | 'count';

export interface RepeatForm {
  kind: RepeatKind;
  interval: number;
  /** Weekly: the chosen days, 0 = Sunday. */
  days: number[];
  monthlyMode: MonthlyMode;
  end: EndKind;
  until: DayKey;
  count: number;
}

export function defaultRepeat(start: DayKey): RepeatForm {
  return { kind: 'none', interval: 1, days: [dayOfWeek(start)], monthlyMode: 'day', end: 'never', until: addMonths(start, 3), count: 10 };
}

/** Week of the month of a date: 1–4, or 5 (= the last) for days 29–31. */
export function weekOfMonth(start: DayKey): number {
  return Math.min(5, Math.ceil(parseDayKey(start).day / 7));
}

export function toForm(r: Recurrence | null | undefined, start: DayKey): RepeatForm {
  const form = defaultRepeat(start);
  if (!r) return form;
  form.interval = Math.max(1, r.interval || 1);
  switch (r.type) {
    case 'daily':
      form.kind = 'daily';
      break;
    case 'weekly':
      form.kind = 'weekly';
      form.days = (r.daysOfWeek ?? [])
        .map((d) => WEEKDAY_NAMES.indexOf(d))
        .filter((d) => d >= 0)
        .sort();
      if (form.days.length === 0) form.days = [dayOfWeek(start)];
      break;
    case 'monthly':
      form.kind = 'monthly';
      form.monthlyMode = 'day';
      break;
    case 'monthlyNth':
      form.kind = 'monthly';
      form.monthlyMode = 'nth';
      break;
    case 'yearly':
      form.kind = 'yearly';
      break;
  }
  if (r.until) {
    form.end = 'until';
    form.until = r.until.slice(0, 10);
  } else if (r.count) {
    form.end = 'count';
    form.count = r.count;
  }
  return form;
}

export function toApi(form: RepeatForm, start: DayKey): Recurrence | null {
  if (form.kind === 'none') return null;
  const { month, day } = parseDayKey(start);
  const r: Recurrence = {
    type: 'daily',
    interval: Math.max(1, Math.floor(form.interval) || 1),
    daysOfWeek: [],
    dayOfMonth: null,
    weekOfMonth: null,
    monthOfYear: null,
    until: form.end === 'until' ? form.until : null,
    count: form.end === 'count' ? Math.max(1, Math.floor(form.count) || 1) : null,
  };
  switch (form.kind) {
    case 'daily':
      break;
    case 'weekly':
      r.type = 'weekly';
      r.daysOfWeek = (form.days.length ? form.days : [dayOfWeek(start)]).slice().sort().map((d) => WEEKDAY_NAMES[d]);
      break;
    case 'monthly':
      if (form.monthlyMode === 'nth') {
        r.type = 'monthlyNth';
        r.daysOfWeek = [WEEKDAY_NAMES[dayOfWeek(start)]];
        r.weekOfMonth = weekOfMonth(start);
      } else {
        r.type = 'monthly';
        r.dayOfMonth = day;
      }
      break;
    case 'yearly':
      r.type = 'yearly';
      r.dayOfMonth = day;
      r.monthOfYear = month;
      break;
  }
  return r;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'last'];
const DAY_LABELS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function nthLabel(start: DayKey): string {
  return `the ${ORDINALS[weekOfMonth(start) - 1]} ${DAY_LABELS[dayOfWeek(start)]}`;
}

export { DAY_LABELS };
