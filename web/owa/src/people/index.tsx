// The People route: #/people (your contacts) and #/people/directory (the global address list), lazy-loaded by the
// app shell. A list with a search box on the left, the selected person's card on the right (one pane at a time on a
// phone). Contacts are created, edited and deleted here; "Send email" opens #/mail/compose?to=ADDRESS.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { makeStyles, mergeClasses } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Avatar } from '@fluentui/react-avatar';
import { Button } from '@fluentui/react-button';
import { SearchBox } from '@fluentui/react-search';
import { Tab, TabList } from '@fluentui/react-tabs';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Spinner } from '@fluentui/react-spinner';
import { PersonAddRegular } from '@fluentui/react-icons';
import { api, errorMessage, seg } from '../api/client';
import type { Contact, ContactPage, DirectoryEntry, DirectoryPage, FolderList } from '../api/types';
import { subscribe } from '../live/events';
import { navigate, useRoute } from '../router';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useMediaQuery } from '../components/useMediaQuery';
import { PeopleList } from './PeopleList';
import { ContactCard, DirectoryCard } from './PersonCard';
import { ContactForm } from './ContactForm';
import { type Paged, useDebounced, usePaged } from './usePaged';

const CONTACTS_PAGE = 100;
const DIRECTORY_PAGE = 50;
const PHONE = '(max-width: 700px)';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, height: '100%', backgroundColor: tokens.colorNeutralBackground1 },
  top: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: '4px 12px',
    padding: '6px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  spacer: { flexGrow: 1 },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  listPane: {
    display: 'flex',
    flexDirection: 'column',
    width: '340px',
    flexShrink: 0,
    minHeight: 0,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  listPanePhone: { width: '100%', borderRight: 'none' },
  search: { padding: '8px', display: 'flex', flexDirection: 'column', gap: '4px' },
  searchBox: { maxWidth: 'none', width: '100%' },
  count: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, padding: '0 4px' },
  cardPane: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column', overflowY: 'auto' },
  placeholder: { margin: 'auto', color: tokens.colorNeutralForeground3, padding: '24px', textAlign: 'center' },
  rowText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  rowName: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  rowSub: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  live: { flexShrink: 0 },
  sr: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

const usePhone = () => useMediaQuery(PHONE);

/** Reloads when a contacts folder changed (or the connection came back, or folders were added). */
function useContactsChanged(onChange: () => void): void {
  const folders = useRef<Set<string> | null>(null);
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    let cancelled = false;
    api
      .get<FolderList>('/folders')
      .then((r) => {
        if (!cancelled) folders.current = new Set(r.folders.filter((f) => f.kind === 'contacts').map((f) => f.id));
      })
      .catch(() => {
        // Without the folder list every change reloads.
      });
    let timer: number | undefined;
    const unsubscribe = subscribe((ev) => {
      const known = folders.current;
      if (!(ev.resync || ev.hierarchy || !known || ev.folders.some((f) => known.has(f)))) return;
      clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), 300);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}

