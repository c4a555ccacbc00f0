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
import { InboundIngress } from '../../src/hub/ports';
import { WhatsappCloudAdapter } from './whatsapp-cloud.adapter';
import { parseWhatsappWebhook, WaWebhook } from './whatsapp-cloud.normalize';
import { WhatsappStatusService } from './whatsapp-status.service';

/** Meta's webhook: nothing from the body is used before the signature matches. */
@ApiExcludeController()
@Controller('channels/whatsapp-cloud')
export class WhatsappCloudController {
  private readonly log = new Logger('WhatsappCloudWebhook');

  constructor(
    private readonly adapter: WhatsappCloudAdapter,
    private readonly ingress: InboundIngress,
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
    const body = req.body as WaWebhook;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('expected a JSON object');
    const parsed = parseWhatsappWebhook(body, this.adapter.cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID);
    // Media first, so the stored message points at the file (a failed download keeps the media id).
    for (const m of parsed.messages) for (const a of m.attachments ?? []) await this.adapter.fetchMedia(a, m.messageId);
    try {
      for (const m of parsed.messages) await this.ingress.accept(m);
      for (const s of parsed.statuses) await this.statuses.enqueue(s);
    } catch (err) {
      // Not acknowledged: Meta delivers the whole call again, and the dedupe keys absorb what was already queued.
      this.log.warn(`webhook not queued: ${(err as Error).message}`);
      throw new ServiceUnavailableException('try again');
    }
    if (parsed.ignored.length) this.log.debug(`ignored WhatsApp message types: ${parsed.ignored.join(', ')}`);
  }
}
