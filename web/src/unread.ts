/**
 * Unread counts, kept in the browser: citizen messages that arrived since the
 * officer last had the conversation open. The last-seen moments persist so a
 * reload still shows what is new.
 */
const KEY = 'sipinter-console-seen';
const counts = new Map<string, number>();
const listeners = new Set<() => void>();
let seen: Record<string, string> = read();
let openId: string | null = null;

function read(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

function persist(): void {
  const entries = Object.entries(seen)
    .sort((a, b) => (a[1] < b[1] ? 1 : -1))
    .slice(0, 500);
  seen = Object.fromEntries(entries);
  try {
    localStorage.setItem(KEY, JSON.stringify(seen));
  } catch {
    /* ignore */
  }
}

const changed = () => listeners.forEach((l) => l());

export const unread = {
  get(id: string): number {
    return counts.get(id) ?? 0;
  },
  /** From a list row: one unread when the citizen wrote last and after our last look. */
  seed(id: string, lastCitizenAt: string | null): void {
    if (counts.has(id) || id === openId || !lastCitizenAt) return;
    if (!seen[id] || seen[id] < lastCitizenAt) counts.set(id, 1);
  },
  /** A citizen message arrived live. */
  bump(id: string, at: string): void {
    if (id === openId && document.visibilityState === 'visible') {
      seen[id] = at;
      persist();
      return;
    }
    counts.set(id, (counts.get(id) ?? 0) + 1);
    changed();
  },
  open(id: string | null): void {
    openId = id;
    if (id) unread.markRead(id);
  },
  markRead(id: string): void {
    seen[id] = new Date().toISOString();
    persist();
    if (counts.delete(id)) changed();
  },
  /** Every unread message this page knows of (the tab's title shows it). */
  total(): number {
    let n = 0;
    for (const v of counts.values()) n += v;
    return n;
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && openId) unread.markRead(openId);
});
