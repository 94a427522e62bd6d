// The folder pane: the mail folder tree with unread counts; new/rename/delete/move/empty from the "More actions" button
// or the context menu; messages dragged from the list drop onto a folder to move there.
import { memo, useMemo, useState, type DragEvent } from 'react';
import {
  Button,
  CounterBadge,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  mergeClasses,
  tokens,
  Tooltip,
  FlatTree,
  FlatTreeItem,
  TreeItemLayout,
  type TreeOpenChangeData,
} from '@fluentui/react-components';
import {
  DeleteRegular,
  EditRegular,
  FolderAddRegular,
  FolderArrowRightRegular,
  MoreHorizontalRegular,
  DeleteDismissRegular,
} from '@fluentui/react-icons';
import { errorMessage } from '../api/client';
import type { Folder } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PromptDialog } from '../components/PromptDialog';
import { useNotify } from '../components/Notifications';
import { mailApi } from './api';
import { folderBadgeCount, folderIcon } from './folderIcons';
import { FolderPickerDialog } from './FolderPickerDialog';
import type { FolderNode, FolderState } from './useFolders';

export const MESSAGE_DRAG_TYPE = 'application/x-bourse-message-ids';

const useStyles = makeStyles({
  pane: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    height: '100%',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    padding: '8px 8px 4px 16px',
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  scroll: { overflowY: 'auto', flexGrow: 1, paddingBottom: '16px' },
  current: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    fontWeight: tokens.fontWeightSemibold,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
  },
  unread: { fontWeight: tokens.fontWeightSemibold },
  dropTarget: { outline: `2px dashed ${tokens.colorBrandStroke1}`, outlineOffset: '-2px' },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

type Dialog =
  | { kind: 'create'; parent: Folder | null }
  | { kind: 'rename'; folder: Folder }
  | { kind: 'delete'; folder: Folder }
  | { kind: 'empty'; folder: Folder }
  | { kind: 'move'; folder: Folder }
  | null;

export interface FolderPaneProps {
  folders: FolderState;
  currentId: string | null;
  onSelect: (folder: Folder) => void;
  onDropMessages: (ids: string[], folder: Folder) => void;
}

export const FolderPane = memo(function FolderPane({ folders, currentId, onSelect, onDropMessages }: FolderPaneProps) {
  const styles = useStyles();
  const notify = useNotify();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const [dropId, setDropId] = useState<string | null>(null);

  const openItems = useMemo(
    () => folders.flat.filter((n) => n.children.length > 0 && !closed.has(n.folder.id)).map((n) => n.folder.id),
    [folders.flat, closed],
  );

  const onOpenChange = (_: unknown, data: TreeOpenChangeData) => {
    // Clicking a folder opens it in the list; only the chevron and the arrow keys expand or collapse it.
    if (data.type === 'Click') return;
    const id = String(data.value);
    setClosed((c) => {
      const n = new Set(c);
      if (data.open) n.delete(id);
      else n.add(id);
      return n;
    });
  };

  const run = async (what: () => Promise<unknown>, done?: string) => {
    try {
      await what();
      if (done) notify(done, 'success');
    } catch (e) {
      notify(errorMessage(e), 'error');
      throw e;
    } finally {
      void folders.reload();
    }
  };

  const dragOver = (e: DragEvent, f: Folder) => {
    if (!e.dataTransfer.types.includes(MESSAGE_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (dropId !== f.id) setDropId(f.id);
  };
  const drop = (e: DragEvent, f: Folder) => {
    const raw = e.dataTransfer.getData(MESSAGE_DRAG_TYPE);
    setDropId(null);
    if (!raw) return;
    e.preventDefault();
    try {
      const ids = JSON.parse(raw) as unknown;
      if (Array.isArray(ids) && ids.every((x) => typeof x === 'string')) onDropMessages(ids as string[], f);
    } catch {
      // Not ours.
    }
  };

  const actionsMenu = (f: Folder) => (
    <MenuList>
      <MenuItem icon={<FolderAddRegular />} onClick={() => setDialog({ kind: 'create', parent: f })}>
        Create new subfolder
      </MenuItem>
      {!f.wellKnown && (
        <>
          <MenuItem icon={<EditRegular />} onClick={() => setDialog({ kind: 'rename', folder: f })}>
            Rename
          </MenuItem>
          <MenuItem icon={<FolderArrowRightRegular />} onClick={() => setDialog({ kind: 'move', folder: f })}>
            Move folder
          </MenuItem>
          <MenuItem icon={<DeleteRegular />} onClick={() => setDialog({ kind: 'delete', folder: f })}>
            Delete folder
          </MenuItem>
        </>
      )}
      {(f.wellKnown === 'deleteditems' || f.wellKnown === 'junkemail') && (
        <MenuItem icon={<DeleteDismissRegular />} onClick={() => setDialog({ kind: 'empty', folder: f })}>
          Empty folder
        </MenuItem>
      )}
    </MenuList>
  );

  // A flat tree (each treeitem is its own row, with aria-level/setsize/posinset): only the rows under open folders.
  const rows = useMemo(() => {
    const out: { node: FolderNode; setsize: number; posinset: number }[] = [];
    const walk = (nodes: FolderNode[]) =>
      nodes.forEach((node, i) => {
        out.push({ node, setsize: nodes.length, posinset: i + 1 });
        if (node.children.length > 0 && !closed.has(node.folder.id)) walk(node.children);
      });
    walk(folders.tree);
    return out;
  }, [folders.tree, closed]);

  const renderRow = ({ node, setsize, posinset }: { node: FolderNode; setsize: number; posinset: number }) => {
    const f = node.folder;
    const count = folderBadgeCount(f);
    const isCurrent = f.id === currentId;
    const label = count > 0 ? `${f.name}, ${count} ${f.wellKnown === 'drafts' ? 'items' : 'unread'}` : f.name;
    return (
      <Menu key={f.id} openOnContext positioning="below-end">
        <MenuTrigger disableButtonEnhancement>
          <FlatTreeItem
            itemType={node.children.length > 0 ? 'branch' : 'leaf'}
            value={f.id}
            parentValue={f.parentId && folders.byId.has(f.parentId) ? f.parentId : undefined}
            aria-level={node.depth + 1}
            aria-setsize={setsize}
            aria-posinset={posinset}
            aria-label={label}
            aria-current={isCurrent ? 'true' : undefined}
            data-folder-id={f.id}
            onClick={(e) => {
              // The chevron only expands; a click anywhere else opens the folder.
              if ((e.target as HTMLElement).closest('.fui-TreeItemLayout__expandIcon')) return;
              onSelect(f);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(f);
              }
            }}
            onDragOver={(e) => dragOver(e, f)}
            onDragLeave={() => setDropId((d) => (d === f.id ? null : d))}
            onDrop={(e) => drop(e, f)}
          >
            <TreeItemLayout
              iconBefore={folderIcon(f)}
              className={mergeClasses(isCurrent && styles.current, dropId === f.id && styles.dropTarget)}
              aside={
                count > 0 ? (
                  <CounterBadge count={count} overflowCount={99999} appearance="ghost" color={f.wellKnown === 'drafts' ? 'informative' : 'brand'} aria-hidden />
                ) : undefined
              }
              actions={
                <Menu positioning="below-end">
                  <MenuTrigger disableButtonEnhancement>
                    <Button
                      appearance="subtle"
                      size="small"
                      aria-label={`More actions for ${f.name}`}
                      icon={<MoreHorizontalRegular />}
                      onClick={(e) => e.stopPropagation()}
                    />
                  </MenuTrigger>
                  <MenuPopover>{actionsMenu(f)}</MenuPopover>
                </Menu>
              }
            >
              <span className={mergeClasses(styles.name, count > 0 && f.wellKnown !== 'drafts' && styles.unread)}>{f.name}</span>
            </TreeItemLayout>
          </FlatTreeItem>
        </MenuTrigger>
        <MenuPopover>{actionsMenu(f)}</MenuPopover>
      </Menu>
    );
  };

  return (
    <nav className={styles.pane} aria-label="Folders">
      <div className={styles.header}>
        <h2 className={styles.heading}>Folders</h2>
        <Tooltip content="New folder" relationship="label">
          <Button appearance="subtle" icon={<FolderAddRegular />} onClick={() => setDialog({ kind: 'create', parent: null })} />
        </Tooltip>
      </div>
      <div className={styles.scroll}>
        {folders.error && !folders.loaded ? <p role="alert">{folders.error}</p> : null}
        <FlatTree aria-label="Mail folders" openItems={openItems} onOpenChange={onOpenChange} size="medium">
          {rows.map(renderRow)}
        </FlatTree>
      </div>

      <PromptDialog
        open={dialog?.kind === 'create'}
        title={dialog?.kind === 'create' && dialog.parent ? `New folder in ${dialog.parent.name}` : 'New folder'}
        label="Folder name"
        okText="Create"
        onClose={() => setDialog(null)}
        onSubmit={async (name) => {
          const parent = dialog?.kind === 'create' ? dialog.parent : null;
          await run(() => mailApi.createFolder({ parentId: parent?.id ?? null, name }), `Folder "${name}" created`);
          if (parent) setClosed((c) => { const n = new Set(c); n.delete(parent.id); return n; });
        }}
      />
      <PromptDialog
        open={dialog?.kind === 'rename'}
        title="Rename folder"
        label="Folder name"
        initialValue={dialog?.kind === 'rename' ? dialog.folder.name : ''}
        onClose={() => setDialog(null)}
        onSubmit={async (name) => {
          if (dialog?.kind !== 'rename') return;
          await run(() => mailApi.updateFolder(dialog.folder.id, { name }));
        }}
      />
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title="Delete folder"
        message={
          dialog?.kind === 'delete'
            ? isUnder(dialog.folder, 'deleteditems', folders.byId)
              ? `Permanently delete "${dialog.folder.name}" and everything in it?`
              : `Move "${dialog.folder.name}" and everything in it to Deleted Items?`
            : ''
        }
        confirmText="Delete"
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          if (dialog?.kind !== 'delete') return;
          await run(() => mailApi.deleteFolder(dialog.folder.id), `Folder "${dialog.folder.name}" deleted`).catch(() => {});
        }}
      />
      <ConfirmDialog
        open={dialog?.kind === 'empty'}
        title="Empty folder"
        message={dialog?.kind === 'empty' ? `Permanently delete everything in "${dialog.folder.name}"?` : ''}
        confirmText="Delete all"
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          if (dialog?.kind !== 'empty') return;
          await run(() => mailApi.emptyFolder(dialog.folder.id), `"${dialog.folder.name}" emptied`).catch(() => {});
        }}
      />
      <FolderPickerDialog
        open={dialog?.kind === 'move'}
        title={dialog?.kind === 'move' ? `Move "${dialog.folder.name}" to` : ''}
        folders={folders}
        allowTop
        exclude={dialog?.kind === 'move' ? dialog.folder.id : undefined}
        onClose={() => setDialog(null)}
        onPick={async (target) => {
          if (dialog?.kind !== 'move') return;
          await run(() => mailApi.updateFolder(dialog.folder.id, { parentId: target?.id ?? null }), 'Folder moved').catch(() => {});
        }}
      />
    </nav>
  );
});

function isUnder(f: Folder, wellKnown: string, byId: Map<string, Folder>): boolean {
  let p = f.parentId ? byId.get(f.parentId) : undefined;
  for (let i = 0; p && i < 64; i++) {
    if (p.wellKnown === wellKnown) return true;
    p = p.parentId ? byId.get(p.parentId) : undefined;
  }
  return false;
}
