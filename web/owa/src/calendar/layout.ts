// Placement of timed events in a day column: overlapping events share the width side by side.

export interface Span {
  /** Minutes from the column's midnight (clipped to 0–1440). */
  start: number;
  end: number;
}

export interface Placed<T> {
  item: T;
  start: number;
  end: number;
  /** Column index within its overlap group and the group's column count. */
  column: number;
  columns: number;
  /** How many columns the event may take (it widens into free columns to its right). */
  span: number;
}

/** Shortest height an event is drawn with, so that a 5-minute event stays clickable. */
export const MIN_EVENT_MINUTES = 20;

export function layoutDay<T>(items: readonly T[], spanOf: (item: T) => Span): Placed<T>[] {
  const entries = items
    .map((item) => {
      const s = spanOf(item);
      const start = Math.max(0, Math.min(1440, s.start));
      const end = Math.max(start, Math.min(1440, s.end));
      // An event is drawn at least MIN_EVENT_MINUTES tall; overlap is judged on what is drawn.
      const drawnEnd = Math.min(1440, Math.max(end, start + MIN_EVENT_MINUTES));
      return { item, start, end, drawnEnd };
    })
    .sort((a, b) => a.start - b.start || b.drawnEnd - a.drawnEnd);

  const result: Placed<T>[] = [];
  let group: { entry: (typeof entries)[number]; column: number }[] = [];
  let columnEnds: number[] = [];
  let groupEnd = -1;

  const flush = () => {
    const columns = columnEnds.length;
    for (const g of group) {
      // Widen into the columns to the right that are free for this event's whole drawn span.
      let span = 1;
      for (let c = g.column + 1; c < columns; c++) {
        const blocked = group.some(
          (o) => o.column === c && o.entry.start < g.entry.drawnEnd && g.entry.start < o.entry.drawnEnd,
        );
        if (blocked) break;
        span++;
      }
      result.push({ item: g.entry.item, start: g.entry.start, end: g.entry.end, column: g.column, columns, span });
    }
    group = [];
    columnEnds = [];
    groupEnd = -1;
  };

  for (const entry of entries) {
    if (group.length > 0 && entry.start >= groupEnd) flush();
    let column = columnEnds.findIndex((end) => end <= entry.start);
    if (column < 0) {
      column = columnEnds.length;
      columnEnds.push(entry.drawnEnd);
    } else {
      columnEnds[column] = entry.drawnEnd;
    }
    group.push({ entry, column });
    groupEnd = Math.max(groupEnd, entry.drawnEnd);
  }
  if (group.length > 0) flush();
  return result;
}
