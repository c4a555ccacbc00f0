import { Body, Controller, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import QRCode from 'qrcode';
import { AuthGuard } from '../auth';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { parseInput, ZodBody } from '../common/validation';
import { walkInBody } from './ikm.dto';
import { SURVEY_CONFIG, SurveyConfig } from './survey.config';
import { SurveyService } from './survey.service';

/** The MPP counter makes a one-use survey link for a walk-in and shows its QR. */
@ApiTags('survey')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('counter', 'supervisor', 'admin')
@Controller('api/survey/walk-in')
export class WalkInController {
  constructor(
    @Inject(SURVEY_CONFIG) private readonly cfg: SurveyConfig,
    private readonly svc: SurveyService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'A walk-in survey token: { token, url, qrSvg, expiresAt } — the visitor scans the QR and answers on their phone' })
  @ZodBody(walkInBody)
  async create(@CurrentUser() p: Principal, @Body() body: unknown, @Req() req: Request) {
    const inv = await this.svc.createWalkIn(p, parseInput(walkInBody, body));
    const base = this.cfg.SURVEY_PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`;
    const url = `${base}/survei/${inv.token}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return { token: inv.token, url, qrSvg, expiresAt: inv.expiresAt.toISOString() };
  }
}
