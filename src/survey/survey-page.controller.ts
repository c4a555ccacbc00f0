import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { projectPath } from '../common/paths';
import { PageLang, surveyForm, surveyMessage } from './survey-page';
import { SurveyService, TokenProblem } from './survey.service';
import { UNSUR_CODES, unsurTexts } from './unsur';

const STATUS: Record<TokenProblem, number> = { unknown: 404, used: 410, expired: 410 };
const CSS = readFileSync(projectPath('resources', 'survey', 'survei.css'));

/**
 * The IKM survey for walk-ins and chat links: /survei/<token>. No login; the
 * one-use token is the permission. Server-rendered HTML and a plain form
 * post (no script, one small cached stylesheet): it works on a slow phone
 * connection and under the app's strict CSP.
 */
@ApiTags('survey')
@Controller()
export class SurveyPageController {
  constructor(private readonly svc: SurveyService) {}

  @Get('survei.css')
  @ApiOperation({ summary: 'The survey page’s stylesheet' })
  css(@Res() res: Response): void {
    res.type('text/css; charset=utf-8').set('Cache-Control', 'public, max-age=86400').send(CSS);
  }

  @Get('survei/:token')
  @ApiOperation({ summary: 'The survey page (HTML) for a valid, unused token; 404 unknown, 410 used or expired' })
  async show(@Param('token') token: string, @Query('lang') lang: unknown, @Res() res: Response): Promise<void> {
    const found = await this.svc.byToken(token);
    const l = pageLang(lang, 'invitation' in found ? found.invitation.lang : 'id');
    if ('problem' in found) return void this.html(res, STATUS[found.problem], surveyMessage(l, found.problem));
    this.html(res, 200, surveyForm(l, token, unsurTexts(l)));
  }

  @Post('survei/:token')
  @ApiOperation({ summary: 'Submits the survey form (application/x-www-form-urlencoded: u1–u9 = 1–4 or absent, suggestion)' })
  async submit(@Param('token') token: string, @Query('lang') lang: unknown, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const found = await this.svc.byToken(token);
    const l = pageLang(lang, 'invitation' in found ? found.invitation.lang : 'id');
    if ('problem' in found) return void this.html(res, STATUS[found.problem], surveyMessage(l, found.problem));
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const answers: (number | null)[] = [];
    for (const code of UNSUR_CODES) {
      const v = form[code.toLowerCase()];
      if (v === undefined || v === '') answers.push(null);
      else if (typeof v === 'string' && /^[1-4]$/.test(v)) answers.push(Number(v));
      else return void this.html(res, 400, surveyForm(l, token, unsurTexts(l), true));
    }
    const suggestion = typeof form.suggestion === 'string' ? form.suggestion : null;
    if (form.suggestion !== undefined && (suggestion === null || suggestion.length > 1000))
      return void this.html(res, 400, surveyForm(l, token, unsurTexts(l), true));
    const r = await this.svc.submitByToken(token, answers, suggestion);
    if ('problem' in r) return void this.html(res, STATUS[r.problem], surveyMessage(l, r.problem));
    this.html(res, 200, surveyMessage(l, 'thanks'));
  }

  private html(res: Response, status: number, html: string): void {
    res.status(status).type('text/html; charset=utf-8').set('Cache-Control', 'no-store').send(html);
  }
}

function pageLang(q: unknown, fallback: PageLang): PageLang {
  return q === 'en' || q === 'id' ? q : fallback;
}
