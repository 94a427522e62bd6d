// The calendar route: #/calendar[/{day|workweek|week|month}[/{YYYY-MM-DD}]], lazy-loaded by the app shell.
// Events of the visible range come from GET /calendar/events (series expanded by the server), shown in the user's
// time zone (the session's, else the browser's); live updates of a calendar folder refresh the range.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Button, ToggleButton } from '@fluentui/react-button';
import { Toolbar } from '@fluentui/react-toolbar';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Spinner } from '@fluentui/react-spinner';
import { Tooltip } from '@fluentui/react-tooltip';
import { AddRegular, ArrowLeftRegular, ArrowRightRegular, CalendarTodayRegular } from '@fluentui/react-icons';
import { api, errorMessage } from '../api/client';
import type { FolderList, OccurrenceList } from '../api/types';
import { subscribe } from '../live/events';
import { navigate, useRoute } from '../router';
import { useSession } from '../session';
import { type DayKey, isDayKey, localeFirstDayOfWeek, resolveTimeZone, startOfDayUtc, toIso, todayKey } from './time';
import { type CalendarItem, type CalendarView, VIEWS, isView, rangeLabel, step, toItems, visibleRange } from './views';
import { TimeGrid } from './TimeGrid';
import { MonthGrid } from './MonthGrid';
import { type EditorOutcome, type EditorTarget, EventEditor } from './EventEditor';

const VIEW_KEY = 'owa.calendar.view';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, height: '100%' },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '4px 8px',
    padding: '6px 8px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  toolbar: { padding: 0, flexWrap: 'wrap' },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    minWidth: 0,
    flexShrink: 1,
  },
  spacer: { flexGrow: 1 },
  views: { display: 'flex', gap: '2px', flexWrap: 'wrap' },
  message: { flexShrink: 0 },
  busy: { marginLeft: '4px' },
});

function defaultView(): CalendarView {
  try {
    const saved = localStorage.getItem(VIEW_KEY) ?? undefined;
    if (isView(saved)) return saved;
  } catch {
    // storage disabled
  }
  return window.matchMedia?.('(max-width: 600px)').matches ? 'day' : 'workweek';
}

