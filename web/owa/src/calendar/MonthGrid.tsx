// Month view: weeks of day cells, each listing its events (a few, then "+N more" that opens the day).
// A click on the empty part of a day starts a new all-day event on it.
import { useMemo } from 'react';
import { makeStyles, mergeClasses } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { type DayKey, addDays, formatDay, parseDayKey, startOfDayUtc } from './time';
import { type CalendarItem, touchesDay } from './views';
import { EventChip } from './EventChip';

const MAX_SHOWN = 3;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, backgroundColor: tokens.colorNeutralBackground1 },
  weekdays: {
    display: 'grid',
    gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  weekday: {
    padding: '4px 6px',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
  },
  weeks: { display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
  cell: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    minWidth: 0,
    minHeight: '84px',
    padding: '2px',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    overflow: 'hidden',
    cursor: 'pointer',
  },
  outside: { backgroundColor: tokens.colorNeutralBackground2 },
  dayButton: {
    position: 'relative',
    alignSelf: 'flex-start',
    minWidth: '28px',
    height: '24px',
    padding: '0 4px',
    border: 'none',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    whiteSpace: 'nowrap',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  todayButton: {
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover },
  },
  sr: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
  more: {
    alignSelf: 'flex-start',
    border: 'none',
    backgroundColor: 'transparent',
    color: tokens.colorBrandForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
    cursor: 'pointer',
    padding: '0 4px',
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

export interface MonthGridProps {
  days: DayKey[];
  /** A day of the month shown (days of other months are shaded). */
  anchor: DayKey;
  items: CalendarItem[];
  timeZone: string;
  today: DayKey;
  onOpen: (item: CalendarItem) => void;
  onCreate: (start: number, end: number, allDay: boolean) => void;
  onPickDay: (day: DayKey) => void;
}

export function MonthGrid({ days, anchor, items, timeZone, today, onOpen, onCreate, onPickDay }: MonthGridProps) {
  const styles = useStyles();
  const month = parseDayKey(anchor).month;
  const perDay = useMemo(() => days.map((day) => items.filter((i) => touchesDay(i, day))), [days, items]);

  return (
    <div className={styles.root}>
      <div className={styles.weekdays} aria-hidden="true">
        {days.slice(0, 7).map((day) => (
          <div key={day} className={styles.weekday}>
            {formatDay(day, { weekday: 'short' })}
          </div>
        ))}
      </div>
      <div className={styles.weeks} style={{ gridTemplateRows: `repeat(${days.length / 7}, minmax(84px, 1fr))` }}>
        {days.map((day, i) => {
          const list = perDay[i];
          const shown = list.slice(0, list.length > MAX_SHOWN ? MAX_SHOWN - 1 : MAX_SHOWN);
          const hidden = list.length - shown.length;
          const longLabel = formatDay(day, { weekday: 'long', month: 'long', day: 'numeric' });
          return (
            <div
              key={day}
              role="group"
              aria-label={`${longLabel}${list.length ? `, ${list.length} event${list.length === 1 ? '' : 's'}` : ''}`}
              className={mergeClasses(styles.cell, parseDayKey(day).month !== month && styles.outside)}
              onClick={(e) => {
                if (e.target !== e.currentTarget) return;
                onCreate(startOfDayUtc(day, timeZone), startOfDayUtc(addDays(day, 1), timeZone), true);
              }}
            >
              <button
                type="button"
                className={mergeClasses(styles.dayButton, day === today && styles.todayButton)}
                title="Show this day"
                aria-current={day === today ? 'date' : undefined}
                onClick={() => onPickDay(day)}
              >
                <span aria-hidden="true">
                  {parseDayKey(day).day === 1 ? formatDay(day, { month: 'short', day: 'numeric' }) : parseDayKey(day).day}
                </span>
                <span className={styles.sr}>{`${longLabel}${day === today ? ', today' : ''}`}</span>
              </button>
              {shown.map((item) => (
                <EventChip key={item.key} item={item} timeZone={timeZone} variant="inline" onOpen={onOpen} />
              ))}
              {hidden > 0 && (
                <button type="button" className={styles.more} onClick={() => onPickDay(day)}>
                  +{hidden} more<span className={styles.sr}> events on {longLabel}</span>
                </button>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
