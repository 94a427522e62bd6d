// The mail module (#/mail/<folder>[/<message>]): command bar with search, folder pane, message list, reading pane or
// compose. On a phone-sized screen one pane at a time, with Back. Keyboard shortcuts as in Outlook.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import {
  Button,
  Checkbox,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  mergeClasses,
  Spinner,
  tokens,
  Toolbar,
  ToolbarButton,
  Tooltip,
  type MenuProps,
} from '@fluentui/react-components';
import {
  ArrowSortRegular,
  ComposeRegular,
  DeleteRegular,
  DismissRegular,
  FilterRegular,
  FlagRegular,
  FolderArrowRightRegular,
  MailProhibitedRegular,
  MailReadRegular,
  MailUnreadRegular,
  NavigationRegular,
  ShieldCheckmarkRegular,
  MoreHorizontalRegular,
} from '@fluentui/react-icons';
import { errorMessage, takePendingDrafts } from '../api/client';
import type { Folder, Message, MessageAction, MessageFilter, MessageSort, MessageSummary, ReplyMode, SortOrder } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { parseAddresses } from '../components/format';
import { useNotify } from '../components/Notifications';
import { useMediaQuery, usePhoneLayout } from '../components/useMediaQuery';
import { useStableCallback } from '../components/useStableCallback';
import { subscribe as subscribeLive } from '../live/events';
import { navigate, useRoute } from '../router';
import { useSession } from '../session';
import { mailApi } from './api';
import { composeInitFromDraft, composeInitFromStorage, emptyCompose, type ComposeInit } from './composeInit';

// Compose (editor, recipient wells, uploads) arrives when first needed, or once the first screen is up.
const loadCompose = () => import('./Compose');
const Compose = lazy(() => loadCompose().then((m) => ({ default: m.Compose })));
import { FolderPane } from './FolderPane';
import { MessageList, type RowAction } from './MessageList';
import { MessageListStore, type ListSource } from './listStore';
import { ReadingPane } from './ReadingPane';
import { SearchBar, type SearchCriteria } from './SearchBar';
import { loadSort, saveSort, type SortState } from './sortPrefs';
import { folderSegment, useFolders } from './useFolders';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, backgroundColor: tokens.colorNeutralBackground3 },
  top: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    flexWrap: 'wrap',
    padding: '6px 8px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  commands: { flexWrap: 'wrap', padding: 0, flexGrow: 1, minWidth: 0 },
  panes: { display: 'flex', flexGrow: 1, minHeight: 0, gap: '1px', position: 'relative' },
  folderPane: { width: '220px', flexShrink: 0, minHeight: 0 },
  // Between phone and desktop widths the folder pane opens over the list, as a drawer.
  folderOverlay: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    left: 0,
    zIndex: 10,
    width: '260px',
    boxShadow: tokens.shadow28,
  },
  listPane: {
    width: '380px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    '@media (max-width: 1000px)': { width: '320px' },
  },
  readingPane: { flexGrow: 1, minWidth: 0, minHeight: 0 },
  phonePane: { width: '100%', flexGrow: 1 },
  listHeader: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: '4px 8px 4px 4px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  listTitle: {
    margin: 0,
    flexGrow: 1,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  count: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
});

const SORT_LABELS: Record<MessageSort, string> = { received: 'Date', from: 'From', subject: 'Subject', size: 'Size', flag: 'Flag status' };

function isEditable(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || !!el.closest('[role="dialog"],[role="alertdialog"],[role="menu"]');
}

let composeKeys = 0;

