import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth';
import { Roles } from '../common/principal';
import { parseInput, ZodQuery } from '../common/validation';
import { ikmBreakdownQuery, ikmQuery } from './ikm.dto';
import { IkmService } from './ikm.service';

/** The Indeks Kepuasan Masyarakat (Permenpan RB 14/2017) for supervisors and admins. */
@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('supervisor', 'admin')
@Controller('api/reports/ikm')
export class IkmController {
  constructor(private readonly svc: IkmService) {}

  @Get()
  @ApiOperation({
    summary: 'IKM for a date range: { respondents, ikm (2 decimals), mutu A–D, unsur: [{ code U1–U9, name, nrr }] }; ikm and mutu null with no respondents',
  })
  @ZodQuery(ikmQuery)
  ikm(@Query() q: unknown) {
    return this.svc.ikm(parseInput(ikmQuery, q));
  }

  @Get('breakdown')
  @ApiOperation({ summary: 'IKM with the sample the regulation asks for (Krejcie–Morgan) and per channel, team and permit type' })
  @ZodQuery(ikmBreakdownQuery)
  breakdown(@Query() q: unknown) {
    return this.svc.breakdown(parseInput(ikmBreakdownQuery, q));
  }
}
