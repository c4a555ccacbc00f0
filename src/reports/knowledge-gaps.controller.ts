import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';
import { toCsv } from './csv';
import { KnowledgeGapsService } from './knowledge-gaps.service';
import { gapDecision, gapQuery } from './reports.dto';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('admin', 'supervisor')
@Controller('api/reports/knowledge-gaps')
export class KnowledgeGapsController {
  constructor(private readonly gaps: KnowledgeGapsService) {}

  @Get()
  @ApiOperation({ summary: 'Questions the bot could not answer by itself, grouped, largest first; examples masked (supervisors, admins)' })
  @ZodQuery(gapQuery)
  async list(@Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(gapQuery, raw);
    const rows = await this.gaps.list(q);
    if (q.format !== 'csv') return rows;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="laporan-celah-pengetahuan-${q.from ?? ''}_${q.to ?? ''}.csv"`);
    return toCsv(rows, ['id', 'count', 'status', 'entryId', 'firstSeen', 'lastSeen', 'channels', 'candidates', 'examples']);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Close a gap group: answered by a knowledge-base entry, out of scope, ignored (or open again)' })
  @ZodBody(gapDecision)
  decide(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.gaps.decide(p, id, parseInput(gapDecision, body));
  }
}
