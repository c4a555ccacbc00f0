import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type RequestBody, Conversation } from '../api';
import { useApp } from '../context';
import { shortTime } from '../format';
import { live } from '../live';
import { href, linkClick, navigate, usePath } from '../router';
import { ConversationPane } from './ConversationPane';

interface CallEntry {
  id: string;
  phone: string | null;
  extension: string | null;
  contactId: string | null;
  conversationId: string | null;
  state: 'ringing' | 'answered' | 'ended' | 'missed';
  missed: boolean;
  startedAt: string;
  durationSeconds: number | null;
}

const STATE_LABEL: Record<CallEntry['state'], string> = { ringing: 'Berdering', answered: 'Dijawab', ended: 'Selesai', missed: 'Tak terjawab' };

/** The call center desk: note a call (caller, asked, done, follow-up), then hand over, refer or resolve it like a chat. */
export function CallView() {
  const path = usePath();
  const current = /^\/telepon\/([0-9a-f-]{8,})$/i.exec(path)?.[1] ?? null;
  return (
    <div class={`counter ${current ? 'has-conv' : 'no-conv'}`}>
      <main id="main" class="counter-side" tabIndex={-1}>
        <h1 class="sr-only">Telepon</h1>
        <CallForm />
        <CallLog />
      </main>
      <section class="conv-main" aria-label="Percakapan penelepon">
        {current ? (
          <ConversationPane key={current} id={current} backPath="/telepon" />
        ) : (
          <div class="empty-state">
            <h2>Layanan telepon</h2>
            <p>
              Catat setiap telepon: nomor penelepon menyatukan riwayatnya dengan WhatsApp dan loket. Setelah dicatat, alihkan ke tim, rujuk ke dinas, atau
              selesaikan seperti percakapan chat.
            </p>
          </div>
        )}
      </section>
    </div>
  );
}

/** A screen pop asks the call form (mounted or not yet) to take this caller. */
const PREFILL = 'app:call-prefill';

function CallForm() {
  const app = useApp();
  const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
  const [phone, setPhone] = useState(params.get('nomor') ?? '');
  const [callId, setCallId] = useState(params.get('panggilan'));
  useEffect(() => {
    const on = (e: Event) => {
      const d = (e as CustomEvent<{ phone: string | null; callId: string }>).detail;
      setPhone(d.phone ?? '');
      setCallId(d.callId);
    };
    addEventListener(PREFILL, on);
    return () => removeEventListener(PREFILL, on);
  }, []);
  const [name, setName] = useState('');
  const [asked, setAsked] = useState('');
  const [done, setDone] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ conversation: Conversation; created: boolean; knownContact: boolean }>('POST', '/api/calls', {
        phone: phone.trim(),
        asked: asked.trim(),
        done: done.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(followUp.trim() ? { followUp: followUp.trim() } : {}),
        ...(callId ? { callId } : {}),
      } satisfies RequestBody<'/api/calls', 'post'>);
      app.toast(r.created ? `Telepon dicatat. Nomor layanan ${r.conversation.reference}.` : 'Telepon dicatat di percakapan aktif warga.');
      if (r.knownContact) app.announce('Penelepon sudah dikenal; riwayatnya ada di "Info warga".');
      for (const clear of [setPhone, setName, setAsked, setDone, setFollowUp]) clear('');
      setCallId(null);
      navigate(`/telepon/${r.conversation.id}`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-labelledby="call-title">
      <h2 id="call-title">Catat telepon</h2>
      <label for="call-phone">Nomor penelepon</label>
      <input
        id="call-phone"
        type="tel"
        inputMode="tel"
        required
        autoComplete="off"
        placeholder="0812…"
        value={phone}
        maxLength={30}
        aria-describedby="call-phone-hint"
        onInput={(e) => setPhone(e.currentTarget.value)}
      />
      <p class="hint" id="call-phone-hint">
        Nomor yang sama dengan WhatsApp atau loket menyatukan riwayat warga.
      </p>
      <label for="call-name">
        Nama <span class="muted">(opsional)</span>
      </label>
      <input id="call-name" autoComplete="off" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="call-asked">Yang ditanyakan</label>
      <textarea id="call-asked" required rows={2} maxLength={2000} value={asked} onInput={(e) => setAsked(e.currentTarget.value)} />
      <label for="call-done">Yang dilakukan</label>
      <textarea id="call-done" required rows={2} maxLength={2000} value={done} onInput={(e) => setDone(e.currentTarget.value)} />
      <label for="call-follow">
        Tindak lanjut <span class="muted">(opsional)</span>
      </label>
      <textarea id="call-follow" rows={2} maxLength={2000} value={followUp} onInput={(e) => setFollowUp(e.currentTarget.value)} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="btn primary block" type="submit" disabled={busy || !phone.trim() || !asked.trim() || !done.trim()}>
        {busy ? 'Menyimpan…' : 'Simpan catatan telepon'}
      </button>
    </form>
  );
}

