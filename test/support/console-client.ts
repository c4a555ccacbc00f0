/* eslint-disable @typescript-eslint/no-explicit-any -- test helper: responses and event payloads are checked by the tests themselves */
import { io, Socket } from 'socket.io-client';

export const DEMO_PASSWORD = 'demo-sipinter-2025';
export const DEMO = {
  admin: 'admin@demo.sipinter.id',
  supervisor: 'supervisor@demo.sipinter.id',
  agent: 'agen@demo.sipinter.id',
  counter: 'loket@demo.sipinter.id',
  agency: 'pupr@demo.sipinter.id',
} as const;

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string; teamIds: string[]; name: string };
}

export interface ApiResult<T = any> {
  status: number;
  body: T;
}

/** A signed-in officer talking to the REST API. */
export class ConsoleApi {
  constructor(
    readonly baseUrl: string,
    readonly session: Session,
  ) {}

  static async login(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<ConsoleApi> {
    const r = await call(baseUrl, 'POST', '/api/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return new ConsoleApi(baseUrl, r.body as Session);
  }

  get userId(): string {
    return this.session.user.id;
  }

  req<T = any>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    return call(this.baseUrl, method, path, body, this.session.accessToken);
  }

  get<T = any>(path: string) {
    return this.req<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.req<T>('POST', path, body ?? {});
  }

  /** A console socket on some api process (not necessarily the one that issued the token). */
  socket(url = this.baseUrl, opts: { reconnection?: boolean } = {}): ConsoleSocket {
    return new ConsoleSocket(url, this.session.accessToken, opts.reconnection ?? false);
  }
}

export async function call(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<ApiResult> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

export interface ReceivedEvent {
  event: string;
  payload: any;
  at: number;
}

/** A real socket.io client of the /console namespace that records every event. */
export class ConsoleSocket {
  readonly socket: Socket;
  readonly events: ReceivedEvent[] = [];
  readonly connected: Promise<void>;

  constructor(baseUrl: string, token: string | undefined, reconnection: boolean) {
    this.socket = io(`${baseUrl}/console`, {
      transports: ['websocket'],
      auth: token ? { token } : {},
      reconnection,
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      forceNew: true,
    });
    this.socket.onAny((event: string, payload: unknown) => this.events.push({ event, payload, at: Date.now() }));
    this.connected = new Promise((res, rej) => {
      this.socket.once('ready', () => res());
      this.socket.once('connect_error', (e) => rej(e));
    });
  }

  emit<T = any>(event: string, payload: unknown): Promise<T> {
    return this.socket.timeout(10_000).emitWithAck(event, payload);
  }

  async waitFor(event: string, pred: (p: any) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.events.find((e) => e.event === event && pred(e.payload));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${event} in ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`);
  }

  close(): void {
    this.socket.close();
  }
}
