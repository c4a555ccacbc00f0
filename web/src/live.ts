import { io, Socket } from 'socket.io-client';
import { auth } from './api';

/** The console's live connection (socket.io namespace /console). */
export type LiveState = 'connecting' | 'online' | 'offline';
type Handler = (event: string, payload: unknown) => void;

let socket: Socket | null = null;
let state: LiveState = 'offline';
let everConnected = false;
const handlers = new Set<Handler>();
const stateListeners = new Set<(s: LiveState) => void>();
const resyncListeners = new Set<() => void>();
/** Conversations open on screen: watched again after every reconnect. */
const watched = new Set<string>();

function setState(s: LiveState): void {
  state = s;
  for (const l of stateListeners) l(s);
}

export const live = {
  get state(): LiveState {
    return state;
  },
  start(): void {
    if (socket) return;
    setState('connecting');
    const s = io('/console', {
      transports: ['websocket'],
      auth: (cb) => cb({ token: auth.token ?? '' }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    socket = s;
    s.on('connect', () => {
      setState('online');
      for (const id of watched) s.emit('watch', { conversationId: id });
      // Back within the server's recovery window, missed events are replayed;
      // after a longer drop every view refetches what it shows.
      if (everConnected && !s.recovered) for (const l of resyncListeners) l();
      everConnected = true;
    });
    s.on('disconnect', (reason) => {
      setState('offline');
      // The server closed us (token expired or revoked): refresh, then come back.
      if (reason === 'io server disconnect') void reauth();
    });
    s.on('connect_error', () => {
      setState('offline');
      // A refused handshake is not retried by socket.io itself.
      if (!s.active) void reauth();
    });
    s.onAny((event: string, payload: unknown) => {
      for (const h of handlers) h(event, payload);
    });
  },
  stop(): void {
    socket?.close();
    socket = null;
    everConnected = false;
    setState('offline');
  },
  on(h: Handler): () => void {
    handlers.add(h);
    return () => handlers.delete(h);
  },
  onState(l: (s: LiveState) => void): () => void {
    stateListeners.add(l);
    return () => stateListeners.delete(l);
  },
  onResync(l: () => void): () => void {
    resyncListeners.add(l);
    return () => resyncListeners.delete(l);
  },
  watch(conversationId: string): void {
    watched.add(conversationId);
    if (socket?.connected) socket.emit('watch', { conversationId });
  },
  unwatch(conversationId: string): void {
    watched.delete(conversationId);
    if (socket?.connected) socket.emit('unwatch', { conversationId });
  },
  emit(event: string, payload: unknown): void {
    if (socket?.connected) socket.emit(event, payload);
  },
};

// A refreshed access token extends the live session without reconnecting.
auth.onChange((signedIn) => {
  if (signedIn && socket?.connected && auth.token) socket.emit('reauth', { token: auth.token });
});

let reauthTimer: ReturnType<typeof setTimeout> | undefined;
async function reauth(): Promise<void> {
  if (reauthTimer) return;
  const ok = await auth.refresh();
  if (!ok) {
    if (!auth.signedIn) return; // signed out: App shows the login screen
  }
  reauthTimer = setTimeout(
    () => {
      reauthTimer = undefined;
      if (socket && !socket.connected) socket.connect();
    },
    ok ? 0 : 3000,
  );
}
