import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, fetchBlob, qs } from '../api';
import { useApp } from '../context';
import { channelLabel, CHANNEL_LABEL, fullTime, ymd } from '../format';
import { Dialog } from './Dialog';
import { ReportChart } from './ReportChart';

type Row = Record<string, string | number | null | string[]>;

interface Filters {
  from: string;
  to: string;
  channel: string;
  teamId: string;
}

interface Overview {
  conversations: number;
  byChannel: Record<string, number>;
  botResolved: number;
  handoffs: number;
  firstResponseMinutes: { p50: number | null; p90: number | null };
  withinFirstResponseTarget: number | null;
  referrals: { total: number; onTime: number; overdue: number };
  complaints: number;
}

interface Gap {
  id: string;
  count: number;
  examples: string[];
  lastSeen: string;
  channels?: string[];
}

interface Ikm {
  respondents: number;
  ikm: number | null;
  mutu: string | null;
  /** nrr is null for an element nobody answered (GET /api/reports/ikm). */
  unsur: { code: string; name: string; nrr: number | null }[];
}

const REASON: Record<string, string> = {
  request: 'Warga minta petugas',
  misunderstood: 'Bot tidak paham',
  overdue: 'Permohonan lewat waktu',
  files: 'Warga mengirim berkas',
  other: 'Lainnya',
};
const pct = (v: number | null | undefined) => (v == null ? '–' : `${Math.round(v * 1000) / 10}%`);
const num = (v: number | null | undefined) => (v == null ? '–' : v.toLocaleString('id-ID'));

/** One report: a chart and, beside it, the same figures as a table, with a CSV download. */
interface Section {
  key: string;
  path: string;
  title: string;
  kind: 'bars' | 'lines';
  /** Table columns: [field, header, format]. */
  columns: [string, string, (v: Row[string], r: Row) => string][];
  chart: (rows: Row[]) => { labels: string[]; series: { label: string; values: (number | null)[] }[] };
  yRange?: [number, number];
}

const text = (v: Row[string]) => (v == null ? '–' : Array.isArray(v) ? v.join(', ') : String(v));
const n = (v: Row[string]) => num(v as number | null);
const p = (v: Row[string]) => pct(v as number | null);

function perDay(rows: Row[]) {
  const days = [...new Set(rows.map((r) => String(r.day)))].sort();
  const channels = [...new Set(rows.map((r) => String(r.channel)))].sort();
  return {
    labels: days,
    series: channels.map((c) => ({
      label: channelLabel(c),
      values: days.map((d) => Number(rows.find((r) => r.day === d && r.channel === c)?.conversations ?? 0)),
    })),
  };
}
const bar = (label: (r: Row) => string, value: string, name: string) => (rows: Row[]) => ({
  labels: rows.map(label),
  series: [{ label: name, values: rows.map((r) => (r[value] == null ? null : Number(r[value]))) }],
});

