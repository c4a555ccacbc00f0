import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, Conversation, Message, qs, Status } from '../api';
import { contactName, channelLabel, fullTime, shortTime, SLA_LABEL, STATUS_LABEL, waitingLabel } from '../format';
import { alerts } from '../alerts';
import { navigate } from '../router';
import { onShortcut } from '../shortcuts';
import { AlertToggles } from './AlertToggles';
import { isSupervisor, teamName, useApp } from '../context';
import { live } from '../live';
import { href, linkClick } from '../router';
import { unread } from '../unread';

type Tab = 'semua' | 'saya' | 'tim' | 'menunggu' | 'terlambat';
type StatusSel = 'aktif' | 'bot' | 'resolved' | 'all';

const TABS: { key: Tab; label: string }[] = [
  { key: 'semua', label: 'Semua' },
  { key: 'saya', label: 'Milik saya' },
  { key: 'tim', label: 'Tim' },
  { key: 'menunggu', label: 'Menunggu' },
  { key: 'terlambat', label: 'Terlambat' },
];

const STATUS_SETS: Record<StatusSel, Status[] | null> = {
  aktif: ['pending', 'open'],
  bot: ['bot'],
  resolved: ['resolved'],
  all: null,
};

interface Filter {
  tab: Tab;
  status: StatusSel;
  teamId: string;
  q: string;
}

function toQuery(f: Filter): Record<string, string | undefined> {
  const statuses = f.tab === 'menunggu' ? ['pending'] : f.tab === 'terlambat' ? null : STATUS_SETS[f.status];
  return {
    status: statuses?.join(','),
    assigneeId: f.tab === 'saya' ? 'me' : undefined,
    teamId: f.tab === 'tim' && f.teamId ? f.teamId : undefined,
    overdue: f.tab === 'terlambat' ? 'true' : undefined,
    q: f.q.trim().length >= 2 ? f.q.trim() : undefined,
  };
}

/** Whether a conversation that changed live belongs in the list as filtered (null: cannot tell here). */
function matches(c: Conversation, f: Filter, meId: string): boolean | null {
  if (f.q.trim().length >= 2 || f.tab === 'terlambat') return null;
  const statuses = f.tab === 'menunggu' ? ['pending'] : STATUS_SETS[f.status];
  if (statuses && !statuses.includes(c.status)) return false;
  if (f.tab === 'saya' && c.assigneeId !== meId) return false;
  if (f.tab === 'tim' && f.teamId && c.teamId !== f.teamId) return false;
  return true;
}

const byRecent = (a: Conversation, b: Conversation) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '') || b.id.localeCompare(a.id);
/** Longest waiting first (the citizen's oldest unanswered message), then everything else by recent activity. */
const byWaiting = (a: Conversation, b: Conversation) => {
  if (a.waitingFrom && b.waitingFrom) return a.waitingFrom.localeCompare(b.waitingFrom) || byRecent(a, b);
  if (a.waitingFrom) return -1;
  if (b.waitingFrom) return 1;
  return byRecent(a, b);
};
type Sort = 'waiting' | 'recent';
const SORTS: Record<Sort, (a: Conversation, b: Conversation) => number> = { waiting: byWaiting, recent: byRecent };

