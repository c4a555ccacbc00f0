import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { cannedPatch, cannedPatchDoc, cannedPreview, cannedRender, cannedSchema } from './canned.dto';
import { CannedService } from './canned.service';
import { parseInput, ZodBody } from '../common/validation';

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/canned-responses')
export class CannedController {
  constructor(private readonly svc: CannedService) {}

  @Get()
  list(@CurrentUser() p: Principal, @Query('q') q?: string) {
    return this.svc.list(p, typeof q === 'string' ? q.slice(0, 40) : undefined);
  }

  @Post()
  @Roles('admin', 'supervisor')
  @ZodBody(cannedSchema)
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.create(p, parseInput(cannedSchema, body));
  }

  @Patch(':id')
  @Roles('admin', 'supervisor')
  @ZodBody(cannedPatchDoc)
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.svc.update(id, parseInput(cannedPatch, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'supervisor')
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.svc.remove(id);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'A draft text with the placeholders filled: from a conversation (read access needed) or with example values' })
  @ZodBody(cannedPreview)
  preview(@CurrentUser() p: Principal, @Body() body: unknown) {
    const b = parseInput(cannedPreview, body);
    return this.svc.preview(p, b.text, b.conversationId);
  }

  @Post(':idOrShortcut/render')
  @HttpCode(200)
  @ApiOperation({ summary: 'The canned text with {{contact.name}}, {{conversation.reference}}, {{application.number}}, {{agent.name}} filled in' })
  @ZodBody(cannedRender)
  render(@CurrentUser() p: Principal, @Param('idOrShortcut') id: string, @Body() body: unknown) {
    return this.svc.render(p, id, parseInput(cannedRender, body).conversationId);
  }
}