const SECTIONS: Section[] = [
  {
    key: 'conversations',
    path: 'conversations',
    title: 'Percakapan per hari per kanal',
    kind: 'lines',
    columns: [
      ['day', 'Tanggal', text],
      ['channel', 'Kanal', (v) => channelLabel(String(v))],
      ['conversations', 'Percakapan', n],
      ['botOnly', 'Selesai oleh bot', n],
    ],
    chart: perDay,
  },
  {
    key: 'bot',
    path: 'bot-share',
    title: 'Dijawab bot tanpa petugas',
    kind: 'lines',
    yRange: [0, 100],
    columns: [
      ['day', 'Tanggal', text],
      ['conversations', 'Percakapan', n],
      ['botOnly', 'Oleh bot saja', n],
      ['share', 'Porsi', p],
    ],
    chart: (rows) => ({
      labels: rows.map((r) => String(r.day)),
      series: [{ label: 'Porsi bot (%)', values: rows.map((r) => (r.share == null ? null : Math.round(Number(r.share) * 1000) / 10)) }],
    }),
  },
  {
    key: 'handoffs',
    path: 'handoffs',
    title: 'Alih ke petugas menurut alasan',
    kind: 'bars',
    columns: [
      ['reason', 'Alasan', (v) => REASON[String(v)] ?? String(v)],
      ['count', 'Jumlah', n],
    ],
    chart: bar((r) => REASON[String(r.reason)] ?? String(r.reason), 'count', 'Alih ke petugas'),
  },
  {
    key: 'times',
    path: 'response-times',
    title: 'Waktu respons dan penyelesaian per tim (menit jam kerja)',
    kind: 'bars',
    columns: [
      ['team', 'Tim', text],
      ['handedOff', 'Dialihkan', n],
      ['firstResponseP50', 'Respons pertama median', n],
      ['firstResponseP90', 'p90', n],
      ['firstResponseWithinTarget', 'Sesuai target', p],
      ['resolutionP50', 'Penyelesaian median', n],
      ['resolutionP90', 'p90', n],
      ['resolutionWithinTarget', 'Sesuai target', p],
    ],
    chart: bar((r) => String(r.team), 'firstResponseP50', 'Respons pertama, median (menit)'),
  },
  {
    key: 'sla',
    path: 'sla-breaches',
    title: 'Pelanggaran SLA per tim',
    kind: 'bars',
    columns: [
      ['team', 'Tim', text],
      ['clocks', 'Diukur', n],
      ['firstResponse', 'Respons pertama terlewat', n],
      ['resolution', 'Penyelesaian terlewat', n],
    ],
    chart: bar((r) => String(r.team), 'firstResponse', 'Respons pertama terlewat'),
  },
  {
    key: 'referrals',
    path: 'referrals',
    title: 'Rujukan per dinas',
    kind: 'bars',
    columns: [
      ['agency', 'Dinas', text],
      ['total', 'Rujukan', n],
      ['answered', 'Dijawab', n],
      ['onTimeShare', 'Tepat waktu', p],
      ['overdue', 'Terlambat kini', n],
    ],
    chart: bar((r) => String(r.agency), 'total', 'Rujukan'),
  },
  {
    key: 'topics',
    path: 'topics',
    title: 'Topik teratas',
    kind: 'bars',
    columns: [
      ['topic', 'Topik', text],
      ['count', 'Percakapan', n],
    ],
    chart: bar((r) => String(r.topic), 'count', 'Percakapan'),
  },
  {
    key: 'complaints',
    path: 'complaints',
    title: 'Pengaduan menurut kategori',
    kind: 'bars',
    columns: [
      ['category', 'Kategori', text],
      ['count', 'Pengaduan', n],
    ],
    chart: bar((r) => String(r.category), 'count', 'Pengaduan'),
  },
  {
    key: 'workload',
    path: 'workload',
    title: 'Beban kerja petugas',
    kind: 'bars',
    columns: [
      ['name', 'Petugas', text],
      ['conversations', 'Ditangani', n],
      ['resolved', 'Selesai', n],
      ['open', 'Masih terbuka', n],
    ],
    chart: bar((r) => String(r.name), 'conversations', 'Ditangani'),
  },
];

