import { Body, Controller, Get, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { OFFICERS } from './officers';
import { slaPolicyBody } from './teams.dto';
import { TeamsService } from './teams.service';
import { parseInput, ZodBody } from '../common/validation';

/** Teams and their SLA targets, the agencies, and who is online. */
@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api')
export class TeamsController {
  constructor(private readonly svc: TeamsService) {}

  @Get('teams')
  @ApiOperation({ summary: 'Teams with members, who is online, open/waiting counts and SLA policy (agency officers: id and name only)' })
  teams(@CurrentUser() p: Principal) {
    return this.svc.teams(p);
  }

  @Put('teams/:id/sla')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Set a team’s SLA targets in working minutes' })
  @ZodBody(slaPolicyBody)
  setSla(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.svc.setSla(p, id, parseInput(slaPolicyBody, body));
  }

  @Get('agencies')
  agencies() {
    return this.svc.agencies();
  }

  @Get('presence')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Officers with a console open now (not for agency officers: 403)' })
  online() {
    return this.svc.online();
  }
}
