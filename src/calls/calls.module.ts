import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { UsersRepository } from '../auth/users.repository';
import { HubModule } from '../hub/hub.module';
import { CallFormService } from './call-form.service';
import { CallLogService } from './call-log.service';
import { CallsController } from './calls.controller';
import { PhoneCallsRepository } from './phone-calls.repository';

/**
 * The call center (owns phone_calls): the call log behind the hub's PhoneCalls
 * port, which channels/phone reports to (bound at the composition root,
 * src/port-bindings.module.ts), and the console's call form.
 */
@Module({
  imports: [HubModule, AuthModule, AuditModule],
  // UsersRepository is stateless: the call log finds an extension's officer with it.
  providers: [PhoneCallsRepository, UsersRepository, CallLogService, CallFormService],
  controllers: [CallsController],
  exports: [CallLogService],
})
export class CallsModule {}
