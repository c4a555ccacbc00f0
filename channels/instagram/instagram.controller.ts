import { Controller, ForbiddenException, Get, Headers, HttpCode, Post, Query, RawBodyRequest, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InstagramAdapter } from './instagram.adapter';

/** Meta's webhook for Instagram (object "instagram"): verification handshake and signed deliveries. */
@ApiExcludeController()
@Controller('channels/instagram')
export class InstagramController {
  constructor(private readonly adapter: InstagramAdapter) {}

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
