import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, Conversation, Referral, TeamInfo } from '../api';
import { officerName, teamName, useApp } from '../context';
import { contactName, fullTime, longDate, ROLE_LABEL, since } from '../format';
import { live } from '../live';
import { href, linkClick } from '../router';

interface Online {
  id: string;
  name: string;
  role: string;
  teamIds: string[];
  status: 'online' | 'away';
}

interface Flag {
  conversationId: string;
  userName: string;
  reasons: string[];
  blocked: boolean;
  at: string;
}

const REASONS: Record<string, string> = {
  phone: 'nomor telepon pribadi',
  bank_account: 'nomor rekening',
  payment: 'permintaan pembayaran',
  consultant: 'rujukan ke calo/konsultan',
};

/** Queues per team, who is online, SLA breaches, overdue referrals, integrity flags: all live. */
export function SupervisorView() {
  const app = useApp();
  const [teams, setTeams] = useState<TeamInfo[]>([]);
  const [online, setOnline] = useState<Online[]>([]);
  const [late, setLate] = useState<Conversation[]>([]);
  const [referrals, setReferrals] = useState<Referral[]>([]);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [updated, setUpdated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [t, o, l, r] = await Promise.all([
        api<TeamInfo[]>('GET', '/api/teams'),
        api<Online[]>('GET', '/api/presence'),
        api<{ items: Conversation[] }>('GET', '/api/conversations?overdue=true&limit=50'),
        api<Referral[]>('GET', '/api/referrals?overdue=true'),
      ]);
      setTeams(t);
      setOnline(o);
      setLate(l.items);
      setReferrals(r);
      setUpdated(new Date().toISOString());
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 500);
    };
    const off = live.on((event, payload) => {
      if (event === 'integrity.flagged') {
        setFlags((f) => [payload as Flag, ...f].slice(0, 20));
        app.announce('Peringatan integritas: pesan petugas ditandai.');
      }
      if (event === 'sla.breached') app.announce('SLA terlewati pada sebuah percakapan.');
      if (event === 'referral.overdue') app.announce('Rujukan dinas melewati batas waktu.');
      if (event.startsWith('conversation.') || event === 'presence' || event.startsWith('referral.') || event === 'sla.breached') soon();
    });
    const offResync = live.onResync(() => void load());
    // Our own console counts as online once its socket is up.
    const offState = live.onState((st) => st === 'online' && soon());
    const interval = setInterval(() => void load(), 60_000);
    return () => {
      off();
      offResync();
      offState();
      clearTimeout(timer);
      clearInterval(interval);
    };
  }, [load, app]);

  return (
    <main id="main" class="page" tabIndex={-1}>
      <div class="page-head">
        <h1>Supervisor</h1>
        <p class="muted small" aria-live="off">
          Diperbarui otomatis{updated ? ` · ${fullTime(updated)}` : ''}
        </p>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {flags.length > 0 && (
        <section class="card alert-card" aria-labelledby="sv-flags">
          <h2 id="sv-flags">Peringatan integritas</h2>
          <ul class="plain-list">
            {flags.map((f, i) => (
              <li key={i}>
                <a href={href(`/c/${f.conversationId}`)} onClick={linkClick(`/c/${f.conversationId}`)}>
                  {f.userName}
                </a>
                : {f.reasons.map((r) => REASONS[r] ?? r).join(', ')}
                {f.blocked ? ' (diblokir)' : ''} <span class="small muted">{fullTime(f.at)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="grid">
        <section class="card wide" aria-labelledby="sv-queues">
          <h2 id="sv-queues">Antrean per tim</h2>
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">Jumlah percakapan menunggu dan ditangani per tim</caption>
              <thead>
                <tr>
                  <th scope="col">Tim</th>
                  <th scope="col" class="num">
                    Menunggu
                  </th>
                  <th scope="col" class="num">
                    Ditangani
                  </th>
                  <th scope="col" class="num">
                    Petugas daring
                  </th>
                </tr>
              </thead>
              <tbody>
                {teams.map((t) => {
                  const on = (t.members ?? []).filter((m) => m.presence === 'online').length;
                  return (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      <td class={`num ${t.waiting && !on ? 'warn' : ''}`}>{t.waiting ?? 0}</td>
                      <td class="num">{t.open ?? 0}</td>
                      <td class="num">
                        {on}/{t.members?.length ?? 0}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card" aria-labelledby="sv-online">
          <h2 id="sv-online">Petugas daring ({online.length})</h2>
          <ul class="plain-list">
            {online.map((o) => (
              <li key={o.id}>
                <span class={`presence ${o.status}`} aria-hidden="true" /> {o.name} <span class="small muted">· {ROLE_LABEL[o.role] ?? o.role}</span>{' '}
                <span class="small">{o.status === 'away' ? '(istirahat)' : ''}</span>
              </li>
            ))}
            {online.length === 0 && <li class="muted">Tidak ada petugas yang daring.</li>}
          </ul>
        </section>
        <section class="card" aria-labelledby="sv-sla">
          <h2 id="sv-sla">Terlambat (SLA terlewati) ({late.length})</h2>
          <ul class="plain-list">
            {late.map((c) => (
              <li key={c.id}>
                <a href={href(`/c/${c.id}`)} onClick={linkClick(`/c/${c.id}`)}>
                  {contactName(c)} · {c.reference}
                </a>
                <div class="small muted">
                  {teamName(app, c.teamId)} · {officerName(app, c.assigneeId)} ·{' '}
                  {c.waitingSince ? `menunggu ${since(c.waitingSince)}` : `aktif ${since(c.lastMessageAt)}`}
                </div>
              </li>
            ))}
            {late.length === 0 && <li class="muted">Tidak ada.</li>}
          </ul>
        </section>
        <section class="card" aria-labelledby="sv-ref">
          <h2 id="sv-ref">Rujukan dinas lewat batas ({referrals.length})</h2>
          <ul class="plain-list">
            {referrals.map((r) => (
              <li key={r.id}>
                <a href={href(`/c/${r.conversationId}`)} onClick={linkClick(`/c/${r.conversationId}`)}>
                  {r.agencyCode}: {r.question.slice(0, 80)}
                </a>
                <div class="small muted">batas {longDate(r.dueDate)}</div>
              </li>
            ))}
            {referrals.length === 0 && <li class="muted">Tidak ada.</li>}
          </ul>
        </section>
      </div>
    </main>
  );
}
