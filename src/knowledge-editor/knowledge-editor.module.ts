import { BotConfigModule } from '../bot/bot-config.module';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { KnowledgeAnnouncer } from './knowledge-announcer';
import { KnowledgeEditorService } from './knowledge-editor.service';
import { KnowledgeEntriesController } from './knowledge-entries.controller';
import { OfficeValuesController } from './office-values.controller';
import { OfficeValuesService } from './office-values.service';
import { TryBotController } from './try-bot.controller';
import { TryBotService } from './try-bot.service';

/** The console's "Pengetahuan" page: entries, drafts, versions, coba bot, office values. */
@Module({
  imports: [KnowledgeModule, AuditModule, AuthModule, BotConfigModule],
  providers: [KnowledgeAnnouncer, KnowledgeEditorService, TryBotService, OfficeValuesService],
  controllers: [KnowledgeEntriesController, TryBotController, OfficeValuesController],
  exports: [KnowledgeEditorService],
})
export class KnowledgeEditorModule {}
