/** The statuses a channel may report for a message the hub sent. */
export type ReportedStatus = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * A channel's word on one outbound message: by the vendor's id (a WhatsApp
 * status callback) or by the hub's own id (a channel that knows at once).
 */
export interface DeliveryReport {
  channel: string;
  externalId?: string;
  messageId?: string;
  status: ReportedStatus;
  /** Why it failed, in the vendor's words (status 'failed'). */
  error?: string;
  at: Date;
}

/**
 * updated: the message moved; stale: it was already at or past that status;
 * unknown: no such message yet (a callback that overtook the sender: retry it).
 */
export type DeliveryReportOutcome = 'updated' | 'stale' | 'unknown';

/**
 * The one door for delivery-status changes: channels report, the hub stores
 * the change and tells the console. Channels never write messages themselves.
 */
export abstract class DeliveryReports {
  abstract report(r: DeliveryReport): Promise<DeliveryReportOutcome>;
}
