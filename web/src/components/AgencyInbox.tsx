import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, qs, Referral } from '../api';
import { useApp } from '../context';
import { longDate, shortTime } from '../format';
import { live } from '../live';
import { href, linkClick } from '../router';

/** A referral as GET /api/referrals lists it: with what the row shows of its conversation. */
export interface ListedReferral extends Referral {
  conversation: { reference: string; status: string; subject: string | null; contactName: string | null } | null;
}

type Tab = 'masuk' | 'tenggat' | 'selesai';

/** An agency officer's work is referrals, not conversations: tabs by what is still owed. */
const TABS: { key: Tab; label: string; query: Record<string, string>; empty: string }[] = [
  { key: 'masuk', label: 'Rujukan masuk', query: { status: 'open' }, empty: 'Tidak ada rujukan yang menunggu jawaban.' },
  { key: 'tenggat', label: 'Lewat tenggat', query: { overdue: 'true' }, empty: 'Tidak ada rujukan yang lewat tenggat.' },
  { key: 'selesai', label: 'Selesai', query: { status: 'answered' }, empty: 'Belum ada rujukan yang dijawab.' },
];

export const REFERRAL_STATUS_LABEL: Record<Referral['status'], string> = {
  open: 'Menunggu jawaban',
  answered: 'Dijawab',
  cancelled: 'Dibatalkan',
};

/** The agency officer's list (instead of the agents' inbox): each referral's status and due date, overdue first. */
export function AgencyInbox({ selectedId }: { selectedId: string | null }) {
  const { me } = useApp();
  const [tab, setTab] = useState<Tab>('masuk');
  const [items, setItems] = useState<ListedReferral[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(async (t: Tab) => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const r = await api<ListedReferral[]>('GET', `/api/referrals${qs(TABS.find((x) => x.key === t)!.query)}`);
      if (n !== seq.current) return;
      // Overdue first, then the nearest due date; answered ones newest answer first.
      setItems(t === 'selesai' ? [...r].sort((a, b) => (b.answeredAt ?? '').localeCompare(a.answeredAt ?? '')) : r);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError((e as Error).message);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => void load(tab), [tab, load]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = live.on((event) => {
      if (event.startsWith('referral.')) {
        clearTimeout(timer);
        timer = setTimeout(() => void load(tab), 300);
      }
    });
    const offResync = live.onResync(() => void load(tab));
    return () => {
      off();
      offResync();
      clearTimeout(timer);
    };
  }, [tab, load]);

  const current = TABS.find((t) => t.key === tab)!;
  return (
    <section class="inbox agency-inbox" aria-labelledby="inbox-title">
      <div class="inbox-head">
        <h2 id="inbox-title">Rujukan untuk {me.agencyCode ?? 'dinas'}</h2>
        <div class="tabs" role="group" aria-label="Saring rujukan">
          {TABS.map((t) => (
            <button key={t.key} type="button" class={`tab ${tab === t.key ? 'active' : ''}`} aria-pressed={tab === t.key} onClick={() => setTab(t.key)}>
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <p class="error pad" role="alert">
          {error}{' '}
          <button class="btn small" onClick={() => void load(tab)}>
            Coba lagi
          </button>
        </p>
      )}
      <ul class="conv-list" aria-label={`Daftar rujukan: ${current.label}`} aria-busy={loading}>
        {items.map((r) => {
          const selected = r.conversationId === selectedId;
          const path = `/c/${r.conversationId}`;
          return (
            <li key={r.id}>
              <a
                class={`conv-item referral-item ${selected ? 'selected' : ''} ${r.overdue ? 'overdue' : ''}`}
                href={href(path)}
                onClick={linkClick(path)}
                aria-current={selected ? 'true' : undefined}
                data-conversation-id={r.conversationId}
                data-referral-id={r.id}
              >
                <span class="row1">
                  <span class="name">{r.conversation?.contactName?.trim() || 'Warga tanpa nama'}</span>
                  <time dateTime={r.createdAt} title="Dirujuk">
                    {shortTime(r.createdAt)}
                  </time>
                </span>
                <span class="row2">
                  <span class="preview">{r.question}</span>
                </span>
                <span class="row3">
                  {r.conversation && <span class="ref">{r.conversation.reference}</span>}
                  <span class={`chip ${r.overdue ? 'danger' : r.status === 'answered' ? 'ok' : 'plain'}`}>
                    {r.overdue ? 'Lewat tenggat' : REFERRAL_STATUS_LABEL[r.status]}
                  </span>
                  <span class={`due ${r.overdue ? 'overdue' : ''}`}>
                    {r.status === 'answered' && r.answeredAt ? `Dijawab ${shortTime(r.answeredAt)}` : `Tenggat ${longDate(r.dueDate)}`}
                  </span>
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      {!loading && !error && items.length === 0 && <p class="muted pad">{current.empty}</p>}
      {loading && items.length === 0 && (
        <p class="muted pad" role="status">
          Memuat…
        </p>
      )}
    </section>
  );
}
