import { describe, expect, it } from 'vitest';
import { layoutDay } from './layout';

const place = (spans: [number, number][]) =>
  layoutDay(spans, ([start, end]) => ({ start, end })).map((p) => ({ at: p.item[0], column: p.column, columns: p.columns, span: p.span }));

describe('layoutDay', () => {
  it('gives events that do not overlap the whole width', () => {
    expect(place([[540, 600], [600, 660]])).toEqual([
      { at: 540, column: 0, columns: 1, span: 1 },
      { at: 600, column: 0, columns: 1, span: 1 },
    ]);
  });

  it('puts overlapping events side by side and reuses a column that became free', () => {
    // 9–10 and 9:30–10:30 overlap; 10–11 overlaps the second only and takes the first column again.
    expect(place([[540, 600], [570, 630], [600, 660]])).toEqual([
      { at: 540, column: 0, columns: 2, span: 1 },
      { at: 570, column: 1, columns: 2, span: 1 },
      { at: 600, column: 0, columns: 2, span: 1 },
    ]);
  });

  it('widens an event into free columns to its right', () => {
    // A long event, two short ones beside it at different times, and a third that overlaps only the long one.
    const r = place([[480, 720], [480, 540], [480, 510], [600, 630]]);
    expect(r.find((p) => p.at === 600)).toEqual({ at: 600, column: 1, columns: 3, span: 2 });
  });

  it('judges overlap on the drawn height of very short events and clips to the day', () => {
    const r = place([[540, 545], [550, 560], [-60, 2000]]);
    expect(r.every((p) => p.columns === 3)).toBe(true);
    expect(layoutDay([[-60, 2000]], ([start, end]) => ({ start, end }))[0]).toMatchObject({ start: 0, end: 1440 });
  });
});
