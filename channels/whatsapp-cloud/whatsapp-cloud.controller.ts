import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Logger,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WhatsappCloudAdapter } from './whatsapp-cloud.adapter';
import { MalformedWebhookError, parseWhatsappWebhook, ParsedWebhook } from './whatsapp-cloud.normalize';
import { WhatsappMediaService } from './whatsapp-media.service';
import { WhatsappStatusService } from './whatsapp-status.service';

/** Meta's webhook: nothing from the body is used before the signature matches. */
@ApiExcludeController()
@Controller('channels/whatsapp-cloud')
export class WhatsappCloudController {
  private readonly log = new Logger('WhatsappCloudWebhook');

  constructor(
    private readonly adapter: WhatsappCloudAdapter,
    private readonly media: WhatsappMediaService,
    private readonly statuses: WhatsappStatusService,
  ) {}

  @Get('webhook')
  verify(@Query('hub.mode') mode: unknown, @Query('hub.verify_token') token: unknown, @Query('hub.challenge') challenge: unknown, @Res() res: Response): void {
    const echo = this.adapter.verifyHandshake(mode, token, challenge);
    if (echo === null) throw new ForbiddenException('verification failed');
    res.status(200).type('text/plain').send(echo);
  }

  @Post('webhook')
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>, @Headers('x-hub-signature-256') signature: string | undefined): Promise<void> {
    if (!this.adapter.enabled) throw new NotFoundException();
    const check = this.adapter.verifySignature(req.rawBody, signature);
    if (check === 'missing') throw new UnauthorizedException('X-Hub-Signature-256 required');
    if (check === 'invalid') throw new ForbiddenException('invalid signature');
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('expected a JSON object');
    let parsed: ParsedWebhook;
    try {
      parsed = parseWhatsappWebhook(body, this.adapter.cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID);
    } catch (err) {
      // Signed by Meta yet not the documented shape: redelivering it cannot help, and nothing of it is stored.
      if (err instanceof MalformedWebhookError) {
        this.log.warn(`malformed webhook refused: ${err.message.slice(0, 500)}`);
        throw new BadRequestException('not a WhatsApp webhook payload');
      }
      throw err;
    }
    if (parsed.malformed.length) this.log.warn(`malformed items skipped: ${parsed.malformed.join(' | ').slice(0, 500)}`);
    try {
      // Files are fetched by a background job: the answer never waits for Meta's media server.
      for (const m of parsed.messages) await this.media.accept(m);
      for (const s of parsed.statuses) await this.statuses.enqueue(s);
    } catch (err) {
      // Not acknowledged: Meta delivers the whole call again, and the dedupe keys absorb what was already queued.
      this.log.warn(`webhook not queued: ${(err as Error).message}`);
      throw new ServiceUnavailableException('try again');
    }
  }
}
