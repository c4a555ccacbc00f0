export const INBOUND_QUEUE = 'inbound';
export const outboundQueueName = (channel: string): string => `outbound-${channel}`;

/** BullMQ custom job ids may not contain ':'; channel ids may. */
export function jobIdFor(...parts: string[]): string {
  return parts.map((p) => p.replace(/[:]/g, '_')).join('|');
}
