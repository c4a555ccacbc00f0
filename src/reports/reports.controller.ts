import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../common/principal';
import { parseInput, ZodQuery } from '../common/validation';
import { toCsv } from './csv';
import { reportQuery, type ReportQuery } from './reports.dto';
import { ReportsService } from './reports.service';

/** Rows as JSON, or as a CSV download with `?format=csv`. */
function reply(res: Response, q: ReportQuery, name: string, rows: Record<string, unknown>[]): unknown {
  if (q.format !== 'csv') return rows;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="laporan-${name}-${q.from ?? ''}_${q.to ?? ''}.csv"`);
  return toCsv(rows);
}

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('admin', 'supervisor')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('overview')
  @ApiOperation({ summary: 'The period at a glance: conversations, bot-resolved, hand-offs, first response, referrals, complaints (supervisors, admins)' })
  @ZodQuery(reportQuery)
  async overview(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    const o = await this.reports.overview(q);
    if (q.format !== 'csv') return o;
    const rows: Record<string, unknown>[] = [
      { metric: 'conversations', value: o.conversations },
      ...Object.entries(o.byChannel).map(([ch, n]) => ({ metric: `byChannel.${ch}`, value: n })),
      { metric: 'botResolved', value: o.botResolved },
      { metric: 'handoffs', value: o.handoffs },
      { metric: 'firstResponseMinutes.p50', value: o.firstResponseMinutes.p50 },
      { metric: 'firstResponseMinutes.p90', value: o.firstResponseMinutes.p90 },
      { metric: 'withinFirstResponseTarget', value: o.withinFirstResponseTarget },
      { metric: 'referrals.total', value: o.referrals.total },
      { metric: 'referrals.onTime', value: o.referrals.onTime },
      { metric: 'referrals.overdue', value: o.referrals.overdue },
      { metric: 'complaints', value: o.complaints },
    ];
    return reply(res, q, 'ringkasan', rows);
  }

  @Get('conversations')
  @ApiOperation({ summary: 'Conversations per office day and channel, with those the bot kept to itself' })
  @ZodQuery(reportQuery)
  async conversations(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'percakapan', await this.reports.conversationsPerDay(q));
  }

  @Get('bot-share')
  @ApiOperation({ summary: 'Share of conversations answered by the bot without a person, per day' })
  @ZodQuery(reportQuery)
  async botShare(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'bot', await this.reports.botShare(q));
  }

  @Get('handoffs')
  @ApiOperation({ summary: 'Hand-offs to a person by reason (request, misunderstood, overdue, files)' })
  @ZodQuery(reportQuery)
  async handoffs(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'alih-petugas', await this.reports.handoffs(q));
  }

  @Get('response-times')
  @ApiOperation({
    summary: 'First-response and resolution minutes (median, p90, share within the SLA target) per team, in office minutes when the SLA counts office hours',
  })
  @ZodQuery(reportQuery)
  async responseTimes(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'waktu-respons', await this.reports.responseTimes(q));
  }

  @Get('sla-breaches')
  @ApiOperation({ summary: 'SLA breaches (first response, resolution) per team' })
  @ZodQuery(reportQuery)
  async slaBreaches(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'sla', await this.reports.slaBreaches(q));
  }

  @Get('referrals')
  @ApiOperation({ summary: 'Referrals per agency: answered, on time, overdue now' })
  @ZodQuery(reportQuery)
  async referrals(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'rujukan', await this.reports.referrals(q));
  }

  @Get('topics')
  @ApiOperation({ summary: 'Top topics: the knowledge-base entries the bot answered, by conversations' })
  @ZodQuery(reportQuery)
  async topics(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'topik', await this.reports.topics(q));
  }

  @Get('complaints')
  @ApiOperation({ summary: 'Complaints by category (the officers’ labels)' })
  @ZodQuery(reportQuery)
  async complaints(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'pengaduan', await this.reports.complaints(q));
  }

  @Get('workload')
  @ApiOperation({ summary: 'Officers’ workload: conversations assigned, resolved, still open' })
  @ZodQuery(reportQuery)
  async workload(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(reportQuery, raw);
    return reply(res, q, 'beban-kerja', await this.reports.workload(q));
  }
}
