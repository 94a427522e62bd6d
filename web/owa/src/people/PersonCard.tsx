// The card of a contact or a directory entry: name, title, and the ways to reach them, with "Send email".
import type { ReactNode } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Avatar } from '@fluentui/react-avatar';
import { Button } from '@fluentui/react-button';
import { Link } from '@fluentui/react-link';
import { ArrowLeftRegular, DeleteRegular, EditRegular, MailRegular } from '@fluentui/react-icons';
import type { Contact, DirectoryEntry } from '../api/types';
import { navigate } from '../router';
import { formatBirthday } from './format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', padding: '16px', overflowY: 'auto', minWidth: 0 },
  head: { display: 'flex', alignItems: 'center', gap: '16px', minWidth: 0 },
  names: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0 },
  name: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  sub: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, display: 'grid', gridTemplateColumns: 'minmax(90px, max-content) 1fr', gap: '4px 16px' },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
});

/** The compose route of the mail module with the recipient filled in. */
export function composeTo(address: string): void {
  navigate(`/mail/compose?to=${encodeURIComponent(address)}`);
}

interface Row {
  label: string;
  value: ReactNode;
}

function Section({ title, rows }: { title: string; rows: Row[] }) {
  const styles = useStyles();
  const shown = rows.filter((r) => r.value !== '' && r.value != null && r.value !== false);
  if (shown.length === 0) return null;
  return (
    <section className={styles.section} aria-label={title}>
      <h3 className={styles.sectionTitle}>{title}</h3>
      <dl className={styles.list}>
        {shown.map((r) => (
          <div key={r.label} style={{ display: 'contents' }}>
            <dt className={styles.term}>{r.label}</dt>
            <dd className={styles.value}>{r.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const phone = (n: string) => (n ? <Link href={`tel:${n.replace(/[^\d+#*,;]/g, '')}`}>{n}</Link> : '');

interface CardFrameProps {
  name: string;
  subtitle: string;
  email: string | undefined;
  onBack?: () => void;
  extraActions?: ReactNode;
  children: ReactNode;
}

function CardFrame({ name, subtitle, email, onBack, extraActions, children }: CardFrameProps) {
  const styles = useStyles();
  return (
    <article className={styles.root} aria-label={`${name} contact card`}>
      {onBack && (
        <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack} style={{ alignSelf: 'flex-start' }}>
          Back
        </Button>
      )}
      <div className={styles.head}>
        <Avatar name={name} size={72} color="colorful" />
        <div className={styles.names}>
          <h2 className={styles.name}>{name}</h2>
          {subtitle && <span className={styles.sub}>{subtitle}</span>}
        </div>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" icon={<MailRegular />} disabled={!email} onClick={() => email && composeTo(email)}>
          Send email
        </Button>
        {extraActions}
      </div>
      {children}
    </article>
  );
}

export interface ContactCardProps {
  contact: Contact;
  onEdit: () => void;
  onDelete: () => void;
  onBack?: () => void;
}

export function ContactCard({ contact: c, onEdit, onDelete, onBack }: ContactCardProps) {
  const name = c.displayName || [c.givenName, c.surname].filter(Boolean).join(' ') || c.company || c.emails?.[0] || '(No name)';
  const subtitle = [c.jobTitle, c.department, c.company].filter(Boolean).join(' · ');
  const address = [c.street, [c.postalCode, c.city].filter(Boolean).join(' '), c.state, c.country].filter(Boolean).join('\n');
  const emails = (c.emails ?? []).filter(Boolean);
  return (
    <CardFrame
      name={name}
      subtitle={subtitle}
      email={emails[0]}
      onBack={onBack}
      extraActions={
        <>
          <Button icon={<EditRegular />} onClick={onEdit}>
            Edit
          </Button>
          <Button icon={<DeleteRegular />} onClick={onDelete}>
            Delete
          </Button>
        </>
      }
    >
      <Section
        title="Contact information"
        rows={[
          ...emails.map((e, i) => ({
            label: emails.length > 1 ? `Email ${i + 1}` : 'Email',
            value: (
              <Link
                href={`#/mail/compose?to=${encodeURIComponent(e)}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  composeTo(e);
                }}
              >
                {e}
              </Link>
            ),
          })),
          { label: 'Mobile', value: phone(c.mobilePhone) },
          { label: 'Work phone', value: phone(c.businessPhone) },
          { label: 'Home phone', value: phone(c.homePhone) },
          { label: 'Address', value: address },
        ]}
      />
      <Section
        title="Personal"
        rows={[
          { label: 'Birthday', value: c.birthday ? formatBirthday(c.birthday) : '' },
          { label: 'Notes', value: c.notes },
        ]}
      />
    </CardFrame>
  );
}

const KIND_LABEL: Record<DirectoryEntry['kind'], string> = { user: 'Person', group: 'Group', room: 'Room' };

export function DirectoryCard({ entry: d, onBack }: { entry: DirectoryEntry; onBack?: () => void }) {
  const subtitle = [d.title, d.department].filter(Boolean).join(' · ');
  return (
    <CardFrame name={d.name || d.address} subtitle={subtitle} email={d.address} onBack={onBack}>
      <Section
        title="Contact information"
        rows={[
          {
            label: 'Email',
            value: (
              <Link
                href={`#/mail/compose?to=${encodeURIComponent(d.address)}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  composeTo(d.address);
                }}
              >
                {d.address}
              </Link>
            ),
          },
          { label: 'Phone', value: phone(d.phone) },
          { label: 'Office', value: d.office },
          { label: 'Type', value: KIND_LABEL[d.kind] ?? d.kind },
        ]}
      />
    </CardFrame>
  );
}