export default function PeoplePage() {
  const styles = useStyles();
  const route = useRoute();
  const tab = route.segments[1] === 'directory' ? 'directory' : 'contacts';
  const [status, setStatus] = useState<{ text: string; intent: 'success' | 'error' } | null>(null);
  const [newContact, setNewContact] = useState(false);
  const [reload, setReload] = useState(0);
  const [created, setCreated] = useState<string | null>(null);

  useEffect(() => {
    if (!status) return;
    const t = window.setTimeout(() => setStatus(null), status.intent === 'error' ? 10000 : 5000);
    return () => clearTimeout(t);
  }, [status]);

  return (
    <div className={styles.root}>
      <div className={styles.top}>
        <h2 className={styles.heading}>People</h2>
        <TabList
          selectedValue={tab}
          onTabSelect={(_, d) => navigate(d.value === 'directory' ? '/people/directory' : '/people')}
          aria-label="People"
        >
          <Tab value="contacts">Contacts</Tab>
          <Tab value="directory">Directory</Tab>
        </TabList>
        <div className={styles.spacer} />
        <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setNewContact(true)}>
          New contact
        </Button>
      </div>
      <div role="status" aria-live="polite" className={styles.live}>
        {status && (
          <MessageBar intent={status.intent}>
            <MessageBarBody>{status.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {tab === 'contacts' ? (
        <ContactsTab reload={reload} onReload={() => setReload((n) => n + 1)} onStatus={setStatus} select={created} />
      ) : (
        <DirectoryTab />
      )}
      {newContact && (
        <ContactForm
          contact={null}
          onClose={(saved) => {
            setNewContact(false);
            if (!saved) return;
            setStatus({ text: `Contact ${saved.displayName} created.`, intent: 'success' });
            setCreated(saved.id || null);
            if (tab !== 'contacts') navigate('/people');
            setReload((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

interface ContactsTabProps {
  reload: number;
  onReload: () => void;
  onStatus: (s: { text: string; intent: 'success' | 'error' }) => void;
  /** A contact to select once it is in the list (the one just created). */
  select: string | null;
}

const fetchContacts = (q: string, offset: number, signal: AbortSignal) =>
  api.get<ContactPage>('/contacts', { q, offset, limit: CONTACTS_PAGE }, signal);

function ContactsTab({ reload, onReload, onStatus, select }: ContactsTabProps) {
  const styles = useStyles();
  const phone = usePhone();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const list = usePaged<Contact>(fetchContacts, q, reload);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Contact | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  useContactsChanged(onReload);

  useEffect(() => {
    if (select) setSelectedId(select);
  }, [select]);

  const index = selectedId ? list.items.findIndex((c) => c.id === selectedId) : -1;
  const selected = index >= 0 ? list.items[index] : null;
  const showList = !phone || !selected;
  const showCard = !phone || !!selected;

  // ConfirmDialog shows the dialog busy while this runs and closes it after.
  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await api.del(`/contacts/${seg(deleting.id)}`);
      onStatus({ text: `Contact ${contactName(deleting)} deleted.`, intent: 'success' });
      setSelectedId(null);
      onReload();
    } catch (e) {
      onStatus({ text: `The contact could not be deleted: ${errorMessage(e)}`, intent: 'error' });
    }
  };

  return (
    <div className={styles.body}>
      {showList && (
        <SearchableList
          phone={phone}
          searchLabel="Search contacts"
          query={query}
          onQuery={setQuery}
          list={list}
          countText={(total) => `${total} contact${total === 1 ? '' : 's'}`}
          loadingLabel="Loading contacts…"
          listLabel="Contacts"
          selected={index}
          onSelect={(i) => setSelectedId(list.items[i]?.id ?? null)}
          renderRow={(i) => <PersonRow name={contactName(list.items[i])} sub={list.items[i].emails?.[0] || list.items[i].company} />}
          empty={q ? `No contacts match "${q}".` : 'You have no contacts yet. Select New contact to add one.'}
        />
      )}
      {showCard && (
        <div className={styles.cardPane}>
          {selected ? (
            <ContactCard
              contact={selected}
              onEdit={() => setEditing(selected)}
              onDelete={() => setDeleting(selected)}
              onBack={phone ? () => setSelectedId(null) : undefined}
            />
          ) : (
            <p className={styles.placeholder}>Select a contact to see the details.</p>
          )}
        </div>
      )}
      {editing && (
        <ContactForm
          contact={editing}
          onClose={(saved) => {
            setEditing(null);
            if (!saved) return;
            onStatus({ text: `Contact ${saved.displayName} saved.`, intent: 'success' });
            if (saved.id) setSelectedId(saved.id);
            onReload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          open
          title="Delete contact"
          message={`Delete ${contactName(deleting)} from your contacts?`}
          confirmText="Delete"
          onConfirm={confirmDelete}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}

interface SearchableListProps<T> {
  phone: boolean;
  /** The search box's placeholder and accessible name. */
  searchLabel: string;
  query: string;
  onQuery: (query: string) => void;
  list: Paged<T>;
  countText: (total: number) => string;
  loadingLabel: string;
  listLabel: string;
  selected: number;
  onSelect: (index: number) => void;
  renderRow: (index: number) => ReactNode;
  empty: string;
}

/** The left pane of a tab: a search box, the announced count, and the paged list (or its loading state or error). */
function SearchableList<T>(props: SearchableListProps<T>) {
  const { phone, searchLabel, query, onQuery, list, countText, loadingLabel, listLabel, selected, onSelect, renderRow, empty } = props;
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.listPane, phone && styles.listPanePhone)}>
      <div className={styles.search}>
        <SearchBox
          className={styles.searchBox}
          placeholder={searchLabel}
          aria-label={searchLabel}
          value={query}
          onChange={(_, d) => onQuery(d.value)}
        />
        <span className={styles.count} aria-live="polite">
          {list.loading ? 'Loading…' : list.error ? '' : countText(list.total)}
        </span>
      </div>
      {list.error && (
        <MessageBar intent="error">
          <MessageBarBody>{list.error}</MessageBarBody>
        </MessageBar>
      )}
      {list.loading && list.items.length === 0 ? (
        <Spinner label={loadingLabel} />
      ) : list.error && list.items.length === 0 ? null : (
        <PeopleList
          label={listLabel}
          count={list.items.length}
          total={list.total}
          selected={selected}
          onSelect={onSelect}
          onNeedMore={list.loadMore}
          renderRow={renderRow}
          empty={empty}
        />
      )}
    </div>
  );
}

function contactName(c: Contact | undefined): string {
  if (!c) return '';
  return c.displayName || [c.givenName, c.surname].filter(Boolean).join(' ') || c.company || c.emails?.[0] || '(No name)';
}

function PersonRow({ name, sub }: { name: string; sub: string }) {
  const styles = useStyles();
  return (
    <>
      <Avatar name={name} size={32} color="colorful" aria-hidden="true" />
      <span className={styles.rowText}>
        <span className={styles.rowName}>{name}</span>
        {sub && (
          <span className={styles.rowSub}>
            <span className={styles.sr}>, </span>
            {sub}
          </span>
        )}
      </span>
    </>
  );
}

const fetchDirectory = (q: string, offset: number, signal: AbortSignal) =>
  api.get<DirectoryPage>('/directory', { q, offset, limit: DIRECTORY_PAGE }, signal);

function DirectoryTab() {
  const styles = useStyles();
  const phone = usePhone();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const list = usePaged<DirectoryEntry>(fetchDirectory, q, 0);
  const [selectedAddress, setSelectedAddress] = useState<string | null>(null);
  const index = selectedAddress ? list.items.findIndex((d) => d.address === selectedAddress) : -1;
  const selected = index >= 0 ? list.items[index] : null;
  const onSelect = useCallback((i: number) => setSelectedAddress(list.items[i]?.address ?? null), [list.items]);
  const showList = !phone || !selected;
  const showCard = !phone || !!selected;

  return (
    <div className={styles.body}>
      {showList && (
        <SearchableList
          phone={phone}
          searchLabel="Search the directory"
          query={query}
          onQuery={setQuery}
          list={list}
          countText={(total) => `${total} ${total === 1 ? 'entry' : 'entries'}`}
          loadingLabel="Loading the directory…"
          listLabel="Directory"
          selected={index}
          onSelect={onSelect}
          renderRow={(i) => (
            <PersonRow
              name={list.items[i].name || list.items[i].address}
              sub={[list.items[i].title, list.items[i].address].filter(Boolean).join(' · ')}
            />
          )}
          empty={q ? `Nobody in the directory matches "${q}".` : 'The directory is empty.'}
        />
      )}
      {showCard && (
        <div className={styles.cardPane}>
          {selected ? (
            <DirectoryCard entry={selected} onBack={phone ? () => setSelectedAddress(null) : undefined} />
          ) : (
            <p className={styles.placeholder}>Select someone in the directory to see the details.</p>
          )}
        </div>
      )}
    </div>
  );
}
