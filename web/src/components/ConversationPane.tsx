import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, type RequestBody, ApiError, Conversation, ConversationDetail, Message, qs, Referral } from '../api';
import { Attachments } from './Attachments';
import { isSupervisor, officerName, teamName, useApp } from '../context';
import { channelLabel, contactName, fullTime, longDate, SENDER_LABEL, shortTime, since, STATUS_LABEL } from '../format';
import { live } from '../live';
import { href, linkClick } from '../router';
import { unread } from '../unread';
import { ActionBar } from './ActionBar';
import { Composer } from './Composer';
import { ContactPanel } from './ContactPanel';

export function ConversationPane({ id, backPath = '/' }: { id: string; backPath?: string }) {
  const app = useApp();
  const { me } = app;
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const [showContact, setShowContact] = useState(false);
  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const load = useCallback(async () => {
    try {
      const d = await api<ConversationDetail>('GET', `/api/conversations/${id}`);
      setDetail(d);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, (e as Error).message));
    }
  }, [id]);

  useEffect(() => {
    void load();
    unread.open(id);
    live.watch(id);
    const offResync = live.onResync(() => void load());
    return () => {
      unread.open(null);
      live.unwatch(id);
      offResync();
    };
  }, [id, load]);

  // Live: new and changed messages, the conversation's state, typing.
  useEffect(() => {
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const off = live.on((event, payload) => {
      const p = payload as { conversationId?: string; conversation?: Conversation; message?: Message; userId?: string; name?: string; typing?: boolean };
      const cid = p.conversationId ?? p.conversation?.id;
      if (cid !== id) return;
      if (event === 'message.created' || event === 'message.updated') {
        const m = p.message!;
        setDetail((d) => {
          if (!d) return d;
          const i = d.messages.findIndex((x) => x.id === m.id);
          const messages = i >= 0 ? d.messages.map((x) => (x.id === m.id ? { ...x, ...m } : x)) : [...d.messages, m];
          return { ...d, messages };
        });
        if (event === 'message.created' && m.sender === 'citizen') {
          setTyping(null);
          app.announce(`Pesan baru dari ${detailRef.current ? contactName(detailRef.current.conversation) : 'warga'}: ${m.text.slice(0, 120)}`);
        }
      } else if (event === 'conversation.updated') {
        setDetail((d) => (d ? { ...d, conversation: { ...d.conversation, ...p.conversation, contact: d.conversation.contact } } : d));
      } else if (event.startsWith('referral.') || event === 'sla.breached') {
        void load();
      } else if (event === 'typing' && p.userId !== me.id) {
        clearTimeout(typingTimer);
        if (p.typing === false) setTyping(null);
        else {
          setTyping(p.name ?? 'Seseorang');
          typingTimer = setTimeout(() => setTyping(null), 5000);
        }
      }
    });
    return () => {
      off();
      clearTimeout(typingTimer);
    };
  }, [id, me.id, app]);

  const detailRef = useRef(detail);
  detailRef.current = detail;

  // Replies waiting for the channel: the hub announces failures live but not
  // every success, so look again a few times until they leave the queue.
  const pendingCount = detail?.messages.filter((m) => m.deliveryStatus === 'pending' && !m.isPrivate && m.direction === 'out').length ?? 0;
  useEffect(() => {
    if (!pendingCount) return;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const check = async () => {
      tries++;
      try {
        const r = await api<{ messages: Message[] }>('GET', `/api/conversations/${id}/messages${qs({ limit: 20 })}`);
        setDetail((d) => (d ? { ...d, messages: d.messages.map((m) => ({ ...m, ...r.messages.find((x) => x.id === m.id) })) } : d));
        if (r.messages.some((m) => m.deliveryStatus === 'pending' && !m.isPrivate) && tries < 6) timer = setTimeout(() => void check(), 2000 * tries);
      } catch {
        /* the next live event or reload shows it */
      }
    };
    timer = setTimeout(() => void check(), 800);
    return () => clearTimeout(timer);
  }, [pendingCount, id]);

  // Keep the newest message in view unless the officer scrolled up to read.
  useEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [detail?.messages.length]);

  async function loadEarlier() {
    if (!detail?.messages.length) return;
    const el = logRef.current;
    const before = el?.scrollHeight ?? 0;
    const r = await api<{ messages: Message[]; hasEarlier: boolean }>(
      'GET',
      `/api/conversations/${id}/messages${qs({ before: detail.messages[0].id, limit: 50 })}`,
    );
    setDetail((d) =>
      d ? { ...d, messages: [...r.messages.filter((m) => !d.messages.some((x) => x.id === m.id)), ...d.messages], hasEarlier: r.hasEarlier } : d,
    );
    requestAnimationFrame(() => {
      if (el) el.scrollTop = el.scrollHeight - before;
    });
  }

  const applyConversation = (c: Conversation) =>
    setDetail((d) => (d ? { ...d, conversation: { ...d.conversation, ...c, contact: d.conversation.contact } } : d));

  if (error) {
    const denied = error.status === 404 || error.status === 403;
    return (
      <div class="conv-error">
        <a class="back-link" href={href(backPath)} onClick={linkClick(backPath)}>
          ← Kembali ke daftar
        </a>
        <div class="card notice" role="alert">
          <h1>{denied ? 'Percakapan tidak dapat dibuka' : 'Gagal memuat percakapan'}</h1>
          <p>
            {denied
              ? me.role === 'agency'
                ? `Percakapan ini tidak dirujuk ke ${me.agencyCode ?? 'dinas Anda'}, atau tidak ada. Petugas dinas hanya dapat membuka percakapan yang dirujuk ke dinasnya.`
                : 'Percakapan ini tidak ada atau di luar wewenang Anda.'
              : error.message}
          </p>
          {!denied && (
            <button class="btn" onClick={() => void load()}>
              Coba lagi
            </button>
          )}
        </div>
      </div>
    );
  }
  if (!detail)
    return (
      <p class="muted pad" role="status">
        Memuat percakapan…
      </p>
    );

  const c = detail.conversation;
  const sla = detail.sla;
  const breached = !!(sla?.firstResponseBreachedAt || sla?.resolutionBreachedAt);
  const openReferrals = detail.referrals.filter((r) => r.status === 'open');

  return (
    <div class={`conv ${showContact ? 'with-contact' : ''}`}>
      <div class="conv-body">
        <header class="conv-head">
          <a class="back-link narrow-only" href={href(backPath)} onClick={linkClick(backPath)}>
            ← Daftar
          </a>
          <div class="conv-title">
            <h1>{contactName(c)}</h1>
            <p class="meta">
              <span class="ref">{c.reference}</span>
              <span class={`chip ch-${c.channel}`}>{channelLabel(c.channel)}</span>
              <span class={`chip st-${c.status}`}>{STATUS_LABEL[c.status] ?? c.status}</span>
              {breached && <span class="chip danger">SLA terlewati</span>}
              {c.labels.map((l) => (
                <span key={l} class="chip label">
                  #{l}
                </span>
              ))}
            </p>
            {c.subject && <p class="subject">{c.subject}</p>}
            <p class="meta small">
              Tim: {teamName(app, c.teamId)} · Petugas: {officerName(app, c.assigneeId)}
              {c.status === 'pending' && c.waitingSince && <> · menunggu {since(c.waitingSince)}</>}
              {sla && !c.firstResponseAt && c.status !== 'resolved' && <> · tanggapan pertama paling lambat {fullTime(sla.firstResponseDueAt)}</>}
            </p>
          </div>
          <button class="btn small" aria-expanded={showContact} aria-controls="contact-panel" onClick={() => setShowContact((v) => !v)}>
            {showContact ? 'Tutup info warga' : 'Info warga'}
          </button>
        </header>
        <ActionBar conversation={c} referrals={detail.referrals} onChange={applyConversation} onReferred={() => void load()} />
        {openReferrals.length > 0 || detail.referrals.length > 0 ? <Referrals referrals={detail.referrals} onAnswered={() => void load()} /> : null}
        <div
          class="thread"
          role="log"
          aria-label="Riwayat pesan"
          ref={logRef}
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          }}
        >
          {detail.hasEarlier && (
            <p class="earlier">
              <button class="btn small" onClick={() => void loadEarlier()}>
                Muat pesan sebelumnya
              </button>
            </p>
          )}
          <ol class="thread-list">
            {detail.messages.map((m) => (
              <MessageRow key={m.id} m={m} />
            ))}
          </ol>
        </div>
        {typing && (
          <p class="typing" aria-live="polite">
            {typing} sedang mengetik…
          </p>
        )}
        <Composer
          conversation={c}
          referred={detail.referrals.length > 0}
          onSent={(m) => setDetail((d) => (d && !d.messages.some((x) => x.id === m.id) ? { ...d, messages: [...d.messages, m] } : d))}
        />
      </div>
      {showContact && <ContactPanel contactId={c.contactId} currentId={c.id} onClose={() => setShowContact(false)} />}
    </div>
  );
}

