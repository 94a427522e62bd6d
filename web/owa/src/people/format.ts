// Display helpers of the People module.

/** "1990-03-05" → "March 5, 1990" (a date without a zone: formatted at UTC noon in UTC). */
export function formatBirthday(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(d);
}
