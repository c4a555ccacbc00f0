/** The hub's console REST API, with access-token refresh. */
import type { paths } from './generated/api-types';

/*
 * Request bodies come from the hub's OpenAPI document (web/src/generated, `npm run api:types`),
 * which documents every zod-validated body. Responses are not in the document yet (the
 * controllers return untyped objects), so the response interfaces below are still written by
 * hand; replace them with `components['schemas'][...]` as the hub documents its responses.
 */
type JsonBody<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : Op extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

/** The JSON body the hub accepts for `method path` (path as in the document: `/api/conversations/{id}/refer`). */
export type RequestBody<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = JsonBody<NonNullable<paths[P][M]>>;

type LoginBody = RequestBody<'/api/auth/login', 'post'>;

export type Role = 'admin' | 'supervisor' | 'agent' | 'counter' | 'agency';
export type Status = 'bot' | 'pending' | 'open' | 'resolved';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyCode: string | null;
  teamIds: string[];
  capacity: number;
}

export interface Conversation {
  id: string;
  reference: string;
  contactId: string;
  kind: string;
  status: Status;
  channel: string;
  teamId: string | null;
  assigneeId: string | null;
  subject: string | null;
  labels: string[];
  createdAt: string | null;
  updatedAt: string | null;
  lastMessageAt: string | null;
  waitingSince: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  contact?: { id: string; name: string | null } | null;
  lastMessage?: { sender: string; text: string; createdAt: string; isPrivate: boolean } | null;
  /** Since when the citizen waits for an officer (list and detail reads only; live events leave it out). */
  waitingFrom?: string | null;
  slaState?: { state: 'ok' | 'soon' | 'breached'; target: 'first' | 'resolution'; dueAt: string } | null;
}

export interface Message {
  id: string;
  conversationId: string;
  sender: string;
  text: string;
  createdAt: string;
  direction?: 'in' | 'out';
  channel?: string;
  deliveryStatus?: string;
  deliveryError?: string | null;
  isPrivate?: boolean;
  /** A private note shown to the agencies the conversation is referred to. */
  forAgency?: boolean;
  senderUserId?: string | null;
  quickReplies?: { payload: string; title: string }[];
  attachments?: Attachment[];
}

export interface Attachment {
  kind: 'image' | 'document' | 'audio' | 'video' | 'location' | 'other';
  mimeType?: string;
  fileName?: string;
  size?: number;
  ref?: string;
  latitude?: number;
  longitude?: number;
  /** The vendor's type when kept as-is: 'sticker', 'voice', or one the hub does not understand ('contacts', 'poll'…). */
  rawType?: string;
  durationS?: number;
  /** Outbound: a public address instead of a stored file (a knowledge-base picture, a video link). */
  url?: string;
  alt?: string;
}

export interface Referral {
  id: string;
  conversationId: string;
  agencyCode: string;
  status: 'open' | 'answered' | 'cancelled';
  question: string;
  answer: string | null;
  dueDate: string;
  dueAt: string;
  overdue: boolean;
  createdAt: string;
  answeredAt: string | null;
}

export interface ConversationDetail {
  conversation: Conversation;
  messages: Message[];
  hasEarlier: boolean;
  referrals: Referral[];
  sla: { firstResponseDueAt: string; resolutionDueAt: string; firstResponseBreachedAt: string | null; resolutionBreachedAt: string | null } | null;
}

export interface Team {
  id: string;
  code?: string;
  name: string;
}

export type Presence = 'online' | 'away' | 'offline';

export interface TeamInfo extends Team {
  waiting?: number;
  open?: number;
  sla?: { firstResponseMinutes: number; resolutionMinutes: number; custom: boolean };
  members?: { id: string; name: string; role: Role; capacity: number; presence: Presence }[];
}

export interface Officer {
  id: string;
  name: string;
  email?: string;
  role: Role;
  agencyCode?: string | null;
  teamIds?: string[];
  online?: boolean;
  status?: string;
  openCount?: number;
}

export interface Canned {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  teamId?: string | null;
}

/** A colleague the conversation can be handed to (GET /api/conversations/{id}/assignees). */
export interface Assignee {
  id: string;
  name: string;
  role: Role;
  presence: Presence;
  load: number;
  capacity: number;
}

