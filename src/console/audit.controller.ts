import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../common/principal';
import { AuditLogService } from './audit-log.service';
import { auditQuery } from './audit.dto';
import { parseInput, ZodQuery } from '../common/validation';

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/audit')
export class AuditController {
  constructor(private readonly svc: AuditLogService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Audit log, newest first: assignments, transfers, resolutions, referrals, views of personal data, user changes' })
  @ZodQuery(auditQuery)
  list(@Query() q: unknown) {
    return this.svc.list(parseInput(auditQuery, q));
  }
}
