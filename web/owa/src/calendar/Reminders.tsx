// Reminders shown in the page, whatever the module: due reminders (GET /reminders?until=now) are polled on load, every
// minute, when the page becomes visible again and after calendar changes; each can be dismissed or snoozed 5 minutes.
// Mounted once by the app shell (lazy, so the first screen does not carry it).
import { useCallback, useEffect, useRef, useState } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Button } from '@fluentui/react-button';
import { AlertRegular, ChevronDownRegular, ChevronUpRegular, DismissRegular } from '@fluentui/react-icons';
import { api, errorMessage, seg } from '../api/client';
import type { Reminder, ReminderList } from '../api/types';
import { subscribe } from '../live/events';
import { useSession } from '../session';
import { formatDateTime, formatTime, resolveTimeZone, toIso, todayKey, dayKeyOf } from './time';

const POLL_MS = 60_000;
const SNOOZE_MINUTES = 5;

const useStyles = makeStyles({
  panel: {
    position: 'fixed',
    right: '12px',
    bottom: '12px',
    zIndex: 1000,
    width: 'min(360px, calc(100vw - 24px))',
    maxHeight: '60vh',
    overflowY: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow28,
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    padding: '12px',
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    '@media (max-width: 600px)': { maxHeight: '45vh', right: '8px', bottom: '8px', width: 'calc(100vw - 16px)', padding: '8px' },
  },
  head: { display: 'flex', alignItems: 'center', gap: '8px' },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, flexGrow: 1 },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '8px',
    borderLeft: `4px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  subject: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  detail: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
});

function relative(startMs: number, nowMs: number): string {
  const minutes = Math.round((startMs - nowMs) / 60000);
  if (minutes === 0) return 'now';
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}

export default function Reminders() {
  const styles = useStyles();
  const session = useSession();
  const timeZone = resolveTimeZone(session.timeZone);
  const [items, setItems] = useState<Reminder[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef(false);
  // Collapsed to its title bar by the user; a reminder that was not there before opens it again.
  const [collapsed, setCollapsed] = useState(false);
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const fresh = items.some((r) => !seen.current.has(r.id));
    seen.current = new Set(items.map((r) => r.id));
    if (fresh) setCollapsed(false);
  }, [items]);

  const load = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const t = Date.now();
      const r = await api.get<ReminderList>('/reminders', { until: toIso(t) });
      setNow(t);
      setItems((r.items ?? []).slice().sort((a, b) => Date.parse(a.startUtc) - Date.parse(b.startUtc)));
    } catch {
      // A failed poll is retried at the next minute; reminders are not worth an error on every screen.
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    let debounce: number | undefined;
    const unsubscribe = subscribe(() => {
      clearTimeout(debounce);
      debounce = window.setTimeout(() => void load(), 1000);
    });
    return () => {
      clearInterval(timer);
      clearTimeout(debounce);
      document.removeEventListener('visibilitychange', onVisible);
      unsubscribe();
    };
  }, [load]);

  const act = async (ids: string[], action: 'dismiss' | 'snooze') => {
    setError(null);
    // Hidden at once; put back by the reload if the server refused.
    setItems((list) => list.filter((r) => !ids.includes(r.id)));
    try {
      for (const id of ids) {
        if (action === 'dismiss') await api.post(`/reminders/${seg(id)}/dismiss`);
        else await api.post(`/reminders/${seg(id)}/snooze`, { minutes: SNOOZE_MINUTES });
      }
    } catch (e) {
      setError(errorMessage(e));
      void load();
    }
  };

  const today = todayKey(timeZone, now);
  return (
    <div aria-live="polite">
      {items.length > 0 && (
        <section className={styles.panel} aria-labelledby="owa-reminders-title" data-testid="reminders">
          <div className={styles.head}>
            <AlertRegular aria-hidden="true" />
            <h2 id="owa-reminders-title" className={styles.title}>
              {items.length === 1 ? 'Reminder' : `${items.length} reminders`}
            </h2>
            {items.length > 1 && !collapsed && (
              <Button size="small" appearance="subtle" icon={<DismissRegular />} onClick={() => act(items.map((r) => r.id), 'dismiss')}>
                Dismiss all
              </Button>
            )}
            <Button
              size="small"
              appearance="subtle"
              icon={collapsed ? <ChevronUpRegular /> : <ChevronDownRegular />}
              aria-label={collapsed ? 'Show reminders' : 'Hide reminders'}
              aria-expanded={!collapsed}
              onClick={() => setCollapsed((c) => !c)}
            />
          </div>
          {!collapsed && (
            <ul className={styles.list}>
              {items.map((r) => {
                const start = Date.parse(r.startUtc);
                const when = dayKeyOf(start, timeZone) === today ? formatTime(start, timeZone) : formatDateTime(start, timeZone);
                return (
                  <li key={r.id} className={styles.item} aria-label={r.subject || '(No title)'}>
                    <span className={styles.subject}>{r.subject || '(No title)'}</span>
                    <span className={styles.detail}>
                      {when} ({relative(start, now)})
                    </span>
                    {r.location && <span className={styles.detail}>{r.location}</span>}
                    <div className={styles.actions}>
                      <Button size="small" appearance="primary" onClick={() => act([r.id], 'dismiss')}>
                        Dismiss
                      </Button>
                      <Button size="small" onClick={() => act([r.id], 'snooze')}>
                        Snooze 5 min
                      </Button>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {error && (
            <span role="alert" className={styles.error}>
              {error}
            </span>
          )}
        </section>
      )}
    </div>
  );
}
