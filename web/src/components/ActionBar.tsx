import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type RequestBody, Assignee, Conversation, Referral } from '../api';
import { onShortcut } from '../shortcuts';
import { isSupervisor, useApp } from '../context';
import { longDate, workingDaysFromNow } from '../format';
import { Dialog } from './Dialog';

type Open = null | 'assign' | 'transfer' | 'refer' | 'labels';

/** Ambil, tugaskan, alihkan tim, rujuk ke dinas, label, selesaikan / buka lagi. */
export function ActionBar({
  conversation: c,
  referrals,
  onChange,
  onReferred,
}: {
  conversation: Conversation;
  referrals: Referral[];
  onChange: (c: Conversation) => void;
  onReferred: () => void;
}) {
  const app = useApp();
  const { me } = app;
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  // e: resolve (the latest act() and state, read when the key comes).
  const resolveRef = useRef<() => void>(() => undefined);
  useEffect(() => onShortcut((a) => (a === 'resolve' ? resolveRef.current() : false)), []);
  if (me.role === 'agency') return null;
  const resolved = c.status === 'resolved';
  const mine = c.assigneeId === me.id;

  async function act<A extends 'assign' | 'unassign' | 'reopen' | 'resolve' | 'transfer'>(
    path: A,
    body: RequestBody<`/api/conversations/{id}/${A}`, 'post'>,
    done: string,
  ) {
    setBusy(true);
    try {
      const r = await api<Conversation>('POST', `/api/conversations/${c.id}/${path}`, body);
      if (r && typeof r === 'object' && 'id' in r) onChange(r);
      app.toast(done);
      setOpen(null);
      return true;
    } catch (e) {
      app.toast((e as Error).message, 'error');
      return false;
    } finally {
      setBusy(false);
    }
  }

  resolveRef.current = () => {
    if (resolved) app.toast('Percakapan ini sudah selesai.');
    else if (!busy && !open) void act('resolve', undefined, 'Percakapan diselesaikan.');
  };

  return (
    <div class="actions" role="toolbar" aria-label="Tindakan percakapan">
      {!resolved && !mine && (
        <button class="btn primary small" disabled={busy} onClick={() => void act('assign', { userId: 'me' }, 'Percakapan diambil.')}>
          Ambil
        </button>
      )}
      {!resolved && mine && (
        <button class="btn small" disabled={busy} onClick={() => void act('unassign', undefined, 'Percakapan dilepas ke antrean.')}>
          Lepas
        </button>
      )}
      {!resolved && (isSupervisor(me) || me.role === 'agent') && (
        <button class="btn small" onClick={() => setOpen('assign')}>
          {isSupervisor(me) ? 'Tugaskan…' : 'Serahkan ke rekan…'}
        </button>
      )}
      {!resolved && (
        <button class="btn small" onClick={() => setOpen('transfer')}>
          Alihkan tim…
        </button>
      )}
      {!resolved && (
        <button class="btn small" onClick={() => setOpen('refer')}>
          Rujuk ke dinas…
        </button>
      )}
      <button class="btn small" onClick={() => setOpen('labels')}>
        Label…
      </button>
      {resolved ? (
        <button class="btn small" disabled={busy} onClick={() => void act('reopen', undefined, 'Percakapan dibuka lagi.')}>
          Buka lagi
        </button>
      ) : (
        <button class="btn success small" disabled={busy} aria-keyshortcuts="e" onClick={() => void act('resolve', undefined, 'Percakapan diselesaikan.')}>
          Selesaikan
        </button>
      )}
      {open === 'assign' && (
        <AssignDialog
          onClose={() => setOpen(null)}
          busy={busy}
          conversationId={c.id}
          current={c.assigneeId}
          onSubmit={(userId) => act('assign', { userId }, 'Petugas ditugaskan.')}
        />
      )}
      {open === 'transfer' && (
        <TransferDialog
          onClose={() => setOpen(null)}
          busy={busy}
          current={c.teamId}
          onSubmit={(teamId, note) => act('transfer', { teamId, ...(note ? { note } : {}) }, 'Percakapan dialihkan.')}
        />
      )}
      {open === 'refer' && (
        <ReferDialog
          onClose={() => setOpen(null)}
          busy={busy}
          openAgencies={referrals.filter((r) => r.status === 'open').map((r) => r.agencyCode)}
          onSubmit={async (agencyCode, question, workingDays) => {
            setBusy(true);
            try {
              const r = await api<Referral>('POST', `/api/conversations/${c.id}/refer`, { agencyCode, question, workingDays } satisfies RequestBody<
                '/api/conversations/{id}/refer',
                'post'
              >);
              app.toast(`Dirujuk ke ${r.agencyCode}, batas ${longDate(r.dueDate)}.`);
              setOpen(null);
              onReferred();
            } catch (e) {
              app.toast((e as Error).message, 'error');
            } finally {
              setBusy(false);
            }
          }}
        />
      )}
      {open === 'labels' && (
        <LabelsDialog
          onClose={() => setOpen(null)}
          busy={busy}
          labels={c.labels}
          onSubmit={async (labels) => {
            setBusy(true);
            try {
              onChange(
                await api<Conversation>('PUT', `/api/conversations/${c.id}/labels`, { labels } satisfies RequestBody<'/api/conversations/{id}/labels', 'put'>),
              );
              setOpen(null);
            } catch (e) {
              app.toast((e as Error).message, 'error');
            } finally {
              setBusy(false);
            }
          }}
        />
      )}
    </div>
  );
}

