import { useState } from 'preact/hooks';
import { alerts } from '../alerts';
import { useApp } from '../context';
import { triggerShortcut } from '../shortcuts';

/** Sound and browser notifications (kept in this browser), and the shortcut list: beside the inbox, where they matter. */
export function AlertToggles() {
  const app = useApp();
  const [sound, setSound] = useState(alerts.soundOn);
  const [notify, setNotify] = useState(alerts.notifyOn);
  return (
    <div class="alert-toggles" role="group" aria-label="Peringatan">
      <button
        type="button"
        class="btn ghost small"
        aria-pressed={sound}
        title="Bunyi saat ada pesan atau warga menunggu (tersimpan di peramban ini)"
        onClick={() => {
          alerts.setSound(!sound);
          setSound(!sound);
        }}
      >
        Suara: {sound ? 'aktif' : 'mati'}
      </button>
      {alerts.notifyPermission !== 'unsupported' && (
        <button
          type="button"
          class="btn ghost small"
          aria-pressed={notify}
          title="Notifikasi peramban untuk warga yang menunggu tim Anda dan pesan di percakapan milik Anda"
          onClick={() =>
            void alerts.enableNotifications(!notify).then((on) => {
              setNotify(on);
              if (!notify && !on) app.toast('Notifikasi diblokir peramban. Izinkan di pengaturan situs.', 'error');
            })
          }
        >
          Notifikasi: {notify ? 'aktif' : 'mati'}
        </button>
      )}
      <button type="button" class="btn ghost small" aria-keyshortcuts="?" onClick={() => triggerShortcut('help')}>
        Pintasan <kbd>?</kbd>
      </button>
    </div>
  );
}
