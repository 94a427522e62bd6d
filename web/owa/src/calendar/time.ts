// Calendar dates and times in the user's time zone.
// A "day key" is a civil date "YYYY-MM-DD" (no time zone); instants are UTC milliseconds.
// Conversions between the two go through Intl.DateTimeFormat with the user's IANA time zone,
// so day and week views follow the user's zone even when the browser's differs.

import type { DayOfWeek } from '../api/types';

export type DayKey = string;

export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The browser's zone, used when the session has none or names one this browser does not know. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isKnownTimeZone(timeZone: string | null | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function resolveTimeZone(timeZone: string | null | undefined): string {
  return isKnownTimeZone(timeZone) ? timeZone : browserTimeZone();
}

/** The zone's wall-clock time of an instant, as Intl formats it (slow: tens of microseconds). */
function formatWallTime(utcMs: number, timeZone: string): WallTime {
  const out: WallTime = { year: 1970, month: 1, day: 1, hour: 0, minute: 0 };
  for (const p of partsFormatter(timeZone).formatToParts(new Date(utcMs))) {
    switch (p.type) {
      case 'year': out.year = Number(p.value); break;
      case 'month': out.month = Number(p.value); break;
      case 'day': out.day = Number(p.value); break;
      case 'hour': out.hour = Number(p.value) % 24; break;
      case 'minute': out.minute = Number(p.value); break;
    }
  }
  return out;
}

// A zone's offset changes at most once a day and only on a quarter hour. Offsets are cached per UTC day (when it is
// the same at both ends of the day) or else per quarter hour: a week of hundreds of events costs a few dozen Intl
// calls instead of several per event.
const DAY = 86_400_000;
const QUARTER = 900_000;
const offsetCache = new Map<string, Map<number, number>>();

