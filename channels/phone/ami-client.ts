import { Logger } from '@nestjs/common';
import Manager, { type AsteriskManager } from 'asterisk-manager';
import type { PhoneCallEvent } from '../../src/hub/ports';
import { AmiCallTracker, type AmiEvent } from './ami-calls';
import type { PhoneConfig } from './phone.config';

/**
 * The office PBX's Asterisk Manager Interface over TCP (asterisk-manager):
 * logs in, keeps the connection (reconnecting with back-off), and hands each
 * incoming call's events to `report`.
 */
export class AmiClient {
  private readonly log = new Logger('PhoneAmi');
  private ami?: AsteriskManager;
  private readonly tracker: AmiCallTracker;
  state: 'off' | 'connecting' | 'up' | 'down' | 'refused' = 'off';
  detail?: string;
  /** Settles when the events of the last AMI event have been reported (tests wait on it). */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cfg: PhoneConfig,
    private readonly report: (e: PhoneCallEvent) => Promise<unknown>,
  ) {
    this.tracker = new AmiCallTracker(
      cfg.PHONE_AMI_TRUNK_CONTEXTS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }

  start(): void {
    const c = this.cfg;
    if (!c.PHONE_AMI_HOST || !c.PHONE_AMI_USERNAME || !c.PHONE_AMI_SECRET) return;
    this.state = 'connecting';
    // The library logs in as soon as the socket connects (Action: Login, Events: on).
    const ami = Manager(c.PHONE_AMI_PORT, c.PHONE_AMI_HOST, c.PHONE_AMI_USERNAME, c.PHONE_AMI_SECRET, true);
    this.ami = ami;
    ami.keepConnected();
    ami.on('response', (r: AmiEvent) => {
      // The login's answer is the first response; later ones answer our own actions (none today).
      if (this.state !== 'connecting') return;
      if (String(r.response).toLowerCase() === 'success') {
        this.state = 'up';
        this.detail = undefined;
        this.log.log(`logged in to AMI at ${c.PHONE_AMI_HOST}:${c.PHONE_AMI_PORT}`);
      } else {
        this.state = 'refused';
        this.detail = String(r.message ?? 'login refused');
        this.log.error(`AMI login refused: ${this.detail}`);
      }
    });
    ami.on('connect', () => {
      if (this.state !== 'refused') this.state = 'connecting';
    });
    ami.on('close', () => {
      if (this.state !== 'refused') this.state = 'down';
    });
    ami.on('error', (err: Error) => {
      this.detail = err.message;
      this.log.warn(`AMI connection: ${err.message}`);
    });
    ami.on('managerevent', (e: AmiEvent) => {
      for (const ev of this.tracker.handle(e)) {
        this.pending = this.pending.then(() =>
          this.report(ev).catch((err: Error) => this.log.error(`call ${ev.callId} ${ev.event} not logged: ${err.message}`)),
        );
      }
    });
  }

  /** Resolves once every event received so far is in the call log. */
  settled(): Promise<unknown> {
    return this.pending;
  }

  stop(): void {
    this.ami?.disconnect();
    this.ami = undefined;
    this.state = 'off';
  }
}
