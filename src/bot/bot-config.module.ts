import { Module } from '@nestjs/common';
import { BOT_CONFIG, parseBotConfig } from './bot.config';

/** The bot's typed configuration (env vars, validated at start). */
@Module({ providers: [{ provide: BOT_CONFIG, useFactory: () => parseBotConfig(process.env) }], exports: [BOT_CONFIG] })
export class BotConfigModule {}
