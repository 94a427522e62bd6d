// The message list's data: a sparse array as long as the folder (or search result) with only the pages the user has
// scrolled to loaded, 100 items a request; the selection; optimistic changes. React reads it with useSyncExternalStore.
import { errorMessage } from '../api/client';
import { takePrefetched } from '../api/prefetch';
import type { MessageFilter, MessageSort, MessageSummary, Page, SortOrder } from '../api/types';
import { mailApi } from './api';

export const PAGE_SIZE = 100;
const MAX_LIMIT = 200;

export type ListSource =
  | { kind: 'folder'; folderId: string; sort: MessageSort; order: SortOrder; filter: MessageFilter }
  | { kind: 'search'; q: string; from: string; after: string; before: string; folderId: string | null };

export interface ListSnapshot {
  source: ListSource | null;
  /** Sparse: undefined where not loaded yet. Mutated in place; `version` changes on every change. */
  items: (MessageSummary | undefined)[];
  /** -1 until the first page arrives. */
  total: number;
  error: string | null;
  selected: ReadonlySet<string>;
  focusIndex: number;
  version: number;
}

function sameSource(a: ListSource | null, b: ListSource | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function sourceKey(s: ListSource | null): string {
  return JSON.stringify(s);
}

export class MessageListStore {
  private source: ListSource | null = null;
  private items: (MessageSummary | undefined)[] = [];
  private total = -1;
  private error: string | null = null;
  private selected = new Set<string>();
  private focusIndex = -1;
  private anchorIndex = -1;
  private generation = 0;
  private inflight = new Map<number, AbortController>();
  private visible: [number, number] = [0, 30];
  private ensureTimer: number | undefined;
  private listeners = new Set<() => void>();
  private snapshot: ListSnapshot;
  private version = 0;
  private refreshing = false;
  private refreshQueued = false;

  constructor(private readonly fetchPage = defaultFetch) {
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): ListSnapshot => this.snapshot;

  private makeSnapshot(): ListSnapshot {
    return {
      source: this.source,
      items: this.items,
      total: this.total,
      error: this.error,
      selected: this.selected,
      focusIndex: this.focusIndex,
      version: ++this.version,
    };
  }

  private changed(): void {
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }

  // ---- Loading ------------------------------------------------------------------------------------------------------

  /** Shows another folder, sort or search; the selection is cleared. */
  setSource(source: ListSource | null): void {
    if (sameSource(source, this.source)) return;
    this.source = source;
    this.generation++;
    for (const c of this.inflight.values()) c.abort();
    this.inflight.clear();
    this.items = [];
    this.total = -1;
    this.error = null;
    this.selected = new Set();
    this.focusIndex = -1;
    this.anchorIndex = -1;
    this.visible = [0, 30];
    this.changed();
    if (source) this.load(0, PAGE_SIZE, false);
  }

  /** The rows on screen (with overscan); pages missing there are fetched shortly after scrolling settles. */
  setVisibleRange(start: number, end: number): void {
    this.visible = [start, end];
    if (this.ensureTimer !== undefined) clearTimeout(this.ensureTimer);
    this.ensureTimer = setTimeout(() => {
      this.ensureTimer = undefined;
      this.ensureVisible();
    }, 60);
  }

  private ensureVisible(): void {
    if (!this.source || this.total < 0) return;
    const [start, end] = this.visible;
    const last = Math.min(end, this.total - 1);
    for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE) * PAGE_SIZE; page <= last; page += PAGE_SIZE) {
      if (this.inflight.has(page)) continue;
      let missing = false;
      for (let i = page; i < Math.min(page + PAGE_SIZE, this.total); i++)
        if (this.items[i] === undefined) {
          missing = true;
          break;
        }
      if (missing) this.load(page, PAGE_SIZE, false);
    }
    // Pages far from the screen are no longer worth waiting for.
    for (const [offset, c] of this.inflight)
      if (offset + PAGE_SIZE < start - PAGE_SIZE || offset > end + PAGE_SIZE) {
        c.abort();
        this.inflight.delete(offset);
      }
  }

  /**
   * Reloads what is on screen (after a live change or an action) in one request, keeping the old rows shown until the
   * answer arrives; rows elsewhere are dropped and fetched again when scrolled to, since offsets may have shifted.
   */
  refresh(): void {
    if (!this.source) return;
    if (this.refreshing) {
      this.refreshQueued = true;
      return;
    }
    const [start, end] = this.visible;
    const offset = Math.max(0, Math.min(start, this.total > 0 ? this.total - 1 : 0));
    const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, end - offset + 1));
    this.refreshing = true;
    this.load(offset, limit, true).finally(() => {
      this.refreshing = false;
      if (this.refreshQueued) {
        this.refreshQueued = false;
        this.refresh();
      }
    });
  }

  private async load(offset: number, limit: number, reset: boolean): Promise<void> {
    const source = this.source;
    if (!source) return;
    const generation = reset ? ++this.generation : this.generation;
    if (reset) {
      for (const c of this.inflight.values()) c.abort();
      this.inflight.clear();
    }
    const controller = new AbortController();
    if (!reset) this.inflight.set(offset, controller);
    try {
      const prefetched = offset === 0 && !reset ? takePrefetched<Page<MessageSummary>>('mail:page:' + sourceKey(source)) : undefined;
      const page = await (prefetched ?? this.fetchPage(source, offset, limit, controller.signal));
      if (generation !== this.generation || this.source !== source) return;
      this.apply(page, reset);
    } catch (e) {
      if (controller.signal.aborted || generation !== this.generation) return;
      this.error = errorMessage(e);
      if (this.total < 0) this.total = 0;
      this.changed();
    } finally {
      if (this.inflight.get(offset) === controller) this.inflight.delete(offset);
    }
  }

  private apply(page: Page<MessageSummary>, reset: boolean): void {
    const total = Math.max(0, page.total | 0);
    const offset = Math.max(0, page.offset | 0);
    const shifted = this.total >= 0 && total !== this.total;
    if (reset || shifted || this.total < 0) {
      // The list moved under us (or this is the first page): keep only what this answer says.
      const focusedId = this.focusIndex >= 0 ? this.items[this.focusIndex]?.id : undefined;
      this.items = new Array<MessageSummary | undefined>(total);
      this.total = total;
      for (const c of this.inflight.values()) c.abort();
      this.inflight.clear();
      if (!reset) this.generation++;
      this.place(offset, page.items);
      // The focused row follows its message when that is still on screen.
      if (focusedId !== undefined) {
        const i = this.indexOf(focusedId);
        this.focusIndex = i >= 0 ? i : Math.min(this.focusIndex, total - 1);
      }
    } else {
      this.place(offset, page.items);
    }
    this.error = null;
    this.changed();
    if (reset || shifted) this.ensureVisible();
  }

  private place(offset: number, items: MessageSummary[]): void {
    for (let i = 0; i < items.length && offset + i < this.total; i++) this.items[offset + i] = items[i];
  }

  indexOf(id: string): number {
    // The loaded rows are few (what the user has scrolled through); a scan is fine.
    for (let i = 0; i < this.items.length; i++) if (this.items[i]?.id === id) return i;
    return -1;
  }

  itemById(id: string): MessageSummary | undefined {
    const i = this.indexOf(id);
    return i >= 0 ? this.items[i] : undefined;
  }

  // ---- Optimistic changes -------------------------------------------------------------------------------------------

  /** Changes loaded rows in place (read state, flag) before the server confirms. */
  patch(ids: Iterable<string>, change: Partial<MessageSummary>): void {
    const set = new Set(ids);
    let any = false;
    for (let i = 0; i < this.items.length; i++) {
      const it = this.items[i];
      if (it && set.has(it.id)) {
        this.items[i] = { ...it, ...change };
        any = true;
      }
    }
    if (any) this.changed();
  }

  /** Takes rows out (moved, deleted); the focus moves to the row that takes the place of the first one removed. */
  remove(ids: Iterable<string>): void {
    const set = new Set(ids);
    let first = -1;
    let removed = 0;
    const next: (MessageSummary | undefined)[] = new Array(this.items.length);
    let j = 0;
    for (let i = 0; i < this.items.length; i++) {
      const it = this.items[i];
      if (it && set.has(it.id)) {
        if (first < 0) first = i;
        removed++;
        continue;
      }
      if (i in this.items) next[j] = it;
      j++;
    }
    if (removed === 0) return;
    next.length = j;
    this.items = next;
    this.total = Math.max(0, this.total - removed);
    for (const id of set) this.selected.delete(id);
    this.selected = new Set(this.selected);
    if (first >= 0) {
      this.focusIndex = Math.min(first, this.total - 1);
      this.anchorIndex = this.focusIndex;
    }
    this.changed();
    this.ensureVisible();
  }

  // ---- Selection ----------------------------------------------------------------------------------------------------

  selectedIds(): string[] {
    return [...this.selected];
  }

  /** A plain click or arrow key: this row only. */
  selectOnly(index: number): void {
    const it = this.items[index];
    this.focusIndex = index;
    this.anchorIndex = index;
    this.selected = new Set(it ? [it.id] : []);
    this.changed();
  }

  /** Ctrl+click or the row's check box. */
  toggle(index: number): void {
    const it = this.items[index];
    if (!it) return;
    const s = new Set(this.selected);
    if (s.has(it.id)) s.delete(it.id);
    else s.add(it.id);
    this.selected = s;
    this.focusIndex = index;
    this.anchorIndex = index;
    this.changed();
  }

  /** Shift+click or Shift+arrow: from the anchor to this row (loaded rows). */
  extendTo(index: number): void {
    const anchor = this.anchorIndex >= 0 ? this.anchorIndex : index;
    const [a, b] = anchor <= index ? [anchor, index] : [index, anchor];
    const s = new Set<string>();
    for (let i = a; i <= b; i++) {
      const it = this.items[i];
      if (it) s.add(it.id);
    }
    this.selected = s;
    this.focusIndex = index;
    this.changed();
  }

  selectAll(): void {
    const s = new Set<string>();
    for (const it of this.items) if (it) s.add(it.id);
    this.selected = s;
    this.changed();
  }

  clearSelection(): void {
    if (this.selected.size === 0) return;
    this.selected = new Set();
    this.changed();
  }

  /** Selects the message with this id when it is loaded (e.g. opened from the URL). */
  selectId(id: string): void {
    const i = this.indexOf(id);
    if (i >= 0) {
      if (this.selected.size === 1 && this.selected.has(id) && this.focusIndex === i) return;
      this.selectOnly(i);
    } else if (!(this.selected.size === 1 && this.selected.has(id))) {
      this.selected = new Set([id]);
      this.changed();
    }
  }

  focusOnly(index: number): void {
    this.focusIndex = index;
    this.changed();
  }

  dispose(): void {
    for (const c of this.inflight.values()) c.abort();
    this.inflight.clear();
    if (this.ensureTimer !== undefined) clearTimeout(this.ensureTimer);
    this.listeners.clear();
  }
}

function defaultFetch(source: ListSource, offset: number, limit: number, signal: AbortSignal): Promise<Page<MessageSummary>> {
  if (source.kind === 'folder')
    return mailApi.messages(source.folderId, { offset, limit, sort: source.sort, order: source.order, filter: source.filter }, signal);
  return mailApi.search(
    {
      q: source.q || undefined,
      from: source.from || undefined,
      after: source.after || undefined,
      before: source.before || undefined,
      folderId: source.folderId ?? undefined,
      offset,
      limit,
    },
    signal,
  );
}
