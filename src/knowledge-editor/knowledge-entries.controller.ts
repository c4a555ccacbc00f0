import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal, Roles } from '../auth';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';
import { diffQuery, entryDoc, entryUpdateDoc, publishBody, rollbackBody } from './knowledge-editor.dto';
import { KnowledgeEditorService } from './knowledge-editor.service';

/** The knowledge base as the office edits it: agents and supervisors draft; supervisors and admins publish. */
@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/knowledge/entries')
export class KnowledgeEntriesController {
  constructor(private readonly svc: KnowledgeEditorService) {}

  @Get()
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Every entry: [{ id, title, status, version, draft }]' })
  list() {
    return this.svc.list();
  }

  @Post()
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'A new entry, as a draft (201)' })
  @ZodBody(entryDoc)
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.create(p, body);
  }

  @Get(':id')
  @Roles('admin', 'supervisor', 'agent')
  get(@Param('id') id: string) {
    return this.svc.get(id);
  }

  @Put(':id')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Saves a new draft of the entry (the published version is unchanged)' })
  @ZodBody(entryUpdateDoc)
  saveDraft(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.svc.saveDraft(p, id, body);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Publishes the draft as the next version: every process answers with it within seconds' })
  @ZodBody(publishBody)
  publish(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.svc.publish(p, id, parseInput(publishBody, body).note);
  }

  @Get(':id/versions')
  @Roles('admin', 'supervisor', 'agent')
  versions(@Param('id') id: string) {
    return this.svc.versions(id);
  }

  @Get(':id/diff')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Unified diff between two versions (0 = the draft); `to` defaults to the draft or the published version' })
  @ZodQuery(diffQuery)
  diff(@Param('id') id: string, @Query() query: unknown) {
    const q = parseInput(diffQuery, query);
    return this.svc.diff(id, q.from, q.to);
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Publishes an earlier version again, as a new version' })
  @ZodBody(rollbackBody)
  rollback(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    const b = parseInput(rollbackBody, body);
    return this.svc.rollback(p, id, b.version, b.note);
  }

  @Delete(':id')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Unpublishes the entry: the bot stops answering with it (its versions are kept)' })
  unpublish(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.svc.unpublish(p, id);
  }
}
