// The folder hierarchy (GET /folders), kept fresh by live updates; mail folders as a tree for the folder pane.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import type { Folder } from '../api/types';
import { takePrefetched } from '../api/prefetch';
import { mailApi } from './api';
import { FOLDERS_KEY } from './prefetch';

export interface FolderNode {
  folder: Folder;
  depth: number;
  children: FolderNode[];
}

export interface FolderState {
  folders: Folder[];
  byId: Map<string, Folder>;
  /** Mail folders only, in the server's order, nested. */
  tree: FolderNode[];
  /** Mail folders depth-first with their depth (for pickers). */
  flat: FolderNode[];
  loaded: boolean;
  error: string | null;
  reload: () => Promise<void>;
  /** Changes one folder's counts locally before the server confirms. */
  adjustUnread: (folderId: string, delta: number) => void;
  /** The folder for a route segment: a well-known name ("inbox") or an id. */
  resolve: (segment: string | undefined) => Folder | undefined;
  wellKnown: (name: string) => Folder | undefined;
}

export function buildTree(folders: Folder[]): { tree: FolderNode[]; flat: FolderNode[] } {
  const mail = folders.filter((f) => f.kind === 'mail');
  const ids = new Set(mail.map((f) => f.id));
  const children = new Map<string | null, Folder[]>();
  for (const f of mail) {
    const parent = f.parentId && ids.has(f.parentId) ? f.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(f);
    children.set(parent, list);
  }
  const flat: FolderNode[] = [];
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): FolderNode[] =>
    (children.get(parent) ?? [])
      .filter((f) => !seen.has(f.id) && (seen.add(f.id), true))
      .map((f) => {
        const node: FolderNode = { folder: f, depth, children: [] };
        flat.push(node);
        node.children = build(f.id, depth + 1);
        return node;
      });
  const tree = build(null, 0);
  return { tree, flat };
}

export function useFolders(): FolderState {
  const [folders, setFolders] = useState<Folder[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const list = await (takePrefetched<Folder[]>(FOLDERS_KEY) ?? mailApi.folders());
      if (mine !== seq.current) return;
      setFolders(list);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(errorMessage(e));
    } finally {
      if (mine === seq.current) setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const adjustUnread = useCallback((folderId: string, delta: number) => {
    setFolders((list) =>
      list.map((f) => (f.id === folderId ? { ...f, unreadCount: Math.max(0, f.unreadCount + delta) } : f)),
    );
  }, []);

  return useMemo(() => {
    const byId = new Map(folders.map((f) => [f.id, f]));
    const { tree, flat } = buildTree(folders);
    const wellKnown = (name: string) => folders.find((f) => f.wellKnown === name);
    const resolve = (segment: string | undefined) =>
      segment ? (folders.find((f) => f.wellKnown === segment) ?? byId.get(segment)) : undefined;
    return { folders, byId, tree, flat, loaded, error, reload, adjustUnread, resolve, wellKnown };
  }, [folders, loaded, error, reload, adjustUnread]);
}

/** The route segment for a folder: its well-known name, else its id. */
export function folderSegment(f: Folder): string {
  return f.wellKnown ?? f.id;
}
