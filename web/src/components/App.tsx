import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, auth, Canned, Me, Officer, restored, TeamInfo } from '../api';
import { AppCtx, AppData, isSupervisor } from '../context';
import { ROLE_LABEL } from '../format';
import { live, LiveState } from '../live';
import { currentPath, href, linkClick, navigate, usePath } from '../router';
import { Brand } from './Brand';
import { CallPop, CallView } from './CallView';
import { DemoBadge } from './DemoBanner';
import { ChannelsView } from './ChannelsView';
import { KnowledgeView } from './KnowledgeView';
import { ConversationPane } from './ConversationPane';
import { CounterView } from './CounterView';
import { AgencyInbox } from './AgencyInbox';
import { Inbox } from './Inbox';
import { Login } from './Login';
import { ReportsView } from './ReportsView';
import { SupervisorView } from './SupervisorView';
import { CannedView, recentConversation } from './CannedView';
import { Dialog } from './Dialog';
import { alertFor, alerts, raise } from '../alerts';
import { installShortcuts, onShortcut, SHORTCUTS } from '../shortcuts';
import { unread } from '../unread';
import type { Conversation } from '../api';

const DEFAULT_AGENCIES = ['PUPR', 'DLH', 'Dishub', 'Dinkes'];

async function optional<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

export function App() {
  const [signedIn, setSignedIn] = useState(auth.signedIn);
  // Until the page-load refresh answers we do not know whether a session exists: no login form yet.
  const [restoring, setRestoring] = useState(true);
  const [data, setData] = useState<Omit<AppData, 'announce' | 'toast'> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => auth.onChange(setSignedIn), []);
  useEffect(() => {
    void restored.then(() => {
      setSignedIn(auth.signedIn);
      setRestoring(false);
    });
  }, []);

  useEffect(() => {
    if (!signedIn) {
      live.stop();
      setData(null);
      return;
    }
    let stop = false;
    (async () => {
      try {
        const me = await api<Me>('GET', '/api/auth/me');
        const [teams, users, canned, agencies] = await Promise.all([
          optional(api<TeamInfo[]>('GET', '/api/teams'), []),
          isSupervisor(me) ? optional(api<Officer[]>('GET', '/api/users'), []) : Promise.resolve([] as Officer[]),
          optional(api<Canned[]>('GET', '/api/canned-responses'), []),
          optional(
            api<{ code: string }[]>('GET', '/api/agencies'),
            DEFAULT_AGENCIES.map((code) => ({ code })),
          ),
        ]);
        if (stop) return;
        // Officer names: every user for supervisors, else the members of the teams.
        const officers = new Map<string, Officer>();
        for (const t of teams) for (const m of t.members ?? []) officers.set(m.id, { id: m.id, name: m.name, role: m.role });
        for (const u of users) officers.set(u.id, u);
        setData({
          me,
          teams,
          officers: [...officers.values()],
          canned,
          agencies: agencies.map((a) => a.code),
        });
        setLoadError(null);
        live.start();
      } catch (e) {
        if (!stop && auth.signedIn) setLoadError((e as Error).message);
      }
    })();
    return () => {
      stop = true;
    };
  }, [signedIn]);

  if (!signedIn)
    return restoring ? (
      <main class="center-screen" id="main">
        <p role="status">Memuat konsol…</p>
      </main>
    ) : (
      <Login />
    );
  if (!data)
    return (
      <main class="center-screen" id="main">
        {loadError ? (
          <div class="card" role="alert">
            <p>Gagal memuat konsol: {loadError}</p>
            <button class="btn" onClick={() => location.reload()}>
              Coba lagi
            </button>{' '}
            <button class="btn ghost" onClick={() => void auth.logout()}>
              Keluar
            </button>
          </div>
        ) : (
          <p role="status">Memuat konsol…</p>
        )}
      </main>
    );
  return <Shell data={data} />;
}

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

