import type { ChannelDefinition } from '../../src/hub/ports';
import { WHATSAPP_CHANNEL } from '../whatsapp';
import { loadWhatsappWebConfig, whatsappWebConfigDocs } from './whatsapp-web.config';
import { WhatsappWebModule } from './whatsapp-web.module';

/** The other transport of the channel 'whatsapp' (WHATSAPP_TRANSPORT=web). */
export const whatsappWebChannel: ChannelDefinition = {
  folder: 'whatsapp-web',
  channel: WHATSAPP_CHANNEL,
  label: 'WhatsApp',
  module: WhatsappWebModule,
  config: { title: 'WhatsApp Web (whatsapp-web.js)', docs: whatsappWebConfigDocs, check: loadWhatsappWebConfig },
};
