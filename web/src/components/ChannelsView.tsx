import { useEffect, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { api, ApiError } from '../api';
import { useApp } from '../context';
import { CHANNEL_LABEL } from '../format';

interface ChannelState {
  state: string;
  /** English, for operators and monitoring. */
  detail?: string;
  /** Indonesian, for officers (shown instead of `detail` when present). */
  message?: string;
  /** The settings the message is about. */
  variables?: string[];
  retries?: number;
}

interface WebSession {
  state: string;
  detail?: string;
  qr?: string;
  retries: number;
  since: string;
}

const STATE_LABEL: Record<string, string> = {
  up: 'Aktif',
  ready: 'Tersambung',
  disabled: 'Tidak dipakai',
  starting: 'Memulai…',
  qr: 'Menunggu pindai kode QR',
  disconnected: 'Terputus',
  down: 'Bermasalah',
};

const REFRESH_MS = 5000;

/**
 * Channels as the office runs them (administrators): each adapter's state
 * from /health, and for WhatsApp Web the QR code to link the office phone.
 */
export function ChannelsView() {
  const { me } = useApp();
  const [channels, setChannels] = useState<Record<string, ChannelState> | null>(null);
  const [session, setSession] = useState<WebSession | null>(null);
  const [qrImage, setQrImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<string[]>([]);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function load(): Promise<void> {
      try {
        // /health answers 503 with the same body when something is down: read it either way.
        const r = await fetch('/health');
        const h = (await r.json()) as {
          info?: { channels?: { channels?: Record<string, ChannelState> }; officeValues?: { missing?: string[] } };
          error?: { channels?: { channels?: Record<string, ChannelState> } };
        };
        if (!stop) setMissing(h.info?.officeValues?.missing ?? []);
        const list = h.info?.channels?.channels ?? h.error?.channels?.channels ?? {};
        let web: WebSession | null = null;
        if (me.role === 'admin' && Object.values(list).some((c) => c.state in { starting: 1, qr: 1, ready: 1, disconnected: 1 })) {
          web = await api<WebSession>('GET', '/api/admin/channels/whatsapp-web/qr').catch((e: ApiError) => (e.status === 404 ? null : Promise.reject(e)));
        }
        if (stop) return;
        setChannels(list);
        setSession(web);
        setQrImage(web?.qr ? await QRCode.toDataURL(web.qr, { margin: 1, width: 264 }) : null);
        setError(null);
      } catch (e) {
        if (!stop) setError((e as Error).message);
      } finally {
        if (!stop) timer = setTimeout(() => void load(), REFRESH_MS);
      }
    }
    void load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [me.role]);

  return (
    <main id="main" class="page channels-page" tabIndex={-1}>
      <h1>Kanal</h1>
      {error && (
        <p class="error" role="alert">
          Gagal memuat status kanal: {error}
        </p>
      )}
      {!channels ? (
        <p class="muted">Memuat…</p>
      ) : (
        <section class="card" aria-labelledby="ch-title">
          <h2 id="ch-title">Status kanal</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Kanal</th>
                <th scope="col">Status</th>
                <th scope="col">Keterangan</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(channels).map(([name, c]) => (
                <tr key={name} data-channel={name}>
                  <th scope="row">{CHANNEL_LABEL[name] ?? name}</th>
                  <td>
                    <span class={`state state-${c.state}`}>{STATE_LABEL[c.state] ?? c.state}</span>
                  </td>
                  <td>
                    {c.message ?? c.detail ?? ''}
                    {c.retries ? ` (percobaan ke-${c.retries})` : ''}
                    {c.variables?.length ? (
                      <span class="small muted block-line">
                        Pengaturan:{' '}
                        {c.variables.map((v, i) => (
                          <>
                            {i > 0 && ', '}
                            <code>{v}</code>
                          </>
                        ))}
                      </span>
                    ) : null}
                    {c.message && c.detail && c.state !== 'up' && !c.variables?.length ? (
                      <details class="small muted">
                        <summary>Rincian teknis</summary>
                        {c.detail}
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {missing.length > 0 && (
        <section class="card" aria-labelledby="ov-title">
          <h2 id="ov-title">Data kantor belum diisi ({missing.length})</h2>
          <p>Kalimat jawaban bot yang memerlukan data ini dilewati dan diganti ajakan menghubungi kantor. Isi di halaman Pengetahuan → Data kantor.</p>
          <p class="muted">{missing.join(', ')}</p>
        </section>
      )}
      {session && (
        <section class="card" aria-labelledby="wa-title">
          <h2 id="wa-title">WhatsApp Web</h2>
          <p>
            Status: <strong>{STATE_LABEL[session.state] ?? session.state}</strong>
            {session.detail ? ` — ${session.detail}` : ''}
          </p>
          {qrImage ? (
            <div class="qr">
              <img src={qrImage} width={264} height={264} alt="Kode QR untuk menautkan WhatsApp kantor" />
              <ol>
                <li>Buka WhatsApp di ponsel kantor.</li>
                <li>Pilih Perangkat tertaut, lalu Tautkan perangkat.</li>
                <li>Pindai kode ini. Kode berganti sendiri setiap beberapa detik.</li>
              </ol>
            </div>
          ) : session.state === 'ready' ? (
            <p>Ponsel kantor sudah tertaut. Pesan WhatsApp masuk ke kotak masuk.</p>
          ) : (
            <p class="muted">Kode QR muncul di sini saat sesi meminta ditautkan.</p>
          )}
        </section>
      )}
    </main>
  );
}
