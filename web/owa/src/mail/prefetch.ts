// The mail first screen's requests, started before React renders: the folders, then at once the first page of the
// folder in the URL (the Inbox by default) with the remembered sort.
import { prefetch } from '../api/prefetch';
import { mailApi } from './api';
import { PAGE_SIZE, sourceKey, type ListSource } from './listStore';
import { loadSort } from './sortPrefs';

export const FOLDERS_KEY = 'mail:folders';
export const pageKey = (source: ListSource) => 'mail:page:' + sourceKey(source);

export function prefetchMail(folderSegment: string | undefined): void {
  const sort = loadSort();
  prefetch(FOLDERS_KEY, () => mailApi.folders())
    .then((folders) => {
      const seg = folderSegment || 'inbox';
      const f = folders.find((x) => x.wellKnown === seg) ?? folders.find((x) => x.id === seg);
      if (!f) return;
      const source: ListSource = { kind: 'folder', folderId: f.id, ...sort };
      prefetch(pageKey(source), () => mailApi.messages(f.id, { offset: 0, limit: PAGE_SIZE, ...sort }));
    })
    .catch(() => undefined);
}
