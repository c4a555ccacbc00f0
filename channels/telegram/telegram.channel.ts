import type { ChannelDefinition } from '../../src/hub/ports';
import { TELEGRAM_CHANNEL } from './telegram.normalize';
import { loadTelegramConfig, telegramConfigDocs } from './telegram.config';
import { TelegramModule } from './telegram.module';

export const telegramChannel: ChannelDefinition = {
  folder: 'telegram',
  channel: TELEGRAM_CHANNEL,
  label: 'Telegram',
  module: TelegramModule,
  config: { title: 'Telegram', docs: telegramConfigDocs, check: loadTelegramConfig },
};
