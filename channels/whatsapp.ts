/**
 * What both WhatsApp transports share (channels/whatsapp-cloud and channels/whatsapp-web): they
 * are one channel, 'whatsapp', and exactly one of them is active.
 */
export const WHATSAPP_CHANNEL = 'whatsapp';

export type WhatsappTransport = 'cloud' | 'web' | 'none';

/** The active transport: WHATSAPP_TRANSPORT, else cloud when a Cloud API token is set. */
export function whatsappTransport(env: NodeJS.ProcessEnv = process.env): WhatsappTransport {
  const t = env.WHATSAPP_TRANSPORT?.trim();
  if (t === 'cloud' || t === 'web' || t === 'none') return t;
  return env.WHATSAPP_CLOUD_TOKEN?.trim() ? 'cloud' : 'none';
}
