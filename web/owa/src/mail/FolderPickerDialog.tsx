// Choose a mail folder (moving a folder, or messages when the menu is not handy).
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import type { Folder } from '../api/types';
import { folderIcon } from './folderIcons';
import type { FolderState } from './useFolders';

const TOP = '__top__';

const useStyles = makeStyles({
  list: {
    maxHeight: '50vh',
    overflowY: 'auto',
    marginTop: '8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px 0',
  },
  option: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '6px 8px',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected, fontWeight: tokens.fontWeightSemibold },
});

export interface FolderPickerDialogProps {
  open: boolean;
  title: string;
  folders: FolderState;
  /** Offer "top level" (for moving folders). */
  allowTop?: boolean;
  /** A folder not to offer, with its subfolders (the one being moved). */
  exclude?: string;
  okText?: string;
  onPick: (folder: Folder | null) => void | Promise<void>;
  onClose: () => void;
}

export function FolderPickerDialog({ open, title, folders, allowTop, exclude, okText = 'Move', onPick, onClose }: FolderPickerDialogProps) {
  const styles = useStyles();
  const [filter, setFilter] = useState('');
  const [choice, setChoice] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setFilter('');
      setChoice(null);
    }
  }, [open]);

  const options = useMemo(() => {
    const excluded = new Set<string>();
    if (exclude) {
      excluded.add(exclude);
      for (const n of folders.flat) if (n.folder.parentId && excluded.has(n.folder.parentId)) excluded.add(n.folder.id);
    }
    const f = filter.trim().toLowerCase();
    return folders.flat.filter((n) => !excluded.has(n.folder.id) && (!f || n.folder.name.toLowerCase().includes(f)));
  }, [folders.flat, exclude, filter]);

  const ids = [...(allowTop ? [TOP] : []), ...options.map((o) => o.folder.id)];
  const move = (delta: number) => {
    if (ids.length === 0) return;
    const i = choice ? ids.indexOf(choice) : -1;
    setChoice(ids[Math.max(0, Math.min(ids.length - 1, i + delta))]);
  };

  const submit = async () => {
    if (!choice) return;
    await onPick(choice === TOP ? null : (folders.byId.get(choice) ?? null));
    onClose();
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            <Input
              aria-label="Search folders"
              placeholder="Search folders"
              contentBefore={<SearchRegular />}
              value={filter}
              onChange={(_, d) => setFilter(d.value)}
              style={{ width: '100%' }}
            />
            <div
              role="listbox"
              aria-label="Folders"
              tabIndex={0}
              className={styles.list}
              aria-activedescendant={choice ? `pick-${choice}` : undefined}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  move(1);
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  move(-1);
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  void submit();
                }
              }}
            >
              {allowTop && (
                <div
                  id={`pick-${TOP}`}
                  role="option"
                  aria-selected={choice === TOP}
                  className={mergeClasses(styles.option, choice === TOP && styles.selected)}
                  onClick={() => setChoice(TOP)}
                >
                  (Top level)
                </div>
              )}
              {options.map((n) => (
                <div
                  key={n.folder.id}
                  id={`pick-${n.folder.id}`}
                  role="option"
                  aria-selected={choice === n.folder.id}
                  className={mergeClasses(styles.option, choice === n.folder.id && styles.selected)}
                  style={{ paddingLeft: 8 + (filter ? 0 : n.depth * 16) }}
                  onClick={() => setChoice(n.folder.id)}
                  onDoubleClick={() => void submit()}
                >
                  {folderIcon(n.folder)}
                  {n.folder.name}
                </div>
              ))}
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={!choice} onClick={() => void submit()}>
              {okText}
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
