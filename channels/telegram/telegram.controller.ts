import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Logger,
  NotFoundException,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Update } from 'telegraf/types';
import { TelegramAdapter } from './telegram.adapter';

/** Telegram's webhook calls. Nothing is read from the update before the secret matches. */
@ApiExcludeController()
@Controller('channels/telegram')
export class TelegramController {
  private readonly log = new Logger('TelegramWebhook');

  constructor(private readonly adapter: TelegramAdapter) {}

  @Post('webhook')
  @HttpCode(200)
  async webhook(@Headers('x-telegram-bot-api-secret-token') secret: string | undefined, @Body() body: unknown): Promise<void> {
    if (!this.adapter.webhookMode) throw new NotFoundException();
    if (!this.adapter.verifySecret(secret)) throw new ForbiddenException('invalid secret token');
    const update = body as Update | undefined;
    if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) throw new BadRequestException('not a Telegram update');
    let outcome: Awaited<ReturnType<TelegramAdapter['processUpdate']>>;
    try {
      outcome = await this.adapter.processUpdate(update);
    } catch (err) {
      // A non-2xx answer makes Telegram deliver the update again later.
      this.log.warn(`update ${update.update_id} not queued: ${(err as Error).message}`);
      throw new ServiceUnavailableException('try again');
    }
    // Delivering it again could never succeed: a 4xx, not a 5xx Telegram redelivers for ever.
    if (outcome === 'malformed') throw new BadRequestException('not a Telegram update');
  }
}
