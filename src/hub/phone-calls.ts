/** What a PBX tells the hub about one call, whichever way it arrived (AMI, a cloud PBX's webhook). */
export type PhoneCallEventKind = 'ringing' | 'answered' | 'ended' | 'missed';
export const PHONE_CALL_EVENT_KINDS: PhoneCallEventKind[] = ['ringing', 'answered', 'ended', 'missed'];

export interface PhoneCallEvent {
  /** Which integration saw it: call ids are unique per source only. */
  source: 'ami' | 'webhook';
  callId: string;
  event: PhoneCallEventKind;
  /** The caller's number as the PBX gave it (normalised to E.164 by the hub). */
  from: string;
  to?: string | null;
  /** The officer's extension that rings or answered, when the PBX knows it. */
  extension?: string | null;
  at: Date;
}

/**
 * The call center's port: the phone channel reports call events, the hub
 * keeps the call log, pops the caller's contact up in the console of the
 * officer whose extension rings, and queues missed calls for a call-back.
 */
export abstract class PhoneCalls {
  /** Idempotent per (source, callId, event): a repeated event changes nothing and returns duplicate. */
  abstract record(e: PhoneCallEvent): Promise<{ duplicate: boolean }>;
}
