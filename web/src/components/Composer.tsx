import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type RequestBody, Canned, Conversation, Message, upload } from '../api';
import { useApp } from '../context';
import { channelLabel } from '../format';
import { live } from '../live';
import { onShortcut } from '../shortcuts';

type Mode = 'reply' | 'note';

/** The `/shortcut` being typed before the caret, if any. */
function slashToken(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)\/([a-z0-9_-]*)$/i.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2].toLowerCase() } : null;
}

/**
 * Reply to the citizen or write a private note; `/` opens the canned responses.
 * `referred`: the conversation went to an agency, so a note can be shown to it ("tampilkan ke dinas").
 */
export function Composer({ conversation: c, onSent, referred = false }: { conversation: Conversation; onSent: (m: Message) => void; referred?: boolean }) {
  const app = useApp();
  const agency = app.me.role === 'agency';
  // A counter visit has no chat: the visitor is at the desk, nothing is sent, so no "Balas".
  const noChat = c.channel === 'counter';
  const [forAgency, setForAgency] = useState(false);
  // At the counter the visitor is in front of the officer, on the phone they hear the answer: what was done is a note.
  const [mode, setMode] = useState<Mode>(agency || c.channel === 'counter' || c.channel === 'phone' ? 'note' : 'reply');
  const [file, setFile] = useState<File | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const resolved = c.status === 'resolved';
  const replyBlocked = mode === 'reply' && resolved;

  const token = slashToken(text, caret);
  const suggestions = useMemo<Canned[]>(() => {
    if (!token || dismissed) return [];
    return app.canned.filter((r) => r.shortcut.includes(token.query) || r.title.toLowerCase().includes(token.query)).slice(0, 8);
  }, [token?.query, token?.start, dismissed, app.canned]);
  const listOpen = suggestions.length > 0;

  useEffect(() => setActive(0), [token?.query]);
  // r: reply, n: note, /: canned responses (the "/" is typed at the caret, which opens the list).
  useEffect(
    () =>
      onShortcut((a) => {
        const el = ref.current;
        if (!el || (a !== 'reply' && a !== 'note' && a !== 'canned')) return false;
        if (a === 'note' || (a === 'reply' && !agency)) setMode(a);
        requestAnimationFrame(() => {
          el.focus();
          if (a !== 'canned') return;
          const at = el.selectionStart ?? el.value.length;
          const before = el.value.slice(0, at);
          const insert = before && !/\s$/.test(before) ? ' /' : '/';
          const next = before + insert + el.value.slice(at);
          setText(next);
          setDismissed(false);
          const pos = at + insert.length;
          requestAnimationFrame(() => {
            el.setSelectionRange(pos, pos);
            setCaret(pos);
          });
        });
      }),
    [agency],
  );
  useEffect(() => {
    if (!token) setDismissed(false);
  }, [!token]);

  async function choose(r: Canned) {
    const t = token;
    if (!t) return;
    let body = r.text;
    try {
      body = (
        await api<{ text: string }>('POST', `/api/canned-responses/${r.id}/render`, { conversationId: c.id } satisfies RequestBody<
          '/api/canned-responses/{idOrShortcut}/render',
          'post'
        >)
      ).text;
    } catch {
      /* placeholders stay as typed */
    }
    const next = text.slice(0, t.start) + body + text.slice(caret);
    setText(next);
    const pos = t.start + body.length;
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  }

  async function send() {
    const t = text.trim();
    const attached = mode === 'reply' ? file : null;
    if ((!t && !attached) || busy || replyBlocked) return;
    setBusy(true);
    setError(null);
    try {
      if (attached) {
        // The words go first as an ordinary reply, then the file as a message of its own.
        if (t) {
          onSent(
            await api<Message>('POST', `/api/conversations/${c.id}/messages`, { text: t } satisfies RequestBody<'/api/conversations/{id}/messages', 'post'>),
          );
          setText('');
          setCaret(0);
        }
        const form = new FormData();
        form.set('file', attached, attached.name);
        onSent(await upload<Message>(`/api/conversations/${c.id}/attachments`, form));
        clearFile();
        return;
      }
      const body = mode === 'note' && forAgency && !agency ? { text: t, forAgency: true } : { text: t };
      const m = await api<Message>(
        'POST',
        `/api/conversations/${c.id}/${mode === 'note' ? 'notes' : 'messages'}`,
        body satisfies RequestBody<'/api/conversations/{id}/notes', 'post'>,
      );
      onSent(m);
      setText('');
      setCaret(0);
      live.emit('typing', { conversationId: c.id, typing: false });
      lastTyping.current = 0;
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      ref.current?.focus();
    }
  }

  function clearFile() {
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
  }

  function onKeyDown(e: KeyboardEvent) {
    if (listOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        void choose(suggestions[active]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  function onInput(e: Event) {
    const el = e.currentTarget as HTMLTextAreaElement;
    setText(el.value);
    setCaret(el.selectionStart ?? el.value.length);
    if (mode === 'reply' && Date.now() - lastTyping.current > 3000) {
      lastTyping.current = Date.now();
      live.emit('typing', { conversationId: c.id, typing: true });
    }
  }

  const inputId = `composer-${c.id}`;
  return (
    <form
      class={`composer mode-${mode}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <fieldset class="mode-switch">
        <legend class="sr-only">Jenis pesan</legend>
        {!agency && !noChat && (
          <label class={mode === 'reply' ? 'on' : ''}>
            <input type="radio" name={`mode-${c.id}`} value="reply" checked={mode === 'reply'} onChange={() => setMode('reply')} />
            Balas
          </label>
        )}
        <label class={mode === 'note' ? 'on' : ''}>
          <input type="radio" name={`mode-${c.id}`} value="note" checked={mode === 'note'} onChange={() => setMode('note')} />
          Catatan internal
        </label>
        {mode === 'note' && referred && !agency && (
          <label class={`for-agency ${forAgency ? 'on' : ''}`}>
            <input type="checkbox" checked={forAgency} onChange={(e) => setForAgency(e.currentTarget.checked)} />
            Tampilkan ke dinas
          </label>
        )}
        <span class="hint" id={`${inputId}-hint`}>
          {mode === 'note'
            ? agency
              ? 'Terlihat oleh petugas layanan dan dinas. '
              : forAgency
                ? 'Terlihat oleh petugas dan dinas yang dirujuk. '
                : referred
                  ? 'Hanya terlihat oleh petugas layanan, tidak oleh dinas. '
                  : 'Hanya terlihat oleh petugas. '
            : c.channel === 'counter'
              ? 'Dicatat untuk kunjungan loket (warga tidak menerima pesan). '
              : `Dikirim ke warga lewat ${channelLabel(c.channel)}. `}
          Ketik / untuk jawaban siap pakai. Enter kirim, Shift+Enter baris baru.
        </span>
      </fieldset>
      {listOpen && (
        <ul class="canned" id={`${inputId}-canned`} role="listbox" aria-label="Jawaban siap pakai" tabIndex={0}>
          {suggestions.map((r, i) => (
            <li
              key={r.id}
              id={`${inputId}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(r);
              }}
            >
              <strong>/{r.shortcut}</strong> <span>{r.title}</span>
              <span class="canned-text">{r.text.slice(0, 90)}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="composer-row">
        <label for={inputId} class="sr-only">
          {mode === 'note' ? 'Tulis catatan internal' : 'Tulis balasan'}
        </label>
        <textarea
          id={inputId}
          ref={ref}
          rows={2}
          value={text}
          placeholder={
            replyBlocked ? 'Percakapan selesai. Buka lagi untuk membalas.' : mode === 'note' ? 'Catatan untuk sesama petugas…' : 'Tulis balasan untuk warga…'
          }
          disabled={replyBlocked}
          aria-describedby={`${inputId}-hint`}
          aria-controls={listOpen ? `${inputId}-canned` : undefined}
          aria-activedescendant={listOpen ? `${inputId}-opt-${active}` : undefined}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onClick={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        />
        {mode === 'reply' && !replyBlocked && (
          <>
            <input
              id={`${inputId}-file`}
              ref={fileRef}
              class="sr-only"
              type="file"
              accept="application/pdf,image/png,image/jpeg,image/webp"
              onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            />
            <label for={`${inputId}-file`} class="btn attach" title="Lampirkan berkas (PDF, PNG, JPEG, WebP)">
              Lampirkan berkas
            </label>
          </>
        )}
        <button
          class={`btn ${mode === 'note' ? 'note' : 'primary'}`}
          type="submit"
          disabled={busy || (!text.trim() && !(mode === 'reply' && file)) || replyBlocked}
        >
          {mode === 'note' ? 'Simpan catatan' : 'Kirim'}
        </button>
      </div>
      {mode === 'reply' && file && (
        <p class="chosen-file">
          Akan dikirim: <strong>{file.name}</strong> (
          {file.size >= 1024 * 1024 ? `${(file.size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(file.size / 1024))} KB`})
          <button type="button" class="btn small" onClick={clearFile} aria-label={`Batal lampirkan ${file.name}`}>
            Batal
          </button>
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
