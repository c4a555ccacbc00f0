import { io, Socket } from 'socket.io-client';

export interface ServerMessage {
  id: string;
  conversationId: string;
  sender: string;
  text: string;
  createdAt: string;
  quickReplies?: { payload: string; title: string }[];
}

/** A real socket.io client speaking the web chat contract. */
export class WebchatClient {
  readonly socket: Socket;
  readonly received: ServerMessage[] = [];
  session?: { visitorToken: string; conversationId: string };
  private sessionReady: Promise<void>;

  constructor(baseUrl: string, visitorToken?: string) {
    this.socket = io(`${baseUrl}/webchat`, { transports: ['websocket'], auth: visitorToken ? { visitorToken } : {}, reconnection: false, forceNew: true });
    this.socket.on('message', (m: ServerMessage) => this.received.push(m));
    this.sessionReady = new Promise((res, rej) => {
      this.socket.once('session', (s) => {
        this.session = s;
        res();
      });
      this.socket.once('connect_error', rej);
    });
  }

  ready(): Promise<void> {
    return this.sessionReady;
  }

  send(payload: unknown): Promise<{ ok: boolean; messageId?: string; error?: string }> {
    return this.socket.timeout(10_000).emitWithAck('message', payload);
  }

  history(afterMessageId?: string): Promise<{ ok: boolean; messages?: (ServerMessage & { sender: string })[]; error?: string }> {
    return this.socket.timeout(10_000).emitWithAck('history', afterMessageId ? { afterMessageId } : {});
  }

  async waitFor(pred: (m: ServerMessage) => boolean, timeoutMs = 15_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.received.map((m) => m.text.slice(0, 60)))}`);
  }

  close(): void {
    this.socket.close();
  }
}
