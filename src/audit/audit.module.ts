import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Who did what to whom: shared kernel for every module that acts on citizens' data. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
