import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { contactMerge, contactPatch, contactSearch } from './contacts.dto';
import { ConsoleContactsService } from './contacts.service';
import { OFFICERS } from './officers';
import { parseInput, ZodBody, ZodQuery } from '../common/validation';

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/contacts')
export class ContactsController {
  constructor(private readonly svc: ConsoleContactsService) {}

  @Get()
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Find citizens by name or phone' })
  @ZodQuery(contactSearch)
  search(@CurrentUser() p: Principal, @Query() q: unknown) {
    return this.svc.search(p, parseInput(contactSearch, q).q);
  }

  @Post('merge')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Merge sourceId into targetId (identities and conversations move; audited)' })
  @ZodBody(contactMerge)
  merge(@CurrentUser() p: Principal, @Body() body: unknown) {
    const b = parseInput(contactMerge, body);
    return this.svc.merge(p, b.sourceId, b.targetId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A citizen: every channel identity and all conversations across channels (audited)' })
  profile(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.svc.profile(p, id);
  }

  @Patch(':id')
  @Roles(...OFFICERS)
  @ZodBody(contactPatch)
  update(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.svc.update(p, id, parseInput(contactPatch, body));
  }
}
