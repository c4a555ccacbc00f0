/*
 * Layanan Bantuan SIPINTER: the embeddable web chat widget.
 *
 * One script tag on any page, no framework:
 *   <script src="https://HUB/widget.js" data-title="Layanan Bantuan SIPINTER" async></script>
 * Optional attributes: data-hub-url (overrides the hub derived from src),
 * data-open="true" (open the panel on load), data-max-length (default 4000).
 *
 * This file is a plain browser script (no imports, no exports): swc compiles
 * it to dist/channels/webchat/widget/widget.js, which the hub serves as /widget.js.
 * Everything renders in an open Shadow DOM so styles do not leak either way.
 */
(() => {
  type Sender = 'citizen' | 'bot' | 'agent' | 'system';
  type SendState = 'pending' | 'sent' | 'failed';

  interface QuickReply {
    payload: string;
    title: string;
  }

  /** A picture, a file to download or a video link (the hub's files have a path relative to it). */
  interface FileLink {
    kind: string;
    url: string;
    mimeType?: string;
    size?: number;
    fileName?: string;
    alt?: string;
  }

  interface ServerMessage {
    id: string;
    conversationId: string;
    sender: Sender;
    text: string;
    createdAt: string;
    quickReplies?: QuickReply[];
    attachments?: FileLink[];
  }

  interface Ack {
    ok: boolean;
    error?: string;
    messageId?: string;
    messages?: unknown[];
  }

  interface TimedEmitter {
    emit(event: string, payload: unknown, cb: (err: Error | null, res?: Ack) => void): void;
  }

  interface IoSocket {
    connected: boolean;
    emit(event: string, payload: unknown): void;
    on<A extends unknown[]>(event: string, fn: (...args: A) => void): IoSocket;
    timeout(ms: number): TimedEmitter;
    connect(): IoSocket;
    io: { on<A extends unknown[]>(event: string, fn: (...args: A) => void): void };
  }

  type IoFactory = (url: string, opts: Record<string, unknown>) => IoSocket;

  interface ChatMessage {
    /** Server id; absent until a citizen message is acknowledged. */
    id?: string;
    clientMessageId?: string;
    /** The tapped quick reply's payload (text is its title). */
    replyPayload?: string;
    /** Shown by the widget only, not a stored message (the greeting before the visitor writes, a notice). */
    local?: 'greeting' | 'notice';
    sender: Sender;
    text: string;
    createdAt: string;
    /** True when createdAt comes from the server (used for ordering catch-up messages). */
    serverTime: boolean;
    quickReplies?: QuickReply[];
    attachments?: FileLink[];
    state: SendState;
    error?: string;
    /** Increments on every send attempt, so a late answer to an old attempt is ignored. */
    attempt: number;
    el: HTMLElement;
  }

  interface WidgetWindow {
    io?: IoFactory;
    SipinterWebchat?: { open(): void; close(): void };
  }

  const w = window as unknown as WidgetWindow;
  if (w.SipinterWebchat) return; // included twice

  const TOKEN_KEY = 'sipinter-webchat-token';
  const OPEN_KEY = 'sipinter-webchat-open';
  const ACK_TIMEOUT_MS = 15_000;
  const LAUNCHER_LABEL = 'Tanya kami';
  /** How often the visitor's typing is passed on while they type (the server throttles too). */
  const TYPING_EVERY_MS = 3_000;
  /** An officer's typing shows this long after their last "typing" (the console repeats it while they type). */
  const OFFICER_TYPING_MS = 8_000;

  // ---------------------------------------------------------------- configuration

  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => /\/widget\.js(\?|#|$)/.test(s.src)) ??
    null;
  const attr = (name: string): string | undefined => script?.getAttribute(name)?.trim() || undefined;

  const hubUrl = ((): string => {
    const override = attr('data-hub-url');
    try {
      if (override) return new URL(override, location.href).origin;
      if (script?.src) return new URL(script.src, location.href).origin;
    } catch {
      /* fall through */
    }
    return location.origin;
  })();
  const title = attr('data-title') ?? 'Layanan Bantuan SIPINTER';
  const maxLength = Math.max(1, Number(attr('data-max-length')) || 4000);
  const counterFrom = Math.floor(maxLength * 0.9);

  // ---------------------------------------------------------------- storage (may be blocked)

  const store = (kind: 'local' | 'session') => {
    const get = (): Storage | null => {
      try {
        return kind === 'local' ? window.localStorage : window.sessionStorage;
      } catch {
        return null;
      }
    };
    return {
      get(key: string): string | null {
        try {
          return get()?.getItem(key) ?? null;
        } catch {
          return null;
        }
      },
      set(key: string, value: string | null): void {
        try {
          if (value === null) get()?.removeItem(key);
          else get()?.setItem(key, value);
        } catch {
          /* storage full or blocked: keep going in memory */
        }
      },
    };
  };
  const local = store('local');
  const session = store('session');
  let visitorToken: string | null = local.get(TOKEN_KEY);

  // ---------------------------------------------------------------- helpers

  const uid = (): string => {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    const b = new Uint8Array(16);
    if (c) c.getRandomValues(b);
    else for (let i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  };

  type Attrs = Record<string, string | boolean | undefined>;
  const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === false) continue;
      if (k === 'class') el.className = String(v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    el.append(...children);
    return el;
  };

  const icon = (path: string, size = 24): SVGSVGElement => {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size));
    svg.setAttribute('height', String(size));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', path);
    p.setAttribute('fill', 'currentColor');
    svg.append(p);
    return svg;
  };
  const ICON_CHAT = 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM6 9h12v2H6V9zm8 5H6v-2h8v2zm4-6H6V6h12v2z';
  const ICON_CLOSE = 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z';
  const ICON_SEND =
    'M3.4 20.4 20.85 12.92a1 1 0 0 0 0-1.84L3.4 3.6a.99.99 0 0 0-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z';

  const timeFmt = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });
  const dateFmt = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short' });
  const fullFmt = new Intl.DateTimeFormat('id-ID', { dateStyle: 'full', timeStyle: 'short' });
  const numFmt = new Intl.NumberFormat('id-ID');
  const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
  const shortTime = (d: Date): string => {
    const now = new Date();
    const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
    const t = timeFmt.format(d);
    if (dayKey(d) === dayKey(now)) return t;
    if (dayKey(d) === dayKey(yesterday)) return `Kemarin ${t}`;
    return `${dateFmt.format(d)} ${t}`;
  };

  /** Text with http(s) links made clickable; everything else stays plain text. */
  const linkify = (text: string): Node[] => {
    const out: Node[] = [];
    const re = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;
    let last = 0;
    for (const m of text.matchAll(re)) {
      const i = m.index ?? 0;
      if (i > last) out.push(document.createTextNode(text.slice(last, i)));
      out.push(h('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer' }, m[0]));
      last = i + m[0].length;
    }
    if (last < text.length) out.push(document.createTextNode(text.slice(last)));
    return out;
  };

  const isSender = (s: unknown): s is Sender => s === 'citizen' || s === 'bot' || s === 'agent' || s === 'system';
  const asServerMessage = (raw: unknown): ServerMessage | null => {
    if (!raw || typeof raw !== 'object') return null;
    const m = raw as Record<string, unknown>;
    if (typeof m.id !== 'string' || typeof m.text !== 'string' || !isSender(m.sender)) return null;
    const quickReplies = Array.isArray(m.quickReplies)
      ? (m.quickReplies as unknown[]).filter(
          (q): q is QuickReply => !!q && typeof (q as QuickReply).title === 'string' && (q as QuickReply).title.trim() !== '',
        )
      : undefined;
    const attachments = Array.isArray(m.attachments)
      ? (m.attachments as unknown[]).filter(
          (a): a is FileLink =>
            !!a &&
            typeof (a as FileLink).url === 'string' &&
            typeof (a as FileLink).kind === 'string' &&
            /^(https?:\/\/|\/webchat\/files\/|\/media\/kb\/)/.test((a as FileLink).url),
        )
      : undefined;
    return {
      attachments: attachments?.length ? attachments : undefined,
      id: m.id,
      conversationId: typeof m.conversationId === 'string' ? m.conversationId : '',
      sender: m.sender,
      text: m.text,
      createdAt: typeof m.createdAt === 'string' && !isNaN(Date.parse(m.createdAt)) ? m.createdAt : new Date().toISOString(),
      quickReplies: quickReplies?.length ? quickReplies : undefined,
    };
  };

  const SENDER_NAME: Record<Sender, string> = { citizen: 'Anda', bot: 'Asisten Virtual', agent: 'Petugas', system: 'Info' };

  // ---------------------------------------------------------------- styles

  const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.root {
  --primary: #0a4f8f; --primary-dark: #083d6f; --primary-tint: #e7eff8;
  --text: #1a1f26; --muted: #4d5866; --bg: #f4f6f9; --line: #c9d1dc; --danger: #b3261e;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--text); -webkit-text-size-adjust: 100%;
}
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
:focus { outline: none; }
:focus-visible { outline: 3px solid #111; outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  height: 56px; padding: 0 22px 0 16px; border-radius: 28px; border: 2px solid #fff;
  background: var(--primary); color: #fff; display: inline-flex; align-items: center; gap: 8px;
  font-size: 16px; font-weight: 700; white-space: nowrap;
  box-shadow: 0 6px 18px rgba(10, 30, 60, .35);
  transition: transform .15s ease, background-color .15s ease;
}
.launcher:hover { background: var(--primary-dark); transform: scale(1.05); }
.launcher[hidden] { display: none; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: #c4161c; color: #fff; font-size: 12px; font-weight: 700;
  line-height: 22px; text-align: center; border: 2px solid #fff; box-sizing: content-box;
}
.badge[hidden] { display: none; }
.panel {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483001;
  width: 400px; height: min(640px, calc(100vh - 40px)); max-height: calc(100vh - 40px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 14px; border: 1px solid var(--line);
  box-shadow: 0 12px 40px rgba(10, 30, 60, .28);
  animation: pop .18s ease-out;
}
.panel[hidden] { display: none; }
@keyframes pop { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .panel, .launcher { animation: none; transition: none; } }
@media (max-width: 480px), (max-height: 520px) {
  .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; border: 0; }
  @supports (height: 100dvh) { .panel { height: 100dvh; } }
  .launcher { right: 16px; bottom: 16px; }
}
.header {
  flex: none; display: flex; align-items: center; gap: 8px; padding: 10px 8px 10px 16px;
  background: var(--primary); color: #fff;
}
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 16px; font-weight: 700; line-height: 1.3; overflow-wrap: anywhere; }
.subtitle { margin: 1px 0 0; font-size: 13px; color: #dce8f5; }
.status-dot { display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%; background: #7ee2a8; vertical-align: 1px; }
.status-dot.closed { background: transparent; border: 1.5px solid #dce8f5; }
.subtitle:empty { display: none; }
.close {
  flex: none; width: 44px; height: 44px; border: 0; border-radius: 8px; background: transparent; color: #fff;
  display: grid; place-items: center;
}
.close:hover { background: rgba(255, 255, 255, .16); }
.header :focus-visible { outline-color: #fff; box-shadow: 0 0 0 2px #111; }
.banner { flex: none; margin: 0; padding: 8px 16px; background: #fff4ce; color: #4a3600; font-size: 13px; font-weight: 600; border-bottom: 1px solid #e9d48a; }
.banner:empty { padding: 0; border: 0; }
.log {
  flex: 1; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 16px 12px 8px;
  background: var(--bg); display: flex; flex-direction: column; gap: 4px;
}
.log:focus-visible { outline-offset: -3px; box-shadow: inset 0 0 0 5px #fff; }
.intro {
  margin: 0 auto 10px; max-width: 300px; padding: 10px 14px; text-align: center;
  font-size: 14px; color: var(--muted); background: #fff; border: 1px solid var(--line); border-radius: 10px;
}
.intro strong { color: var(--text); display: block; margin-bottom: 2px; }
.row { position: relative; display: flex; flex-direction: column; align-items: flex-start; max-width: 100%; }
.row.citizen { align-items: flex-end; }
.row.system { align-items: center; margin: 6px 0; }
.row + .row:not(.cont) { margin-top: 8px; }
.who { font-size: 12px; font-weight: 600; color: var(--muted); margin: 0 4px 2px; }
.row.cont .who, .row.citizen .who, .row.system .who { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.bubble {
  position: relative; max-width: 82%; padding: 8px 12px 6px; border-radius: 16px;
  background: #fff; border: 1px solid var(--line); color: var(--text);
}
.row.bot .bubble, .row.agent .bubble { border-top-left-radius: 6px; }
.file-image-link { display: block; width: 220px; max-width: 100%; margin-bottom: 4px; }
.file-image { display: block; width: 100%; height: auto; max-height: 180px; object-fit: contain; border-radius: 8px; background: var(--bg); }
.file-link { display: inline-block; margin: 2px 0 4px; padding: 6px 10px; border: 1px solid var(--primary); border-radius: 8px; color: var(--primary); font-weight: 600; text-decoration: none; }
.file-link:hover, .file-link:focus-visible { background: var(--primary-tint); }
.row.cont.bot .bubble, .row.cont.agent .bubble { border-top-left-radius: 16px; }
.row.agent .bubble { border-color: #8fb3d9; }
.row.citizen .bubble { background: var(--primary); border-color: var(--primary); color: #fff; border-top-right-radius: 6px; }
.row.citizen.cont .bubble { border-top-right-radius: 16px; }
.row.citizen.failed .bubble { background: #fff; color: var(--text); border: 2px solid var(--danger); }
.row.system .bubble { max-width: 90%; background: transparent; border: 0; padding: 2px 8px; text-align: center; font-size: 13px; color: var(--muted); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; }
.text a { color: var(--primary); text-decoration: underline; }
.row.citizen:not(.failed) .text a { color: #fff; }
.meta { display: flex; justify-content: flex-end; gap: 6px; margin-top: 2px; font-size: 11.5px; color: var(--muted); }
.row.citizen:not(.failed) .meta { color: #dce8f5; }
.row.system .meta { justify-content: center; }
.fail { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 4px 8px; margin: 4px 2px 0; font-size: 13px; color: var(--danger); text-align: right; }
.retry {
  min-height: 44px; padding: 4px 12px; border-radius: 16px; border: 1px solid var(--danger);
  background: #fff; color: var(--danger); font-size: 13px; font-weight: 600;
}
.retry:hover { background: #fdecea; }
.quick { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 4px; padding-left: 2px; }
.quick button {
  min-height: 44px; padding: 8px 16px; border-radius: 22px; border: 1.5px solid var(--primary);
  background: #fff; color: var(--primary); font-size: 14px; font-weight: 600; text-align: left;
}
.quick button:hover { background: var(--primary-tint); }
.typing { flex: none; margin: 0; padding: 4px 16px 6px; font-size: 13px; font-style: italic; color: var(--muted); background: var(--bg); }
.typing:empty { padding: 0; }
.composer { flex: none; display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px 12px; border-top: 1px solid var(--line); background: #fff; }
.field { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.input {
  display: block; width: 100%; min-height: 44px; max-height: 140px; resize: none; margin: 0;
  padding: 10px 12px; border: 1.5px solid #6b7686; border-radius: 12px; background: #fff;
  font-size: 16px; line-height: 1.35;
}
.input::placeholder { color: #5c6675; opacity: 1; }
.input:focus-visible { outline: 3px solid var(--primary); outline-offset: 1px; box-shadow: none; border-color: var(--primary); }
.counter { align-self: flex-end; margin-top: 3px; font-size: 12px; color: var(--muted); }
.counter:empty { display: none; }
.counter.over { color: var(--danger); font-weight: 700; }
.send {
  flex: none; width: 44px; height: 44px; border: 0; border-radius: 50%;
  background: var(--primary); color: #fff; display: grid; place-items: center;
}
.send:hover:not(:disabled) { background: var(--primary-dark); }
.send:disabled { background: #d5dae1; color: #6b7686; cursor: not-allowed; }
@media (forced-colors: active) {
  .bubble, .launcher, .send, .quick button, .retry { border: 1px solid CanvasText; }
  :focus-visible { outline: 3px solid Highlight; }
}
`;

  // ---------------------------------------------------------------- DOM

  const host = document.createElement('sipinter-webchat');
  host.setAttribute('style', 'all: initial; position: static;');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = h('style');
  style.textContent = CSS;

  const ids = { panel: 'sw-panel', title: 'sw-title', hint: 'sw-hint', counter: 'sw-counter', input: 'sw-input', badge: 'sw-badge' };

  const badge = h('span', { class: 'badge', id: ids.badge, hidden: true });
  badge.setAttribute('aria-hidden', 'true');
  // A short visible label (an icon alone says little); the accessible name starts with it.
  const launcher = h(
    'button',
    { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': ids.panel },
    icon(ICON_CHAT, 24),
    h('span', {}, LAUNCHER_LABEL),
    badge,
  );

  // Filled from /widget/welcome: open (green dot) or when the office opens again.
  const subtitle = h('p', { class: 'subtitle' });
  const closeBtn = h('button', { type: 'button', class: 'close', 'aria-label': 'Tutup obrolan' }, icon(ICON_CLOSE));
  const header = h('div', { class: 'header' }, h('div', { class: 'heading' }, h('h2', { class: 'title', id: ids.title }, title), subtitle), closeBtn);
  const banner = h('p', { class: 'banner', role: 'status' });
  const intro = h(
    'div',
    { class: 'intro' },
    h('strong', {}, 'Selamat datang!'),
    'Tanyakan apa saja seputar perizinan dan layanan DPMPTSP Kabupaten Tangerang.',
  );
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Percakapan', tabindex: '0' }, intro);
  const quick = h('div', { class: 'quick', role: 'group', 'aria-label': 'Pilihan balasan cepat' });
  const typingNote = h('p', { class: 'typing', 'aria-live': 'polite' });

  const input = h('textarea', {
    class: 'input',
    id: ids.input,
    rows: '1',
    maxlength: String(maxLength),
    placeholder: 'Tulis pesan…',
    'aria-describedby': `${ids.hint} ${ids.counter}`,
    autocomplete: 'off',
    enterkeyhint: 'send',
  });
  const counter = h('span', { class: 'counter', id: ids.counter });
  const sendBtn = h('button', { type: 'submit', class: 'send', 'aria-label': 'Kirim pesan', disabled: true }, icon(ICON_SEND, 22));
  const form = h(
    'form',
    { class: 'composer', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'sr-only', for: ids.input }, 'Tulis pesan'),
      input,
      h('span', { class: 'sr-only', id: ids.hint }, 'Tekan Enter untuk mengirim, Shift+Enter untuk baris baru.'),
      counter,
    ),
    sendBtn,
  );
  const panel = h(
    'div',
    { class: 'panel', id: ids.panel, role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': ids.title, hidden: true },
    header,
    banner,
    log,
    typingNote,
    form,
  );
  const root = h('aside', { class: 'root', 'aria-label': 'Obrolan bantuan' }, launcher, panel);
  shadow.append(style, root);

  // ---------------------------------------------------------------- state

  const messages: ChatMessage[] = [];
  const byId = new Map<string, ChatMessage>();
  let lastServerId: string | undefined;
  let lastServerTime = '';
  let quickFor: ChatMessage | null = null;
  let unread = 0;
  let socket: IoSocket | null = null;
  let ready = false; // connected and the session is known
  let everReady = false;
  let loadState: 'idle' | 'loading' | 'loaded' = 'idle';
  let bannerTimer: number | undefined;
  /** Whether the current session is a reconnection (its history is news, so it counts as unread). */
  let reconnected = false;

  const setBanner = (text: string, delayMs = 0): void => {
    window.clearTimeout(bannerTimer);
    if (!text || delayMs === 0) banner.textContent = text;
    else bannerTimer = window.setTimeout(() => (banner.textContent = text), delayMs);
  };

  const nearBottom = (): boolean => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const scrollToEnd = (): void => {
    log.scrollTop = log.scrollHeight;
  };
  /** To the end, but never past the start of el: a long reply is read from its first line. */
  const reveal = (el: HTMLElement): void => {
    const start = log.scrollTop + el.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    log.scrollTop = Math.min(log.scrollHeight - log.clientHeight, start);
  };

  const setUnread = (n: number): void => {
    unread = n;
    badge.textContent = n > 99 ? '99+' : String(n);
    badge.hidden = n === 0;
    if (n > 0) launcher.setAttribute('aria-label', `${LAUNCHER_LABEL}, ${n} pesan baru`);
    else launcher.removeAttribute('aria-label');
  };

  // ---------------------------------------------------------------- rendering

  const fileSize = (n?: number): string =>
    !n ? '' : n >= 1024 * 1024 ? ` (${(n / 1024 / 1024).toFixed(1)} MB)` : ` (${Math.max(1, Math.round(n / 1024))} KB)`;

  /** A picture inline (small, loaded when scrolled to), a video as a link button, a file as a download link. */
  const renderFile = (a: FileLink): HTMLElement => {
    const url = a.url.startsWith('/') ? `${hubUrl}${a.url}` : a.url;
    if (a.kind === 'image' && (a.alt || a.url.startsWith('/'))) {
      const img = h('img', { class: 'file-image', src: url, alt: a.alt ?? a.fileName ?? 'Gambar dari petugas', loading: 'lazy', decoding: 'async' });
      return h('a', { class: 'file-image-link', href: url, target: '_blank', rel: 'noopener noreferrer' }, img);
    }
    if (a.kind === 'video')
      return h('a', { class: 'file-link video', href: url, target: '_blank', rel: 'noopener noreferrer' }, `▶ ${a.fileName ?? 'Tonton video'}`);
    return h(
      'a',
      { class: 'file-link', href: url, target: '_blank', rel: 'noopener noreferrer', download: a.fileName ?? '' },
      `Unduh ${a.fileName ?? 'berkas'}${fileSize(a.size)}`,
    );
  };

  const renderMessage = (m: ChatMessage): void => {
    const el = m.el;
    el.className = `row ${m.sender}${m.state === 'failed' ? ' failed' : ''}`;
    el.dataset.sender = m.sender;
    el.dataset.state = m.state;
    if (m.local) el.dataset.local = m.local;
    else if (m.id) el.dataset.id = m.id;
    const when = new Date(m.createdAt);
    const time = h('time', { datetime: m.createdAt, title: fullFmt.format(when) }, shortTime(when));
    const meta = h('div', { class: 'meta' }, time);
    if (m.sender === 'citizen' && m.state === 'pending') {
      meta.append(h('span', { class: 'pending' }, ready ? 'Mengirim…' : 'Menunggu koneksi…'));
    }
    const files = (m.attachments ?? []).map(renderFile);
    // A picture's caption is its alt text: shown once, not twice.
    const caption = m.attachments?.some((a) => a.alt && a.alt === m.text) ? '' : m.text;
    const bubble = h('div', { class: 'bubble' }, ...files, ...(caption ? [h('div', { class: 'text' }, ...linkify(caption))] : []), meta);
    const children: Node[] = [h('span', { class: 'who' }, SENDER_NAME[m.sender]), bubble];
    if (m.state === 'failed') {
      const retry = h('button', { type: 'button', class: 'retry' }, 'Kirim ulang');
      retry.addEventListener('click', () => {
        m.state = 'pending';
        m.error = undefined;
        renderMessage(m);
        send(m);
        input.focus();
      });
      children.push(h('div', { class: 'fail', role: 'alert' }, h('span', {}, h('strong', {}, 'Gagal terkirim.'), m.error ? ` ${m.error}` : ''), retry));
    }
    el.replaceChildren(...children);
  };

  /** Groups consecutive messages of one sender (the name shows once) and keeps quick replies under the last message. */
  const layout = (): void => {
    for (let i = 0; i < messages.length; i++) {
      const prev = messages[i - 1];
      messages[i].el.classList.toggle('cont', !!prev && prev.sender === messages[i].sender && messages[i].sender !== 'system');
    }
    // An answer's pictures and video links come after it as messages of their own: its options stay.
    let k = messages.length - 1;
    while (k > 0 && messages[k].attachments?.length && !messages[k].quickReplies?.length && messages[k].sender === messages[k - 1].sender) k--;
    const last = messages[k];
    const target = last && (last.sender === 'bot' || last.sender === 'agent') && last.quickReplies?.length ? last : null;
    if (target !== quickFor) {
      quickFor = target;
      quick.remove();
      if (target) {
        quick.replaceChildren(
          ...target.quickReplies!.map((q) => {
            const b = h('button', { type: 'button' }, q.title);
            b.addEventListener('click', () => {
              submitText(q.title, q.payload);
              input.focus();
            });
            return b;
          }),
        );
        log.append(quick);
      }
    } else if (quickFor && quick.parentNode && log.lastElementChild !== quick) {
      log.append(quick);
    }
  };

  /** Messages show in arrival order, except that one older than a message already shown (a catch-up) goes before it. */
  const insert = (m: ChatMessage): void => {
    let at = m.serverTime ? messages.findIndex((x) => x.serverTime && x.createdAt > m.createdAt) : -1;
    if (at < 0) at = messages.length;
    const before = messages[at];
    messages.splice(at, 0, m);
    if (before) log.insertBefore(m.el, before.el);
    else if (quick.parentNode === log) log.insertBefore(m.el, quick);
    else log.append(m.el);
  };

  const removeMessage = (m: ChatMessage): void => {
    const i = messages.indexOf(m);
    if (i >= 0) messages.splice(i, 1);
    m.el.remove();
  };

  const addServerMessage = (s: ServerMessage, countUnread: boolean): void => {
    if (s.createdAt >= lastServerTime) {
      lastServerTime = s.createdAt;
      lastServerId = s.id;
    }
    const known = byId.get(s.id);
    if (known) {
      if (s.quickReplies && !known.quickReplies) known.quickReplies = s.quickReplies;
      return;
    }
    const stick = nearBottom();
    const m: ChatMessage = {
      id: s.id,
      sender: s.sender,
      text: s.text,
      createdAt: s.createdAt,
      serverTime: true,
      quickReplies: s.quickReplies,
      attachments: s.attachments,
      state: 'sent',
      attempt: 0,
      el: h('div'),
    };
    byId.set(s.id, m);
    renderMessage(m);
    insert(m);
    if (countUnread && s.sender !== 'citizen' && panel.hidden) setUnread(unread + 1);
    if (s.sender === 'agent') showOfficerTyping(false);
    layout();
    if (s.sender === 'citizen') scrollToEnd();
    else if (stick) reveal(m.el);
  };

  /** The bot's greeting and menu, shown on open before anything is stored; tapping a button or writing starts the conversation. */
  let greeting: ChatMessage | null = null;
  const showGreeting = (text: string, quickReplies: QuickReply[]): void => {
    if (greeting) return;
    const stick = nearBottom();
    greeting = {
      sender: 'bot',
      local: 'greeting',
      text,
      createdAt: new Date().toISOString(),
      serverTime: false,
      quickReplies: quickReplies.length ? quickReplies : undefined,
      state: 'sent',
      attempt: 0,
      el: h('div'),
    };
    renderMessage(greeting);
    intro.remove();
    // Always first: it is what the chat starts with, whatever the history brings.
    messages.unshift(greeting);
    log.prepend(greeting.el);
    layout();
    if (stick) reveal(greeting.el);
  };

  /** A line from the widget itself (not a stored message), placed by time among the messages. */
  const addNotice = (key: string, text: string, at: string): void => {
    if (byId.has(key)) return;
    const stick = nearBottom();
    const m: ChatMessage = { id: key, local: 'notice', sender: 'system', text, createdAt: at, serverTime: true, state: 'sent', attempt: 0, el: h('div') };
    byId.set(key, m);
    renderMessage(m);
    insert(m);
    layout();
    if (stick) scrollToEnd();
  };

  let officerTypingTimer: number | undefined;
  const showOfficerTyping = (on: boolean): void => {
    window.clearTimeout(officerTypingTimer);
    if (on) officerTypingTimer = window.setTimeout(() => showOfficerTyping(false), OFFICER_TYPING_MS);
    const text = on ? 'Petugas sedang mengetik…' : '';
    if (typingNote.textContent === text) return;
    // the line takes room from the log: keep a reader at the bottom there
    const stick = nearBottom();
    typingNote.textContent = text;
    if (stick) scrollToEnd();
  };

  // ---------------------------------------------------------------- sending

  const send = (m: ChatMessage): void => {
    if (!socket || !ready) return; // stays pending; flushed when the session is ready
    const attempt = ++m.attempt;
    const body = { clientMessageId: m.clientMessageId, text: m.text, ...(m.replyPayload ? { replyPayload: m.replyPayload } : {}) };
    socket.timeout(ACK_TIMEOUT_MS).emit('message', body, (err, res) => {
      if (attempt !== m.attempt || m.state !== 'pending') return;
      if (err || !res) {
        if (!ready) return; // the connection dropped: resent on reconnect
        m.state = 'failed';
        m.error = 'Server tidak menanggapi, silakan coba lagi.';
      } else if (res.ok && typeof res.messageId === 'string') {
        const dup = byId.get(res.messageId);
        if (dup && dup !== m) {
          // history already brought this message in
          removeMessage(m);
          layout();
          return;
        }
        m.id = res.messageId;
        byId.set(m.id, m);
        m.state = 'sent';
      } else {
        m.state = 'failed';
        m.error = typeof res.error === 'string' ? res.error : 'Pesan belum terkirim, silakan coba lagi.';
      }
      const stick = nearBottom();
      renderMessage(m);
      layout();
      if (stick) scrollToEnd();
    });
  };

  const submitText = (raw: string, replyPayload?: string): boolean => {
    const text = raw.trim();
    if (!text || text.length > maxLength) return false;
    typingSentAt = 0; // the message ends the typing, on the server too
    const m: ChatMessage = {
      clientMessageId: uid(),
      replyPayload,
      sender: 'citizen',
      text,
      createdAt: new Date().toISOString(),
      serverTime: false,
      state: 'pending',
      attempt: 0,
      el: h('div'),
    };
    renderMessage(m);
    insert(m);
    layout();
    scrollToEnd();
    ensureStarted();
    send(m);
    return true;
  };

  const updateComposer = (): void => {
    const len = input.value.length;
    const trimmed = input.value.trim().length;
    sendBtn.disabled = trimmed === 0 || len > maxLength;
    if (len >= counterFrom) {
      counter.textContent = `${numFmt.format(len)}/${numFmt.format(maxLength)}`;
      counter.title = `${numFmt.format(Math.max(0, maxLength - len))} karakter tersisa`;
      counter.classList.toggle('over', len >= maxLength);
    } else {
      counter.textContent = '';
    }
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 3, 140)}px`;
  };

  const submitComposer = (): void => {
    if (submitText(input.value)) {
      input.value = '';
      updateComposer();
    }
    input.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitComposer();
  });
  /** The visitor's typing, for the officers: a start every few seconds while they type, a stop when they clear or leave the box. */
  let typingSentAt = 0;
  const sendTyping = (on: boolean): void => {
    if (!socket || !ready) return;
    const now = Date.now();
    if (on ? now - typingSentAt < TYPING_EVERY_MS : typingSentAt === 0) return;
    typingSentAt = on ? now : 0;
    socket.emit('typing', { typing: on });
  };
  input.addEventListener('input', () => {
    updateComposer();
    sendTyping(input.value.trim() !== '');
  });
  input.addEventListener('blur', () => sendTyping(false));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitComposer();
    }
  });

  // ---------------------------------------------------------------- connection

  const history = (): void => {
    if (!socket || !ready) return;
    const after = lastServerId;
    const catchUp = reconnected;
    socket.timeout(ACK_TIMEOUT_MS).emit('history', after ? { afterMessageId: after } : {}, (err, res) => {
      if (err || !res) return;
      if (!res.ok) {
        // the last known message is gone (or unknown to this visitor): fetch everything, dedupe does the rest
        if (after && lastServerId === after) {
          lastServerId = undefined;
          lastServerTime = '';
          history();
        }
        return;
      }
      const stick = nearBottom();
      for (const raw of res.messages ?? []) {
        const s = asServerMessage(raw);
        if (s) addServerMessage(s, catchUp);
      }
      if (stick || !catchUp) scrollToEnd();
    });
  };
  const flushPending = (): void => {
    for (const m of messages) if (m.sender === 'citizen' && m.state === 'pending') send(m);
  };

  const connect = (io: IoFactory): void => {
    const s = io(`${hubUrl}/webchat`, {
      auth: (cb: (a: Record<string, string>) => void) => cb(visitorToken ? { visitorToken } : {}),
      reconnectionDelay: 1000,
      reconnectionDelayMax: 8000,
      // A WebSocket at once saves the polling handshake's round trips (seconds on a slow phone network);
      // where a proxy refuses it, long polling takes over.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    socket = s;
    setBanner('Menghubungkan…', 1500);
    s.on('session', (raw: unknown) => {
      const sess = raw as { visitorToken?: unknown } | null;
      if (sess && typeof sess.visitorToken === 'string') {
        visitorToken = sess.visitorToken;
        local.set(TOKEN_KEY, visitorToken);
      }
      reconnected = everReady;
      ready = true;
      everReady = true;
      setBanner('');
      for (const m of messages) if (m.state === 'pending') renderMessage(m);
      history();
      flushPending();
    });
    s.on('message', (raw: unknown) => {
      const m = asServerMessage(raw);
      if (m) addServerMessage(m, true);
    });
    s.on('typing', (raw: unknown) => showOfficerTyping(!!raw && (raw as { typing?: unknown }).typing === true));
    s.on('conversation.resolved', (raw: unknown) => {
      const r = raw as { conversationId?: unknown; resolvedAt?: unknown } | null;
      if (!r || typeof r.conversationId !== 'string') return;
      const at = typeof r.resolvedAt === 'string' && !isNaN(Date.parse(r.resolvedAt)) ? r.resolvedAt : new Date().toISOString();
      showOfficerTyping(false);
      addNotice(
        `resolved:${r.conversationId}`,
        'Petugas telah menyelesaikan percakapan ini. Bila masih ada pertanyaan, tulis saja di sini untuk memulai percakapan baru.',
        at,
      );
      if (panel.hidden) setUnread(unread + 1);
    });
    // why the server is about to close the socket, so the reason stays on screen until the retry
    let refusal: { error: string; retryAfterMs: number } | null = null;
    s.on('error_message', (raw: unknown) => {
      const e = raw as { error?: unknown; retryAfterMs?: unknown } | null;
      if (e && typeof e.error === 'string') {
        setBanner(e.error);
        refusal = { error: e.error, retryAfterMs: typeof e.retryAfterMs === 'number' ? e.retryAfterMs : 0 };
      }
    });
    s.on('disconnect', (reason: string) => {
      ready = false;
      for (const m of messages) if (m.state === 'pending') renderMessage(m);
      const closedByServer = reason === 'io server disconnect';
      setBanner(closedByServer && refusal ? refusal.error : everReady ? 'Menghubungkan kembali…' : 'Menghubungkan…');
      // the server closed this socket (busy, or too many new sessions): socket.io does not retry on its own then
      if (closedByServer) window.setTimeout(() => s.connect(), Math.min(Math.max(5000, refusal?.retryAfterMs ?? 0), 3_600_000));
      refusal = null;
    });
    s.on('connect_error', () => {
      ready = false;
      setBanner(everReady ? 'Menghubungkan kembali…' : 'Menghubungkan…');
    });
  };

  // socket.io's client (about 15 KB compressed) is fetched when the page is idle or the chat opens,
  // never in the page's critical path; connecting waits for the open (or a returning visitor).
  let loadRetry = 2000;
  let wantSocket = false;
  const loadIo = (): void => {
    if (loadState !== 'idle' || typeof w.io === 'function') return;
    loadState = 'loading';
    const tag = document.createElement('script');
    tag.src = `${hubUrl}/socket.io/socket.io.min.js`;
    tag.async = true;
    tag.onload = () => {
      loadState = typeof w.io === 'function' ? 'loaded' : 'idle';
      if (!wantSocket) return;
      if (loadState === 'loaded') ensureStarted();
      else setBanner('Layanan obrolan tidak dapat dimuat.');
    };
    tag.onerror = () => {
      tag.remove();
      loadState = 'idle';
      if (!wantSocket) return; // only prefetched: the open tries again
      setBanner('Layanan obrolan tidak dapat dimuat. Mencoba lagi…');
      window.setTimeout(loadIo, loadRetry);
      loadRetry = Math.min(loadRetry * 2, 30_000);
    };
    document.head.append(tag);
  };
  const ensureStarted = (): void => {
    wantSocket = true;
    if (socket) return;
    if (typeof w.io === 'function') {
      loadState = 'loaded';
      connect(w.io);
      return;
    }
    setBanner('Menghubungkan…', 1500);
    loadIo();
  };

  // What the chat shows on open (the bot's greeting and menu, the office's hours); asked once, stores nothing.
  let welcome: 'idle' | 'loading' | 'done' = 'idle';
  const loadWelcome = (): void => {
    if (welcome !== 'idle' || typeof fetch !== 'function') return;
    welcome = 'loading';
    fetch(`${hubUrl}/widget/welcome`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((raw: unknown) => {
        welcome = 'done';
        const wl = raw as { greeting?: { text?: unknown; quickReplies?: unknown }; office?: { open?: unknown; label?: unknown } } | null;
        const office = wl?.office;
        if (office && typeof office.label === 'string') {
          subtitle.replaceChildren(h('span', { class: `status-dot${office.open === true ? '' : ' closed'}`, 'aria-hidden': 'true' }), office.label);
        }
        const g = wl?.greeting && asServerMessage({ id: 'greeting', sender: 'bot', ...wl.greeting });
        if (g) showGreeting(g.text, g.quickReplies ?? []);
      })
      .catch(() => {
        welcome = 'idle'; // the static welcome stays; the next open asks again
      });
  };
  const whenIdle = (fn: () => void): void => {
    const ric = (window as unknown as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    if (ric) ric(fn, { timeout: 4000 });
    else window.setTimeout(fn, 1500);
  };

  // ---------------------------------------------------------------- open / close

  const open = (focus = true): void => {
    if (!panel.hidden) return;
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    session.set(OPEN_KEY, '1');
    setUnread(0);
    loadWelcome();
    ensureStarted();
    updateComposer();
    scrollToEnd();
    if (focus) input.focus();
  };
  const close = (): void => {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    session.set(OPEN_KEY, null);
    launcher.focus();
  };

  launcher.addEventListener('click', () => open());
  closeBtn.addEventListener('click', close);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  });

  w.SipinterWebchat = { open: () => open(), close };

  const mount = (): void => {
    document.body.append(host);
    if (attr('data-open') === 'true' || session.get(OPEN_KEY) === '1') open(false);
    else
      whenIdle(() => {
        loadWelcome();
        // a returning visitor connects so replies from an officer show up (with a badge); a new one only fetches the client
        if (visitorToken) ensureStarted();
        else loadIo();
      });
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
