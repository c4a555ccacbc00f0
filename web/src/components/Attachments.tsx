import { useEffect, useState } from 'preact/hooks';
import { Attachment, fetchBlob, Message } from '../api';

const SAFE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);
/** Played in an <audio> element, which runs no script: voice notes (ogg/opus, aac, amr, mp4) and music. */
const AUDIO_TYPES = new Set(['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/webm']);

function durationText(s?: number): string {
  if (s === undefined || !Number.isFinite(s)) return '';
  const t = Math.round(s);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

const KIND_LABEL: Record<Attachment['kind'], string> = {
  image: 'Foto',
  document: 'Dokumen',
  audio: 'Rekaman suara',
  video: 'Video',
  location: 'Lokasi',
  other: 'Lampiran',
};

function sizeText(n?: number): string {
  if (!n) return '';
  return n >= 1024 * 1024 ? ` · ${(n / 1024 / 1024).toFixed(1)} MB` : ` · ${Math.max(1, Math.round(n / 1024))} KB`;
}

/**
 * What the citizen attached. Files open on request only: each opening is a
 * view of personal documents and goes to the audit log.
 */
export function Attachments({ m }: { m: Message }) {
  if (!m.attachments?.length) return null;
  return (
    <ul class="attachments" aria-label="Lampiran">
      {m.attachments.map((a, i) => (
        <li key={i}>{a.kind === 'location' ? <LocationItem a={a} /> : <FileItem m={m} a={a} index={i} />}</li>
      ))}
    </ul>
  );
}

function LocationItem({ a }: { a: Attachment }) {
  if (a.latitude === undefined || a.longitude === undefined) return <span>Lokasi (tanpa koordinat)</span>;
  return (
    <span>
      Lokasi: {a.latitude.toFixed(5)}, {a.longitude.toFixed(5)}
    </span>
  );
}

function FileItem({ m, a, index }: { m: Message; a: Attachment; index: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const [duration, setDuration] = useState<number | undefined>(a.durationS);
  const kindLabel = a.kind === 'other' && a.rawType ? `Pesan jenis "${a.rawType}" (belum dikenali bot)` : KIND_LABEL[a.kind];
  const label = `${kindLabel}${a.fileName ? ` ${a.fileName}` : ''}${sizeText(a.size)}`;
  const stored = !!a.ref && a.ref.startsWith('media/');

  async function open(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const blob = await fetchBlob(`/api/conversations/${m.conversationId}/messages/${m.id}/attachments/${index}`);
      // A blob: URL lives in the console's origin: only inert types may render, the rest only download.
      const type = SAFE_TYPES.has(blob.type) || (a.kind === 'audio' && AUDIO_TYPES.has(blob.type)) ? blob.type : 'application/octet-stream';
      setUrl(URL.createObjectURL(new Blob([blob], { type })));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (a.kind === 'other') return <span class="muted">{label}: petugas perlu melihatnya di aplikasi warga</span>;
  // A knowledge-base picture or video the bot sent: a public address, nothing personal to audit.
  if (a.url)
    return (
      <a href={a.url} target="_blank" rel="noopener noreferrer">
        {KIND_LABEL[a.kind]}: {a.alt ?? a.fileName ?? a.url}
      </a>
    );
  if (!stored) return <span class="muted">{label} (belum diunduh ke server)</span>;
  if (url && a.kind === 'image')
    return (
      <img
        class="attachment-image"
        src={url}
        alt={m.direction === 'out' ? `${KIND_LABEL[a.kind]} ${a.fileName ?? ''} yang dikirim ke warga` : `${KIND_LABEL[a.kind]} dari warga`}
      />
    );
  if (url && a.kind === 'audio')
    return (
      <span class="attachment-audio">
        <audio controls src={url} aria-label={label} onLoadedMetadata={(e) => setDuration((e.currentTarget as HTMLAudioElement).duration || a.durationS)} />
        <span class="muted"> {durationText(duration)}</span>
      </span>
    );
  if (url)
    return (
      <a class="btn small" href={url} download={a.fileName ?? `lampiran-${index + 1}`}>
        Simpan {label}
      </a>
    );
  return (
    <span>
      <button type="button" class="btn small" onClick={() => void open()} disabled={busy} aria-busy={busy}>
        {busy ? 'Membuka…' : `${a.kind === 'audio' ? 'Putar' : 'Buka'} ${label}${a.kind === 'audio' && a.durationS ? ` (${durationText(a.durationS)})` : ''}`}
      </button>
      {error && (
        <span class="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