function CallLog() {
  const [items, setItems] = useState<CallEntry[]>([]);
  const load = useCallback(async () => {
    try {
      setItems(await api<CallEntry[]>('GET', '/api/calls?limit=15'));
    } catch {
      /* shown empty */
    }
  }, []);
  useEffect(() => {
    void load();
    let t: ReturnType<typeof setTimeout> | undefined;
    const off = live.on((event) => {
      if (event === 'call.ringing' || event.startsWith('conversation.')) {
        clearTimeout(t);
        t = setTimeout(() => void load(), 300);
      }
    });
    const offResync = live.onResync(() => void load());
    return () => {
      off();
      offResync();
      clearTimeout(t);
    };
  }, [load]);
  return (
    <section class="card" aria-labelledby="call-log-title">
      <h2 id="call-log-title">Panggilan terakhir</h2>
      <ul class="plain-list">
        {items.map((c) => (
          <li key={c.id}>
            {c.conversationId ? (
              <a href={href(`/telepon/${c.conversationId}`)} onClick={linkClick(`/telepon/${c.conversationId}`)}>
                {c.phone ?? 'Nomor disembunyikan'}
              </a>
            ) : (
              <span>{c.phone ?? 'Nomor disembunyikan'}</span>
            )}{' '}
            <span class={`small ${c.missed ? 'chip danger' : 'muted'}`}>{STATE_LABEL[c.state]}</span>{' '}
            <span class="small muted">
              {shortTime(c.startedAt)}
              {c.durationSeconds ? ` · ${Math.floor(c.durationSeconds / 60)}m ${c.durationSeconds % 60}d` : ''}
            </span>
          </li>
        ))}
        {items.length === 0 && <li class="muted">Belum ada panggilan.</li>}
      </ul>
    </section>
  );
}

interface Pop {
  callId: string;
  phone: string | null;
  contact: { id: string; name: string | null } | null;
}

/** The screen pop: the PBX rings this officer's extension; one click opens the call form for that caller. */
export function CallPop() {
  const [pop, setPop] = useState<Pop | null>(null);
  useEffect(
    () =>
      live.on((event, payload) => {
        if (event === 'call.ringing') setPop(payload as Pop);
      }),
    [],
  );
  if (!pop) return null;
  const who = pop.contact?.name ?? pop.phone ?? 'nomor tidak dikenal';
  const target = `/telepon?${new URLSearchParams({ ...(pop.phone ? { nomor: pop.phone } : {}), panggilan: pop.callId })}`;
  return (
    <div class="call-pop" role="alert">
      <span>
        <strong>Telepon masuk</strong> dari {who}
        {pop.contact?.name && pop.phone ? ` (${pop.phone})` : ''}
        {pop.contact ? '' : ' — belum dikenal'}
      </span>
      <button
        class="btn primary small"
        onClick={() => {
          setPop(null);
          navigate(target);
          // Already on the form: the URL changed but not the page, so tell the form directly.
          dispatchEvent(new CustomEvent(PREFILL, { detail: { phone: pop.phone, callId: pop.callId } }));
        }}
      >
        Buka formulir telepon
      </button>
      <button class="btn ghost small" aria-label="Tutup pemberitahuan telepon" onClick={() => setPop(null)}>
        ×
      </button>
    </div>
  );
}
