// One event as drawn in a view: a button named by its subject, time and location that opens the event.
import type { CSSProperties } from 'react';
import { makeStyles, mergeClasses } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { ArrowRepeatAllRegular } from '@fluentui/react-icons';
import type { ShowAs } from '../api/types';
import { formatDay, formatTime } from './time';
import type { CalendarItem } from './views';

const useStyles = makeStyles({
  chip: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    overflow: 'hidden',
    minWidth: 0,
    padding: '2px 6px',
    border: 'none',
    borderLeft: `4px solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    textAlign: 'start',
    cursor: 'pointer',
    boxSizing: 'border-box',
    zIndex: 1,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px', zIndex: 3 },
  },
  bar: { flexDirection: 'row', alignItems: 'center', gap: '4px', whiteSpace: 'nowrap', marginLeft: '2px', marginRight: '2px' },
  line: { display: 'flex', alignItems: 'center', gap: '4px', flexDirection: 'row' },
  inline: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: '4px',
    whiteSpace: 'nowrap',
    borderLeftWidth: '3px',
    paddingTop: '0',
    paddingBottom: '0',
    width: '100%',
  },
  subject: { fontWeight: tokens.fontWeightSemibold, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  detail: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground2 },
  free: { backgroundColor: tokens.colorNeutralBackground1, border: `1px solid ${tokens.colorBrandStroke2}`, borderLeft: `4px solid ${tokens.colorNeutralStroke1}` },
  tentative: {
    backgroundImage: `repeating-linear-gradient(45deg, transparent 0, transparent 6px, ${tokens.colorNeutralBackground1} 6px, ${tokens.colorNeutralBackground1} 9px)`,
  },
  oof: { backgroundColor: tokens.colorPalettePurpleBackground2, borderLeftColor: tokens.colorPalettePurpleBorderActive },
  workingElsewhere: { borderLeftStyle: 'dotted' },
  icon: { flexShrink: 0 },
  contents: { display: 'contents' },
  sr: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
  // A month cell on a phone is too narrow for the time: the subject alone.
  inlineTime: { '@media (max-width: 600px)': { display: 'none' } },
});

export interface EventChipProps {
  item: CalendarItem;
  timeZone: string;
  /** block: in a time grid column; bar: in an all-day row; inline: one line in a month cell. */
  variant: 'block' | 'bar' | 'inline';
  style?: CSSProperties;
  onOpen: (item: CalendarItem) => void;
}

/** "Team sync, 9:00 AM to 9:30 AM, Room 1, recurring" — what a screen reader says for the event. */
export function describeItem(item: CalendarItem, timeZone: string): string {
  const o = item.occurrence;
  const parts = [o.subject || '(No title)'];
  if (o.isAllDay) {
    parts.push(
      item.firstDay === item.lastDay
        ? `all day ${formatDay(item.firstDay, { weekday: 'long', month: 'long', day: 'numeric' })}`
        : `all day from ${formatDay(item.firstDay, { month: 'long', day: 'numeric' })} to ${formatDay(item.lastDay, { month: 'long', day: 'numeric' })}`,
    );
  } else {
    parts.push(
      `${formatDay(item.firstDay, { weekday: 'long', month: 'long', day: 'numeric' })}, ${formatTime(item.start, timeZone)} to ${formatTime(item.end, timeZone)}`,
    );
  }
  if (o.location) parts.push(o.location);
  if (o.isRecurring) parts.push('recurring');
  if (o.showAs !== 'busy') parts.push(SHOW_AS_LABEL[o.showAs] ?? o.showAs);
  return parts.join(', ');
}

export const SHOW_AS_LABEL: Record<ShowAs, string> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'Away',
  workingElsewhere: 'Working elsewhere',
};

export function EventChip({ item, timeZone, variant, style, onOpen }: EventChipProps) {
  const styles = useStyles();
  const o = item.occurrence;
  const showAsClass =
    o.showAs === 'free'
      ? styles.free
      : o.showAs === 'tentative'
        ? styles.tentative
        : o.showAs === 'oof'
          ? styles.oof
          : o.showAs === 'workingElsewhere'
            ? styles.workingElsewhere
            : undefined;
  const subject = o.subject || '(No title)';
  const label = describeItem(item, timeZone);
  // The name comes from content (hidden text that starts with the subject), so that it always holds what is shown.
  return (
    <button
      type="button"
      className={mergeClasses(styles.chip, variant === 'bar' && styles.bar, variant === 'inline' && styles.inline, showAsClass)}
      style={style}
      title={label}
      data-event-id={o.id}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(item);
      }}
    >
      <span aria-hidden="true" className={styles.contents}>
        {variant === 'block' ? (
          <>
            <span className={styles.line}>
              <span className={styles.subject}>{subject}</span>
              {o.isRecurring && <ArrowRepeatAllRegular className={styles.icon} aria-hidden="true" />}
            </span>
            <span className={styles.detail}>
              {formatTime(item.start, timeZone)} – {formatTime(item.end, timeZone)}
            </span>
            {o.location && <span className={styles.detail}>{o.location}</span>}
          </>
        ) : (
          <>
            {variant === 'inline' && !o.isAllDay && !item.allDayRow && (
              <span className={mergeClasses(styles.detail, styles.inlineTime)}>{formatTime(item.start, timeZone)}</span>
            )}
            <span className={styles.subject}>{subject}</span>
            {o.isRecurring && <ArrowRepeatAllRegular className={styles.icon} aria-hidden="true" />}
          </>
        )}
      </span>
      <span className={styles.sr}>{label}</span>
    </button>
  );
}
