// A virtualized listbox of people (contacts or directory entries): only the rows in view are in the DOM, so a list of
// tens of thousands stays smooth. Arrow keys, Home/End and PageUp/PageDown move the selection (aria-activedescendant);
// more rows are asked for as the end comes into view.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { makeStyles, mergeClasses } from '@griffel/react';
import { tokens } from '@fluentui/tokens';

const ROW_HEIGHT = 56;

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: 'auto',
    position: 'relative',
    outlineStyle: 'none',
    ':focus-visible': { boxShadow: `inset 0 0 0 2px ${tokens.colorStrokeFocus2}` },
  },
  inner: { position: 'relative', width: '100%' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'flex',
    alignItems: 'center',
    gap: '12px',
    padding: '0 12px',
    boxSizing: 'border-box',
    cursor: 'pointer',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  active: { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  empty: { padding: '24px 12px', color: tokens.colorNeutralForeground3, textAlign: 'center' },
});

export interface PeopleListProps {
  label: string;
  /** Rows loaded so far. */
  count: number;
  /** Rows in all (more are loaded with onNeedMore). */
  total: number;
  selected: number;
  onSelect: (index: number) => void;
  onNeedMore: () => void;
  /** A row's content, which is also its accessible name (the person's name first). */
  renderRow: (index: number) => ReactNode;
  empty: ReactNode;
}

export function PeopleList({ label, count, total, selected, onSelect, onNeedMore, renderRow, empty }: PeopleListProps) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.length ? rows[rows.length - 1].index : -1;

  useEffect(() => {
    if (count < total && lastShown >= count - 20) onNeedMore();
  }, [lastShown, count, total, onNeedMore]);

  useEffect(() => {
    if (selected >= 0 && selected < count) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, count, virtualizer]);

  const move = (index: number) => {
    if (count === 0) return;
    onSelect(Math.max(0, Math.min(count - 1, index)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    switch (e.key) {
      case 'ArrowDown':
        move(selected < 0 ? 0 : selected + 1);
        break;
      case 'ArrowUp':
        move(selected < 0 ? 0 : selected - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(count - 1);
        break;
      case 'PageDown':
        move((selected < 0 ? 0 : selected) + page);
        break;
      case 'PageUp':
        move((selected < 0 ? 0 : selected) - page);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  if (count === 0) return <div className={styles.empty}>{empty}</div>;

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={selected >= 0 && selected < count ? `${idBase}-${selected}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className={styles.inner} style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {rows.map((row) => (
          <div
            key={row.key}
            id={`${idBase}-${row.index}`}
            role="option"
            aria-selected={row.index === selected}
            aria-setsize={total}
            aria-posinset={row.index + 1}
            className={mergeClasses(styles.row, row.index === selected && styles.selected)}
            style={{ top: `${row.start}px`, height: `${row.size}px` }}
            onClick={() => onSelect(row.index)}
          >
            {renderRow(row.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