function MessageRow({ m }: { m: Message }) {
  const app = useApp();
  const kind = m.isPrivate ? 'note' : m.sender;
  // Agency officers only ever see notes marked for them (src/access): no need to say so to them.
  const shared = m.isPrivate && m.forAgency && app.me.role !== 'agency' ? ' · ditampilkan ke dinas' : '';
  const who = m.isPrivate
    ? `Catatan internal · ${m.senderUserId ? officerName(app, m.senderUserId) : 'Sistem'}${shared}`
    : m.sender === 'agent'
      ? officerName(app, m.senderUserId)
      : (SENDER_LABEL[m.sender] ?? m.sender);
  const failed = m.deliveryStatus === 'failed';
  return (
    <li class={`msg msg-${kind}`} data-sender={m.sender} data-private={m.isPrivate ? 'true' : undefined} data-message-id={m.id}>
      <div class="bubble">
        <p class="msg-who">
          <span>{who}</span>
          <time dateTime={m.createdAt} title={fullTime(m.createdAt)}>
            {shortTime(m.createdAt)}
          </time>
        </p>
        <p class="text">{m.text}</p>
        <Attachments m={m} />
        {m.quickReplies?.length ? <p class="quick">Pilihan: {m.quickReplies.map((q) => q.title).join(' · ')}</p> : null}
        {m.direction === 'out' && !m.isPrivate && m.sender === 'agent' && (
          <p class={`delivery ${failed ? 'failed' : ''}`}>
            {failed ? `Gagal terkirim${m.deliveryError ? `: ${m.deliveryError}` : ''}` : m.deliveryStatus === 'pending' ? 'Mengirim…' : 'Terkirim'}
          </p>
        )}
      </div>
    </li>
  );
}

