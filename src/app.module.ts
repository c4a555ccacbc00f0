import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CHANNEL_MODULES } from '../channels';
import { ConfigModule } from './config/config.module';
import { ConsoleWebModule } from './console-web/console-web.module';
import { ResolvedConfig } from './config/hub-config';
import { BotModule } from './bot/bot.module';
import { CallsModule } from './calls/calls.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { RoutingModule } from './routing/routing.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { HealthModule } from './health/health.module';
import { PortBindingsModule } from './port-bindings.module';
import { KnowledgeEditorModule } from './knowledge-editor/knowledge-editor.module';
import { HubModule } from './hub/hub.module';
import { PermitsModule } from './permits/permits.module';
import { PermitEventsModule } from './permits/permit-events.module';
import { pinoOptions } from './logging/redaction';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';
import { SurveyModule } from './survey/survey.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class AppModule {
  static forRoot(cfg: ResolvedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(cfg),
        LoggerModule.forRoot({
          pinoHttp: {
            ...pinoOptions(cfg.LOG_LEVEL),
            // Health probes and the widget script would drown the request log.
            autoLogging: { ignore: (req) => /^\/(health|widget|socket\.io)/.test(req.url ?? '') },
            customProps: () => ({ role: cfg.HUB_ROLE }),
          },
        }),
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        RealtimeModule,
        HubModule,
        PortBindingsModule,
        BotModule,
        PermitsModule,
        PermitEventsModule,
        HealthModule,
        AuthModule,
        RoutingModule,
        ConsoleModule,
        CallsModule,
        KnowledgeEditorModule,
        ConsoleWebModule,
        SurveyModule,
        ReportsModule,
        ...CHANNEL_MODULES,
      ],
    };
  }
}