export interface ContactProfile {
  contact: { id: string; name: string | null; phone: string | null; email: string | null; notes: string | null; createdAt: string; updatedAt: string };
  identities: { id: string; kind: string; externalId: string; displayName: string | null; lastSeenAt: string }[];
  conversations: Conversation[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/**
 * The session: the access token lives in this page's memory only; the refresh
 * token is an httpOnly cookie the hub sets on /api/auth (X-Refresh-Cookie: 1),
 * out of reach of scripts. A new page gets its session back by refreshing.
 */
const COOKIE_MODE = { 'Content-Type': 'application/json', 'X-Refresh-Cookie': '1' };
// Earlier versions kept both tokens in Web Storage: remove what they left behind.
const OLD_STORE = 'sipinter-console-session';
try {
  localStorage.removeItem(OLD_STORE);
  sessionStorage.removeItem(OLD_STORE);
} catch {
  /* storage blocked */
}

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(signedIn: boolean) => void>();

function save(token: string | null): void {
  accessToken = token;
  for (const l of listeners) l(!!token);
}

/**
 * Refreshes one at a time across every tab of the console: each refresh
 * rotates the shared cookie, and the hub takes a rotated cookie sent again as
 * theft (two tabs opened together would end the session). Without the Web
 * Locks API (plain http on a non-local address) tabs just go ahead.
 */
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? (locks.request('sipinter-console-refresh', fn) as Promise<T>) : fn();
}

export const auth = {
  get token(): string | null {
    return accessToken;
  },
  get signedIn(): boolean {
    return !!accessToken;
  },
  onChange(l: (signedIn: boolean) => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  async login(email: string, password: string): Promise<void> {
    const r = await fetch('/api/auth/login', { method: 'POST', headers: COOKIE_MODE, body: JSON.stringify({ email, password } satisfies LoginBody) });
    if (!r.ok) throw await toError(r);
    save(((await r.json()) as { accessToken: string }).accessToken);
  },
  /** A new access token from the cookie; false when there is no session. One refresh at a time. */
  refresh(): Promise<boolean> {
    refreshing ??= oneAtATime(async () => {
      try {
        const r = await fetch('/api/auth/refresh', {
          method: 'POST',
          headers: COOKIE_MODE,
          body: JSON.stringify({} satisfies RequestBody<'/api/auth/refresh', 'post'>),
        });
        if (r.status === 400 || r.status === 401 || r.status === 403) {
          save(null);
          return false;
        }
        if (!r.ok) return false;
        save(((await r.json()) as { accessToken: string }).accessToken);
        return true;
      } catch {
        return false;
      }
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  },
  async logout(): Promise<void> {
    save(null);
    // The hub revokes the session and clears the cookie.
    await fetch('/api/auth/logout', { method: 'POST', headers: COOKIE_MODE, body: JSON.stringify({} satisfies RequestBody<'/api/auth/logout', 'post'>) }).catch(
      () => undefined,
    );
  },
};

/** The page-load attempt to resume a session from the cookie; settles either way. */
export const restored: Promise<boolean> = auth.refresh();

async function toError(r: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await r.json();
  } catch {
    body = undefined;
  }
  const m = (body as { message?: unknown } | undefined)?.message;
  const text = Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : defaultMessage(r.status);
  return new ApiError(r.status, text, body);
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Sesi berakhir. Silakan masuk lagi.';
  if (status === 403) return 'Anda tidak berhak melakukan ini.';
  if (status === 404) return 'Tidak ditemukan.';
  if (status === 429) return 'Terlalu banyak percobaan. Coba lagi sebentar lagi.';
  if (status >= 500) return 'Server sedang bermasalah. Coba lagi.';
  return `Permintaan gagal (${status}).`;
}

/** One request with the access token; on 401 the token is refreshed once and the request repeated. */
async function authorised(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {}): Promise<Response> {
  const send = () => fetch(path, { ...init, headers: { ...init.headers, ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) } });
  let r: Response;
  try {
    r = await send();
    if (r.status === 401 && (await auth.refresh())) r = await send();
  } catch {
    throw new ApiError(0, 'Tidak dapat menghubungi server. Periksa jaringan.');
  }
  if (r.status === 401) save(null);
  if (!r.ok) throw await toError(r);
  return r;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await authorised(path, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (r.status === 204) return undefined as T;
  const type = r.headers.get('content-type') ?? '';
  return (type.includes('json') ? await r.json() : await r.text()) as T;
}

/** A multipart upload (the browser sets the boundary); answers JSON. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  return (await (await authorised(path, { method: 'POST', body: form })).json()) as T;
}

/**
 * A multipart upload that reports its progress (fetch cannot): XMLHttpRequest
 * with the access token, refreshed once on 401 like every other call.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  const once = () =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new ApiError(0, 'Tidak dapat menghubungi server. Periksa jaringan.'));
      xhr.send(form);
    });
  return (async () => {
    let r = await once();
    if (r.status === 401 && (await auth.refresh())) r = await once();
    if (r.status === 401) save(null);
    if (r.status < 200 || r.status >= 300) {
      const m = (r.body as { message?: unknown } | undefined)?.message;
      throw new ApiError(r.status, Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : defaultMessage(r.status), r.body);
    }
    onProgress(1);
    return r.body as T;
  })();
}

/** A file behind the console's auth (a citizen's attachment), as a Blob. */
export async function fetchBlob(path: string): Promise<Blob> {
  return (await authorised(path)).blob();
}

export const qs = (o: Record<string, string | number | boolean | undefined | null>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
