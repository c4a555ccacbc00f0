import type { ChannelDefinition } from '../src/hub/ports';
import { counterChannel } from './counter/counter.channel';
import { instagramChannel } from './instagram/instagram.channel';
import { messengerChannel } from './messenger/messenger.channel';
import { phoneChannel } from './phone/phone.channel';
import { telegramChannel } from './telegram/telegram.channel';
import { webchatChannel } from './webchat/webchat.channel';
import { whatsappCloudChannel } from './whatsapp-cloud/whatsapp-cloud.channel';
import { whatsappWebChannel } from './whatsapp-web/whatsapp-web.channel';

/**
 * Every channel folder the hub runs, in this order (also the order of their
 * settings in .env.example). Adding a channel: one folder and one line here
 * (README, "Channels").
 */
export const CHANNELS: readonly ChannelDefinition[] = [
  webchatChannel,
  telegramChannel,
  whatsappCloudChannel,
  whatsappWebChannel,
  messengerChannel,
  instagramChannel,
  counterChannel,
  phoneChannel,
];

export const CHANNEL_MODULES = CHANNELS.map((c) => c.module);
