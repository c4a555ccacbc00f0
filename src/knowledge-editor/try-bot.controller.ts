import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, Roles } from '../auth';
import { parseInput, ZodBody } from '../common/validation';
import { tryBody } from './knowledge-editor.dto';
import { TryBotService } from './try-bot.service';

/** "Coba bot": what would answer a question, under the drafts and under the published knowledge base. */
@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/knowledge')
export class TryBotController {
  constructor(private readonly svc: TryBotService) {}

  @Post('try')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Which entry would answer, with what confidence, published vs. draft' })
  @ZodBody(tryBody)
  try(@Body() body: unknown) {
    const b = parseInput(tryBody, body);
    return this.svc.tryQuestion(b.question, b.entryId);
  }

  @Get('impact')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Saved questions of every entry that the drafts (or one entry’s draft) would send elsewhere' })
  @ApiQuery({ name: 'entryId', required: false })
  impact(@Query('entryId') entryId?: string) {
    return this.svc.impact(typeof entryId === 'string' && entryId ? entryId.slice(0, 80) : undefined);
  }
}
