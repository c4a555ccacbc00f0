import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';
import { toCsv } from './csv';
import { KnowledgeGapsService } from './knowledge-gaps.service';
import { gapDecision, gapNewEntry, gapQuery, gapToEntry } from './reports.dto';

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

/** Knowledge gaps into the knowledge base in one step; drafting is open to agents, as on the Pengetahuan page. */
@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('admin', 'supervisor', 'agent')
@Controller('api/reports/knowledge-gaps')
export class KnowledgeGapEntriesController {
  constructor(private readonly gaps: KnowledgeGapsService) {}

  @Post(':id/add-to-entry')
  @HttpCode(200)
  @ApiOperation({ summary: "Adds the gap's masked examples as questions to a new draft of an entry and marks the gap answered by it" })
  @ZodBody(gapToEntry)
  addToEntry(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.gaps.toKnowledge(p, id, { kind: 'add', ...parseInput(gapToEntry, body) });
  }

  @Post(':id/new-entry')
  @ApiOperation({ summary: "Creates a draft entry whose questions are the gap's masked examples and marks the gap answered by it" })
  @ZodBody(gapNewEntry)
  newEntry(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.gaps.toKnowledge(p, id, { kind: 'new', ...parseInput(gapNewEntry, body) });
  }
}
