import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HubModule } from '../hub/hub.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, HubModule, KnowledgeModule], controllers: [HealthController] })
export class HealthModule {}
