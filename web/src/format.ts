/** Indonesian labels and formatting. */
import type { Conversation, Status } from './api';

export const STATUS_LABEL: Record<Status, string> = {
  bot: 'Dengan bot',
  pending: 'Menunggu',
  open: 'Ditangani',
  resolved: 'Selesai',
};

/** The labels in each channel folder's <folder>.channel.ts (test/unit/channels/channel-definitions.spec.ts keeps them equal). */
export const CHANNEL_LABEL: Record<string, string> = {
  webchat: 'Web chat',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  counter: 'Loket MPP',
  phone: 'Telepon',
};

export const channelLabel = (c: string): string => CHANNEL_LABEL[c] ?? c;

export const SENDER_LABEL: Record<string, string> = {
  contact: 'Warga',
  citizen: 'Warga',
  bot: 'Bot',
  agent: 'Petugas',
  system: 'Sistem',
};

export const ROLE_LABEL: Record<string, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agen',
  counter: 'Petugas loket',
  agency: 'Petugas dinas',
};

const timeFmt = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short' });
const fullFmt = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short' });
const dateFmt = new Intl.DateTimeFormat('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const now = new Date();
  return d.toDateString() === now.toDateString() ? timeFmt.format(d) : dayFmt.format(d);
}

export const fullTime = (iso: string | null | undefined): string => (iso ? fullFmt.format(new Date(iso)) : '');
export const longDate = (ymd: string): string => dateFmt.format(new Date(`${ymd}T12:00:00`));

export function since(iso: string | null | undefined): string {
  if (!iso) return '';
  const min = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
  if (min < 1) return 'baru saja';
  if (min < 60) return `${min} menit`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} jam ${min % 60} menit`;
  return `${Math.floor(h / 24)} hari`;
}

export const contactName = (c: Pick<Conversation, 'contact' | 'reference'>): string => c.contact?.name?.trim() || 'Warga tanpa nama';

/** Today + n working days (Mon–Fri), as YYYY-MM-DD: the default referral due date. */
export function workingDaysFromNow(n: number): string {
  const d = new Date();
  let left = n;
  while (left > 0) {
    d.setDate(d.getDate() + 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) left--;
  }
  return ymd(d);
}

export const ymd = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A waiting time as officers say it: "3 mnt", "1 j 20 mnt", "2 hr". */
export function waitingLabel(fromIso: string, now = Date.now()): string {
  const min = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 60_000));
  if (min < 1) return '< 1 mnt';
  if (min < 60) return `${min} mnt`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} j ${min % 60} mnt` : `${h} j`;
  return `${Math.floor(h / 24)} hr`;
}

export const SLA_LABEL: Record<'ok' | 'soon' | 'breached', string> = { ok: 'SLA aman', soon: 'SLA hampir habis', breached: 'SLA terlewat' };
