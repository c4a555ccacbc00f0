import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, qs, type RequestBody, uploadWithProgress } from '../api';
import { useApp } from '../context';

interface EntryRow {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'unpublished';
  version: number | null;
  draft: boolean;
}
type EntryBody = RequestBody<'/api/knowledge/entries', 'post'>;
interface Content {
  id: string;
  title: string;
  questions: string[];
  answer: string;
  answerEn?: string;
  links: { label: string; url: string }[];
  related: string[];
  media?: { type: 'image' | 'video'; url: string; alt?: string; title?: string }[];
}
interface EntryDetail {
  id: string;
  title: string;
  status: EntryRow['status'];
  version: number | null;
  draft: Content | null;
  published: Content | null;
}
interface Version {
  version: number;
  author: string;
  at: string;
  note: string | null;
  current: boolean;
}
interface Outcome {
  label: string;
  title: string | null;
  confidence: number;
  decision: string;
}
interface OfficeValue {
  key: string;
  value: string;
  missing: boolean;
  sample: boolean;
}

const STATUS_LABEL: Record<EntryRow['status'], string> = { draft: 'Draf', published: 'Terbit', unpublished: 'Ditarik' };

/** An entry's picture: hosted by the hub (uploaded here), with the alt text every channel needs. */
interface Picture {
  url: string;
  alt: string;
}
interface Form {
  id: string;
  title: string;
  questions: string;
  answer: string;
  answerEn: string;
  links: string;
  related: string;
  videos: string;
  pictures: Picture[];
}
type TextField = Exclude<keyof Form, 'pictures'>;
const EMPTY: Form = { id: '', title: '', questions: '', answer: '', answerEn: '', links: '', related: '', videos: '', pictures: [] };
const PICTURE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** 2097152 → "2 MB", 1572864 → "1,5 MB" (Indonesian decimal comma). */
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb.toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}

function toForm(c: Content): Form {
  return {
    id: c.id,
    title: c.title,
    questions: c.questions.join('\n'),
    answer: c.answer,
    answerEn: c.answerEn ?? '',
    links: c.links.map((l) => `${l.label} | ${l.url}`).join('\n'),
    related: c.related.join(', '),
    videos: (c.media ?? [])
      .filter((m) => m.type === 'video')
      .map((m) => `${m.url} | ${m.title ?? m.alt ?? ''}`)
      .join('\n'),
    pictures: (c.media ?? []).filter((m) => m.type === 'image').map((m) => ({ url: m.url, alt: m.alt ?? '' })),
  };
}

/** One line per item: "label | url" for links, "url | title" for videos; pictures first in `media`, then videos. */
function toBody(f: Form): EntryBody {
  const lines = (s: string) =>
    s
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  return {
    id: f.id.trim(),
    title: f.title,
    questions: lines(f.questions),
    answer: f.answer,
    ...(f.answerEn.trim() ? { answerEn: f.answerEn } : {}),
    links: lines(f.links).map((l) => {
      const [label, url] = l.includes('|') ? l.split('|').map((x) => x.trim()) : [l, l];
      return { label, url };
    }),
    related: f.related
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    media: [
      ...f.pictures.map((p) => ({ type: 'image' as const, url: p.url, alt: p.alt })),
      ...lines(f.videos).map((l) => {
        const [url, title] = l.split('|').map((x) => x.trim());
        return { type: 'video' as const, url: url ?? '', ...(title ? { title } : {}) };
      }),
    ],
  };
}

/**
 * Field → message, from a 400's issues (the hub names the field: questions,
 * media[0].alt …). A picture's problems stay at that picture (media[i].url,
 * media[i].alt); a video's go to the videos field.
 */
function fieldErrors(e: unknown, pictures: number): Record<string, string> {
  const issues = (e instanceof ApiError ? (e.body as { issues?: { path: string; message: string }[] } | undefined)?.issues : undefined) ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const item = /^media\[(\d+)\]/.exec(i.path);
    const field = item ? (Number(item[1]) < pictures ? i.path : 'videos') : i.path.replace(/\[.*$/, '').replace(/_en$/, 'En');
    out[field] ??= i.message;
  }
  return out;
}

/**
 * "Pengetahuan": the knowledge base as the office edits it. Agents and
 * supervisors draft; supervisors and admins publish, roll back and withdraw;
 * admins edit the office values behind the answers' {{placeholders}}.
 */
