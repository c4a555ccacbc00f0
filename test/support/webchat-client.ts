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
  private asked = 0;

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

  /** Sends text (a fresh clientMessageId each time) and returns the next message the hub sends back from `sender`. */
  async ask(text: string, sender = 'bot', timeoutMs = 20_000): Promise<ServerMessage> {
    const before = this.received.filter((m) => m.sender === sender).length;
    const ack = await this.send({ clientMessageId: `ask-${++this.asked}-${Date.now()}`, text });
    if (!ack.ok) throw new Error(`message refused: ${ack.error}`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const got = this.received.filter((m) => m.sender === sender);
      if (got.length > before) return got[before];
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${sender} reply to "${text.slice(0, 40)}" in ${timeoutMs} ms`);
  }

  close(): void {
    this.socket.close();
  }
}