async function download(path: string, filters: Filters, name: string) {
  const blob = await fetchBlob(`/api/reports/${path}${qs({ ...filters, format: 'csv' })}`);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `laporan-${name}-${filters.from}_${filters.to}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The "Laporan" page: the office's service over a period, for supervisors and admins. */
export function ReportsView() {
  const app = useApp();
  const initial = useMemo<Filters>(() => {
    const to = new Date();
    const from = new Date(to.getTime() - 29 * 86_400_000);
    return { from: ymd(from), to: ymd(to), channel: '', teamId: '' };
  }, []);
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [data, setData] = useState<Record<string, Row[]>>({});
  const [gaps, setGaps] = useState<Gap[] | null>(null);
  const [ikm, setIkm] = useState<Ikm | 'unavailable' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (f: Filters) => {
      setLoading(true);
      try {
        const q = qs({ ...f });
        const [o, ...rows] = await Promise.all([
          api<Overview>('GET', `/api/reports/overview${q}`),
          ...SECTIONS.map((s) => api<Row[]>('GET', `/api/reports/${s.path}${q}`)),
        ]);
        setOverview(o);
        setData(Object.fromEntries(SECTIONS.map((s, i) => [s.key, rows[i]])));
        setGaps(await api<Gap[]>('GET', `/api/reports/knowledge-gaps${qs({ from: f.from, to: f.to, channel: f.channel })}`));
        try {
          const r = await api<Ikm>('GET', `/api/reports/ikm${q}`);
          setIkm(r && typeof r === 'object' && 'respondents' in r ? r : 'unavailable');
        } catch {
          // The survey may not be installed yet: the page works without it.
          setIkm('unavailable');
        }
        setError(null);
        app.announce('Laporan diperbarui.');
      } catch (e) {
        setError(e instanceof ApiError ? e.message : (e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [app],
  );

  useEffect(() => void load(filters), [filters, load]);
  useEffect(() => {
    document.title = 'Laporan · Konsol SIPINTER';
  }, []);

  const decide = async (id: string, body: { status: string; entryId?: string }, label: string) => {
    try {
      await api('PATCH', `/api/reports/knowledge-gaps/${id}`, body);
      setGaps((g) => g?.filter((x) => x.id !== id) ?? null);
      app.toast(`Pertanyaan ditandai: ${label}.`);
    } catch (e) {
      app.toast((e as Error).message, 'error');
    }
  };

  /** A gap turned into a draft (new questions of an entry, or a new entry): the gap leaves the list. */
  const toKnowledge = async (id: string, path: 'add-to-entry' | 'new-entry', body: Record<string, unknown>): Promise<void> => {
    const r = await api<{ entry: { id: string }; added: string[] }>('POST', `/api/reports/knowledge-gaps/${id}/${path}`, body);
    setGaps((g) => g?.filter((x) => x.id !== id) ?? null);
    app.toast(
      path === 'new-entry'
        ? `Draf entri baru ${r.entry.id} dibuat dengan ${r.added.length} pertanyaan; terbitkan di halaman Pengetahuan.`
        : `${r.added.length} pertanyaan ditambahkan ke draf entri ${r.entry.id}; terbitkan di halaman Pengetahuan.`,
    );
  };

  return (
    <main id="main" class="page reports" tabIndex={-1}>
      <div class="page-head">
        <h1>Laporan</h1>
        <p class="muted small">Hari dihitung menurut jam kantor (WIB); waktu respons dalam menit jam kerja bila SLA menghitung jam kerja.</p>
      </div>
      <form
        class="card report-filters"
        aria-label="Saring laporan"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <label>
          Dari
          <input type="date" value={draft.from} max={draft.to} required onInput={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          Sampai
          <input type="date" value={draft.to} min={draft.from} required onInput={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          Kanal
          <select value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: (e.target as HTMLSelectElement).value })}>
            <option value="">Semua kanal</option>
            {Object.keys(CHANNEL_LABEL).map((c) => (
              <option key={c} value={c}>
                {channelLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tim
          <select value={draft.teamId} onChange={(e) => setDraft({ ...draft, teamId: (e.target as HTMLSelectElement).value })}>
            <option value="">Semua tim</option>
            {app.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button class="btn" type="submit" disabled={loading}>
          {loading ? 'Memuat…' : 'Tampilkan'}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {overview && (
        <section class="card" aria-labelledby="rp-overview">
          <div class="panel-head">
            <h2 id="rp-overview">Ringkasan</h2>
            <button class="btn ghost small" type="button" onClick={() => void download('overview', filters, 'ringkasan')}>
              Unduh CSV<span class="sr-only"> ringkasan</span>
            </button>
          </div>
          <dl class="kpis">
            <div>
              <dt>Percakapan</dt>
              <dd>{num(overview.conversations)}</dd>
            </div>
            <div>
              <dt>Selesai oleh bot</dt>
              <dd>{num(overview.botResolved)}</dd>
            </div>
            <div>
              <dt>Alih ke petugas</dt>
              <dd>{num(overview.handoffs)}</dd>
            </div>
            <div>
              <dt>Respons pertama (median / p90, menit)</dt>
              <dd>
                {num(overview.firstResponseMinutes.p50)} / {num(overview.firstResponseMinutes.p90)}
              </dd>
            </div>
            <div>
              <dt>Sesuai target respons</dt>
              <dd>{pct(overview.withinFirstResponseTarget)}</dd>
            </div>
            <div>
              <dt>Rujukan (tepat waktu / terlambat)</dt>
              <dd>
                {num(overview.referrals.total)} ({num(overview.referrals.onTime)} / {num(overview.referrals.overdue)})
              </dd>
            </div>
            <div>
              <dt>Pengaduan</dt>
              <dd>{num(overview.complaints)}</dd>
            </div>
          </dl>
        </section>
      )}
      <IkmPanel ikm={ikm} />
      <div class="report-grid">
        {SECTIONS.map((s) => (
          <ReportSection key={s.key} section={s} rows={data[s.key] ?? []} onCsv={() => void download(s.path, filters, s.key)} />
        ))}
      </div>
      <section class="card" aria-labelledby="rp-gaps">
        <div class="panel-head">
          <h2 id="rp-gaps">Pertanyaan yang belum bisa dijawab bot</h2>
          <button class="btn ghost small" type="button" onClick={() => void download('knowledge-gaps', { ...filters, teamId: '' }, 'celah')}>
            Unduh CSV<span class="sr-only"> pertanyaan yang belum terjawab</span>
          </button>
        </div>
        {gaps && gaps.length === 0 && <p class="muted">Tidak ada pertanyaan terbuka pada periode ini.</p>}
        {gaps && gaps.length > 0 && (
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">Kelompok pertanyaan serupa, terbanyak dahulu; data pribadi disamarkan</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Jumlah
                  </th>
                  <th scope="col">Contoh pertanyaan</th>
                  <th scope="col">Terakhir</th>
                  <th scope="col">Tindakan</th>
                </tr>
              </thead>
              <tbody>
                {gaps.map((g) => (
                  <GapRow key={g.id} gap={g} onDecide={decide} onKnowledge={toKnowledge} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

function ReportSection({ section: s, rows, onCsv }: { section: Section; rows: Row[]; onCsv: () => void }) {
  const chart = useMemo(() => s.chart(rows), [s, rows]);
  const id = `rp-${s.key}`;
  return (
    <section class="card report" aria-labelledby={id}>
      <div class="panel-head">
        <h2 id={id}>{s.title}</h2>
        <button class="btn ghost small" type="button" onClick={onCsv}>
          Unduh CSV<span class="sr-only"> {s.title.toLowerCase()}</span>
        </button>
      </div>
      <ReportChart labels={chart.labels} series={chart.series} kind={s.kind} yRange={s.yRange} title={`Grafik: ${s.title}. Angkanya ada di tabel di bawah.`} />
      {rows.length > 0 && (
        <details class="report-table">
          <summary>Tabel {s.title.toLowerCase()}</summary>
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">{s.title}</caption>
              <thead>
                <tr>
                  {s.columns.map(([k, h]) => (
                    <th key={k + h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    {s.columns.map(([k, h, f]) => (
                      <td key={k + h}>{f(r[k], r)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

function IkmPanel({ ikm }: { ikm: Ikm | 'unavailable' | null }) {
  return (
    <section class="card" aria-labelledby="rp-ikm">
      <h2 id="rp-ikm">Indeks Kepuasan Masyarakat (IKM)</h2>
      {ikm === null && <p class="muted">Memuat…</p>}
      {ikm === 'unavailable' && <p class="muted">Survei IKM belum tersedia.</p>}
      {ikm && ikm !== 'unavailable' && (
        <>
          <p>
            {ikm.respondents === 0
              ? 'Belum ada responden pada periode ini.'
              : `IKM ${ikm.ikm?.toFixed(2)} · mutu ${ikm.mutu} · ${num(ikm.respondents)} responden`}
          </p>
          {ikm.unsur.length > 0 && (
            <div class="table-wrap">
              <table class="table">
                <caption class="sr-only">Nilai rata-rata per unsur</caption>
                <thead>
                  <tr>
                    <th scope="col">Unsur</th>
                    <th scope="col" class="num">
                      NRR
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ikm.unsur.map((u) => (
                    <tr key={u.code}>
                      <td>
                        {u.code} {u.name}
                      </td>
                      <td class="num">{u.nrr === null ? '–' : u.nrr.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

type ToKnowledge = (id: string, path: 'add-to-entry' | 'new-entry', body: Record<string, unknown>) => Promise<void>;

/** Field → message from a 400 (zod paths like "questions.0" name their field first). */
function issuesOf(e: unknown): Record<string, string> {
  const issues = (e instanceof ApiError ? (e.body as { issues?: { path: string; message: string }[] } | undefined)?.issues : undefined) ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.split(/[.[]/)[0] || 'form'] ??= i.message;
  return out;
}

function GapRow({
  gap,
  onDecide,
  onKnowledge,
}: {
  gap: Gap;
  onDecide: (id: string, body: { status: string; entryId?: string }, label: string) => void;
  onKnowledge: ToKnowledge;
}) {
  const [entry, setEntry] = useState('');
  const [creating, setCreating] = useState(false);
  const [entryError, setEntryError] = useState<string | null>(null);
  const inputId = `gap-entry-${gap.id}`;
  const addToEntry = async () => {
    if (!entry.trim()) return setEntryError('Isi dulu id entri yang akan ditambah pertanyaannya.');
    try {
      setEntryError(null);
      await onKnowledge(gap.id, 'add-to-entry', { entryId: entry.trim() });
    } catch (e) {
      setEntryError((e as Error).message);
    }
  };
  return (
    <tr>
      <td class="num">{num(gap.count)}</td>
      <td>
        <ul class="plain-list">
          {gap.examples.slice(0, 3).map((e, i) => (
            <li key={i}>“{e}”</li>
          ))}
        </ul>
        {gap.channels?.length ? <span class="small muted">{gap.channels.map(channelLabel).join(', ')}</span> : null}
      </td>
      <td class="small">{fullTime(gap.lastSeen)}</td>
      <td>
        <form
          class="gap-actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (entry.trim()) onDecide(gap.id, { status: 'answered', entryId: entry.trim() }, `dijawab entri ${entry.trim()}`);
          }}
        >
          <label for={inputId} class="sr-only">
            Id entri basis pengetahuan yang menjawab
          </label>
          <input
            id={inputId}
            placeholder="id entri, mis. pbg-biaya"
            value={entry}
            onInput={(e) => setEntry((e.target as HTMLInputElement).value)}
            pattern="[a-z0-9][a-z0-9-]*"
            aria-invalid={entryError ? 'true' : undefined}
            aria-describedby={entryError ? `${inputId}-err` : undefined}
          />
          <button class="btn small" type="submit">
            Dijawab entri
          </button>
          <button class="btn ghost small" type="button" onClick={() => void addToEntry()}>
            Tambahkan sebagai pertanyaan
          </button>
          <button class="btn ghost small" type="button" onClick={() => setCreating(true)}>
            Buat entri baru
          </button>
          <button class="btn ghost small" type="button" onClick={() => onDecide(gap.id, { status: 'out_of_scope' }, 'di luar layanan')}>
            Di luar layanan
          </button>
          <button class="btn ghost small" type="button" onClick={() => onDecide(gap.id, { status: 'ignored' }, 'diabaikan')}>
            Abaikan
          </button>
          {entryError && (
            <p id={`${inputId}-err`} class="field-error" role="alert">
              {entryError}
            </p>
          )}
        </form>
        {creating && <NewEntryDialog gap={gap} onClose={() => setCreating(false)} onKnowledge={onKnowledge} />}
      </td>
    </tr>
  );
}

/** "Buat entri baru": a draft entry prefilled with the gap's examples as its questions. */
function NewEntryDialog({ gap, onClose, onKnowledge }: { gap: Gap; onClose: () => void; onKnowledge: ToKnowledge }) {
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [answer, setAnswer] = useState('');
  const [questions, setQuestions] = useState(gap.examples.join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const base = `gap-new-${gap.id}`;
  const field = (name: string, label: string, hint: string | null, input: (props: Record<string, unknown>) => preact.JSX.Element) => {
    const err = errors[name];
    const ids = [hint ? `${base}-${name}-hint` : '', err ? `${base}-${name}-err` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class="field">
        <label for={`${base}-${name}`}>{label}</label>
        {hint && (
          <p id={`${base}-${name}-hint`} class="small muted">
            {hint}
          </p>
        )}
        {input({ id: `${base}-${name}`, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': ids })}
        {err && (
          <p id={`${base}-${name}-err`} class="field-error" role="alert">
            {err}
          </p>
        )}
      </div>
    );
  };
  const submit = async () => {
    setBusy(true);
    try {
      await onKnowledge(gap.id, 'new-entry', {
        id: id.trim(),
        title,
        answer,
        questions: questions
          .split('\n')
          .map((q) => q.trim())
          .filter(Boolean),
      });
      onClose();
    } catch (e) {
      const found = issuesOf(e);
      setErrors(Object.keys(found).length ? found : { form: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Buat entri baru dari pertanyaan warga" onClose={onClose}>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p class="small muted">Entri disimpan sebagai draf; warga baru mendapatkannya setelah diterbitkan di halaman Pengetahuan.</p>
        {field('id', 'Id entri', 'Huruf kecil, angka dan tanda -, mis. parkir-mpp.', (p) => (
          <input {...p} value={id} required onInput={(e) => setId((e.target as HTMLInputElement).value)} />
        ))}
        {field('title', 'Judul', null, (p) => (
          <input {...p} value={title} required onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
        ))}
        {field('questions', 'Pertanyaan (satu per baris)', 'Contoh dari warga, data pribadi disamarkan. Tambahkan rumusan lain bila perlu.', (p) => (
          <textarea {...p} rows={6} value={questions} onInput={(e) => setQuestions((e.target as HTMLTextAreaElement).value)} />
        ))}
        {field('answer', 'Jawaban', null, (p) => (
          <textarea {...p} rows={5} value={answer} required onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)} />
        ))}
        {errors.form && (
          <p class="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <div class="actions">
          <button class="btn" type="submit" disabled={busy}>
            Simpan draf
          </button>
          <button class="btn ghost" type="button" onClick={onClose}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}
