import { createServer, Server, Socket } from 'node:net';

export type AmiFields = Record<string, string>;

/**
 * A local stand-in for Asterisk's Manager Interface (AMI), speaking its TCP
 * text protocol: a banner line "Asterisk Call Manager/<version>", then
 * messages of "Key: Value" lines (CRLF) ended by a blank line. Clients send
 * actions (Action: Login with Username/Secret, Ping, Logoff) and get a
 * Response with their ActionID; a logged-in client with events on receives
 * every Event the test emits.
 */
export class FakeAmi {
  readonly username = 'sipinter';
  readonly secret = 'ami-secret-123';
  readonly actions: AmiFields[] = [];
  private server?: Server;
  private readonly clients = new Map<Socket, { loggedIn: boolean; events: boolean }>();
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((s) => this.accept(s));
    await new Promise<void>((res) => this.server!.listen(0, '127.0.0.1', () => res()));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Clients logged in with events on. */
  get listeners(): number {
    return [...this.clients.values()].filter((c) => c.loggedIn && c.events).length;
  }

  /** Sends one Event to every logged-in client that asked for events. */
  emit(fields: AmiFields): void {
    const text = format(fields);
    for (const [s, c] of this.clients) if (c.loggedIn && c.events) s.write(text);
  }

  async stop(): Promise<void> {
    for (const s of this.clients.keys()) s.destroy();
    await new Promise<void>((res) => (this.server ? this.server.close(() => res()) : res()));
  }

  private accept(s: Socket): void {
    const state = { loggedIn: false, events: false };
    this.clients.set(s, state);
    s.setEncoding('utf8');
    s.write('Asterisk Call Manager/5.0.2\r\n');
    let buf = '';
    s.on('data', (chunk: string) => {
      buf += chunk;
      let end: number;
      while ((end = buf.search(/\r?\n\r?\n/)) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end).replace(/^\r?\n\r?\n/, '');
        const fields: AmiFields = {};
        for (const line of block.split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) fields[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        this.onAction(s, state, fields);
      }
    });
    s.on('close', () => this.clients.delete(s));
    s.on('error', () => this.clients.delete(s));
  }

  private onAction(s: Socket, state: { loggedIn: boolean; events: boolean }, a: AmiFields): void {
    this.actions.push(a);
    const id: AmiFields = a.actionid ? { ActionID: a.actionid } : {};
    const action = (a.action ?? '').toLowerCase();
    if (action === 'login') {
      if (a.username === this.username && a.secret === this.secret) {
        state.loggedIn = true;
        state.events = (a.events ?? a.event ?? 'on').toLowerCase() !== 'off';
        s.write(format({ Response: 'Success', ...id, Message: 'Authentication accepted' }));
        s.write(format({ Event: 'FullyBooted', Privilege: 'system,all', Status: 'Fully Booted' }));
      } else {
        s.write(format({ Response: 'Error', ...id, Message: 'Authentication failed' }));
      }
      return;
    }
    if (!state.loggedIn) return void s.write(format({ Response: 'Error', ...id, Message: 'Permission denied' }));
    if (action === 'ping') return void s.write(format({ Response: 'Success', ...id, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) }));
    if (action === 'logoff') {
      s.write(format({ Response: 'Goodbye', ...id, Message: 'Thanks for all the fish.' }));
      return void s.end();
    }
    s.write(format({ Response: 'Error', ...id, Message: 'Invalid/unknown command' }));
  }
}

function format(fields: Record<string, string>): string {
  return (
    Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') + '\r\n'
  );
}

/** The events Asterisk 16+ sends for one incoming trunk call that rings extension `ext` (answered or not). */
export function incomingCall(o: { linkedid: string; from: string; ext: string; did?: string }) {
  const caller = {
    Channel: `PJSIP/trunk-${o.linkedid.replace('.', '')}`,
    CallerIDNum: o.from,
    CallerIDName: '<unknown>',
    Context: 'from-trunk',
    Uniqueid: o.linkedid,
    Linkedid: o.linkedid,
  };
  const dest = { DestChannel: `PJSIP/${o.ext}-0000002a`, DestCallerIDNum: o.ext, DestUniqueid: `${o.linkedid}1`, DestLinkedid: o.linkedid };
  return {
    newchannel: {
      Event: 'Newchannel',
      Privilege: 'call,all',
      ...caller,
      ChannelState: '0',
      ChannelStateDesc: 'Down',
      Exten: o.did ?? '0215550100',
      Priority: '1',
    },
    dialBegin: { Event: 'DialBegin', Privilege: 'call,all', ...caller, ...dest, DialString: o.ext },
    dialEnd: (status: 'ANSWER' | 'NOANSWER' | 'BUSY' | 'CANCEL') => ({ Event: 'DialEnd', Privilege: 'call,all', ...caller, ...dest, DialStatus: status }),
    hangup: { Event: 'Hangup', Privilege: 'call,all', ...caller, Cause: '16', 'Cause-txt': 'Normal Clearing' },
  };
}
