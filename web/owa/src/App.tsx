// The app shell: Fluent provider, the Outlook top bar (app name, settings, user menu with Sign out), the module rail
// (Mail / Calendar / People / Settings) and the hash-routed module in the main area. Calendar, People and Settings are
// lazy-loaded; Mail is the first screen and comes with the page.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import {
  Avatar,
  Button,
  FluentProvider,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
  Tooltip,
  webLightTheme,
} from '@fluentui/react-components';
import {
  MailRegular,
  MailFilled,
  CalendarRegular,
  CalendarFilled,
  PeopleRegular,
  PeopleFilled,
  SettingsRegular,
  SettingsFilled,
  SignOutRegular,
  GridDotsRegular,
} from '@fluentui/react-icons';
import { api, errorMessage, onSessionExpired } from './api/client';
import { takePrefetched } from './api/prefetch';
import { SESSION_KEY } from './startup';
import type { Session } from './api/types';
import { SessionContext } from './session';
import { href, navigate, useRoute } from './router';
import MailPage from './mail';
import { AppToaster } from './components/Notifications';

const CalendarPage = lazy(() => import('./calendar'));
const PeoplePage = lazy(() => import('./people'));
const SettingsPage = lazy(() => import('./settings'));
// Reminders show over every module; loaded after the first screen.
const Reminders = lazy(() => import('./calendar/Reminders'));

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    height: '100dvh',
    width: '100vw',
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  topBar: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    height: '48px',
    flexShrink: 0,
    paddingLeft: '4px',
    paddingRight: '8px',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  appName: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForegroundOnBrand,
    margin: 0,
    whiteSpace: 'nowrap',
  },
  onBrand: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundHover },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundPressed },
  },
  spacer: { flexGrow: 1 },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  rail: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '4px',
    width: '48px',
    flexShrink: 0,
    paddingTop: '8px',
    backgroundColor: tokens.colorNeutralBackground3,
    '@media (max-width: 600px)': { width: '44px' },
  },
  railLink: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '40px',
    height: '40px',
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    fontSize: '20px',
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, color: tokens.colorBrandForeground1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  railLinkActive: {
    color: tokens.colorBrandForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  main: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' },
  center: { margin: 'auto', padding: '24px' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: '8px', top: '8px', zIndex: 1000, backgroundColor: tokens.colorNeutralBackground1, padding: '8px' },
  },
});

type Module = 'mail' | 'calendar' | 'people' | 'settings';

const MODULES: { key: Module; label: string; icon: ReactNode; active: ReactNode }[] = [
  { key: 'mail', label: 'Mail', icon: <MailRegular />, active: <MailFilled /> },
  { key: 'calendar', label: 'Calendar', icon: <CalendarRegular />, active: <CalendarFilled /> },
  { key: 'people', label: 'People', icon: <PeopleRegular />, active: <PeopleFilled /> },
  { key: 'settings', label: 'Settings', icon: <SettingsRegular />, active: <SettingsFilled /> },
];

const TITLES: Record<Module, string> = { mail: 'Mail', calendar: 'Calendar', people: 'People', settings: 'Settings' };

function moduleOf(segment: string | undefined): Module {
  return segment === 'calendar' || segment === 'people' || segment === 'settings' ? segment : 'mail';
}

export default function App() {
  return (
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      <Shell />
      <AppToaster />
    </FluentProvider>
  );
}

function Shell() {
  const styles = useStyles();
  const route = useRoute();
  const module = moduleOf(route.segments[0]);
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);

  useEffect(() => onSessionExpired(() => setExpired(true)), []);

  useEffect(() => {
    let cancelled = false;
    (takePrefetched<Session>(SESSION_KEY) ?? api.get<Session>('/session'))
      .then((s) => !cancelled && setSession(s))
      .catch((e) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, []);

  // Settings saved the time zone or signature: load the session again so every module uses them.
  useEffect(() => {
    const reload = () => void api.get<Session>('/session').then(setSession).catch(() => {});
    window.addEventListener('owa:session-changed', reload);
    return () => window.removeEventListener('owa:session-changed', reload);
  }, []);

  useEffect(() => {
    if (route.segments.length === 0) navigate('/mail/inbox', true);
  }, [route.segments.length]);

  useEffect(() => {
    document.title = `${TITLES[module]} - ${session?.displayName ?? 'Outlook'} - Outlook`;
  }, [module, session]);

  return (
    <div className={styles.root}>
      <a className={styles.skip} href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to main content
      </a>
      <header className={styles.topBar} role="banner">
        <Tooltip content="App launcher" relationship="label">
          <Button appearance="transparent" className={styles.onBrand} icon={<GridDotsRegular />} />
        </Tooltip>
        <h1 className={styles.appName}>Outlook</h1>
        <div className={styles.spacer} />
        <Tooltip content="Settings" relationship="label">
          <Button
            appearance="transparent"
            className={styles.onBrand}
            icon={<SettingsRegular />}
            onClick={() => navigate('/settings')}
          />
        </Tooltip>
        {session && <UserMenu session={session} />}
      </header>
      {expired && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Session ended</MessageBarTitle>
            Taking you to the sign-in page. Your unsent draft is kept.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.body}>
        <nav className={styles.rail} aria-label="Modules">
          {MODULES.map((m) => (
            <Tooltip key={m.key} content={m.label} relationship="label" positioning="after">
              <a
                href={href(m.key)}
                className={mergeClasses(styles.railLink, module === m.key && styles.railLinkActive)}
                aria-current={module === m.key ? 'page' : undefined}
              >
                {module === m.key ? m.active : m.icon}
              </a>
            </Tooltip>
          ))}
        </nav>
        <main id="main" className={styles.main} tabIndex={-1} aria-label={TITLES[module]}>
          {error ? (
            <MessageBar intent="error" className={styles.center}>
              <MessageBarBody>
                <MessageBarTitle>Outlook could not load your mailbox</MessageBarTitle>
                {error}
              </MessageBarBody>
            </MessageBar>
          ) : !session ? (
            <Spinner className={styles.center} label="Loading your mailbox…" />
          ) : (
            <SessionContext.Provider value={session}>
              <Suspense fallback={<Spinner className={styles.center} label={`Loading ${TITLES[module]}…`} />}>
                {module === 'mail' && <MailPage />}
                {module === 'calendar' && <CalendarPage />}
                {module === 'people' && <PeoplePage />}
                {module === 'settings' && <SettingsPage />}
              </Suspense>
              <Suspense fallback={null}>
                <Reminders />
              </Suspense>
            </SessionContext.Provider>
          )}
        </main>
      </div>
    </div>
  );
}

function UserMenu({ session }: { session: Session }) {
  const styles = useStyles();
  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="transparent"
          className={styles.onBrand}
          aria-label={`Account manager for ${session.displayName}`}
          icon={<Avatar name={session.displayName} size={32} color="colorful" />}
        />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroup>
            <MenuGroupHeader>
              {session.displayName} — {session.address}
            </MenuGroupHeader>
          </MenuGroup>
          <MenuDivider />
          <MenuItem icon={<SettingsRegular />} onClick={() => navigate('/settings')}>
            Settings
          </MenuItem>
          <MenuItem icon={<SignOutRegular />} onClick={() => location.assign('/owa/logoff.owa')}>
            Sign out
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
