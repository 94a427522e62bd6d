// Shared formatting: dates in the user's time zone, sizes, addresses.
import type { Address } from '../api/types';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = (timeZone ?? '') + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat(undefined, options); // unknown time zone: the browser's own
    }
    formatters.set(key, f);
  }
  return f;
}

function dayKey(d: Date, timeZone?: string): string {
  return formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Outlook's list date: the time today, the weekday and time within the last week, else the date. */
export function formatListDate(iso: string, timeZone?: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (dayKey(d, timeZone) === dayKey(now, timeZone)) return formatter(timeZone, { hour: 'numeric', minute: '2-digit' }).format(d);
  const age = now.getTime() - d.getTime();
  if (age >= 0 && age < 6 * 86400_000) return formatter(timeZone, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(d);
  if (d.getFullYear() === now.getFullYear()) return formatter(timeZone, { month: 'numeric', day: 'numeric' }).format(d);
  return formatter(timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' }).format(d);
}

/** A full date and time, e.g. for the reading pane header. */
export function formatFullDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return formatter(timeZone, { weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(d);
}

export function formatTime(d: Date, timeZone?: string): string {
  return formatter(timeZone, { hour: 'numeric', minute: '2-digit' }).format(d);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function displayName(a: Address | null | undefined): string {
  if (!a) return '';
  return a.name?.trim() || a.address;
}

/** "Name <address>" or the address alone. */
export function formatAddress(a: Address): string {
  const name = a.name?.trim();
  return name && name !== a.address ? `${name} <${a.address}>` : a.address;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

export function isEmail(s: string): boolean {
  return EMAIL.test(s.trim());
}

/**
 * Parses what a user typed or pasted into a recipient well: "a@x.com; Bob <b@y.com>, c@z.com". Entries that are not
 * addresses are returned in `invalid`.
 */
export function parseAddresses(text: string): { valid: Address[]; invalid: string[] } {
  const valid: Address[] = [];
  const invalid: string[] = [];
  // Split on ; or , or newlines outside quotes and angle brackets.
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if ((ch === ';' || ch === ',' || ch === '\n') && !quoted && !angle) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    const m = /^(.*?)<([^<>]+)>$/.exec(p);
    if (m) {
      const address = m[2].trim();
      const name = m[1].trim().replace(/^"(.*)"$/, '$1').trim();
      if (isEmail(address)) valid.push({ name: name || address, address });
      else invalid.push(p);
    } else if (isEmail(p)) {
      valid.push({ name: p, address: p });
    } else invalid.push(p);
  }
  return { valid, invalid };
}
