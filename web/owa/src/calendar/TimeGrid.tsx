// Day, work week and week views: an all-day row above a 24-hour grid, one column per day, timed events placed by
// time with overlapping ones side by side. A click on an empty half hour starts a new event there.
import { useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { makeStyles, mergeClasses } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { layoutDay } from './layout';
import { type DayKey, addDays, combine, formatDay, formatHourLabel, minutesOfDay, startOfDayUtc } from './time';
import { type CalendarItem, isWeekend, layoutLanes } from './views';
import { EventChip } from './EventChip';

const HOUR_PX = 48;
const GUTTER = '56px';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, backgroundColor: tokens.colorNeutralBackground1 },
  header: {
    display: 'grid',
    overflowY: 'hidden',
    scrollbarGutter: 'stable',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  dayHeader: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: '0',
    padding: '4px 6px',
    minWidth: 0,
    overflow: 'hidden',
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    border: 'none',
    backgroundColor: 'transparent',
    cursor: 'pointer',
    textAlign: 'start',
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  dayNumber: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
  dayName: { fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: '100%' },
  today: { color: tokens.colorBrandForeground1 },
  allDay: {
    display: 'grid',
    gridAutoRows: '24px',
    rowGap: '2px',
    paddingTop: '2px',
    paddingBottom: '2px',
    minHeight: '24px',
    maxHeight: '30%',
    overflowY: 'auto',
    scrollbarGutter: 'stable',
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    flexShrink: 0,
  },
  allDayLabel: {
    gridColumn: '1',
    gridRow: '1',
    fontSize: tokens.fontSizeBase100,
    color: tokens.colorNeutralForeground3,
    paddingLeft: '4px',
    alignSelf: 'center',
  },
  allDayCell: { gridRow: '1 / -1', cursor: 'pointer', minHeight: '24px' },
  scroller: { flexGrow: 1, overflowY: 'auto', overflowX: 'hidden', position: 'relative', scrollbarGutter: 'stable' },
  body: { display: 'grid', position: 'relative', height: `${24 * HOUR_PX}px` },
  hours: { position: 'relative' },
  hourLabel: {
    position: 'absolute',
    right: '6px',
    fontSize: tokens.fontSizeBase100,
    color: tokens.colorNeutralForeground3,
    transform: 'translateY(-50%)',
    whiteSpace: 'nowrap',
  },
  column: {
    position: 'relative',
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundImage: `repeating-linear-gradient(to bottom, ${tokens.colorNeutralStroke2} 0, ${tokens.colorNeutralStroke2} 1px, transparent 1px, transparent ${HOUR_PX / 2}px, ${tokens.colorNeutralStroke3} ${HOUR_PX / 2}px, ${tokens.colorNeutralStroke3} ${HOUR_PX / 2 + 1}px, transparent ${HOUR_PX / 2 + 1}px, transparent ${HOUR_PX}px)`,
    cursor: 'pointer',
    minWidth: 0,
  },
  weekend: { backgroundColor: tokens.colorNeutralBackground2 },
  sr: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
  now: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: '2px',
    backgroundColor: tokens.colorPaletteRedBackground3,
    zIndex: 2,
    pointerEvents: 'none',
  },
});

export interface TimeGridProps {
  days: DayKey[];
  items: CalendarItem[];
  timeZone: string;
  today: DayKey;
  now: number;
  onOpen: (item: CalendarItem) => void;
  onCreate: (start: number, end: number, allDay: boolean) => void;
  onPickDay: (day: DayKey) => void;
}

