import { BotConfigModule } from '../bot/bot-config.module';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { KbPictureUploadController, KbPicturesController } from './kb-pictures.controller';
import { KbPicturesService } from './kb-pictures.service';
import { KNOWLEDGE_EDITOR_CONFIG, parseKnowledgeEditorConfig } from './knowledge-editor.config';
import { KnowledgeAnnouncer } from './knowledge-announcer';
import { KnowledgeEditorService } from './knowledge-editor.service';
import { KnowledgeEntriesController } from './knowledge-entries.controller';
import { OfficeValuesController } from './office-values.controller';
import { OfficeValuesService } from './office-values.service';
import { TryBotController } from './try-bot.controller';
import { TryBotService } from './try-bot.service';

/** The console's "Pengetahuan" page: entries, drafts, versions, pictures, coba bot, office values. */
@Module({
  imports: [
    KnowledgeModule,
    AuditModule,
    AuthModule,
    BotConfigModule,
    // Pictures stay in memory (≤ KB_MEDIA_MAX_BYTES) until checked; only accepted ones reach DATA_DIR.
    MulterModule.registerAsync({
      useFactory: () => ({ limits: { fileSize: parseKnowledgeEditorConfig(process.env).KB_MEDIA_MAX_BYTES, files: 1, fields: 0, parts: 2 } }),
    }),
  ],
  providers: [
    { provide: KNOWLEDGE_EDITOR_CONFIG, useFactory: () => parseKnowledgeEditorConfig(process.env) },
    KnowledgeAnnouncer,
    KnowledgeEditorService,
    KbPicturesService,
    TryBotService,
    OfficeValuesService,
  ],
  controllers: [KnowledgeEntriesController, KbPictureUploadController, KbPicturesController, TryBotController, OfficeValuesController],
  exports: [KnowledgeEditorService],
})
export class KnowledgeEditorModule {}