export default function CalendarPage() {
  const styles = useStyles();
  const session = useSession();
  const timeZone = resolveTimeZone(session.timeZone);
  const route = useRoute();
  const firstDayOfWeek = useMemo(() => localeFirstDayOfWeek(), []);

  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  const today = todayKey(timeZone, now);

  // The view and the date live in the route, so that Back, reload and links keep them.
  const view: CalendarView = isView(route.segments[1]) ? route.segments[1] : defaultView();
  const anchor: DayKey = route.segments[2] && isDayKey(route.segments[2]) ? route.segments[2] : today;
  const go = useCallback((v: CalendarView, day: DayKey) => {
    try {
      localStorage.setItem(VIEW_KEY, v);
    } catch {
      // storage disabled
    }
    navigate(`/calendar/${v}/${day}`);
  }, []);

  const range = useMemo(() => visibleRange(view, anchor, firstDayOfWeek), [view, anchor, firstDayOfWeek]);
  const label = rangeLabel(view, range, anchor);

  const [items, setItems] = useState<CalendarItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [status, setStatus] = useState('');
  const [editor, setEditor] = useState<EditorTarget | null>(null);

  const startUtc = startOfDayUtc(range.first, timeZone);
  const endUtc = startOfDayUtc(range.end, timeZone);
  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    api
      .get<OccurrenceList>('/calendar/events', { start: toIso(startUtc), end: toIso(endUtc) }, ctrl.signal)
      .then((r) => {
        setItems(toItems(r.events ?? [], timeZone));
        setLoadError(null);
      })
      .catch((e) => {
        if (!ctrl.signal.aborted) setLoadError(errorMessage(e));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [startUtc, endUtc, timeZone, reload]);

  // Live updates: refresh when a calendar folder changed (or after a reconnect, or when folders were added).
  const calendarFolders = useRef<Set<string> | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .get<FolderList>('/folders')
      .then((r) => {
        if (!cancelled) calendarFolders.current = new Set(r.folders.filter((f) => f.kind === 'calendar').map((f) => f.id));
      })
      .catch(() => {
        // Without the folder list every change refreshes the range.
      });
    let timer: number | undefined;
    const unsubscribe = subscribe((ev) => {
      const known = calendarFolders.current;
      const relevant = ev.resync || ev.hierarchy || !known || ev.folders.some((f) => known.has(f));
      if (!relevant) return;
      clearTimeout(timer);
      timer = window.setTimeout(() => setReload((n) => n + 1), 250);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);

  const openItem = useCallback(
    (item: CalendarItem) => setEditor({ kind: 'edit', id: item.occurrence.id, occurrenceStartUtc: item.occurrence.occurrenceStartUtc }),
    [],
  );
  const create = useCallback((start: number, end: number, allDay: boolean) => setEditor({ kind: 'new', start, end, allDay }), []);
  const pickDay = useCallback((day: DayKey) => go('day', day), [go]);

  const newEvent = () => {
    // The next half hour of today when today is shown, else 9:00 on the first day shown.
    const base = range.days.includes(today) ? today : view === 'month' ? anchor : range.first;
    let start: number;
    if (base === today) {
      start = Math.ceil((now + 1) / 1_800_000) * 1_800_000;
    } else {
      start = startOfDayUtc(base, timeZone) + 9 * 3_600_000;
    }
    setEditor({ kind: 'new', start, end: start + 1_800_000, allDay: false });
  };

  const closeEditor = (outcome?: EditorOutcome) => {
    setEditor(null);
    if (!outcome) return;
    setStatus(
      outcome === 'created'
        ? 'Event created.'
        : outcome === 'saved'
          ? 'Event saved.'
          : outcome === 'deletedOccurrence'
            ? 'Occurrence deleted.'
            : 'Event deleted.',
    );
    setReload((n) => n + 1);
  };

  useEffect(() => {
    if (!status) return;
    const t = window.setTimeout(() => setStatus(''), 5000);
    return () => clearTimeout(t);
  }, [status]);

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button appearance="primary" icon={<AddRegular />} onClick={newEvent}>
          New event
        </Button>
        <Toolbar aria-label="Date navigation" className={styles.toolbar} size="small">
          <Button appearance="subtle" icon={<CalendarTodayRegular />} onClick={() => go(view, today)}>
            Today
          </Button>
          <Tooltip content="Previous" relationship="label">
            <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={() => go(view, step(view, anchor, -1))} />
          </Tooltip>
          <Tooltip content="Next" relationship="label">
            <Button appearance="subtle" icon={<ArrowRightRegular />} onClick={() => go(view, step(view, anchor, 1))} />
          </Tooltip>
        </Toolbar>
        <h2 className={styles.heading} aria-live="polite">
          {label}
        </h2>
        {loading && <Spinner size="extra-tiny" className={styles.busy} aria-label="Loading events" />}
        <div className={styles.spacer} />
        <div className={styles.views} role="group" aria-label="View">
          {VIEWS.map((v) => (
            <ToggleButton
              key={v.key}
              size="small"
              appearance={view === v.key ? 'primary' : 'subtle'}
              checked={view === v.key}
              onClick={() => go(v.key, anchor)}
            >
              {v.label}
            </ToggleButton>
          ))}
        </div>
      </div>
      {loadError && (
        <MessageBar intent="error" className={styles.message}>
          <MessageBarBody>The calendar could not be loaded: {loadError}</MessageBarBody>
        </MessageBar>
      )}
      <div role="status" aria-live="polite" className={styles.message}>
        {status && (
          <MessageBar intent="success">
            <MessageBarBody>{status}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {view === 'month' ? (
        <MonthGrid
          days={range.days}
          anchor={anchor}
          items={items}
          timeZone={timeZone}
          today={today}
          onOpen={openItem}
          onCreate={create}
          onPickDay={pickDay}
        />
      ) : (
        <TimeGrid
          days={range.days}
          items={items}
          timeZone={timeZone}
          today={today}
          now={now}
          onOpen={openItem}
          onCreate={create}
          onPickDay={pickDay}
        />
      )}
      {editor && <EventEditor target={editor} timeZone={timeZone} onClose={closeEditor} />}
    </div>
  );
}
