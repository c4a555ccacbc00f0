import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type RequestBody, ApiError, Conversation } from '../api';
import { useApp } from '../context';
import { contactName, fullTime, longDate, shortTime, STATUS_LABEL } from '../format';
import { live } from '../live';
import { href, linkClick, navigate, usePath } from '../router';
import { ConversationPane } from './ConversationPane';

interface Visitor {
  contact: { id: string; name: string | null; phone: string | null };
  existing: boolean;
  activeConversation: Conversation | null;
}

/** A close match the hub offers for a number it did not find (no applicant's data). */
interface Suggestion {
  number: string;
  permitType: string;
  stage: string;
  stageLabel: string;
}

interface Permit {
  number: string;
  permitType: string;
  applicantName: string;
  stage: string;
  stageLabel: string;
  stageSince: string;
  submittedAt: string;
  serviceStandardDays: number;
  dueDate: string;
  overdue: boolean;
  nextAction: string | null;
  agencyPending: string | null;
}

/** The MPP counter: register a walk-in visitor, look up a permit, serve and hand over. */
export function CounterView() {
  const path = usePath();
  const current = /^\/loket\/([0-9a-f-]{8,})$/i.exec(path)?.[1] ?? null;
  return (
    <div class={`counter ${current ? 'has-conv' : 'no-conv'}`}>
      <main id="main" class="counter-side" tabIndex={-1}>
        <h1 class="sr-only">Loket MPP</h1>
        {/* The forms scroll; the last visits keep their place at the bottom of the column, always in view. */}
        <div class="counter-tools">
          <VisitorForm serving={!!current} />
          <PermitLookup current={current} />
        </div>
        <CounterList current={current} />
      </main>
      <section class="conv-main" aria-label="Layanan pengunjung">
        {current ? (
          <ConversationPane key={current} id={current} backPath="/loket" />
        ) : (
          <div class="empty-state">
            <h2>Layanan loket</h2>
            <p>Daftarkan pengunjung untuk mulai mencatat layanan. Catat apa yang dikerjakan sebagai catatan internal, lalu selesaikan atau alihkan ke tim.</p>
          </div>
        )}
      </section>
    </div>
  );
}

