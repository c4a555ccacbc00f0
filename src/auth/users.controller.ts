import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseInput, ZodBody } from '../common/validation';
import { AuthGuard } from './auth.guard';
import { CurrentUser, Principal, Roles } from '../common/principal';
import { createUserSchema, supervisorUpdateSchema, updateUserSchema } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin', 'supervisor')
  list() {
    return this.users.list();
  }

  @Post()
  @Roles('admin')
  @ZodBody(createUserSchema)
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.users.create(p, parseInput(createUserSchema, body));
  }

  /** Role, capacity, teams, password, active. Supervisors may change capacity and teams only. */
  @Patch(':id')
  @Roles('admin', 'supervisor')
  @ZodBody(updateUserSchema)
  update(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const input = parseInput(updateUserSchema, body);
    if (p.role === 'supervisor') parseInput(supervisorUpdateSchema, body);
    return this.users.update(p, id, input);
  }
}
