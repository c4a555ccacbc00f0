import type { PhoneCallEvent } from '../../src/hub/ports';

/** An AMI event as asterisk-manager gives it: keys lower-cased, values strings. */
export type AmiEvent = Record<string, unknown>;

interface OpenCall {
  from: string;
  startedAt: Date;
  rung: boolean;
  answered: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** "PJSIP/201-0000002a" or "SIP/201-00000001" → "201"; the dialled peer of a DialBegin. */
export function extensionOf(e: AmiEvent): string | null {
  const dest = /^[A-Za-z0-9]+\/([^-@/]+)/.exec(str(e.destchannel));
  if (dest) return dest[1];
  const dial = /^([0-9*#]{2,20})$/.exec(str(e.dialstring));
  return dial ? dial[1] : null;
}

/**
 * Turns Asterisk's channel events into the call log's events, for incoming
 * calls: Newchannel (the call's first channel, Uniqueid = Linkedid) starts a
 * call; DialBegin to an officer's extension is "ringing" (the screen pop);
 * DialEnd with DialStatus ANSWER is "answered"; the first channel's Hangup is
 * "ended" (the hub counts one never answered as missed). The Linkedid is the
 * call id. Pure: the AMI client feeds it and reports what it returns.
 */
export class AmiCallTracker {
  private readonly open = new Map<string, OpenCall>();

  constructor(private readonly trunkContexts: readonly string[] = []) {}

  get openCalls(): number {
    return this.open.size;
  }

  handle(e: AmiEvent, now = new Date()): PhoneCallEvent[] {
    const name = str(e.event).toLowerCase();
    const linkedid = str(e.linkedid) || str(e.uniqueid);
    if (!linkedid) return [];
    const at = timestampOf(e) ?? now;
    if (name === 'newchannel') {
      if (str(e.uniqueid) !== linkedid || this.open.has(linkedid)) return [];
      if (this.trunkContexts.length && !this.trunkContexts.includes(str(e.context))) return [];
      // Bounded: a PBX whose hangups we never hear about must not grow this forever.
      if (this.open.size >= 10_000) this.open.delete(this.open.keys().next().value as string);
      this.open.set(linkedid, { from: str(e.calleridnum), startedAt: at, rung: false, answered: false });
      return [];
    }
    const call = this.open.get(linkedid);
    if (!call) return [];
    const base = { source: 'ami' as const, callId: linkedid, from: call.from };
    if (name === 'dialbegin' && !call.rung) {
      const extension = extensionOf(e);
      if (!extension) return [];
      call.rung = true;
      return [{ ...base, event: 'ringing', extension, to: str(e.exten) || null, at: call.startedAt }];
    }
    if (name === 'dialend' && str(e.dialstatus).toUpperCase() === 'ANSWER' && !call.answered) {
      call.answered = true;
      return [{ ...base, event: 'answered', extension: extensionOf(e), at }];
    }
    if (name === 'hangup' && str(e.uniqueid) === linkedid) {
      this.open.delete(linkedid);
      return [{ ...base, event: 'ended', at }];
    }
    return [];
  }
}

/** AMI's "Timestamp: 1700000000.123456" (timestampevents = yes in manager.conf). */
function timestampOf(e: AmiEvent): Date | null {
  const t = Number(str(e.timestamp));
  return Number.isFinite(t) && t > 1e9 ? new Date(Math.round(t * 1000)) : null;
}
