import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { CounterService } from './counter.service';
import { parseInput, uuid, ZodBody } from '../common/validation';

const visitorBody = z
  .object({
    name: z.string().trim().min(1, 'nama wajib diisi').max(200),
    phone: z.string().trim().max(30).nullish(),
  })
  .strict();
const openBody = z.object({ contactId: uuid, subject: z.string().trim().max(200).optional() }).strict();

/** The MPP counter view. Notes and hand-over use the conversation routes (notes, transfer). */
@ApiTags('counter')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('counter', 'supervisor', 'admin')
@Controller('api/counter')
export class CounterController {
  constructor(private readonly svc: CounterService) {}

  @Post('visitors')
  @ApiOperation({ summary: 'Register a walk-in visitor (found by phone when known): { contact, existing, activeConversation }' })
  @ZodBody(visitorBody)
  visitor(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.registerVisitor(p, parseInput(visitorBody, body));
  }

  @Post('conversations')
  @ApiOperation({ summary: 'Open (or continue at the desk) the visitor’s conversation, channel counter, assigned to me' })
  @ZodBody(openBody)
  open(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.open(p, parseInput(openBody, body));
  }

  @Get('permits/:number')
  @ApiOperation({ summary: 'Permit application status' })
  permit(@CurrentUser() p: Principal, @Param('number') number: string) {
    if (!/^[A-Za-z0-9/.-]{3,40}$/.test(number)) parseInput(z.object({ number: z.string().regex(/^$/, 'nomor permohonan tidak valid') }), { number });
    return this.svc.permit(p, number);
  }
}