function Buttons({ busy, onClose, label }: { busy: boolean; onClose: () => void; label: string }) {
  return (
    <div class="dialog-buttons">
      <button type="button" class="btn" onClick={onClose}>
        Batal
      </button>
      <button type="submit" class="btn primary" disabled={busy}>
        {label}
      </button>
    </div>
  );
}

const PRESENCE_LABEL: Record<Assignee['presence'], string> = { online: 'Daring', away: 'Sedang rehat', offline: 'Luring' };

/** Hand the conversation to a named colleague of its team: who is online, and how many open conversations each has. */
function AssignDialog({
  onClose,
  onSubmit,
  busy,
  conversationId,
  current,
}: {
  onClose: () => void;
  onSubmit: (id: string) => Promise<boolean>;
  busy: boolean;
  conversationId: string;
  current: string | null;
}) {
  const app = useApp();
  const [people, setPeople] = useState<Assignee[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [userId, setUserId] = useState('');
  useEffect(() => {
    api<{ teamId: string | null; items: Assignee[] }>('GET', `/api/conversations/${conversationId}/assignees`)
      .then((r) => {
        const list = r.items.filter((a) => a.id !== current && (isSupervisor(app.me) || a.id !== app.me.id));
        setPeople(list);
        setUserId(list.find((a) => a.presence === 'online')?.id ?? list[0]?.id ?? '');
      })
      .catch((e: Error) => setError(e.message));
  }, [conversationId]);
  return (
    <Dialog title="Tugaskan ke rekan tim" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (userId) void onSubmit(userId);
        }}
      >
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!people && !error && <p role="status">Memuat rekan tim…</p>}
        {people && people.length === 0 && <p class="muted">Tidak ada rekan lain di tim percakapan ini.</p>}
        {people && people.length > 0 && (
          <fieldset class="assignees">
            <legend>Rekan di tim percakapan ini</legend>
            {people.map((a) => (
              <label key={a.id} class={`assignee ${userId === a.id ? 'on' : ''}`}>
                <input type="radio" name="assignee" value={a.id} checked={userId === a.id} onChange={() => setUserId(a.id)} />
                <span class={`presence-dot ${a.presence}`} aria-hidden="true" />
                <span class="assignee-name">
                  {a.name}
                  {a.role === 'supervisor' ? ' (supervisor)' : ''}
                </span>
                <span class="assignee-meta">
                  {PRESENCE_LABEL[a.presence]} · {a.load} dari {a.capacity} percakapan terbuka
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <Buttons busy={busy || !userId} onClose={onClose} label="Tugaskan" />
      </form>
    </Dialog>
  );
}

function TransferDialog({
  onClose,
  onSubmit,
  busy,
  current,
}: {
  onClose: () => void;
  onSubmit: (teamId: string, note: string) => Promise<boolean>;
  busy: boolean;
  current: string | null;
}) {
  const app = useApp();
  const choices = app.teams.filter((t) => t.id !== current);
  const [teamId, setTeamId] = useState(choices[0]?.id ?? '');
  const [note, setNote] = useState('');
  return (
    <Dialog title="Alihkan ke tim lain" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (teamId) void onSubmit(teamId, note.trim());
        }}
      >
        <label for="transfer-team">Tim tujuan</label>
        <select id="transfer-team" value={teamId} onChange={(e) => setTeamId(e.currentTarget.value)}>
          {choices.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <label for="transfer-note">Catatan untuk tim (opsional)</label>
        <textarea id="transfer-note" rows={3} value={note} maxLength={1000} onInput={(e) => setNote(e.currentTarget.value)} />
        <Buttons busy={busy} onClose={onClose} label="Alihkan" />
      </form>
    </Dialog>
  );
}

function ReferDialog({
  onClose,
  onSubmit,
  busy,
  openAgencies,
}: {
  onClose: () => void;
  onSubmit: (agency: string, question: string, days: number) => Promise<void>;
  busy: boolean;
  openAgencies: string[];
}) {
  const app = useApp();
  const [agency, setAgency] = useState(app.agencies.find((a) => !openAgencies.includes(a)) ?? app.agencies[0] ?? '');
  const [question, setQuestion] = useState('');
  const [days, setDays] = useState(3);
  return (
    <Dialog title="Rujuk ke dinas teknis" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (agency && question.trim()) void onSubmit(agency, question.trim(), days);
        }}
      >
        <label for="refer-agency">Dinas</label>
        <select id="refer-agency" value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
          {app.agencies.map((a) => (
            <option key={a} value={a} disabled={openAgencies.includes(a)}>
              {a}
              {openAgencies.includes(a) ? ' (sudah dirujuk)' : ''}
            </option>
          ))}
        </select>
        <label for="refer-question">Pertanyaan untuk dinas</label>
        <textarea id="refer-question" rows={3} required value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
        <label for="refer-days">Batas waktu (hari kerja)</label>
        <input
          id="refer-days"
          type="number"
          min={1}
          max={60}
          value={days}
          onInput={(e) => setDays(Math.max(1, Math.min(60, Number(e.currentTarget.value) || 1)))}
        />
        <p class="hint" id="refer-due">
          Perkiraan batas: {longDate(workingDaysFromNow(days))} (hari libur dihitung oleh sistem). Warga diberi tahu dinas mana dan sampai kapan.
        </p>
        <Buttons busy={busy || !question.trim()} onClose={onClose} label="Rujuk" />
      </form>
    </Dialog>
  );
}

function LabelsDialog({ onClose, onSubmit, busy, labels }: { onClose: () => void; onSubmit: (l: string[]) => Promise<void>; busy: boolean; labels: string[] }) {
  const [list, setList] = useState(labels);
  const [text, setText] = useState('');
  const add = () => {
    const l = text
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '-')
      .replace(/[^a-z0-9_-]/g, '');
    if (l && !list.includes(l)) setList([...list, l]);
    setText('');
  };
  return (
    <Dialog title="Label percakapan" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit(list);
        }}
      >
        <ul class="label-list" aria-label="Label saat ini">
          {list.length === 0 && <li class="muted">Belum ada label.</li>}
          {list.map((l) => (
            <li key={l}>
              <span class="chip label">#{l}</span>
              <button type="button" class="btn ghost small" aria-label={`Hapus label ${l}`} onClick={() => setList(list.filter((x) => x !== l))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <label for="label-new">Tambah label</label>
        <div class="inline">
          <input
            id="label-new"
            value={text}
            maxLength={40}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" class="btn" onClick={add}>
            Tambah
          </button>
        </div>
        <Buttons busy={busy} onClose={onClose} label="Simpan" />
      </form>
    </Dialog>
  );
}
