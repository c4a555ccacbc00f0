import { useEffect, useState } from 'preact/hooks';
import { api, ContactProfile } from '../api';
import { channelLabel, shortTime, STATUS_LABEL } from '../format';
import { href, linkClick } from '../router';

const KIND_LABEL: Record<string, string> = { phone: 'Telepon / WhatsApp', telegram: 'Telegram', webchat: 'Web chat' };

/** The citizen across channels: identities and every past conversation. */
export function ContactPanel({ contactId, currentId, onClose }: { contactId: string; currentId: string; onClose: () => void }) {
  const [p, setP] = useState<ContactProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
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
          <dl class="facts">
            <dt>Nama</dt>
            <dd>{p.contact.name ?? '—'}</dd>
            <dt>Telepon</dt>
            <dd>{p.contact.phone ?? '—'}</dd>
            <dt>E-mail</dt>
            <dd>{p.contact.email ?? '—'}</dd>
          </dl>
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
