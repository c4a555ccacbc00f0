import type { ChannelDefinition } from '../../src/hub/ports';
import { WEBCHAT_CHANNEL } from './webchat.adapter';
import { WebchatModule } from './webchat.module';

/** The web chat widget on the SIPINTER site; its settings (WEBCHAT_*) are the hub's own. */
export const webchatChannel: ChannelDefinition = { folder: 'webchat', channel: WEBCHAT_CHANNEL, label: 'Web chat', module: WebchatModule };
