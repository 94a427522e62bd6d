// The message list: a virtualized listbox (only the rows on screen exist in the DOM; pages are fetched as the user
// scrolls), Outlook's three-line rows, multi-select with Ctrl/Shift and check boxes, keyboard navigation when focused.
import { memo, useCallback, useEffect, useMemo, useRef, type DragEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  AttachRegular,
  CheckmarkRegular,
  DeleteRegular,
  FlagFilled,
  FlagRegular,
  CheckmarkCircleRegular,
  ImportantFilled,
  MailReadRegular,
  MailUnreadRegular,
} from '@fluentui/react-icons';
import type { MessageSummary } from '../api/types';
import { displayName, formatListDate } from '../components/format';
import { prefetchMessage } from './api';
import { MESSAGE_DRAG_TYPE } from './FolderPane';
import type { ListSnapshot, MessageListStore } from './listStore';

export const ROW_HEIGHT = 76;

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: 'auto',
    position: 'relative',
    outlineStyle: 'none',
    contain: 'strict',
    ':focus-visible': { boxShadow: `inset 0 0 0 2px ${tokens.colorStrokeFocus2}` },
  },
  row: {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    height: `${ROW_HEIGHT}px`,
    display: 'grid',
    gridTemplateColumns: '36px minmax(0, 1fr) auto',
    gridTemplateRows: '22px 20px 20px',
    columnGap: '4px',
    alignContent: 'center',
    paddingRight: '12px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: 'default',
    userSelect: 'none',
    fontSize: tokens.fontSizeBase300,
    boxShadow: 'inset 3px 0 0 transparent',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  unreadRow: { boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}` },
  selectedRow: {
    backgroundColor: tokens.colorBrandBackground2,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  focusedRow: { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  check: {
    gridRow: '1 / span 3',
    alignSelf: 'start',
    paddingTop: '2px',
    display: 'flex',
    justifyContent: 'center',
  },
  from: { gridColumn: 2, gridRow: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', alignSelf: 'center' },
  subject: { gridColumn: 2, gridRow: 2, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', alignSelf: 'center' },
  preview: {
    gridColumn: '2 / span 2',
    gridRow: 3,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: tokens.colorNeutralForeground3,
    alignSelf: 'center',
  },
  icons: { gridColumn: 3, gridRow: 1, display: 'flex', alignItems: 'center', gap: '2px', justifyContent: 'flex-end', color: tokens.colorNeutralForeground3 },
  date: { gridColumn: 3, gridRow: 2, textAlign: 'right', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  unread: { fontWeight: tokens.fontWeightSemibold },
  unreadSubject: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  unreadDate: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  hoverIcon: {
    display: 'inline-flex',
    padding: '2px',
    borderRadius: tokens.borderRadiusSmall,
    fontSize: '16px',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Pressed, color: tokens.colorNeutralForeground1 },
  },
  hideUntilHover: { visibility: 'hidden' },
  rowHoverShow: { ':hover .owa-hover': { visibility: 'visible' } },
  flagged: { color: tokens.colorPaletteRedForeground1 },
  complete: { color: tokens.colorPaletteGreenForeground1 },
  important: { color: tokens.colorPaletteRedForeground1 },
  skeleton: {
    gridColumn: 2,
    height: '10px',
    borderRadius: '4px',
    backgroundColor: tokens.colorNeutralBackground3,
    alignSelf: 'center',
  },
  roundCheck: {
    width: '18px',
    height: '18px',
    marginTop: '2px',
    borderRadius: '50%',
    boxShadow: `inset 0 0 0 1px ${tokens.colorNeutralStrokeAccessible}`,
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    cursor: 'pointer',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  roundChecked: {
    backgroundColor: tokens.colorBrandBackground,
    boxShadow: 'none',
    color: tokens.colorNeutralForegroundOnBrand,
  },
  empty: { padding: '32px 16px', textAlign: 'center', color: tokens.colorNeutralForeground3 },
});

export type RowAction = 'delete' | 'toggleRead' | 'toggleFlag';

export interface MessageListProps {
  store: MessageListStore;
  snap: ListSnapshot;
  timeZone: string;
  label: string;
  emptyText: string;
  /** A row was chosen (click, arrow key). `explicit` for Enter/double-click (open fully, e.g. a draft in compose). */
  onOpen: (message: MessageSummary, explicit: boolean) => void;
  onRowAction: (message: MessageSummary, action: RowAction) => void;
  /** Called by the list so the page can focus it (e.g. after closing compose). */
  registerFocus?: (focus: () => void) => void;
  header?: ReactNode;
}

export function MessageList({ store, snap, timeZone, label, emptyText, onOpen, onRowAction, registerFocus, header }: MessageListProps) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = Math.max(0, snap.total);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const range = virtualizer.getVirtualItems();
  const first = range.length ? range[0].index : 0;
  const last = range.length ? range[range.length - 1].index : 0;
  useEffect(() => {
    store.setVisibleRange(first, last);
  }, [store, first, last, snap.source]);

  // A new folder or search starts at the top.
  const sourceRef = useRef(snap.source);
  useEffect(() => {
    if (sourceRef.current !== snap.source) {
      sourceRef.current = snap.source;
      scrollRef.current?.scrollTo({ top: 0 });
    }
  }, [snap.source]);

  useEffect(() => {
    registerFocus?.(() => scrollRef.current?.focus());
  }, [registerFocus]);

  const go = useCallback(
    (index: number, extend: boolean) => {
      if (total === 0) return;
      const i = Math.max(0, Math.min(total - 1, index));
      if (extend) store.extendTo(i);
      else store.selectOnly(i);
      virtualizer.scrollToIndex(i, { align: 'auto' });
      const m = snap.items[i];
      pendingOpen.current = !m && !extend ? i : null;
      if (m && !extend) onOpen(m, false);
    },
    [store, total, virtualizer, snap.items, onOpen],
  );

  // A row reached by the keyboard before its page arrived (End, PageDown far down) is opened when it does.
  const pendingOpen = useRef<number | null>(null);
  useEffect(() => {
    const i = pendingOpen.current;
    if (i === null) return;
    if (snap.focusIndex !== i) {
      pendingOpen.current = null;
      return;
    }
    const m = snap.items[i];
    if (m) {
      pendingOpen.current = null;
      store.selectOnly(i);
      onOpen(m, false);
    }
  }, [snap, store, onOpen]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const focus = snap.focusIndex;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 8) / ROW_HEIGHT) - 1);
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (e.ctrlKey) {
          store.focusOnly(Math.min(total - 1, focus + 1));
          virtualizer.scrollToIndex(Math.min(total - 1, focus + 1));
        } else go(focus < 0 ? 0 : focus + 1, e.shiftKey);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (e.ctrlKey) {
          store.focusOnly(Math.max(0, focus - 1));
          virtualizer.scrollToIndex(Math.max(0, focus - 1));
        } else go(focus < 0 ? 0 : focus - 1, e.shiftKey);
        return;
      case 'j':
      case 'J':
        if (!plain) return;
        e.preventDefault();
        go(focus < 0 ? 0 : focus + 1, false);
        return;
      case 'k':
      case 'K':
        if (!plain) return;
        e.preventDefault();
        go(focus < 0 ? 0 : focus - 1, false);
        return;
      case 'Home':
        e.preventDefault();
        go(0, e.shiftKey);
        return;
      case 'End':
        e.preventDefault();
        go(total - 1, e.shiftKey);
        return;
      case 'PageDown':
        e.preventDefault();
        go((focus < 0 ? 0 : focus) + page, e.shiftKey);
        return;
      case 'PageUp':
        e.preventDefault();
        go((focus < 0 ? 0 : focus) - page, e.shiftKey);
        return;
      case ' ':
        if (focus >= 0) {
          e.preventDefault();
          store.toggle(focus);
        }
        return;
      case 'Enter': {
        const m = focus >= 0 ? snap.items[focus] : undefined;
        if (m) {
          e.preventDefault();
          store.selectOnly(focus);
          onOpen(m, true);
        }
        return;
      }
      case 'a':
      case 'A':
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          store.selectAll();
        }
        return;
      case 'Escape':
        store.clearSelection();
        return;
    }
  };

  const onRowClick = (e: MouseEvent, index: number, m: MessageSummary | undefined) => {
    scrollRef.current?.focus({ preventScroll: true });
    if (e.shiftKey) store.extendTo(index);
    else if (e.ctrlKey || e.metaKey) store.toggle(index);
    else {
      store.selectOnly(index);
      if (m) onOpen(m, false);
    }
  };

  const onDragStart = (e: DragEvent, m: MessageSummary) => {
    const ids = snap.selected.has(m.id) ? [...snap.selected] : [m.id];
    e.dataTransfer.setData(MESSAGE_DRAG_TYPE, JSON.stringify(ids));
    e.dataTransfer.setData('text/plain', ids.length === 1 ? m.subject : `${ids.length} items`);
    e.dataTransfer.effectAllowed = 'move';
  };

  // The rows get one stable object whose functions always see this render's values, so memo() keeps rows that did
  // not change from rendering again while the list scrolls.
  const latest = useRef<RowHandlers | null>(null);
  latest.current = {
    onClick: onRowClick,
    onDoubleClick: (msg) => onOpen(msg, true),
    onToggle: (i) => store.toggle(i),
    onDragStart,
    onRowAction,
  };
  const handlers = useMemo<RowHandlers>(
    () => ({
      onClick: (e, i, m) => latest.current!.onClick(e, i, m),
      onDoubleClick: (m) => latest.current!.onDoubleClick(m),
      onToggle: (i) => latest.current!.onToggle(i),
      onDragStart: (e, m) => latest.current!.onDragStart(e, m),
      onRowAction: (m, a) => latest.current!.onRowAction(m, a),
    }),
    [],
  );

  const activeId = snap.focusIndex >= 0 && snap.focusIndex < total ? `msg-row-${snap.focusIndex}` : undefined;

  return (
    <>
      {header}
      <div
        ref={scrollRef}
        className={styles.scroller}
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        aria-busy={snap.total < 0}
        aria-activedescendant={activeId}
        tabIndex={0}
        data-testid="message-list"
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (snap.focusIndex < 0 && total > 0) store.focusOnly(0);
        }}
      >
        {snap.total === 0 && !snap.error && <div className={styles.empty}>{emptyText}</div>}
        {snap.error && snap.total <= 0 && (
          <div className={styles.empty} role="alert">
            {snap.error}
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), width: '100%', position: 'relative' }}>
          {range.map((v) => {
            const m = snap.items[v.index];
            return (
              <Row
                key={m ? m.id : `placeholder-${v.index}`}
                index={v.index}
                start={v.start}
                total={total}
                message={m}
                selected={m ? snap.selected.has(m.id) : false}
                focused={v.index === snap.focusIndex}
                timeZone={timeZone}
                handlers={handlers}
              />
            );
          })}
        </div>
      </div>
    </>
  );
}

interface RowProps {
  index: number;
  start: number;
  total: number;
  message: MessageSummary | undefined;
  selected: boolean;
  focused: boolean;
  timeZone: string;
  handlers: RowHandlers;
}

interface RowHandlers {
  onClick: (e: MouseEvent, index: number, m: MessageSummary | undefined) => void;
  onDoubleClick: (m: MessageSummary) => void;
  onToggle: (index: number) => void;
  onDragStart: (e: DragEvent, m: MessageSummary) => void;
  onRowAction: (m: MessageSummary, action: RowAction) => void;
}

const Row = memo(function Row(p: RowProps) {
  const styles = useStyles();
  const m = p.message;
  const style = { transform: `translateY(${p.start}px)` };
  if (!m) {
    return (
      <div
        id={`msg-row-${p.index}`}
        role="option"
        aria-selected={false}
        aria-busy="true"
        aria-setsize={p.total}
        aria-posinset={p.index + 1}
        aria-label="Loading"
        className={styles.row}
        style={style}
      >
        <span className={styles.check} />
        <span className={styles.skeleton} style={{ gridRow: 1, width: '40%' }} />
        <span className={styles.skeleton} style={{ gridRow: 2, width: '70%' }} />
        <span className={styles.skeleton} style={{ gridRow: 3, width: '90%' }} />
      </div>
    );
  }
  const h = p.handlers;
  const unread = !m.isRead;
  const from = displayName(m.from) || '(no sender)';
  const stop = (e: MouseEvent) => e.stopPropagation();
  return (
    <div
      id={`msg-row-${p.index}`}
      role="option"
      aria-selected={p.selected}
      aria-setsize={p.total}
      aria-posinset={p.index + 1}
      data-message-id={m.id}
      data-unread={unread ? 'true' : undefined}
      className={mergeClasses(
        styles.row,
        styles.rowHoverShow,
        unread && styles.unreadRow,
        p.selected && styles.selectedRow,
        p.focused && styles.focusedRow,
      )}
      style={style}
      draggable
      onDragStart={(e) => h.onDragStart(e, m)}
      onMouseDown={(e) => {
        // The message starts loading while the button is still down; the click that follows opens it.
        if (e.button === 0 && !e.shiftKey && !e.ctrlKey && !e.metaKey) prefetchMessage(m.id);
      }}
      onClick={(e) => h.onClick(e, p.index, m)}
      onDoubleClick={() => h.onDoubleClick(m)}
    >
      <span className={styles.check} onClick={stop}>
        <span
          role="presentation"
          className={mergeClasses(styles.roundCheck, p.selected ? styles.roundChecked : mergeClasses(styles.hideUntilHover, 'owa-hover'))}
          onClick={() => h.onToggle(p.index)}
        >
          {p.selected && <CheckmarkRegular fontSize={12} />}
        </span>
      </span>
      <span className={mergeClasses(styles.from, unread && styles.unread)}>{from}</span>
      <span className={styles.icons} aria-hidden="true">
        <span className={mergeClasses(styles.hoverIcon, styles.hideUntilHover, 'owa-hover')} title="Delete" onClick={(e) => { stop(e); h.onRowAction(m, 'delete'); }}>
          <DeleteRegular />
        </span>
        <span
          className={mergeClasses(styles.hoverIcon, styles.hideUntilHover, 'owa-hover')}
          title={unread ? 'Mark as read' : 'Mark as unread'}
          onClick={(e) => { stop(e); h.onRowAction(m, 'toggleRead'); }}
        >
          {unread ? <MailReadRegular /> : <MailUnreadRegular />}
        </span>
        {m.importance === 'high' && <ImportantFilled className={styles.important} />}
        {m.hasAttachments && <AttachRegular />}
        <span
          className={mergeClasses(
            styles.hoverIcon,
            m.flag === 'none' && styles.hideUntilHover,
            m.flag === 'none' && 'owa-hover',
            m.flag === 'flagged' && styles.flagged,
            m.flag === 'complete' && styles.complete,
          )}
          title={m.flag === 'flagged' ? 'Clear flag' : 'Flag this message'}
          onClick={(e) => { stop(e); h.onRowAction(m, 'toggleFlag'); }}
        >
          {m.flag === 'flagged' ? <FlagFilled /> : m.flag === 'complete' ? <CheckmarkCircleRegular /> : <FlagRegular />}
        </span>
      </span>
      <span className={mergeClasses(styles.subject, unread && styles.unreadSubject)}>{m.subject || '(no subject)'}</span>
      <span className={mergeClasses(styles.date, unread && styles.unreadDate)}>{formatListDate(m.receivedUtc, p.timeZone)}</span>
      <span className={styles.preview}>{m.preview}</span>
      {/* Said by screen readers after the row's text. */}
      <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {unread ? ', unread' : ''}
        {m.flag === 'flagged' ? ', flagged' : ''}
        {m.hasAttachments ? ', has attachments' : ''}
      </span>
    </div>
  );
});
