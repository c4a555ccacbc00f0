import type { Conversation, Me, Message } from './api';
import { contactName } from './format';

/**
 * Alerts for an officer whose console is in a background tab: the unread
 * count in the tab's title, an optional sound (off unless the officer turns
 * it on; kept in this browser), and browser notifications (asked for on a
 * click, never on load) for hand-offs to the officer's teams and citizens'
 * messages in the officer's own conversations. Only events the live channel
 * already delivers to this officer are used: nothing beyond the visibility rule.
 */
const SOUND_KEY = 'sipinter-console-sound';
const NOTIFY_KEY = 'sipinter-console-notify';

let baseTitle = document.title;
/** The latest state of conversations seen (list rows, live events): to tell a hand-off and whose a message is. */
const seen = new Map<string, Conversation>();
let unreadCount = 0;

function render(): void {
  document.title = unreadCount > 0 ? `(${unreadCount}) ${baseTitle}` : baseTitle;
}

export const alerts = {
  remember(c: Conversation): void {
    const prev = seen.get(c.id);
    seen.set(c.id, { ...prev, ...c, contact: c.contact ?? prev?.contact });
    if (seen.size > 2000) seen.delete(seen.keys().next().value as string);
  },
  known(id: string): Conversation | undefined {
    return seen.get(id);
  },
  /** The page's own title (section name); the count is put in front. */
  setTitle(t: string): void {
    baseTitle = t;
    render();
  },
  setUnread(n: number): void {
    unreadCount = n;
    render();
  },
  get soundOn(): boolean {
    return readFlag(SOUND_KEY);
  },
  setSound(on: boolean): void {
    writeFlag(SOUND_KEY, on);
    if (on) beep();
  },
  /** Notifications the officer asked for and the browser allows. */
  get notifyOn(): boolean {
    return notificationsSupported() && Notification.permission === 'granted' && readFlag(NOTIFY_KEY);
  },
  get notifyPermission(): NotificationPermission | 'unsupported' {
    return notificationsSupported() ? Notification.permission : 'unsupported';
  },
  /** From a click: asks the browser once; false when refused. */
  async enableNotifications(on: boolean): Promise<boolean> {
    if (!on) {
      writeFlag(NOTIFY_KEY, false);
      return false;
    }
    if (!notificationsSupported()) return false;
    const p = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    writeFlag(NOTIFY_KEY, p === 'granted');
    return p === 'granted';
  },
};

function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function readFlag(k: string): boolean {
  try {
    return localStorage.getItem(k) === '1';
  } catch {
    return false;
  }
}

function writeFlag(k: string, on: boolean): void {
  try {
    localStorage.setItem(k, on ? '1' : '0');
  } catch {
    /* private mode: the choice lasts this page */
  }
}

let audio: AudioContext | null = null;
/** A short two-tone chime made on the spot (no sound file to load). */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const t = audio.currentTime;
    for (const [i, f] of [880, 660].entries()) {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, t + i * 0.15);
      g.gain.exponentialRampToValueAtTime(0.2, t + i * 0.15 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.15 + 0.14);
      o.connect(g).connect(audio.destination);
      o.start(t + i * 0.15);
      o.stop(t + i * 0.15 + 0.15);
    }
  } catch {
    /* no audio device */
  }
}

/** What is worth an alert, from the live events this officer receives. */
export function alertFor(
  me: Me,
  event: string,
  payload: unknown,
  known: (id: string) => Conversation | undefined,
): { title: string; body: string; conversationId: string } | null {
  if (event === 'conversation.updated' || event === 'conversation.created') {
    const c = (payload as { conversation: Conversation }).conversation;
    const prev = known(c.id);
    // A hand-off: the bot just passed it to a team of mine (or to the general queue, which every agent serves).
    const handedOff = c.status === 'pending' && (!prev || prev.status === 'bot') && (!c.teamId || me.teamIds.includes(c.teamId) || me.role === 'supervisor');
    if (handedOff) return { title: 'Warga menunggu petugas', body: `${c.reference}${c.subject ? ` · ${c.subject}` : ''}`, conversationId: c.id };
    return null;
  }
  if (event === 'message.created') {
    const { conversationId, message } = payload as { conversationId: string; message: Message };
    const c = known(conversationId);
    if (message.sender !== 'citizen' || !c || c.assigneeId !== me.id) return null;
    return { title: `Pesan baru dari ${contactName(c)}`, body: message.text.slice(0, 120) || 'Berkas', conversationId };
  }
  return null;
}

/** Plays and shows an alert unless the officer is looking at that very conversation. */
export function raise(a: { title: string; body: string; conversationId: string }, openId: string | null, onClick: (id: string) => void): void {
  const looking = document.visibilityState === 'visible' && openId === a.conversationId;
  if (looking) return;
  if (alerts.soundOn) beep();
  if (!alerts.notifyOn || document.visibilityState === 'visible') return;
  try {
    const n = new Notification(a.title, { body: a.body, tag: `sipinter-${a.conversationId}` });
    n.onclick = () => {
      window.focus();
      onClick(a.conversationId);
      n.close();
    };
  } catch {
    /* some browsers only notify from a service worker */
  }
}