/** Folded while a visit is served (its fields would push the look-up and the last visits out of view); one click opens it. */
function VisitorForm({ serving }: { serving: boolean }) {
  const app = useApp();
  const [open, setOpen] = useState(!serving);
  useEffect(() => setOpen(!serving), [serving]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      const v = await api<Visitor>('POST', '/api/counter/visitors', {
        name: name.trim(),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
      } satisfies RequestBody<'/api/counter/visitors', 'post'>);
      const r = await api<{ conversation: Conversation; created: boolean }>('POST', '/api/counter/conversations', {
        contactId: v.contact.id,
        ...(subject.trim() ? { subject: subject.trim() } : {}),
      } satisfies RequestBody<'/api/counter/conversations', 'post'>);
      setInfo(
        v.existing
          ? `${v.contact.name ?? 'Warga'} sudah dikenal dari kanal lain; riwayatnya ada di "Info warga".`
          : `${v.contact.name ?? 'Pengunjung'} terdaftar. Nomor layanan ${r.conversation.reference}.`,
      );
      app.toast(r.created ? 'Layanan loket dibuka.' : 'Percakapan aktif warga dilanjutkan di loket.');
      setName('');
      setPhone('');
      setSubject('');
      navigate(`/loket/${r.conversation.id}`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="card visitor" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 id="visitor-title">Daftarkan pengunjung</h2>
      </summary>
      <form onSubmit={submit} aria-labelledby="visitor-title">
        <label for="visitor-name">Nama</label>
        <input id="visitor-name" required autoComplete="off" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="visitor-phone">
          Nomor HP <span class="muted">(opsional)</span>
        </label>
        <input
          id="visitor-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="0812…"
          value={phone}
          maxLength={30}
          aria-describedby="visitor-phone-hint"
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        <p class="hint" id="visitor-phone-hint">
          Dengan nomor HP, riwayat WhatsApp warga yang sama tergabung.
        </p>
        <label for="visitor-subject">Keperluan</label>
        <input id="visitor-subject" value={subject} maxLength={200} placeholder="mis. tanya syarat PBG" onInput={(e) => setSubject(e.currentTarget.value)} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {info && (
          <p class="ok" role="status">
            {info}
          </p>
        )}
        <button class="btn primary block" type="submit" disabled={busy || !name.trim()}>
          {busy ? 'Mendaftarkan…' : 'Daftarkan dan layani'}
        </button>
      </form>
      {!open && info && (
        <p class="ok small" role="status">
          {info}
        </p>
      )}
    </details>
  );
}

/** The look-up result as the visit's internal note (what the officer told the visitor). */
export function permitNote(p: Permit): string {
  const lines = [
    `Cek status izin ${p.number} (${p.permitType}): ${p.stageLabel} sejak ${fullTime(p.stageSince)}.`,
    `Target selesai ${longDate(p.dueDate)} (${p.serviceStandardDays} hari kerja)${p.overdue ? ', lewat standar layanan' : ''}.`,
  ];
  if (p.agencyPending) lines.push(`Menunggu dinas: ${p.agencyPending}.`);
  if (p.nextAction) lines.push(`Langkah berikut: ${p.nextAction}`);
  return lines.join('\n');
}

function PermitLookup({ current }: { current: string | null }) {
  const app = useApp();
  const [number, setNumber] = useState('');
  const [permit, setPermit] = useState<Permit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [busy, setBusy] = useState(false);
  const [attached, setAttached] = useState<string | null>(null);

  async function lookUp(n: string) {
    setBusy(true);
    setError(null);
    setPermit(null);
    setSuggestions([]);
    setAttached(null);
    try {
      setPermit(await api<Permit>('GET', `/api/counter/permits/${encodeURIComponent(n.trim())}`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setError('Nomor permohonan tidak ditemukan.');
        setSuggestions((err.body as { suggestions?: Suggestion[] } | undefined)?.suggestions ?? []);
      } else setError((err as Error).message);
    } finally {
      setBusy(false);
      // The outcome (result, or "not found" and its close matches) may be below the column's fold.
      requestAnimationFrame(() => document.getElementById('permit-outcome')?.scrollIntoView({ block: 'nearest' }));
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    await lookUp(number);
  }

  async function pick(s: Suggestion) {
    setNumber(s.number);
    await lookUp(s.number);
    document.getElementById('permit-result')?.focus();
  }

  async function attach() {
    if (!permit || !current) return;
    setBusy(true);
    try {
      await api('POST', `/api/conversations/${current}/notes`, { text: permitNote(permit) } satisfies RequestBody<'/api/conversations/{id}/notes', 'post'>);
      setAttached(current);
      app.toast('Hasil cek izin dilampirkan ke catatan kunjungan.');
    } catch (err) {
      app.toast((err as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-labelledby="permit-title">
      <h2 id="permit-title">Cek status izin</h2>
      <label for="permit-number">Nomor permohonan</label>
      <div class="inline">
        <input id="permit-number" required value={number} maxLength={40} autoComplete="off" onInput={(e) => setNumber(e.currentTarget.value)} />
        <button class="btn" type="submit" disabled={busy || number.trim().length < 3}>
          Cek
        </button>
      </div>
      <div aria-live="polite" id="permit-outcome">
        {error && <p class="error">{error}</p>}
        {suggestions.length > 0 && (
          <div class="suggestions">
            <p class="small">Mungkin maksud Anda:</p>
            <ul class="plain-list">
              {suggestions.map((s) => (
                <li key={s.number}>
                  <button type="button" class="btn small suggestion" onClick={() => void pick(s)} disabled={busy}>
                    <strong>{s.number}</strong>
                    <span class="small">
                      {s.permitType} · {s.stageLabel}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {permit && (
          <div id="permit-result" tabIndex={-1}>
            <dl class="facts permit">
              <dt>Nomor</dt>
              <dd>{permit.number}</dd>
              <dt>Jenis izin</dt>
              <dd>{permit.permitType}</dd>
              <dt>Pemohon</dt>
              <dd>{permit.applicantName}</dd>
              <dt>Tahap</dt>
              <dd>
                <strong>{permit.stageLabel}</strong> <span class="small muted">sejak {fullTime(permit.stageSince)}</span>
              </dd>
              <dt>Target selesai</dt>
              <dd>
                {longDate(permit.dueDate)} ({permit.serviceStandardDays} hari kerja){permit.overdue && <span class="chip danger">Lewat standar layanan</span>}
              </dd>
              {permit.agencyPending && (
                <>
                  <dt>Menunggu dinas</dt>
                  <dd>{permit.agencyPending}</dd>
                </>
              )}
              {permit.nextAction && (
                <>
                  <dt>Langkah berikut</dt>
                  <dd>{permit.nextAction}</dd>
                </>
              )}
            </dl>
            {current ? (
              <button type="button" class="btn small" onClick={() => void attach()} disabled={busy || attached === current}>
                {attached === current ? 'Sudah dilampirkan ke catatan' : 'Lampirkan ke catatan kunjungan'}
              </button>
            ) : (
              <p class="hint">Buka kunjungan di daftar untuk melampirkan hasil ini ke catatannya.</p>
            )}
          </div>
        )}
      </div>
    </form>
  );
}

function CounterList({ current }: { current: string | null }) {
  const [items, setItems] = useState<Conversation[]>([]);
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: Conversation[] }>('GET', '/api/conversations?channel=counter&limit=15')).items);
    } catch {
      /* shown empty */
    }
  }, []);
  useEffect(() => {
    void load();
    let t: ReturnType<typeof setTimeout> | undefined;
    const off = live.on((event) => {
      if (event.startsWith('conversation.')) {
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
    <section class="card counter-visits" aria-labelledby="counter-list-title">
      <h2 id="counter-list-title">Kunjungan loket terakhir</h2>
      <ul class="plain-list">
        {items.map((c) => (
          <li key={c.id}>
            <a href={href(`/loket/${c.id}`)} onClick={linkClick(`/loket/${c.id}`)} aria-current={c.id === current ? 'true' : undefined}>
              {contactName(c)}
            </a>{' '}
            <span class="small muted">
              {c.reference} · {STATUS_LABEL[c.status]} · {shortTime(c.lastMessageAt)}
            </span>
          </li>
        ))}
        {items.length === 0 && <li class="muted">Belum ada kunjungan.</li>}
      </ul>
    </section>
  );
}
