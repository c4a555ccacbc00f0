import type { ChannelDefinition } from '../../src/hub/ports';
import { loadWhatsappCloudConfig, whatsappCloudConfigDocs } from './whatsapp-cloud.config';
import { WhatsappCloudModule } from './whatsapp-cloud.module';
import { WHATSAPP_CHANNEL } from './whatsapp-cloud.normalize';

/** One of the two transports of the channel 'whatsapp' (WHATSAPP_TRANSPORT chooses). */
export const whatsappCloudChannel: ChannelDefinition = {
  folder: 'whatsapp-cloud',
  channel: WHATSAPP_CHANNEL,
  label: 'WhatsApp',
  module: WhatsappCloudModule,
  config: { title: 'WhatsApp Business Cloud API', docs: whatsappCloudConfigDocs, check: loadWhatsappCloudConfig },
};
