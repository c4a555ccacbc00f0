import type { ChannelDefinition } from '../../src/hub/ports';
import { MESSENGER_CHANNEL } from './messenger.adapter';
import { loadMessengerConfig, messengerConfigDocs } from './messenger.config';
import { MessengerModule } from './messenger.module';

export const messengerChannel: ChannelDefinition = {
  folder: 'messenger',
  channel: MESSENGER_CHANNEL,
  label: 'Messenger',
  module: MessengerModule,
  config: { title: 'Facebook Messenger', docs: messengerConfigDocs, check: loadMessengerConfig },
};
