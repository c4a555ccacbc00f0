/** A port the hub provides to the bot: telling supervisors about failed verifications. */

/** Failed checks across requesters passed a threshold: what supervisors are told (no NIK, phone or contact). */
export interface VerificationAlert {
  /** 'application': failures on one application; 'overall': failures on all applications together. */
  scope: 'application' | 'overall';
  applicationNumber?: string;
  failures: number;
  /** Distinct requesters among those failures. */
  requesters: number;
  threshold: number;
  windowMinutes: number;
  at: string;
}

/** Where verification alerts go (the supervisors' console). */
export interface VerificationAlertSink {
  raise(alert: VerificationAlert): void;
}

export const VERIFICATION_ALERTS = Symbol('VERIFICATION_ALERTS');
