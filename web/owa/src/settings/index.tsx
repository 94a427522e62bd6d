// The settings route: #/settings/{automatic-replies|mail|devices|password}, lazy-loaded by the app shell.
// A list of categories (a vertical tab list; across the top on a phone) and the chosen category's pane.
import { makeStyles, mergeClasses } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Tab, TabList } from '@fluentui/react-tabs';
import { MailRegular, PhoneRegular, PersonClockRegular, KeyRegular } from '@fluentui/react-icons';
import { navigate, useRoute } from '../router';
import { useMediaQuery } from '../components/useMediaQuery';
import { AutomaticReplies } from './AutomaticReplies';
import { MailSettings } from './MailSettings';
import { MobileDevices } from './MobileDevices';
import { Password } from './Password';

const PHONE = '(max-width: 700px)';

const SECTIONS = [
  { key: 'automatic-replies', label: 'Automatic replies', icon: <PersonClockRegular /> },
  { key: 'mail', label: 'Mail', icon: <MailRegular /> },
  { key: 'devices', label: 'Mobile devices', icon: <PhoneRegular /> },
  { key: 'password', label: 'Password', icon: <KeyRegular /> },
] as const;

type Section = (typeof SECTIONS)[number]['key'];

const useStyles = makeStyles({
  root: { display: 'flex', flexGrow: 1, minHeight: 0, height: '100%', backgroundColor: tokens.colorNeutralBackground1 },
  phone: { flexDirection: 'column' },
  nav: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    width: '220px',
    flexShrink: 0,
    padding: '12px 8px',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  navPhone: { width: 'auto', padding: '4px 8px', borderRight: 'none', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  tabsPhone: { flexWrap: 'wrap' },
  heading: { margin: '0 8px', fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
  content: { flexGrow: 1, minWidth: 0, overflowY: 'auto' },
});

const usePhone = () => useMediaQuery(PHONE);

function sectionOf(segment: string | undefined): Section {
  return SECTIONS.find((s) => s.key === segment)?.key ?? 'automatic-replies';
}

export default function SettingsPage() {
  const styles = useStyles();
  const route = useRoute();
  const phone = usePhone();
  const section = sectionOf(route.segments[1]);

  return (
    <div className={mergeClasses(styles.root, phone && styles.phone)}>
      <nav className={mergeClasses(styles.nav, phone && styles.navPhone)} aria-label="Settings">
        <h2 className={mergeClasses(styles.heading, phone && styles.hidden)}>Settings</h2>
        <TabList
          vertical={!phone}
          size={phone ? 'small' : 'medium'}
          className={phone ? styles.tabsPhone : undefined}
          selectedValue={section}
          onTabSelect={(_, d) => navigate(`/settings/${String(d.value)}`, true)}
        >
          {SECTIONS.map((s) => (
            <Tab key={s.key} value={s.key} icon={s.icon}>
              {s.label}
            </Tab>
          ))}
        </TabList>
      </nav>
      <div className={styles.content} role="tabpanel" aria-label={SECTIONS.find((s) => s.key === section)?.label}>
        {section === 'automatic-replies' && <AutomaticReplies />}
        {section === 'mail' && <MailSettings />}
        {section === 'devices' && <MobileDevices />}
        {section === 'password' && <Password />}
      </div>
    </div>
  );
}
