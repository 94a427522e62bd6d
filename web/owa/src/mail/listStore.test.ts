import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageSummary, Page } from '../api/types';
import { MessageListStore, PAGE_SIZE, type ListSource } from './listStore';

function message(n: number): MessageSummary {
  return {
    id: `m${n}`,
    folderId: 'inbox',
    subject: `Message ${n}`,
    from: { name: 'Bob', address: 'bob@example.com' },
    receivedUtc: '2026-11-27T09:00:00Z',
    isRead: false,
    flag: 'none',
    importance: 'normal',
    hasAttachments: false,
    size: 100,
    preview: '',
  };
}

/** A folder of `count` messages served like the API: pages by offset and limit, with the total. */
function fakeServer(count: number) {
  const state = { items: Array.from({ length: count }, (_, i) => message(i)), calls: [] as { offset: number; limit: number; source: ListSource }[] };
  const fetchPage = vi.fn(async (source: ListSource, offset: number, limit: number): Promise<Page<MessageSummary>> => {
    state.calls.push({ offset, limit, source });
    return { items: state.items.slice(offset, offset + limit), total: state.items.length, offset };
  });
  return { state, fetchPage };
}

const inbox: ListSource = { kind: 'folder', folderId: 'inbox', sort: 'received', order: 'desc', filter: 'all' };

async function settle() {
  await vi.advanceTimersByTimeAsync(200);
}

describe('MessageListStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the first page of a folder and knows the total', async () => {
    const { fetchPage } = fakeServer(100_000);
    const store = new MessageListStore(fetchPage);
    store.setSource(inbox);
    await settle();
    const snap = store.getSnapshot();
    expect(snap.total).toBe(100_000);
    expect(snap.items.length).toBe(100_000);
    expect(snap.items[0]?.id).toBe('m0');
    expect(snap.items[PAGE_SIZE - 1]?.id).toBe(`m${PAGE_SIZE - 1}`);
    expect(snap.items[PAGE_SIZE]).toBeUndefined();
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('fetches only the pages on screen, once, when the user scrolls far down', async () => {
    const { fetchPage, state } = fakeServer(100_000);
    const store = new MessageListStore(fetchPage);
    store.setSource(inbox);
    await settle();
    // Scrolling through the middle: many range updates, one settled position.
    for (let i = 0; i < 20; i++) store.setVisibleRange(50_000 + i * 5, 50_020 + i * 5);
    store.setVisibleRange(50_090, 50_110);
    await settle();
    expect(state.calls.slice(1).map((c) => c.offset)).toEqual([50_000, 50_100]);
    expect(store.getSnapshot().items[50_105]?.id).toBe('m50105');
    store.setVisibleRange(50_090, 50_110);
    await settle();
    expect(state.calls.length).toBe(3);
  });

  it('ignores an answer for a folder the user has left', async () => {
    const { fetchPage } = fakeServer(10);
    let release: (p: Page<MessageSummary>) => void = () => {};
    const slow = vi.fn((source: ListSource, offset: number, limit: number) =>
      source.kind === 'folder' && source.folderId === 'slow'
        ? new Promise<Page<MessageSummary>>((r) => (release = r))
        : fetchPage(source, offset, limit),
    );
    const store = new MessageListStore(slow);
    store.setSource({ ...inbox, folderId: 'slow' });
    store.setSource(inbox);
    await settle();
    release({ items: [message(999)], total: 1, offset: 0 });
    await settle();
    expect(store.getSnapshot().total).toBe(10);
    expect(store.getSnapshot().items[0]?.id).toBe('m0');
  });

  it('removes rows at once, shifting the rest and moving the focus to the next row', async () => {
    const { fetchPage } = fakeServer(300);
    const store = new MessageListStore(fetchPage);
    store.setSource(inbox);
    await settle();
    store.selectOnly(5);
    store.remove(['m5', 'm7']);
    const snap = store.getSnapshot();
    expect(snap.total).toBe(298);
    expect(snap.items.length).toBe(298);
    expect(snap.items[5]?.id).toBe('m6');
    expect(snap.items[6]?.id).toBe('m8');
    expect(snap.focusIndex).toBe(5);
    expect(snap.selected.size).toBe(0);
  });

  it('refresh reloads what is on screen in one request and drops rows elsewhere when the total moved', async () => {
    const { fetchPage, state } = fakeServer(1000);
    const store = new MessageListStore(fetchPage);
    store.setSource(inbox);
    await settle();
    store.setVisibleRange(500, 520);
    await settle();
    expect(store.getSnapshot().items[510]?.id).toBe('m510');
    // Two new messages arrive on top.
    state.items.unshift(message(-2), message(-1));
    state.calls.length = 0;
    store.refresh();
    await settle();
    const snap = store.getSnapshot();
    expect(state.calls[0]).toMatchObject({ offset: 500 });
    expect(snap.total).toBe(1002);
    expect(snap.items[510]?.id).toBe('m508');
    // Rows that were loaded before, off screen, are fetched again rather than shown at the wrong place.
    expect(snap.items[0]).toBeUndefined();
  });

  it('selects with click, Ctrl+click and Shift+click semantics', async () => {
    const { fetchPage } = fakeServer(50);
    const store = new MessageListStore(fetchPage);
    store.setSource(inbox);
    await settle();
    store.selectOnly(2);
    store.toggle(4);
    expect([...store.getSnapshot().selected].sort()).toEqual(['m2', 'm4']);
    store.toggle(4);
    expect([...store.getSnapshot().selected]).toEqual(['m2']);
    // Shift+click extends from the last plain or Ctrl click (the anchor).
    store.selectOnly(2);
    store.extendTo(6);
    expect([...store.getSnapshot().selected].sort()).toEqual(['m2', 'm3', 'm4', 'm5', 'm6']);
    store.extendTo(0);
    expect([...store.getSnapshot().selected].sort()).toEqual(['m0', 'm1', 'm2']);
    store.patch(['m3'], { isRead: true, flag: 'flagged' });
    expect(store.getSnapshot().items[3]).toMatchObject({ isRead: true, flag: 'flagged' });
  });
});
