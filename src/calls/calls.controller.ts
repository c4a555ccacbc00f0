import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.ports';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';
import { CallFormService } from './call-form.service';
import { callFormSchema, callLogQuerySchema } from './calls.dto';

/** The call center's console side: the call form and the call log. */
@ApiTags('calls')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('agent', 'counter', 'supervisor', 'admin')
@Controller('api/calls')
export class CallsController {
  constructor(private readonly svc: CallFormService) {}

  @Post()
  @ApiOperation({ summary: 'Note a phone call (caller number, asked, done, follow-up) in the caller’s conversation: { conversation, contact, created }' })
  @ZodBody(callFormSchema)
  take(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.take(p, parseInput(callFormSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'The call log: calls to my extension (every call for supervisors), newest first' })
  @ZodQuery(callLogQuerySchema)
  recent(@CurrentUser() p: Principal, @Query() query: unknown) {
    return this.svc.recent(p, parseInput(callLogQuerySchema, query).limit);
  }
}
