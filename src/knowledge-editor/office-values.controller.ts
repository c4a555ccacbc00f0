import { Body, Controller, Get, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal, Roles } from '../auth';
import { parseInput, ZodBody } from '../common/validation';
import { officeValuesBody, rollbackBody } from './knowledge-editor.dto';
import { OfficeValuesService } from './office-values.service';

/** The values behind the answers' {{placeholders}} (address, hours, phones, fees, links): administrators edit them. */
@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/knowledge/office-values')
export class OfficeValuesController {
  constructor(private readonly svc: OfficeValuesService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Every value, whether it is missing, and whether it is a demo sample' })
  current() {
    return this.svc.current();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: 'Changes some values (validated: phone numbers, URLs, hours) as a new version' })
  @ZodBody(officeValuesBody)
  save(@CurrentUser() p: Principal, @Body() body: unknown) {
    const b = parseInput(officeValuesBody, body);
    return this.svc.save(p, b.values, b.note);
  }

  @Get('versions')
  @Roles('admin', 'supervisor')
  versions() {
    return this.svc.versions();
  }

  @Post('rollback')
  @HttpCode(200)
  @Roles('admin')
  @ZodBody(rollbackBody)
  rollback(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.rollback(p, parseInput(rollbackBody, body).version);
  }
}
