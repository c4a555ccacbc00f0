import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type RequestBody, Canned } from '../api';
import { isSupervisor, teamName, useApp } from '../context';
import { alerts } from '../alerts';

/** The conversation last open in this tab: its values fill the preview. */
export const recentConversation: { id: string | null } = { id: null };

const PLACEHOLDERS: { token: string; label: string }[] = [
  { token: '{{nama}}', label: 'Nama warga' },
  { token: '{{nomor_permohonan}}', label: 'Nomor permohonan' },
  { token: '{{nomor_tiket}}', label: 'Nomor tiket percakapan' },
  { token: '{{petugas}}', label: 'Nama Anda' },
];

interface Draft {
  id: string | null;
  shortcut: string;
  title: string;
  text: string;
  teamId: string;
}

const EMPTY: Draft = { id: null, shortcut: '', title: '', text: '', teamId: '' };

/**
 * Balasan cepat: the prepared answers typed as "/shortcut" in the composer.
 * Supervisors and admins write them (per team or for every team) with
 * placeholders and a preview filled from the conversation last opened; agents read them.
 */
export function CannedView() {
  const app = useApp();
  const canEdit = isSupervisor(app.me);
  const [rows, setRows] = useState<Canned[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [team, setTeam] = useState('all');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ text: string; missing: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const convRef = recentConversation.id ? alerts.known(recentConversation.id) : undefined;

  const load = () =>
    api<Canned[]>('GET', '/api/canned-responses')
      .then((r) => {
        setRows(r);
        // The composer's "/" list follows at once.
        app.canned.splice(0, app.canned.length, ...r);
      })
      .catch((e: Error) => setError(e.message));
  useEffect(() => void load(), []);

  const shown = useMemo(() => (rows ?? []).filter((r) => team === 'all' || (team === 'common' ? !r.teamId : r.teamId === team)), [rows, team]);

  // The preview follows the text as it is written.
  useEffect(() => {
    if (!canEdit || !draft.text.trim()) {
      setPreview(null);
      return;
    }
    const t = setTimeout(() => {
      const body: RequestBody<'/api/canned-responses/preview', 'post'> = {
        text: draft.text,
        ...(recentConversation.id ? { conversationId: recentConversation.id } : {}),
      };
      api<{ text: string; missing: string[] }>('POST', '/api/canned-responses/preview', body)
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 350);
    return () => clearTimeout(t);
  }, [draft.text, canEdit]);

  function edit(r: Canned) {
    setDraft({ id: r.id, shortcut: r.shortcut, title: r.title, text: r.text, teamId: r.teamId ?? '' });
    setFormError(null);
  }

  function insert(token: string) {
    const el = textRef.current;
    const at = el?.selectionStart ?? draft.text.length;
    const next = draft.text.slice(0, at) + token + draft.text.slice(el?.selectionEnd ?? at);
    setDraft({ ...draft, text: next });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  }

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    const body = { shortcut: draft.shortcut.replace(/^\//, ''), title: draft.title, text: draft.text, teamId: draft.teamId || null };
    try {
      if (draft.id) await api('PATCH', `/api/canned-responses/${draft.id}`, body satisfies RequestBody<'/api/canned-responses/{id}', 'patch'>);
      else await api('POST', '/api/canned-responses', body satisfies RequestBody<'/api/canned-responses', 'post'>);
      app.toast(draft.id ? 'Balasan cepat disimpan.' : 'Balasan cepat ditambahkan.');
      setDraft(EMPTY);
      await load();
    } catch (err) {
      setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!draft.id || !confirm(`Hapus balasan cepat /${draft.shortcut}?`)) return;
    try {
      await api('DELETE', `/api/canned-responses/${draft.id}`);
      app.toast('Balasan cepat dihapus.');
      setDraft(EMPTY);
      await load();
    } catch (err) {
      setFormError((err as Error).message);
    }
  }

  return (
    <main id="main" class="page canned-page" tabIndex={-1}>
      <div class="page-head">
        <h1>Balasan cepat</h1>
        <p class="muted">
          Ketik <kbd>/</kbd> di kolom balasan lalu nama pintasannya.{' '}
          {canEdit ? 'Isian seperti {{nama}} diganti otomatis saat dipakai.' : 'Hanya supervisor yang dapat mengubahnya.'}
        </p>
      </div>
      <div class="canned-layout">
        <section class="card" aria-labelledby="canned-list-title">
          <h2 id="canned-list-title">Daftar ({shown.length})</h2>
          <label for="canned-team">Tim</label>
          <select id="canned-team" value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
            <option value="all">Semua</option>
            <option value="common">Untuk semua tim</option>
            {app.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          {!rows && !error && <p role="status">Memuat…</p>}
          {rows && shown.length === 0 && <p class="muted">Belum ada balasan cepat untuk pilihan ini.</p>}
          <ul class="canned-list">
            {shown.map((r) => (
              <li key={r.id}>
                <button type="button" class="canned-row" aria-current={draft.id === r.id ? 'true' : undefined} onClick={() => edit(r)}>
                  <span class="canned-head">
                    <strong>/{r.shortcut}</strong> {r.title}
                    <span class="chip plain">{r.teamId ? teamName(app, r.teamId) : 'Semua tim'}</span>
                  </span>
                  <span class="canned-text">{r.text}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {canEdit && (
          <section class="card" aria-labelledby="canned-edit-title">
            <h2 id="canned-edit-title">{draft.id ? `Ubah /${draft.shortcut}` : 'Balasan cepat baru'}</h2>
            <form onSubmit={(e) => void save(e)}>
              <label for="canned-shortcut">Pintasan</label>
              <input
                id="canned-shortcut"
                required
                maxLength={40}
                value={draft.shortcut}
                aria-describedby="canned-shortcut-hint"
                onInput={(e) => setDraft({ ...draft, shortcut: e.currentTarget.value })}
              />
              <p class="hint" id="canned-shortcut-hint">
                Huruf kecil, angka, - atau _, tanpa "/", mis. status-pbg.
              </p>
              <label for="canned-title">Judul</label>
              <input id="canned-title" required maxLength={120} value={draft.title} onInput={(e) => setDraft({ ...draft, title: e.currentTarget.value })} />
              <label for="canned-team-edit">Untuk tim</label>
              <select id="canned-team-edit" value={draft.teamId} onChange={(e) => setDraft({ ...draft, teamId: e.currentTarget.value })}>
                <option value="">Semua tim</option>
                {app.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <label for="canned-text">Teks</label>
              <textarea
                id="canned-text"
                ref={textRef}
                required
                rows={5}
                maxLength={4000}
                value={draft.text}
                onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
              />
              <div class="placeholder-buttons" role="group" aria-label="Sisipkan isian">
                {PLACEHOLDERS.map((p) => (
                  <button key={p.token} type="button" class="btn small" onClick={() => insert(p.token)} title={p.label}>
                    {p.token}
                  </button>
                ))}
              </div>
              <div class="canned-preview" aria-live="polite">
                <h3>Pratinjau{convRef ? ` untuk ${convRef.reference}` : ' (contoh data)'}</h3>
                <p>{preview?.text ?? <span class="muted">Tulis teks untuk melihat pratinjau.</span>}</p>
                {preview && preview.missing.length > 0 && (
                  <p class="hint">Belum ada datanya di percakapan ini: {preview.missing.join(', ')} (diganti kata umum).</p>
                )}
              </div>
              {formError && (
                <p class="error" role="alert">
                  {formError}
                </p>
              )}
              <div class="dialog-buttons">
                {draft.id && (
                  <button type="button" class="btn danger" onClick={() => void remove()}>
                    Hapus
                  </button>
                )}
                {draft.id && (
                  <button type="button" class="btn" onClick={() => setDraft(EMPTY)}>
                    Batal
                  </button>
                )}
                <button type="submit" class="btn primary" disabled={busy}>
                  Simpan
                </button>
              </div>
            </form>
          </section>
        )}
      </div>
    </main>
  );
}
