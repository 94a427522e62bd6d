// The message list's sort and filter, remembered in localStorage.
import type { MessageFilter, MessageSort, SortOrder } from '../api/types';

export interface SortState {
  sort: MessageSort;
  order: SortOrder;
  filter: MessageFilter;
}

const SORT_KEY = 'owa.mail.sort';

export function loadSort(): SortState {
  try {
    const v = JSON.parse(localStorage.getItem(SORT_KEY) ?? 'null') as Partial<SortState> | null;
    const sorts: MessageSort[] = ['received', 'from', 'subject', 'size', 'flag'];
    return {
      sort: v && sorts.includes(v.sort as MessageSort) ? (v.sort as MessageSort) : 'received',
      order: v?.order === 'asc' ? 'asc' : 'desc',
      filter: v?.filter === 'unread' || v?.filter === 'flagged' ? v.filter : 'all',
    };
  } catch {
    return { sort: 'received', order: 'desc', filter: 'all' };
  }
}

export function saveSort(s: SortState): void {
  try {
    localStorage.setItem(SORT_KEY, JSON.stringify(s));
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
