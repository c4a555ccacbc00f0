import { Controller, ForbiddenException, Get, Headers, HttpCode, Post, Query, RawBodyRequest, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MessengerAdapter } from './messenger.adapter';

/** Meta's webhook for Facebook Messenger (object "page"): verification handshake and signed deliveries. */
@ApiExcludeController()
@Controller('channels/messenger')
export class MessengerController {
  constructor(private readonly adapter: MessengerAdapter) {}

  @Get('webhook')
  verify(@Query('hub.mode') mode: unknown, @Query('hub.verify_token') token: unknown, @Query('hub.challenge') challenge: unknown, @Res() res: Response): void {
    const echo = this.adapter.verifyHandshake(mode, token, challenge);
    if (echo === null) throw new ForbiddenException('verification failed');
    res.status(200).type('text/plain').send(echo);
  }

  @Post('webhook')
  @HttpCode(200)
  receive(@Req() req: RawBodyRequest<Request>, @Headers('x-hub-signature-256') signature: string | undefined): Promise<void> {
    return this.adapter.receive(req.rawBody, signature, req.body);
  }
}
