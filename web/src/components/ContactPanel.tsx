import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { api, type RequestBody, ContactProfile } from '../api';
import { channelLabel, shortTime, STATUS_LABEL } from '../format';
import { href, linkClick } from '../router';

const KIND_LABEL: Record<string, string> = { phone: 'Telepon / WhatsApp', telegram: 'Telegram', webchat: 'Web chat' };

/** The citizen across channels: identities and every past conversation. */
export function ContactPanel({ contactId, currentId, onClose }: { contactId: string; currentId: string; onClose: () => void }) {
  const [p, setP] = useState<ContactProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const app = useApp();
  const canEdit = app.me.role !== 'agency';
  useEffect(() => {
    setP(null);
    api<ContactProfile>('GET', `/api/contacts/${contactId}`)
      .then(setP)
      .catch((e: Error) => setError(e.message));
  }, [contactId]);

  return (
    <aside class="contact-panel" id="contact-panel" aria-labelledby="contact-title">
      <div class="panel-head">
        <h2 id="contact-title">Info warga</h2>
        <button class="btn ghost small" onClick={onClose} aria-label="Tutup info warga">
          ×
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      {!p && !error && <p class="muted">Memuat…</p>}
      {p && (
        <>
          {editing ? (
            <ContactForm
              contact={p.contact}
              onCancel={() => setEditing(false)}
              onSaved={(contact) => {
                setP({ ...p, contact });
                setEditing(false);
                app.toast('Data warga disimpan.');
              }}
            />
          ) : (
            <>
              <dl class="facts">
                <dt>Nama</dt>
                <dd>{p.contact.name ?? '—'}</dd>
                <dt>Telepon</dt>
                <dd>{p.contact.phone ?? '—'}</dd>
                <dt>E-mail</dt>
                <dd>{p.contact.email ?? '—'}</dd>
                <dt>Catatan</dt>
                <dd class="notes">{p.contact.notes ?? '—'}</dd>
              </dl>
              {canEdit && (
                <button type="button" class="btn small" onClick={() => setEditing(true)}>
                  Ubah data warga
                </button>
              )}
            </>
          )}
          <h3>Kanal</h3>
          <ul class="plain-list">
            {p.identities.map((i) => (
              <li key={i.id}>
                <strong>{KIND_LABEL[i.kind] ?? i.kind}</strong>: {i.kind === 'webchat' ? (i.displayName ?? 'pengunjung web') : i.externalId}
                <span class="small muted"> · terakhir {shortTime(i.lastSeenAt)}</span>
              </li>
            ))}
            {p.identities.length === 0 && <li class="muted">Hanya di loket.</li>}
          </ul>
          <h3>Percakapan ({p.conversations.length})</h3>
          <ul class="plain-list">
            {p.conversations.map((c) => (
              <li key={c.id}>
                {c.id === currentId ? (
                  <span aria-current="true">
                    <strong>{c.reference}</strong> (ini)
                  </span>
                ) : (
                  <a href={href(`/c/${c.id}`)} onClick={linkClick(`/c/${c.id}`)}>
                    {c.reference}
                  </a>
                )}{' '}
                <span class="small muted">
                  {channelLabel(c.channel)} · {STATUS_LABEL[c.status]} · {shortTime(c.createdAt)}
                </span>
                {c.subject && <div class="small">{c.subject}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

/** Name, phone and notes, corrected by an officer (the hub validates the phone and audits the change). */
function ContactForm({
  contact,
  onCancel,
  onSaved,
}: {
  contact: ContactProfile['contact'];
  onCancel: () => void;
  onSaved: (c: ContactProfile['contact']) => void;
}) {
  const [name, setName] = useState(contact.name ?? '');
  const [phone, setPhone] = useState(contact.phone ?? '');
  const [notes, setNotes] = useState(contact.notes ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: RequestBody<'/api/contacts/{id}', 'patch'> = {
      ...(name.trim() ? { name: name.trim() } : {}),
      phone: phone.trim() || null,
      notes: notes.trim() || null,
    };
    try {
      onSaved(await api<ContactProfile['contact']>('PATCH', `/api/contacts/${contact.id}`, body));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="contact-form" onSubmit={(e) => void save(e)}>
      <label for="contact-name">Nama</label>
      <input id="contact-name" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="contact-phone">Telepon</label>
      <input
        id="contact-phone"
        type="tel"
        inputMode="tel"
        maxLength={30}
        value={phone}
        aria-describedby="contact-phone-hint"
        aria-invalid={error?.includes('telepon') ? 'true' : undefined}
        onInput={(e) => setPhone(e.currentTarget.value)}
      />
      <p class="hint" id="contact-phone-hint">
        Mis. 0812-3456-7890 atau +62 812 3456 7890.
      </p>
      <label for="contact-notes">Catatan (untuk petugas)</label>
      <textarea id="contact-notes" rows={3} maxLength={2000} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="button" class="btn" onClick={onCancel}>
          Batal
        </button>
        <button type="submit" class="btn primary" disabled={busy}>
          Simpan
        </button>
      </div>
    </form>
  );
}
