import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HubModule } from '../hub/hub.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, HubModule], controllers: [HealthController] })
export class HealthModule {}