export function KnowledgeView() {
  const { me, toast, announce } = useApp();
  const canPublish = me.role === 'admin' || me.role === 'supervisor';
  const [entries, setEntries] = useState<EntryRow[] | null>(null);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<EntryDetail | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [versions, setVersions] = useState<Version[]>([]);
  const [diff, setDiff] = useState<string | null>(null);
  const [tab, setTab] = useState<'entries' | 'office'>('entries');

  const load = () =>
    api<EntryRow[]>('GET', '/api/knowledge/entries')
      .then(setEntries)
      .catch((e: Error) => toast(e.message, 'error'));
  useEffect(() => void load(), []);

  async function open(id: string | null) {
    setSelected(id);
    setErrors({});
    setDiff(null);
    if (!id) {
      setDetail(null);
      setForm(EMPTY);
      setVersions([]);
      return;
    }
    const d = await api<EntryDetail>('GET', `/api/knowledge/entries/${id}`);
    setDetail(d);
    setForm(toForm((d.draft ?? d.published)!));
    setVersions(await api<Version[]>('GET', `/api/knowledge/entries/${id}/versions`));
  }

  async function save(e: Event) {
    e.preventDefault();
    setErrors({});
    try {
      const body = toBody(form);
      if (selected) await api('PUT', `/api/knowledge/entries/${selected}`, { ...body, id: undefined });
      else await api('POST', '/api/knowledge/entries', body);
      announce('Draf disimpan.');
      toast('Draf disimpan. Warga belum melihatnya sampai diterbitkan.');
      await load();
      await open(body.id);
    } catch (err) {
      setErrors(fieldErrors(err, form.pictures.length));
      toast((err as Error).message, 'error');
    }
  }

  async function act(what: 'publish' | 'unpublish' | 'rollback', version?: number) {
    if (!selected) return;
    try {
      if (what === 'publish') {
        const note = prompt('Catatan versi (opsional):') ?? undefined;
        const r = await api<{ version: number }>('POST', `/api/knowledge/entries/${selected}/publish`, note ? { note } : {});
        toast(`Diterbitkan sebagai versi ${r.version}.`);
      } else if (what === 'rollback') {
        const r = await api<{ version: number }>('POST', `/api/knowledge/entries/${selected}/rollback`, { version: version! });
        toast(`Versi ${version} diterbitkan lagi sebagai versi ${r.version}.`);
      } else {
        await api('DELETE', `/api/knowledge/entries/${selected}`);
        toast('Entri ditarik: bot tidak lagi memakainya.');
      }
      await load();
      await open(selected);
    } catch (err) {
      toast((err as Error).message, 'error');
    }
  }

  async function showDiff(from: number) {
    const r = await api<{ diff: string }>('GET', `/api/knowledge/entries/${selected}/diff${qs({ from })}`);
    setDiff(r.diff);
  }

  const field = (name: TextField, label: string, opts: { rows?: number; hint?: string; disabled?: boolean } = {}) => {
    const id = `kb-${name}`;
    const err = errors[name];
    const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id,
      value: form[name],
      disabled: opts.disabled,
      'aria-invalid': err ? ('true' as const) : undefined,
      'aria-describedby': describedBy,
      onInput: (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value }),
    };
    return (
      <div class={`field ${err ? 'has-error' : ''}`}>
        <label for={id}>{label}</label>
        {opts.rows ? <textarea rows={opts.rows} {...common} /> : <input type="text" {...common} />}
        {opts.hint && (
          <p id={`${id}-hint`} class="hint">
            {opts.hint}
          </p>
        )}
        {err && (
          <p id={`${id}-err`} class="field-error" role="alert">
            {err}
          </p>
        )}
      </div>
    );
  };

  const shown = (entries ?? []).filter((e) => !q || e.id.includes(q.toLowerCase()) || e.title.toLowerCase().includes(q.toLowerCase()));

  return (
    <main id="main" class="page knowledge-page" tabIndex={-1}>
      <h1>Pengetahuan</h1>
      <div class="tabs" role="tablist" aria-label="Bagian">
        <button role="tab" aria-selected={tab === 'entries'} class="btn ghost small" onClick={() => setTab('entries')}>
          Entri
        </button>
        <button role="tab" aria-selected={tab === 'office'} class="btn ghost small" onClick={() => setTab('office')}>
          Data kantor
        </button>
      </div>
      {tab === 'office' ? (
        <OfficeValues canEdit={me.role === 'admin'} />
      ) : (
        <div class="kb-layout">
          <section class="card kb-list" aria-labelledby="kb-list-title">
            <h2 id="kb-list-title">Entri ({entries?.length ?? '…'})</h2>
            <label for="kb-search">Cari entri</label>
            <input id="kb-search" type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
            <button class="btn small" onClick={() => void open(null)}>
              Entri baru
            </button>
            <ul>
              {shown.map((e) => (
                <li key={e.id}>
                  <button class="link" aria-current={selected === e.id ? 'true' : undefined} onClick={() => void open(e.id)}>
                    {e.title}
                  </button>{' '}
                  <span class={`badge status-${e.status}`}>
                    {STATUS_LABEL[e.status]}
                    {e.version ? ` v${e.version}` : ''}
                    {e.draft && e.status !== 'draft' ? ' + draf' : ''}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section class="card kb-edit" aria-labelledby="kb-edit-title">
            <h2 id="kb-edit-title">{selected ? `Ubah: ${detail?.title ?? selected}` : 'Entri baru'}</h2>
            {detail && (
              <p class="muted">
                Status: {STATUS_LABEL[detail.status]}
                {detail.version ? `, versi terbit ${detail.version}` : ''}
                {detail.draft ? ' — ada draf yang belum diterbitkan' : ''}
              </p>
            )}
            <form onSubmit={(e) => void save(e)} noValidate>
              {field('id', 'Id (nama berkas)', { disabled: !!selected, hint: 'huruf kecil, angka dan tanda -, mis. parkir-mpp' })}
              {field('title', 'Judul')}
              {field('questions', 'Contoh pertanyaan (satu per baris, minimal 6)', { rows: 6 })}
              {field('answer', 'Jawaban (bahasa Indonesia)', {
                rows: 8,
                hint: 'Data kantor ditulis {{office.address}} dsb.; langkah bernomor ditampilkan lebih dulu.',
              })}
              {field('answerEn', 'Jawaban bahasa Inggris (opsional)', { rows: 4 })}
              {field('links', 'Tautan (satu per baris: label | alamat)', { rows: 2 })}
              {field('related', 'Entri terkait (id, dipisah koma)')}
              <Pictures pictures={form.pictures} errors={errors} onChange={(pictures) => setForm((f) => ({ ...f, pictures }))} />
              {field('videos', 'Video tutorial (satu per baris: alamat | judul)', {
                rows: 2,
                hint: 'Tautan ke video (mis. YouTube); dikirim sebagai tombol.',
              })}
              <div class="actions">
                <button class="btn" type="submit">
                  Simpan draf
                </button>
                {selected && canPublish && (
                  <>
                    <button class="btn" type="button" onClick={() => void act('publish')} disabled={!detail?.draft && detail?.status === 'published'}>
                      Terbitkan
                    </button>
                    {detail?.status === 'published' && (
                      <button class="btn ghost" type="button" onClick={() => void act('unpublish')}>
                        Tarik dari bot
                      </button>
                    )}
                  </>
                )}
              </div>
            </form>
            {selected && <TryBot entryId={selected} />}
            {versions.length > 0 && (
              <section aria-labelledby="kb-hist-title">
                <h3 id="kb-hist-title">Riwayat versi</h3>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Versi</th>
                      <th scope="col">Oleh</th>
                      <th scope="col">Waktu</th>
                      <th scope="col">Catatan</th>
                      <th scope="col">Aksi</th>
                    </tr>
                  </thead>
                  <tbody>
                    {versions.map((v) => (
                      <tr key={v.version}>
                        <th scope="row">
                          {v.version}
                          {v.current ? ' (terbit)' : ''}
                        </th>
                        <td>{v.author}</td>
                        <td>{new Date(v.at).toLocaleString('id-ID')}</td>
                        <td>{v.note ?? ''}</td>
                        <td>
                          <button class="btn ghost small" onClick={() => void showDiff(v.version)}>
                            Bandingkan
                          </button>
                          {canPublish && !v.current && (
                            <button class="btn ghost small" onClick={() => void act('rollback', v.version)}>
                              Kembalikan
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {diff && (
                  <pre class="diff" aria-label="Perbedaan versi">
                    {diff.split('\n').map((l, i) => (
                      <span key={i} class={l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : ''}>
                        {l}
                        {'\n'}
                      </span>
                    ))}
                  </pre>
                )}
              </section>
            )}
          </section>
        </div>
      )}
    </main>
  );
}

/**
 * The entry's pictures: each uploaded to the hub (which checks its type and
 * size), shown as a thumbnail with its required alt text (read aloud, and the
 * caption on WhatsApp and Telegram), and removable.
 */
function Pictures({ pictures, errors, onChange }: { pictures: Picture[]; errors: Record<string, string>; onChange: (p: Picture[]) => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const altRefs = useRef<Array<HTMLTextAreaElement | null>>([]);
  const [focusAlt, setFocusAlt] = useState<number | null>(null);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  // The hub's configured limit (KB_MEDIA_MAX_BYTES), so the hint never states a stale default.
  useEffect(() => {
    api<{ maxBytes: number }>('GET', '/api/knowledge/media')
      .then((r) => setMaxBytes(r.maxBytes))
      .catch(() => setMaxBytes(null));
  }, []);
  useEffect(() => {
    if (focusAlt !== null) altRefs.current[focusAlt]?.focus();
    setFocusAlt(null);
  }, [focusAlt]);

  async function pick(file: File | undefined) {
    setError(null);
    if (!file) return;
    if (file.type && !PICTURE_TYPES.includes(file.type)) {
      setError(`“${file.name}” bukan gambar PNG, JPEG atau WebP.`);
      if (fileRef.current) fileRef.current.value = '';
      return;
    }
    const form = new FormData();
    form.set('file', file, file.name);
    setProgress(0);
    try {
      const r = await uploadWithProgress<{ url: string }>('/api/knowledge/media', form, setProgress);
      if (pictures.some((p) => p.url === r.url)) setError('Gambar ini sudah ada di entri.');
      else {
        onChange([...pictures, { url: r.url, alt: '' }]);
        setFocusAlt(pictures.length);
      }
    } catch (err) {
      setError(`Gagal mengunggah “${file.name}”: ${(err as Error).message}`);
    } finally {
      setProgress(null);
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  return (
    <fieldset class="kb-pictures">
      <legend>Gambar (infografik, tangkapan layar langkah SIPINTER)</legend>
      {pictures.length > 0 && (
        <ul>
          {pictures.map((p, i) => {
            const altId = `kb-picture-${i}-alt`;
            const urlErr = errors[`media[${i}].url`];
            const altErr = errors[`media[${i}].alt`];
            return (
              <li key={p.url} class={urlErr || altErr ? 'has-error' : ''}>
                <img src={p.url} alt={`Pratinjau gambar ${i + 1}`} loading="lazy" width={160} height={120} />
                <div class="kb-picture-fields">
                  <label for={altId}>Teks alternatif gambar {i + 1} (wajib)</label>
                  <textarea
                    id={altId}
                    ref={(el) => void (altRefs.current[i] = el)}
                    rows={2}
                    required
                    aria-required="true"
                    value={p.alt}
                    aria-invalid={altErr ? 'true' : undefined}
                    aria-describedby={[`${altId}-hint`, altErr ? `${altId}-err` : '', urlErr ? `kb-picture-${i}-url-err` : ''].filter(Boolean).join(' ')}
                    onInput={(e) => onChange(pictures.map((q, j) => (j === i ? { ...q, alt: (e.target as HTMLTextAreaElement).value } : q)))}
                  />
                  <p id={`${altId}-hint`} class="hint">
                    Tulis isi gambar, mis. “Infografik: 6 tahap PBG …”. Dibacakan pembaca layar dan menjadi keterangan gambar di WhatsApp dan Telegram.
                  </p>
                  {altErr && (
                    <p id={`${altId}-err`} class="field-error" role="alert">
                      {altErr}
                    </p>
                  )}
                  {urlErr && (
                    <p id={`kb-picture-${i}-url-err`} class="field-error" role="alert">
                      {urlErr}
                    </p>
                  )}
                  <button type="button" class="btn ghost small" onClick={() => onChange(pictures.filter((_, j) => j !== i))}>
                    Hapus gambar {i + 1}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div class="kb-picture-add">
        <input
          id="kb-picture-file"
          ref={fileRef}
          class="sr-only"
          type="file"
          accept={PICTURE_TYPES.join(',')}
          disabled={progress !== null}
          aria-describedby="kb-picture-file-hint"
          onChange={(e) => void pick((e.currentTarget as HTMLInputElement).files?.[0])}
        />
        <label for="kb-picture-file" class="btn small">
          Pilih gambar…
        </label>
        <span id="kb-picture-file-hint" class="hint">
          PNG, JPEG atau WebP{maxBytes !== null ? `; paling besar ${megabytes(maxBytes)}` : ''}.
        </span>
      </div>
      {progress !== null && (
        <p class="kb-picture-progress" aria-live="polite">
          <label for="kb-picture-progress">Mengunggah gambar… {Math.round(progress * 100)}%</label>{' '}
          <progress id="kb-picture-progress" max={1} value={progress} />
        </p>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Which entry would answer, under the drafts and under the published knowledge base; and what the draft would move. */
function TryBot({ entryId }: { entryId: string }) {
  const { toast } = useApp();
  const [question, setQuestion] = useState('');
  const [result, setResult] = useState<{ published: Outcome; draft: Outcome } | null>(null);
  const [moved, setMoved] = useState<{ question: string; entryId: string; before: string; after: string }[] | null>(null);
  const show = (o: Outcome) => `${o.title ?? o.label} (${Math.round(o.confidence * 100)}%${o.decision === 'answer' ? '' : `, ${o.decision}`})`;
  return (
    <section class="try-bot" aria-labelledby="kb-try-title">
      <h3 id="kb-try-title">Coba bot</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          api<{ published: Outcome; draft: Outcome }>('POST', '/api/knowledge/try', { question, entryId })
            .then(setResult)
            .catch((err: Error) => toast(err.message, 'error'));
        }}
      >
        <label for="kb-try-q">Pertanyaan warga</label>
        <input id="kb-try-q" type="text" value={question} onInput={(e) => setQuestion((e.target as HTMLInputElement).value)} />
        <button class="btn small" type="submit">
          Coba
        </button>
        <button
          class="btn ghost small"
          type="button"
          onClick={() =>
            api<{ moved: NonNullable<typeof moved> }>('GET', `/api/knowledge/impact${qs({ entryId })}`)
              .then((r) => setMoved(r.moved))
              .catch((err: Error) => toast(err.message, 'error'))
          }
        >
          Periksa dampak draf
        </button>
      </form>
      {result && (
        <dl class="try-result" aria-live="polite">
          <dt>Versi terbit</dt>
          <dd>{show(result.published)}</dd>
          <dt>Dengan draf</dt>
          <dd>{show(result.draft)}</dd>
        </dl>
      )}
      {moved && (
        <div aria-live="polite">
          {moved.length === 0 ? (
            <p>Tidak ada pertanyaan tersimpan yang berpindah jawaban.</p>
          ) : (
            <ul>
              {moved.map((m) => (
                <li key={m.entryId + m.question}>
                  “{m.question}” ({m.entryId}): {m.before} → {m.after}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The office values: missing ones first; demo samples are marked. */
function OfficeValues({ canEdit }: { canEdit: boolean }) {
  const { toast } = useApp();
  const [values, setValues] = useState<OfficeValue[] | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const load = () =>
    api<{ values: OfficeValue[] }>('GET', '/api/knowledge/office-values')
      .then((r) => setValues(r.values.sort((a, b) => Number(b.missing) - Number(a.missing) || a.key.localeCompare(b.key))))
      .catch((e: Error) => toast(e.message, 'error'));
  useEffect(() => void load(), []);
  async function save(e: Event) {
    e.preventDefault();
    setErrors({});
    try {
      const r = await api<{ version: number }>('PUT', '/api/knowledge/office-values', { values: edits });
      toast(`Data kantor disimpan (versi ${r.version}).`);
      setEdits({});
      await load();
    } catch (err) {
      const issues = (err instanceof ApiError ? (err.body as { issues?: { path: string; message: string }[] })?.issues : undefined) ?? [];
      setErrors(Object.fromEntries(issues.map((i) => [i.path, i.message])));
      toast((err as Error).message, 'error');
    }
  }
  if (!values) return <p class="muted">Memuat…</p>;
  return (
    <section class="card" aria-labelledby="ov-title">
      <h2 id="ov-title">Data kantor</h2>
      <p>Nilai di balik {'{{…}}'} dalam jawaban. Yang belum diisi tidak pernah ditampilkan ke warga: kalimatnya dilewati.</p>
      <form onSubmit={(e) => void save(e)} noValidate>
        {values.map((v) => {
          const id = `ov-${v.key.replace(/\W/g, '-')}`;
          return (
            <div class={`field ${errors[v.key] ? 'has-error' : ''}`} key={v.key}>
              <label for={id}>
                {v.key} {v.missing && <span class="badge status-missing">belum diisi</span>}
                {v.sample && <span class="badge status-sample">contoh (mode demo)</span>}
              </label>
              <input
                id={id}
                type="text"
                value={edits[v.key] ?? v.value}
                disabled={!canEdit}
                aria-invalid={errors[v.key] ? 'true' : undefined}
                aria-describedby={errors[v.key] ? `${id}-err` : undefined}
                onInput={(e) => setEdits({ ...edits, [v.key]: (e.target as HTMLInputElement).value })}
              />
              {errors[v.key] && (
                <p id={`${id}-err`} class="field-error" role="alert">
                  {errors[v.key]}
                </p>
              )}
            </div>
          );
        })}
        {canEdit && (
          <button class="btn" type="submit" disabled={!Object.keys(edits).length}>
            Simpan data kantor
          </button>
        )}
      </form>
    </section>
  );
}