function Referrals({ referrals, onAnswered }: { referrals: Referral[]; onAnswered: () => void }) {
  const app = useApp();
  const { me } = app;
  const [answer, setAnswer] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  async function send(r: Referral) {
    const text = (answer[r.id] ?? '').trim();
    if (!text) return;
    setBusy(r.id);
    try {
      await api('POST', `/api/referrals/${r.id}/answer`, { text } satisfies RequestBody<'/api/referrals/{id}/answer', 'post'>);
      setAnswer((a) => ({ ...a, [r.id]: '' }));
      app.toast('Jawaban rujukan tersimpan.');
      onAnswered();
    } catch (e) {
      app.toast((e as Error).message, 'error');
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="referrals" aria-label="Rujukan ke dinas">
      {referrals.map((r) => {
        const canAnswer = r.status === 'open' && ((me.role === 'agency' && me.agencyCode === r.agencyCode) || isSupervisor(me));
        return (
          <div key={r.id} class={`referral ${r.overdue ? 'overdue' : ''} rs-${r.status}`}>
            <p>
              <strong>Rujukan ke {r.agencyCode}</strong>{' '}
              <span class={`chip ${r.overdue ? 'danger' : r.status === 'answered' ? 'ok' : 'plain'}`}>
                {r.status === 'answered' ? 'Dijawab' : r.status === 'cancelled' ? 'Dibatalkan' : r.overdue ? 'Terlambat' : 'Menunggu jawaban'}
              </span>{' '}
              <span class="small">batas {longDate(r.dueDate)}</span>
            </p>
            <p class="small">Pertanyaan: {r.question}</p>
            {r.answer && <p class="small">Jawaban: {r.answer}</p>}
            {canAnswer && (
              <form
                class="answer-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void send(r);
                }}
              >
                <label for={`ans-${r.id}`}>Jawaban {r.agencyCode}</label>
                <textarea id={`ans-${r.id}`} rows={2} value={answer[r.id] ?? ''} onInput={(e) => setAnswer((a) => ({ ...a, [r.id]: e.currentTarget.value }))} />
                <button class="btn primary small" type="submit" disabled={busy === r.id || !(answer[r.id] ?? '').trim()}>
                  Kirim jawaban
                </button>
              </form>
            )}
          </div>
        );
      })}
    </section>
  );
}