function Shell({ data }: { data: Omit<AppData, 'announce' | 'toast'> }) {
  const path = usePath();
  const [liveState, setLiveState] = useState<LiveState>(live.state);
  const [announcement, setAnnouncement] = useState('');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);

  useEffect(() => {
    // The socket may have connected between the first render and this effect: catch up first.
    setLiveState(live.state);
    return live.onState(setLiveState);
  }, []);

  const announce = useCallback((text: string) => {
    // Clear first so the same sentence is read again.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  }, []);
  const toast = useCallback((text: string, kind: 'info' | 'error' = 'info') => {
    const id = ++seq.current;
    setToasts((t) => [...t.slice(-2), { id, text, kind }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);
  const app = useMemo<AppData>(() => ({ ...data, announce, toast }), [data, announce, toast]);

  const { me } = data;
  const convMatch = /^\/c\/([0-9a-f-]{8,})$/i.exec(path);
  const section = path.startsWith('/loket')
    ? 'loket'
    : path.startsWith('/balasan')
      ? 'balasan'
      : path.startsWith('/supervisor')
        ? 'supervisor'
        : path.startsWith('/kanal')
          ? 'kanal'
          : path.startsWith('/telepon')
            ? 'telepon'
            : path.startsWith('/pengetahuan')
              ? 'pengetahuan'
              : path.startsWith('/laporan')
                ? 'laporan'
                : 'inbox';
  if (convMatch) recentConversation.id = convMatch[1];
  const canCounter = me.role === 'counter' || isSupervisor(me);
  const canSupervise = isSupervisor(me);
  const canPhone = me.role !== 'agency';
  const canEditKnowledge = canSupervise || me.role === 'agent';

  useEffect(() => {
    // Each role's landing page.
    if (path === '/' && me.role === 'counter') navigate('/loket', true);
  }, [path, me.role]);

  useEffect(() => {
    const titles: Record<string, string> = {
      loket: 'Loket MPP',
      supervisor: 'Supervisor',
      kanal: 'Kanal',
      telepon: 'Telepon',
      pengetahuan: 'Pengetahuan',
      laporan: 'Laporan',
      inbox: 'Kotak masuk',
      balasan: 'Balasan cepat',
    };
    alerts.setTitle(`${titles[section]} · Konsol SIPINTER`);
  }, [section]);

  // The unread count in the tab's title, and sound / notifications for what concerns this officer.
  useEffect(() => {
    const update = () => alerts.setUnread(unread.total());
    update();
    const offUnread = unread.subscribe(update);
    const openIdNow = () => /^\/c\/([0-9a-f-]{8,})$/i.exec(currentPath())?.[1] ?? null;
    const offLive = live.on((event, payload) => {
      const a = alertFor(me, event, payload, alerts.known);
      if (event === 'conversation.updated' || event === 'conversation.created') alerts.remember((payload as { conversation: Conversation }).conversation);
      if (a) raise(a, openIdNow(), (id) => navigate(`/c/${id}`));
    });
    return () => {
      offUnread();
      offLive();
    };
  }, [me]);

  const [help, setHelp] = useState(false);
  useEffect(() => {
    installShortcuts();
    return onShortcut((a) => {
      if (a !== 'help') return false;
      setHelp(true);
    });
  }, []);

  const nav = [
    { path: '/', label: 'Kotak masuk', key: 'inbox', show: true },
    { path: '/loket', label: 'Loket MPP', key: 'loket', show: canCounter },
    { path: '/telepon', label: 'Telepon', key: 'telepon', show: canPhone },
    { path: '/supervisor', label: 'Supervisor', key: 'supervisor', show: canSupervise },
    { path: '/kanal', label: 'Kanal', key: 'kanal', show: canSupervise },
    { path: '/pengetahuan', label: 'Pengetahuan', key: 'pengetahuan', show: canEditKnowledge },
    { path: '/balasan', label: 'Balasan cepat', key: 'balasan', show: me.role !== 'agency' },
    { path: '/laporan', label: 'Laporan', key: 'laporan', show: canSupervise },
  ].filter((n) => n.show);

  return (
    <AppCtx.Provider value={app}>
      <a class="skip" href="#main">
        Lewati ke konten utama
      </a>
      <header class="topbar">
        <Brand />
        <DemoBadge />
        <nav aria-label="Menu utama">
          <ul>
            {nav.map((n) => (
              <li key={n.key}>
                <a href={href(n.path)} onClick={linkClick(n.path)} aria-current={section === n.key ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="me">
          <span class={`conn ${liveState}`} role="status" title="Koneksi langsung">
            <span class="dot" aria-hidden="true" />
            <span class="conn-text">{liveState === 'online' ? 'Terhubung' : liveState === 'connecting' ? 'Menghubungkan…' : 'Terputus'}</span>
          </span>
          <span class="who">
            <span class="who-name">{me.name}</span>
            <span class="who-role">
              {ROLE_LABEL[me.role] ?? me.role}
              {me.agencyCode ? ` ${me.agencyCode}` : ''}
            </span>
          </span>
          <button class="btn ghost small" onClick={() => void auth.logout()}>
            Keluar
          </button>
        </div>
      </header>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {canPhone && <CallPop />}
      {section === 'loket' ? (
        <CounterView />
      ) : section === 'telepon' && canPhone ? (
        <CallView />
      ) : section === 'supervisor' ? (
        <SupervisorView />
      ) : section === 'kanal' && canSupervise ? (
        <ChannelsView />
      ) : section === 'balasan' && me.role !== 'agency' ? (
        <CannedView />
      ) : section === 'pengetahuan' && canEditKnowledge ? (
        <KnowledgeView />
      ) : section === 'laporan' && canSupervise ? (
        <ReportsView />
      ) : (
        <div class={`workspace ${convMatch ? 'has-conv' : 'no-conv'}`}>
          {me.role === 'agency' ? <AgencyInbox selectedId={convMatch?.[1] ?? null} /> : <Inbox selectedId={convMatch?.[1] ?? null} />}
          <main id="main" class="conv-main" tabIndex={-1}>
            {convMatch ? (
              <ConversationPane key={convMatch[1]} id={convMatch[1]} />
            ) : (
              <div class="empty-state">
                <h1>Kotak masuk</h1>
                <p>Pilih percakapan di daftar untuk membaca dan membalas.</p>
              </div>
            )}
          </main>
        </div>
      )}
      <div class="sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      <div class="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} class={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            {t.text}
          </div>
        ))}
      </div>
    </AppCtx.Provider>
  );
}

/** The "?" overlay: every shortcut, in a modal dialog (Esc or the button closes it). */
function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Pintasan keyboard" onClose={onClose}>
      <p class="hint">Berlaku saat kursor tidak berada di kolom isian. Di kolom balasan: Enter kirim, Shift+Enter baris baru, Esc menutup daftar jawaban.</p>
      <table class="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Tombol</th>
            <th scope="col">Tindakan</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' atau '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="dialog-buttons">
        <button type="button" class="btn primary" onClick={onClose} autoFocus>
          Tutup
        </button>
      </div>
    </Dialog>
  );
}