export function Inbox({ selectedId }: { selectedId: string | null }) {
  const app = useApp();
  const { me } = app;
  const myTeams = isSupervisor(me) || !me.teamIds.length ? app.teams : app.teams.filter((t) => me.teamIds.includes(t.id));
  const [filter, setFilter] = useState<Filter>({ tab: 'semua', status: 'aktif', teamId: myTeams[0]?.id ?? '', q: '' });
  const [items, setItems] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const [sort, setSort] = useState<Sort>('waiting');
  const sortRef = useRef(sort);
  sortRef.current = sort;
  const order = (a: Conversation, b: Conversation) => SORTS[sortRef.current](a, b);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const reqSeq = useRef(0);

  const load = useCallback(async (more = false) => {
    const seq = ++reqSeq.current;
    setLoading(true);
    try {
      const r = await api<{ items: Conversation[]; nextCursor: string | null }>(
        'GET',
        `/api/conversations${qs({ ...toQuery(filterRef.current), limit: 30, cursor: more ? (cursorRef.current ?? undefined) : undefined })}`,
      );
      if (seq !== reqSeq.current) return;
      for (const c of r.items) {
        unread.seed(c.id, c.lastMessage?.sender === 'citizen' ? (c.lastMessage.createdAt ?? c.lastMessageAt) : null);
        alerts.remember(c);
      }
      setItems((prev) => (more ? [...prev, ...r.items.filter((c) => !prev.some((p) => p.id === c.id))] : r.items));
      setCursor(r.nextCursor);
      setError(null);
    } catch (e) {
      if (seq === reqSeq.current) setError((e as Error).message);
    } finally {
      if (seq === reqSeq.current) setLoading(false);
    }
  }, []);
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;

  // Refetch when the filter changes (search typed: after a pause).
  useEffect(() => {
    const t = setTimeout(() => void load(), filter.q ? 300 : 0);
    return () => clearTimeout(t);
  }, [filter, load]);

  useEffect(() => unread.subscribe(() => setTick((n) => n + 1)), []);
  // Waiting times grow while the list is on screen.
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, []);

  // Live updates.
  useEffect(() => {
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = () => {
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => void load(), 400);
    };
    const fetchOne = async (id: string) => {
      try {
        const d = await api<{ conversation: Conversation }>('GET', `/api/conversations/${id}`);
        upsert(d.conversation, true);
      } catch {
        /* not visible to us after all */
      }
    };
    const upsert = (c: Conversation, fresh = false) => {
      const prev = itemsRef.current.find((x) => x.id === c.id);
      const merged: Conversation = {
        ...prev,
        ...c,
        contact: c.contact ?? prev?.contact,
        lastMessage: c.lastMessage ?? prev?.lastMessage,
        // Live events carry neither: kept from the last read while the conversation stays active.
        waitingFrom: c.waitingFrom !== undefined ? c.waitingFrom : c.status === 'pending' || c.status === 'open' ? (prev?.waitingFrom ?? c.waitingSince) : null,
        slaState: c.slaState !== undefined ? c.slaState : c.status === 'pending' || c.status === 'open' ? prev?.slaState : null,
      };
      const m = matches(merged, filterRef.current, me.id);
      if (m === null) {
        if (prev) setItems((list) => list.map((x) => (x.id === c.id ? merged : x)));
        refetchSoon();
        return;
      }
      if (!m) {
        if (prev) setItems((list) => list.filter((x) => x.id !== c.id));
        return;
      }
      if (!prev && !fresh && !merged.contact) {
        // A new row needs the contact's name and last message: ask for the full view.
        void fetchOne(c.id);
        return;
      }
      setItems((list) => [merged, ...list.filter((x) => x.id !== c.id)].sort(order));
    };
    const offEvents = live.on((event, payload) => {
      if (event === 'conversation.created' || event === 'conversation.updated') {
        const c = (payload as { conversation: Conversation }).conversation;
        const isNew = !itemsRef.current.some((x) => x.id === c.id);
        upsert(c);
        if (event === 'conversation.created' || (isNew && c.status === 'pending')) {
          if (c.status === 'pending' || c.status === 'open')
            app.announce(`Percakapan ${c.reference} ${c.status === 'pending' ? 'menunggu petugas' : 'masuk'}.`);
        }
      } else if (event === 'message.created') {
        const { conversationId, message } = payload as { conversationId: string; message: Message };
        const prev = itemsRef.current.find((x) => x.id === conversationId);
        if (message.sender === 'citizen') unread.bump(conversationId, message.createdAt);
        if (!prev) return;
        const next: Conversation = {
          ...prev,
          lastMessage: { sender: message.sender, text: message.text, createdAt: message.createdAt, isPrivate: !!message.isPrivate },
          lastMessageAt: message.isPrivate ? prev.lastMessageAt : message.createdAt,
          // A citizen's message starts the wait (unless one already waits); an officer's public reply ends it.
          waitingFrom:
            prev.status !== 'pending' && prev.status !== 'open'
              ? prev.waitingFrom
              : message.sender === 'citizen'
                ? (prev.waitingFrom ?? message.createdAt)
                : message.sender === 'agent' && !message.isPrivate
                  ? null
                  : prev.waitingFrom,
        };
        setItems((list) => list.map((x) => (x.id === conversationId ? next : x)).sort(order));
      } else if (event === 'sla.breached' || event === 'referral.overdue' || event === 'referral.created') {
        refetchSoon();
      }
    });
    const offResync = live.onResync(() => void load());
    return () => {
      offEvents();
      offResync();
      clearTimeout(refetchTimer);
    };
  }, [load, me.id, app]);

  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  const sorted = [...items].sort(SORTS[sort]);
  const sortedRef = useRef(sorted);
  sortedRef.current = sorted;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  // j / k (Alt+↓ / Alt+↑): the next or previous conversation in the list as shown.
  useEffect(
    () =>
      onShortcut((a) => {
        if (a !== 'next' && a !== 'prev') return false;
        const list = sortedRef.current;
        if (!list.length) return;
        const i = list.findIndex((c) => c.id === selectedRef.current);
        const j = i < 0 ? 0 : Math.max(0, Math.min(list.length - 1, i + (a === 'next' ? 1 : -1)));
        navigate(`/c/${list[j].id}`);
        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-conversation-id="${list[j].id}"]`)?.scrollIntoView({ block: 'nearest' }));
      }),
    [],
  );
  const totalUnread = items.reduce((n, c) => n + unread.get(c.id), 0);

  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <div class="inbox-head">
        <h2 id="inbox-title">
          Percakapan
          {totalUnread > 0 && (
            <span class="badge" aria-label={`${totalUnread} pesan belum dibaca`}>
              {totalUnread}
            </span>
          )}
        </h2>
        <AlertToggles />
        <div class="search">
          <label for="inbox-search" class="sr-only">
            Cari percakapan
          </label>
          <input
            id="inbox-search"
            type="search"
            placeholder="Cari nama, nomor, isi pesan…"
            value={filter.q}
            onInput={(e) => set({ q: e.currentTarget.value })}
          />
        </div>
        <div class="tabs" role="group" aria-label="Saring percakapan">
          {TABS.map((t) => (
            <button
              key={t.key}
              type="button"
              class={`tab ${filter.tab === t.key ? 'active' : ''}`}
              aria-pressed={filter.tab === t.key}
              onClick={() => set({ tab: t.key })}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div class="filter-row">
          {filter.tab === 'tim' && (
            <span class="field-inline">
              <label for="inbox-team">Tim</label>
              <select id="inbox-team" value={filter.teamId} onChange={(e) => set({ teamId: e.currentTarget.value })}>
                {myTeams.length === 0 && <option value="">(tidak ada tim)</option>}
                {myTeams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </span>
          )}
          <span class="field-inline">
            <label for="inbox-sort">Urutkan</label>
            <select id="inbox-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
              <option value="waiting">Terlama menunggu</option>
              <option value="recent">Aktivitas terbaru</option>
            </select>
          </span>
          {filter.tab !== 'menunggu' && filter.tab !== 'terlambat' && (
            <span class="field-inline">
              <label for="inbox-status">Status</label>
              <select id="inbox-status" value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as StatusSel })}>
                <option value="aktif">Aktif</option>
                <option value="bot">Dengan bot</option>
                <option value="resolved">Selesai</option>
                <option value="all">Semua status</option>
              </select>
            </span>
          )}
        </div>
      </div>
      {error && (
        <p class="error pad" role="alert">
          {error}{' '}
          <button class="btn small" onClick={() => void load()}>
            Coba lagi
          </button>
        </p>
      )}
      <ul class="conv-list" aria-label="Daftar percakapan" aria-busy={loading}>
        {sorted.map((c) => {
          const n = unread.get(c.id);
          const selected = c.id === selectedId;
          return (
            <li key={c.id}>
              <a
                class={`conv-item ${selected ? 'selected' : ''} ${n ? 'unread' : ''}`}
                href={href(`/c/${c.id}`)}
                onClick={linkClick(`/c/${c.id}`)}
                aria-current={selected ? 'true' : undefined}
                data-conversation-id={c.id}
              >
                <span class="row1">
                  <span class="name">{contactName(c)}</span>
                  <time dateTime={c.lastMessageAt ?? undefined}>{shortTime(c.lastMessageAt)}</time>
                </span>
                <span class="row2">
                  <span class="preview">
                    {c.lastMessage ? (
                      <>
                        {c.lastMessage.isPrivate
                          ? 'Catatan: '
                          : c.lastMessage.sender === 'agent'
                            ? 'Anda/petugas: '
                            : c.lastMessage.sender === 'bot'
                              ? 'Bot: '
                              : ''}
                        {c.lastMessage.text}
                      </>
                    ) : (
                      (c.subject ?? 'Belum ada pesan')
                    )}
                  </span>
                  {n > 0 && (
                    <span class="badge" aria-label={`${n} belum dibaca`}>
                      {n}
                    </span>
                  )}
                </span>
                {(c.waitingFrom || c.slaState) && (
                  <span class="row-wait">
                    {c.waitingFrom && (
                      <span class="wait" title={`Pesan warga belum dibalas sejak ${fullTime(c.waitingFrom)}`}>
                        Menunggu {waitingLabel(c.waitingFrom)}
                      </span>
                    )}
                    {c.slaState && (
                      <span
                        class={`chip sla-${c.slaState.state}`}
                        title={`${c.slaState.target === 'first' ? 'Respons pertama' : 'Penyelesaian'}: batas ${fullTime(c.slaState.dueAt)}`}
                      >
                        {SLA_LABEL[c.slaState.state]}
                      </span>
                    )}
                  </span>
                )}
                <span class="row3">
                  <span class="ref">{c.reference}</span>
                  <span class={`chip ch-${c.channel}`}>{channelLabel(c.channel)}</span>
                  <span class={`chip st-${c.status}`}>{STATUS_LABEL[c.status] ?? c.status}</span>
                  <span class="chip plain">{teamName(app, c.teamId)}</span>
                  {c.assigneeId === me.id && <span class="chip mine">Milik saya</span>}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      {!loading && !error && items.length === 0 && <p class="muted pad">Tidak ada percakapan untuk saringan ini.</p>}
      {loading && items.length === 0 && (
        <p class="muted pad" role="status">
          Memuat…
        </p>
      )}
      {cursor && (
        <div class="pad">
          <button class="btn block" onClick={() => void load(true)} disabled={loading}>
            Muat lebih banyak
          </button>
        </div>
      )}
    </section>
  );
}
