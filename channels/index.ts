import { WebchatModule } from './webchat/webchat.module';
import { TelegramModule } from './telegram/telegram.module';
import { WhatsappCloudModule } from './whatsapp-cloud/whatsapp-cloud.module';
import { WhatsappWebModule } from './whatsapp-web/whatsapp-web.module';
import { CounterChannelModule } from './counter/counter.module';

/** Every channel the hub runs. Adding a channel: one folder here and one line below. */
export const CHANNEL_MODULES = [WebchatModule, TelegramModule, WhatsappCloudModule, WhatsappWebModule, CounterChannelModule];
