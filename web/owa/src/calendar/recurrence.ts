// The event form's recurrence fields ⇄ the API's recurrence object (docs/owa-api.md, Calendar).
// The day, weekday and month of a monthly or yearly pattern come from the event's start date, as in Outlook.
import type { Recurrence } from '../api/types';
import { type DayKey, WEEKDAY_NAMES, addMonths, dayOfWeek, parseDayKey } from './time';

export type RepeatKind = 'none' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'yearly';
/** Monthly and yearly: on the start's day of the month, or on its nth weekday ("the fourth Thursday"). */
export type DayMode = 'day' | 'nth';
export type EndKind = 'never' | 'until' | 'count';

export interface RepeatForm {
  kind: RepeatKind;
  interval: number;
  /** Weekly: the chosen days, 0 = Sunday. */
  days: number[];
  dayMode: DayMode;
  end: EndKind;
  until: DayKey;
  count: number;
}

const WORK_DAYS = [1, 2, 3, 4, 5];

export function defaultRepeat(start: DayKey): RepeatForm {
  return { kind: 'none', interval: 1, days: [dayOfWeek(start)], dayMode: 'day', end: 'never', until: addMonths(start, 3), count: 10 };
}

/** Week of the month of a date: 1–4, or 5 (= the last) for days 29–31. */
export function weekOfMonth(start: DayKey): number {
  return Math.min(5, Math.ceil(parseDayKey(start).day / 7));
}

const byNumber = (a: number, b: number) => a - b;

export function toForm(r: Recurrence | null | undefined, start: DayKey): RepeatForm {
  const form = defaultRepeat(start);
  if (!r) return form;
  form.interval = Math.max(1, r.interval || 1);
  const days = (r.daysOfWeek ?? []).map((d) => WEEKDAY_NAMES.indexOf(d)).filter((d) => d >= 0).sort(byNumber);
  switch (r.type) {
    case 'daily':
      // A daily pattern with days is "every weekday" (docs/owa-api.md).
      if (days.length > 0) {
        form.kind = 'weekdays';
        form.interval = 1;
      } else {
        form.kind = 'daily';
      }
      break;
    case 'weekly':
      form.kind = 'weekly';
      if (days.length > 0) form.days = days;
      break;
    case 'monthly':
    case 'monthlyNth':
      form.kind = 'monthly';
      form.dayMode = r.type === 'monthlyNth' ? 'nth' : 'day';
      break;
    case 'yearly':
    case 'yearlyNth':
      form.kind = 'yearly';
      form.dayMode = r.type === 'yearlyNth' ? 'nth' : 'day';
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
  const nth = () => {
    r.daysOfWeek = [WEEKDAY_NAMES[dayOfWeek(start)]];
    r.weekOfMonth = weekOfMonth(start);
  };
  switch (form.kind) {
    case 'daily':
      break;
    case 'weekdays':
      r.interval = 1;
      r.daysOfWeek = WORK_DAYS.map((d) => WEEKDAY_NAMES[d]);
      break;
    case 'weekly':
      r.type = 'weekly';
      r.daysOfWeek = (form.days.length ? form.days : [dayOfWeek(start)]).slice().sort(byNumber).map((d) => WEEKDAY_NAMES[d]);
      break;
    case 'monthly':
      if (form.dayMode === 'nth') {
        r.type = 'monthlyNth';
        nth();
      } else {
        r.type = 'monthly';
        r.dayOfMonth = day;
      }
      break;
    case 'yearly':
      r.monthOfYear = month;
      if (form.dayMode === 'nth') {
        r.type = 'yearlyNth';
        nth();
      } else {
        r.type = 'yearly';
        r.dayOfMonth = day;
      }
      break;
  }
  return r;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'last'];
export const DAY_LABELS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "the fourth Friday" for the start date. */
export function nthLabel(start: DayKey): string {
  return `the ${ORDINALS[weekOfMonth(start) - 1]} ${DAY_LABELS[dayOfWeek(start)]}`;
}