function formatOffset(bucket: number, timeZone: string): number {
  const w = formatWallTime(bucket, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - bucket;
}

function offsetAt(utcMs: number, timeZone: string): number {
  let cache = offsetCache.get(timeZone);
  if (!cache || cache.size > 50_000) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  // Days are keyed by their (negative, odd) day number so that they never meet a quarter's start time.
  const day = Math.floor(utcMs / DAY);
  const dayKey = -2 * day - 1;
  let offset = cache.get(dayKey);
  if (offset === undefined) {
    const first = formatOffset(day * DAY, timeZone);
    const last = formatOffset(day * DAY + DAY - QUARTER, timeZone);
    offset = first === last ? first : Number.NaN;
    cache.set(dayKey, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const quarter = Math.floor(utcMs / QUARTER) * QUARTER;
  offset = cache.get(quarter);
  if (offset === undefined) {
    offset = formatOffset(quarter, timeZone);
    cache.set(quarter, offset);
  }
  return offset;
}

/** The wall-clock time of an instant in a zone. */
export function wallTime(utcMs: number, timeZone: string): WallTime {
  const d = new Date(Math.floor(utcMs / 60000) * 60000 + offsetAt(utcMs, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/**
 * The instant of a wall-clock time in a zone. A time skipped by a daylight-saving change is moved forward
 * by the gap (02:30 on a spring-forward day becomes 03:30); an ambiguous one takes the earlier instant.
 */
export function zonedToUtc(w: WallTime, timeZone: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  // The zone's offsets around that day (a change of offset happens at most once a day): the answer uses one of them.
  const before = offsetAt(guess - 86_400_000, timeZone);
  const offsets = new Set([before, offsetAt(guess, timeZone), offsetAt(guess + 86_400_000, timeZone)]);
  let best: number | null = null;
  for (const offset of offsets) {
    const t = guess - offset;
    const back = wallTime(t, timeZone);
    if (back.year === w.year && back.month === w.month && back.day === w.day && back.hour === w.hour && back.minute === w.minute)
      best = best === null ? t : Math.min(best, t);
  }
  // No instant shows that wall time: it is in the gap, and the offset before the change carries it past the gap.
  return best ?? guess - before;
}

// ---- civil dates ----

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function dayKey(year: number, month: number, day: number): DayKey {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function parseDayKey(key: DayKey): { year: number; month: number; day: number } {
  const [y, m, d] = key.split('-').map(Number);
  return { year: y, month: m, day: d };
}

export function isDayKey(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.UTC(...(value.split('-').map(Number) as [number, number, number])));
}

function keyToUtcDate(key: DayKey): Date {
  const { year, month, day } = parseDayKey(key);
  return new Date(Date.UTC(year, month - 1, day));
}

export function addDays(key: DayKey, n: number): DayKey {
  const d = keyToUtcDate(key);
  d.setUTCDate(d.getUTCDate() + n);
  return dayKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addMonths(key: DayKey, n: number): DayKey {
  const { year, month, day } = parseDayKey(key);
  const target = new Date(Date.UTC(year, month - 1 + n, 1));
  const last = daysInMonth(target.getUTCFullYear(), target.getUTCMonth() + 1);
  return dayKey(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(day, last));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(key: DayKey): number {
  return keyToUtcDate(key).getUTCDay();
}

export function daysBetween(a: DayKey, b: DayKey): number {
  return Math.round((keyToUtcDate(b).getTime() - keyToUtcDate(a).getTime()) / 86400000);
}

export function startOfWeek(key: DayKey, firstDay: number): DayKey {
  return addDays(key, -((dayOfWeek(key) - firstDay + 7) % 7));
}

export function startOfMonth(key: DayKey): DayKey {
  const { year, month } = parseDayKey(key);
  return dayKey(year, month, 1);
}

/** The first day of the week for the browser's locale (0 = Sunday), Sunday when the browser cannot tell. */
export function localeFirstDayOfWeek(): number {
  try {
    const locale = new Intl.Locale(navigator.language) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const info = locale.getWeekInfo?.() ?? locale.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay % 7;
  } catch {
    // fall through
  }
  return 0;
}

// ---- between the two ----

export function dayKeyOf(utcMs: number, timeZone: string): DayKey {
  const w = wallTime(utcMs, timeZone);
  return dayKey(w.year, w.month, w.day);
}

export function startOfDayUtc(key: DayKey, timeZone: string): number {
  const { year, month, day } = parseDayKey(key);
  return zonedToUtc({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

export function todayKey(timeZone: string, nowMs = Date.now()): DayKey {
  return dayKeyOf(nowMs, timeZone);
}

/** Minutes since the wall-clock midnight of the instant's day. */
export function minutesOfDay(utcMs: number, timeZone: string): number {
  const w = wallTime(utcMs, timeZone);
  return w.hour * 60 + w.minute;
}

/** "HH:MM" (for input type=time) of an instant in a zone. */
export function timeInputValue(utcMs: number, timeZone: string): string {
  const w = wallTime(utcMs, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export function combine(key: DayKey, time: string, timeZone: string): number {
  const { year, month, day } = parseDayKey(key);
  const [h, m] = time.split(':').map(Number);
  return zonedToUtc({ year, month, day, hour: h || 0, minute: m || 0 }, timeZone);
}

export function toIso(utcMs: number): string {
  return new Date(utcMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---- display ----

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function display(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${timeZone}|${key}`;
  let f = displayFormatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone, ...options });
    displayFormatters.set(cacheKey, f);
  }
  return f;
}

export function formatTime(utcMs: number, timeZone: string): string {
  return display(timeZone, { hour: 'numeric', minute: '2-digit' }, 'time').format(utcMs);
}

export function formatHourLabel(hour: number): string {
  return display('UTC', { hour: 'numeric' }, 'hour').format(Date.UTC(2000, 0, 1, hour));
}

/** Formats a civil date (the zone does not matter: the date is rendered at UTC noon in UTC). */
export function formatDay(key: DayKey, options: Intl.DateTimeFormatOptions): string {
  const name = JSON.stringify(options);
  return display('UTC', options, name).format(keyToUtcDate(key).getTime() + 12 * 3600000);
}

export function formatDateTime(utcMs: number, timeZone: string): string {
  return display(timeZone, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }, 'dt').format(utcMs);
}

export const WEEKDAY_NAMES: readonly DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