export default function MailPage() {
  const styles = useStyles();
  const session = useSession();
  const notify = useNotify();
  const phone = usePhoneLayout();
  const narrow = useMediaQuery('(max-width: 1000px)') && !phone;
  const route = useRoute();
  const folders = useFolders();

  const store = useMemo(() => new MessageListStore(), []);
  useEffect(() => () => store.dispose(), [store]);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);

  const [sortState, setSortState] = useState<SortState>(loadSort);
  const [search, setSearch] = useState<SearchCriteria | null>(null);
  const [compose, setCompose] = useState<{ key: number; init: ComposeInit } | null>(null);
  const [showFolders, setShowFolders] = useState(false);
  const [confirm, setConfirm] = useState<{ ids: string[] } | null>(null);
  const focusList = useRef<() => void>(() => {});
  const focusSearch = useRef<() => void>(() => {});

  const folderSeg = route.segments[1];
  const openId = route.segments[2] ?? null;
  const folder = folders.resolve(folderSeg);

  // An unknown folder in the URL (or none) goes to the Inbox once the folders are known.
  useEffect(() => {
    if (!folders.loaded || folders.folders.length === 0 || folderSeg === 'compose') return;
    if (!folder) {
      const inbox = folders.wellKnown('inbox');
      if (inbox) navigate(`/mail/${folderSegment(inbox)}`, true);
    }
  }, [folders.loaded, folders.folders.length, folder, folders]);

  // What the list shows.
  const source: ListSource | null = useMemo(() => {
    if (search)
      return { kind: 'search', q: search.q, from: search.from, after: search.after, before: search.before, folderId: search.inFolder && folder ? folder.id : null };
    return folder ? { kind: 'folder', folderId: folder.id, ...sortState } : null;
  }, [search, folder, sortState]);
  const sourceJson = JSON.stringify(source);
  useEffect(() => {
    store.setSource(source);
    // sourceJson is the identity that matters (a new object with the same values must not reload).
  }, [store, sourceJson]);

  // The open message (from the URL) is selected in the list once its row is loaded; only once per message, so that a
  // later multi-selection or a live refresh is not undone.
  const appliedOpenId = useRef<string | null>(null);
  useEffect(() => {
    if (!openId) {
      appliedOpenId.current = null;
      return;
    }
    if (appliedOpenId.current === openId) return;
    if (store.indexOf(openId) >= 0 || snap.total === 0) {
      store.selectId(openId);
      appliedOpenId.current = openId;
    }
  }, [store, openId, snap]);

  // #/mail/compose?to=ADDRESS (from People's "Send email"): a new message to that address.
  useEffect(() => {
    if (folderSeg !== 'compose') return;
    const to = route.query.getAll('to').flatMap((t) => parseAddresses(t).valid);
    setCompose({ key: ++composeKeys, init: emptyCompose(to) });
    const inbox = folders.wellKnown('inbox');
    navigate(`/mail/${inbox ? folderSegment(inbox) : 'inbox'}`, true);
  }, [folderSeg, route.query, folders]);

  // Fetch the compose code in the background once the first screen is shown.
  useEffect(() => {
    const t = window.setTimeout(() => void loadCompose(), 1500);
    return () => clearTimeout(t);
  }, []);

  // A draft kept when the session ended comes back after signing in again.
  useEffect(() => {
    const restored = takePendingDrafts().map(composeInitFromStorage).find((x) => x !== null);
    if (restored) {
      setCompose({ key: ++composeKeys, init: restored });
      notify('Your unsent draft was restored.', 'info');
    }
  }, []);

  // Live updates: folder counts and the list page on screen follow changes made anywhere. One subscription for the
  // page's life (the latest folder and search are read through a ref), so the event stream is not reopened.
  const folderId = folder?.id;
  const live = useRef({ folderId, search: search !== null, reload: folders.reload });
  live.current = { folderId, search: search !== null, reload: folders.reload };
  useEffect(() => {
    let folderTimer: number | undefined;
    let listTimer: number | undefined;
    const unsubscribe = subscribeLive((e) => {
      const now = live.current;
      if (e.resync || e.hierarchy || e.folders.length > 0) {
        clearTimeout(folderTimer);
        folderTimer = window.setTimeout(() => void live.current.reload(), 300);
      }
      if (e.resync || now.search || (now.folderId && e.folders.includes(now.folderId))) {
        clearTimeout(listTimer);
        listTimer = window.setTimeout(() => store.refresh(), 300);
      }
    });
    return () => {
      unsubscribe();
      clearTimeout(folderTimer);
      clearTimeout(listTimer);
    };
  }, [store]);

  const folderRoute = folder ? folderSegment(folder) : (folderSeg ?? 'inbox');

  const openedWithPush = useRef(false);
  const openMessage = useCallback(
    (id: string | null, push = false) => {
      openedWithPush.current = push && id !== null;
      navigate(id ? `/mail/${encodeURIComponent(folderRoute)}/${encodeURIComponent(id)}` : `/mail/${encodeURIComponent(folderRoute)}`, !push);
    },
    [folderRoute],
  );

  const openDraft = useCallback(
    async (id: string) => {
      try {
        const m = await mailApi.message(id, false);
        setCompose({ key: ++composeKeys, init: composeInitFromDraft(m) });
      } catch (e) {
        notify(errorMessage(e), 'error');
      }
    },
    [notify],
  );

  const onOpen = useCallback(
    (m: MessageSummary, explicit: boolean) => {
      const inDrafts = folders.byId.get(m.folderId)?.wellKnown === 'drafts';
      if (explicit && inDrafts) {
        void openDraft(m.id);
        return;
      }
      setCompose(null);
      openMessage(m.id, phone);
      // Enter (or a double click) moves into the message, for reading with the keyboard; Escape comes back.
      if (explicit) window.setTimeout(() => document.getElementById('reading-pane')?.focus(), 0);
    },
    [folders.byId, openDraft, openMessage, phone],
  );

  const onShown = useCallback(
    (m: Message) => {
      if (m.isRead || m.isDraft) return;
      store.patch([m.id], { isRead: true });
      folders.adjustUnread(m.folderId, -1);
      mailApi.updateMessage(m.id, { isRead: true }).catch((e) => notify(errorMessage(e), 'error'));
    },
    [store, folders, notify],
  );

  const onShownStable = useStableCallback(onShown);

  /** The messages a command acts on: the selection, else the open message. */
  const targets = useCallback((): string[] => {
    const sel = store.selectedIds();
    if (sel.length > 0) return sel;
    return openId ? [openId] : [];
  }, [store, openId]);

  const afterChange = useCallback(() => {
    void folders.reload();
    store.refresh();
  }, [folders, store]);

  const runAction = useCallback(
    async (action: MessageAction, ids: string[], target?: Folder, permanent?: boolean) => {
      if (ids.length === 0) return;
      const removes = action === 'move' || action === 'delete' || action === 'junk' || action === 'notJunk';
      if (removes) {
        store.remove(ids);
        if (openId && ids.includes(openId)) {
          // Outlook opens the next message in the list.
          const s = store.getSnapshot();
          const next = s.focusIndex >= 0 ? s.items[s.focusIndex] : undefined;
          if (next && !phone) {
            store.selectOnly(s.focusIndex);
            openMessage(next.id);
          } else openMessage(null);
        }
      } else if (action === 'markRead' || action === 'markUnread') {
        const isRead = action === 'markRead';
        const byFolder = new Map<string, number>();
        for (const id of ids) {
          const m = store.itemById(id);
          if (m && m.isRead !== isRead) byFolder.set(m.folderId, (byFolder.get(m.folderId) ?? 0) + 1);
        }
        store.patch(ids, { isRead });
        for (const [f, n] of byFolder) folders.adjustUnread(f, isRead ? -n : n);
      } else if (action === 'flag' || action === 'unflag' || action === 'complete') {
        store.patch(ids, { flag: action === 'flag' ? 'flagged' : action === 'unflag' ? 'none' : 'complete' });
      }
      try {
        const r = await mailApi.action({ action, ids, folderId: target?.id, permanent });
        const failed = r.results.filter((x) => !x.ok).length;
        if (failed > 0) notify(`${failed} of ${ids.length} items couldn't be changed.`, 'warning');
        else if (action === 'move') notify(`Moved ${ids.length === 1 ? '1 item' : `${ids.length} items`} to ${target?.name ?? 'folder'}`, 'success');
        else if (action === 'delete') notify(ids.length === 1 ? 'Deleted 1 item' : `Deleted ${ids.length} items`, 'success');
        else if (action === 'junk') notify('Moved to Junk Email', 'success');
        else if (action === 'notJunk') notify('Moved to Inbox', 'success');
      } catch (e) {
        notify(errorMessage(e), 'error');
      } finally {
        if (removes || action === 'markRead' || action === 'markUnread') afterChange();
      }
    },
    [store, openId, phone, openMessage, folders, notify, afterChange],
  );

  const inDeletedItems = !search && folder?.wellKnown === 'deleteditems';
  const inJunk = !search && folder?.wellKnown === 'junkemail';

  const deleteTargets = useCallback(
    (ids: string[], permanent: boolean) => {
      if (ids.length === 0) return;
      if (permanent || inDeletedItems) setConfirm({ ids });
      else void runAction('delete', ids);
    },
    [inDeletedItems, runAction],
  );

  const toggleFlag = useCallback(
    (ids: string[]) => {
      const anyUnflagged = ids.some((id) => store.itemById(id)?.flag !== 'flagged');
      void runAction(anyUnflagged ? 'flag' : 'unflag', ids);
    },
    [store, runAction],
  );

  const onRowAction = useCallback(
    (m: MessageSummary, action: RowAction) => {
      if (action === 'delete') deleteTargets([m.id], false);
      else if (action === 'toggleRead') void runAction(m.isRead ? 'markUnread' : 'markRead', [m.id]);
      else void runAction(m.flag === 'flagged' ? 'unflag' : 'flag', [m.id]);
    },
    [deleteTargets, runAction],
  );

  const reply = useCallback(
    async (id: string, mode: ReplyMode) => {
      try {
        const draft = await mailApi.reply(id, mode);
        setCompose({ key: ++composeKeys, init: composeInitFromDraft(draft, true) });
        void folders.reload();
      } catch (e) {
        notify(errorMessage(e), 'error');
      }
    },
    [folders, notify],
  );

  const newMail = useCallback(() => setCompose({ key: ++composeKeys, init: emptyCompose() }), []);

  // Keyboard shortcuts (Outlook's): anywhere in mail except while typing, in compose or in a dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isEditable(e.target)) return;
      if (e.target instanceof HTMLElement && e.target.closest('[data-testid="compose"]')) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const single = (): string | null => {
        const t = targets();
        return t.length === 1 ? t[0] : openId;
      };
      if (ctrl && key === 'r') {
        const id = single();
        e.preventDefault();
        if (id) void reply(id, e.shiftKey ? 'replyAll' : 'reply');
      } else if (ctrl && !e.shiftKey && key === 'f') {
        const id = single();
        e.preventDefault();
        if (id) void reply(id, 'forward');
      } else if ((ctrl && !e.shiftKey && key === 'n') || (!ctrl && !e.altKey && key === 'n')) {
        e.preventDefault();
        newMail();
      } else if (e.key === 'Delete' && !ctrl) {
        e.preventDefault();
        deleteTargets(targets(), e.shiftKey);
      } else if ((e.key === 'Insert' || (key === 'q' && !ctrl && !e.altKey))) {
        e.preventDefault();
        toggleFlag(targets());
      } else if (ctrl && !e.shiftKey && key === 'q') {
        e.preventDefault();
        void runAction('markRead', targets());
      } else if (ctrl && !e.shiftKey && key === 'u') {
        e.preventDefault();
        void runAction('markUnread', targets());
      } else if (!ctrl && !e.altKey && e.key === '/') {
        e.preventDefault();
        focusSearch.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [targets, openId, reply, newMail, deleteTargets, toggleFlag, runAction]);

  const selectFolder = useCallback((f: Folder) => {
    setSearch(null);
    setShowFolders(false);
    navigate(`/mail/${encodeURIComponent(folderSegment(f))}`);
  }, []);

  // Stable callbacks for the memoized panes (a list selection change must not re-render the folder tree).
  const onDropMessages = useStableCallback((ids: string[], f: Folder) => void runAction('move', ids, f));
  const onReplyFromPane = useStableCallback((m: Message, mode: ReplyMode) => void reply(m.id, mode));
  const onEditDraft = useStableCallback((m: Message) => void openDraft(m.id));
  const onBackToList = useStableCallback(() => {
    // On a phone the message was opened with a history entry: Back is the browser's back.
    if (history.length > 1 && openedWithPush.current) {
      openedWithPush.current = false;
      history.back();
    } else openMessage(null, false);
  });

  const updateSort = (next: Partial<SortState>) => {
    const s = { ...sortState, ...next };
    setSortState(s);
    saveSort(s);
  };

  const selection = [...snap.selected];
  const hasTargets = selection.length > 0 || !!openId;
  const moveTargets = folders.flat.filter((n) => !folder || n.folder.id !== folder.id || !!search);

  const compact = phone || narrow;
  /** A command: icon and text on a wide screen, icon only (named by aria-label and tooltip) on a phone. */
  const cmd = (label: string, icon: ReactElement, onClick: () => void, disabled = !hasTargets) =>
    compact ? (
      <Tooltip content={label} relationship="label" key={label}>
        <ToolbarButton icon={icon} disabled={disabled} onClick={onClick} />
      </Tooltip>
    ) : (
      <ToolbarButton key={label} icon={icon} disabled={disabled} onClick={onClick}>
        {label}
      </ToolbarButton>
    );

  const commands = (
    <Toolbar aria-label="Mail commands" className={styles.commands} size="medium">
      <ToolbarButton appearance="primary" icon={<ComposeRegular />} onClick={newMail}>
        New mail
      </ToolbarButton>
      {cmd('Delete', <DeleteRegular />, () => deleteTargets(targets(), false))}
      {inJunk
        ? cmd('Not junk', <ShieldCheckmarkRegular />, () => void runAction('notJunk', targets()))
        : cmd('Junk', <MailProhibitedRegular />, () => void runAction('junk', targets()))}
      <Menu positioning="below-start">
        <MenuTrigger disableButtonEnhancement>
          {compact ? (
            <Tooltip content="Move" relationship="label">
              <ToolbarButton icon={<FolderArrowRightRegular />} disabled={!hasTargets} />
            </Tooltip>
          ) : (
            <ToolbarButton icon={<FolderArrowRightRegular />} disabled={!hasTargets}>
              Move
            </ToolbarButton>
          )}
        </MenuTrigger>
        <MenuPopover style={{ maxHeight: '60vh', overflowY: 'auto' }}>
          <MenuList aria-label="Move to folder">
            {moveTargets.map((n) => (
              <MenuItem key={n.folder.id} style={{ paddingLeft: 8 + n.depth * 16 }} onClick={() => void runAction('move', targets(), n.folder)}>
                {n.folder.name}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      {!compact && (
        <>
          {cmd('Mark as read', <MailReadRegular />, () => void runAction('markRead', targets()))}
          {cmd('Mark as unread', <MailUnreadRegular />, () => void runAction('markUnread', targets()))}
          {cmd('Flag / Unflag', <FlagRegular />, () => toggleFlag(targets()))}
        </>
      )}
      {compact && (
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Tooltip content="More actions" relationship="label">
              <ToolbarButton icon={<MoreHorizontalRegular />} disabled={!hasTargets} />
            </Tooltip>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem icon={<MailReadRegular />} onClick={() => void runAction('markRead', targets())}>
                Mark as read
              </MenuItem>
              <MenuItem icon={<MailUnreadRegular />} onClick={() => void runAction('markUnread', targets())}>
                Mark as unread
              </MenuItem>
              <MenuItem icon={<FlagRegular />} onClick={() => toggleFlag(targets())}>
                Flag / Unflag
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
    </Toolbar>
  );

  const onSortChange: MenuProps['onCheckedValueChange'] = (_, d) => {
    if (d.name === 'sort') updateSort({ sort: d.checkedItems[0] as MessageSort });
    else if (d.name === 'order') updateSort({ order: d.checkedItems[0] as SortOrder });
    else if (d.name === 'filter') updateSort({ filter: d.checkedItems[0] as MessageFilter });
  };

  const title = search ? 'Search results' : (folder?.name ?? 'Mail');
  const allSelected = snap.total > 0 && snap.selected.size >= snap.items.filter(Boolean).length && snap.selected.size > 0;
  const listHeader = (
    <div className={styles.listHeader}>
      {(phone || narrow) && !search && (
        <Tooltip content="Folders" relationship="label">
          <Button appearance="subtle" icon={<NavigationRegular />} onClick={() => setShowFolders(true)} />
        </Tooltip>
      )}
      <Tooltip content="Select all" relationship="label">
        <Checkbox
          checked={allSelected ? true : snap.selected.size > 0 ? 'mixed' : false}
          onChange={() => (allSelected ? store.clearSelection() : store.selectAll())}
          aria-label="Select all"
        />
      </Tooltip>
      <h2 className={styles.listTitle}>{title}</h2>
      {snap.total >= 0 && <span className={styles.count}>{snap.total.toLocaleString()} {snap.total === 1 ? 'item' : 'items'}</span>}
      {search ? (
        <Tooltip content="Exit search" relationship="label">
          <Button appearance="subtle" icon={<DismissRegular />} onClick={() => setSearch(null)} />
        </Tooltip>
      ) : (
        <>
          <Menu checkedValues={{ filter: [sortState.filter] }} onCheckedValueChange={onSortChange}>
            <MenuTrigger disableButtonEnhancement>
              <Tooltip content="Filter" relationship="label">
                <Button appearance="subtle" icon={<FilterRegular />} />
              </Tooltip>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItemRadio name="filter" value="all">
                  All
                </MenuItemRadio>
                <MenuItemRadio name="filter" value="unread">
                  Unread
                </MenuItemRadio>
                <MenuItemRadio name="filter" value="flagged">
                  Flagged
                </MenuItemRadio>
              </MenuList>
            </MenuPopover>
          </Menu>
          <Menu checkedValues={{ sort: [sortState.sort], order: [sortState.order] }} onCheckedValueChange={onSortChange}>
            <MenuTrigger disableButtonEnhancement>
              <Tooltip content={`Sort: ${SORT_LABELS[sortState.sort]}`} relationship="label">
                <Button appearance="subtle" icon={<ArrowSortRegular />} />
              </Tooltip>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuGroup>
                  <MenuGroupHeader>Sort by</MenuGroupHeader>
                  {(Object.keys(SORT_LABELS) as MessageSort[]).map((s) => (
                    <MenuItemRadio key={s} name="sort" value={s}>
                      {SORT_LABELS[s]}
                    </MenuItemRadio>
                  ))}
                </MenuGroup>
                <MenuDivider />
                <MenuGroup>
                  <MenuGroupHeader>Sort order</MenuGroupHeader>
                  <MenuItemRadio name="order" value="desc">
                    {sortState.sort === 'received' ? 'Newest on top' : 'Descending'}
                  </MenuItemRadio>
                  <MenuItemRadio name="order" value="asc">
                    {sortState.sort === 'received' ? 'Oldest on top' : 'Ascending'}
                  </MenuItemRadio>
                </MenuGroup>
              </MenuList>
            </MenuPopover>
          </Menu>
        </>
      )}
    </div>
  );

  const closeCompose = (result: 'sent' | 'discarded' | 'closed') => {
    setCompose(null);
    afterChange();
    if (result !== 'closed' || !phone) window.setTimeout(() => focusList.current(), 0);
  };

  // Which panes show: everything on a wide screen; one at a time on a phone.
  const readingVisible = !!compose || !!openId;
  const showFolderPane = phone || narrow ? showFolders : true;
  const showList = phone ? !showFolders && !readingVisible : true;
  const showReading = phone ? !showFolders && readingVisible : true;

  return (
    <div className={styles.root} data-testid="mail">
      <div className={styles.top}>
        {commands}
        <SearchBar value={search} onSearch={(c) => setSearch(c)} onClear={() => setSearch(null)} registerFocus={(f) => (focusSearch.current = f)} />
      </div>
      <div className={styles.panes}>
        {showFolderPane && (
          <div
            className={mergeClasses(styles.folderPane, phone && styles.phonePane, narrow && styles.folderOverlay)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && (phone || narrow)) setShowFolders(false);
            }}
          >
            <FolderPane
              folders={folders}
              currentId={search ? null : (folder?.id ?? null)}
              onSelect={selectFolder}
              onDropMessages={onDropMessages}
            />
          </div>
        )}
        {narrow && showFolders && (
          <div style={{ position: 'absolute', inset: 0, zIndex: 9 }} aria-hidden="true" onClick={() => setShowFolders(false)} />
        )}
        {showList && (
          <div className={mergeClasses(styles.listPane, phone && styles.phonePane)}>
            <MessageList
              store={store}
              snap={snap}
              timeZone={session.timeZone}
              label="Message list"
              emptyText={search ? 'No results.' : sortState.filter !== 'all' ? 'Nothing matches this filter.' : 'This folder is empty.'}
              onOpen={onOpen}
              onRowAction={onRowAction}
              registerFocus={(f) => (focusList.current = f)}
              header={listHeader}
            />
          </div>
        )}
        {showReading && (
          <div
            className={mergeClasses(styles.readingPane, phone && styles.phonePane)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && !compose && !e.defaultPrevented) {
                if (phone) onBackToList();
                else focusList.current();
              }
            }}
          >
            {compose ? (
              <Suspense fallback={<Spinner style={{ marginTop: 48 }} label="Loading…" />}>
                <Compose
                  key={compose.key}
                  init={compose.init}
                  session={session}
                  onClose={closeCompose}
                  onSaved={() => void folders.reload()}
                  onBack={phone ? () => setCompose(null) : undefined}
                />
              </Suspense>
            ) : (
              <ReadingPane
                messageId={snap.selected.size > 1 ? null : openId}
                selectedCount={snap.selected.size}
                timeZone={session.timeZone}
                onReply={onReplyFromPane}
                onShown={onShownStable}
                onEditDraft={onEditDraft}
                onBack={phone ? onBackToList : undefined}
              />
            )}
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirm !== null}
        title="Delete permanently"
        message={confirm ? `Permanently delete ${confirm.ids.length === 1 ? 'this item' : `${confirm.ids.length} items`}? You can't undo this.` : ''}
        confirmText="Delete"
        onClose={() => setConfirm(null)}
        onConfirm={() => {
          if (confirm) void runAction('delete', confirm.ids, undefined, true);
        }}
      />
    </div>
  );
}