export function TimeGrid({ days, items, timeZone, today, now, onOpen, onCreate, onPickDay }: TimeGridProps) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const columns = `${GUTTER} repeat(${days.length}, minmax(0, 1fr))`;

  // Start the day at 8:00 (or an hour before now when today is shown and it is later), as Outlook does.
  const firstKey = days[0];
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const nowMinutes = days.includes(today) ? minutesOfDay(now, timeZone) : 0;
    const target = Math.max(8 * 60, Math.min(nowMinutes - 60, 17 * 60));
    el.scrollTop = (target / 60) * HOUR_PX;
    // Only when the range changes, not on every tick of the clock.
  }, [firstKey, days.length]);

  const allDayItems = useMemo(() => items.filter((i) => i.allDayRow), [items]);
  const lanes = useMemo(() => layoutLanes(allDayItems, days), [allDayItems, days]);
  const laneCount = lanes.reduce((n, l) => Math.max(n, l.lane + 1), 0);

  const perDay = useMemo(
    () =>
      days.map((day) => {
        const dayStart = startOfDayUtc(day, timeZone);
        const dayEnd = startOfDayUtc(addDays(day, 1), timeZone);
        const timed = items.filter((i) => !i.allDayRow && i.start < dayEnd && (i.end > dayStart || (i.end === i.start && i.start >= dayStart)));
        return layoutDay(timed, (i) => ({
          start: i.start <= dayStart ? 0 : minutesOfDay(i.start, timeZone),
          end: i.end >= dayEnd ? 1440 : Math.max(minutesOfDay(i.end, timeZone), i.start <= dayStart ? 0 : minutesOfDay(i.start, timeZone)),
        }));
      }),
    [days, items, timeZone],
  );

  const createAt = (day: DayKey, e: MouseEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const minutes = Math.max(0, Math.min(23 * 60 + 30, Math.floor(((e.clientY - rect.top) / HOUR_PX) * 2) * 30));
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const start = combine(day, time, timeZone);
    onCreate(start, start + 30 * 60000, false);
  };

  return (
    <div className={styles.root}>
      <div className={styles.header} style={{ gridTemplateColumns: columns }}>
        <div aria-hidden="true" />
        {days.map((day) => {
          const label = formatDay(day, { weekday: 'long', month: 'long', day: 'numeric' });
          return (
            <button
              key={day}
              type="button"
              className={mergeClasses(styles.dayHeader, day === today && styles.today)}
              onClick={() => onPickDay(day)}
              title="Show this day"
              aria-current={day === today ? 'date' : undefined}
            >
              <span className={styles.dayNumber} aria-hidden="true">
                {formatDay(day, { day: 'numeric' })}
              </span>
              <span className={styles.dayName} aria-hidden="true">
                {formatDay(day, { weekday: days.length > 5 ? 'short' : 'long' })}
              </span>
              <span className={styles.sr}>{`${label}${day === today ? ', today' : ''}`}</span>
            </button>
          );
        })}
      </div>
      <div
        className={styles.allDay}
        style={{ gridTemplateColumns: columns, gridTemplateRows: `repeat(${Math.max(1, laneCount)}, 24px)` }}
        role="group"
        aria-label="All-day events"
      >
        <span className={styles.allDayLabel} aria-hidden="true">
          All day
        </span>
        {days.map((day, i) => (
          <div
            key={day}
            className={styles.allDayCell}
            style={{ gridColumn: `${i + 2}` }}
            onClick={() => {
              const start = startOfDayUtc(day, timeZone);
              onCreate(start, startOfDayUtc(addDays(day, 1), timeZone), true);
            }}
            aria-hidden="true"
          />
        ))}
        {lanes.map((l) => (
          <EventChip
            key={l.item.key}
            item={l.item}
            timeZone={timeZone}
            variant="bar"
            style={{ gridColumn: `${l.from + 2} / ${l.to + 3}`, gridRow: `${l.lane + 1}` }}
            onOpen={onOpen}
          />
        ))}
      </div>
      <div className={styles.scroller} ref={scroller}>
        <div className={styles.body} style={{ gridTemplateColumns: columns }}>
          <div className={styles.hours} aria-hidden="true">
            {Array.from({ length: 23 }, (_, h) => (
              <span key={h} className={styles.hourLabel} style={{ top: `${(h + 1) * HOUR_PX}px` }}>
                {formatHourLabel(h + 1)}
              </span>
            ))}
          </div>
          {days.map((day, i) => (
            <div
              key={day}
              className={mergeClasses(styles.column, isWeekend(day) && days.length > 1 && styles.weekend)}
              role="group"
              aria-label={formatDay(day, { weekday: 'long', month: 'long', day: 'numeric' })}
              onClick={(e) => createAt(day, e)}
            >
              {day === today && <NowLine now={now} timeZone={timeZone} className={styles.now} />}
              {perDay[i].map((p) => {
                const height = Math.max(p.end - p.start, 20);
                return (
                  <EventChip
                    key={p.item.key}
                    item={p.item}
                    timeZone={timeZone}
                    variant="block"
                    style={{
                      position: 'absolute',
                      top: `${(p.start / 60) * HOUR_PX}px`,
                      height: `${(height / 60) * HOUR_PX - 2}px`,
                      left: `calc(${(p.column / p.columns) * 100}% + 1px)`,
                      width: `calc(${(p.span / p.columns) * 100}% - 4px)`,
                    }}
                    onOpen={onOpen}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function NowLine({ now, timeZone, className }: { now: number; timeZone: string; className: string }) {
  const top = (minutesOfDay(now, timeZone) / 60) * HOUR_PX;
  return <div className={className} style={{ top: `${top}px` }} aria-hidden="true" />;
}
