import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { referralAnswer, referralQuery } from './referrals.dto';
import { ConsoleReferralsService } from './referrals.service';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/referrals')
export class ReferralsController {
  constructor(private readonly svc: ConsoleReferralsService) {}

  @Get()
  @ApiOperation({ summary: 'Referrals: an agency officer sees their agency’s, supervisors all, agents those of conversations they can see' })
  @ZodQuery(referralQuery)
  list(@CurrentUser() p: Principal, @Query() q: unknown) {
    return this.svc.list(p, parseInput(referralQuery, q));
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('agency', 'admin', 'supervisor')
  @ApiOperation({ summary: 'The agency’s answer (a private note for the officers handling the conversation)' })
  @ZodBody(referralAnswer)
  answer(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.svc.answer(p, id, parseInput(referralAnswer, body).text);
  }
}
