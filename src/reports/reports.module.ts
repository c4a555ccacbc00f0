import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { KnowledgeEditorModule } from '../knowledge-editor/knowledge-editor.module';
import { parseRoutingConfig, ROUTING_CONFIG } from '../routing/routing.config';
import { KnowledgeGapEntriesController, KnowledgeGapsController } from './knowledge-gaps.controller';
import { KnowledgeGapsRepository } from './knowledge-gaps.repository';
import { KnowledgeGapsService } from './knowledge-gaps.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { parseReportsConfig, REPORTS_CONFIG } from './reports.config';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Calls from vendors and SIPINTER, signed or with a token: a refusal there is worth an operator's look. */
const WEBHOOKS = /^\/(channels\/[a-z0-9-]+\/webhook|api\/permits\/events)$/;

/** The office's view of its service: reports, knowledge gaps, Prometheus metrics. */
@Module({
  imports: [AuthModule, AuditModule, CalendarModule, HubModule, KnowledgeEditorModule],
  controllers: [ReportsController, KnowledgeGapsController, KnowledgeGapEntriesController, MetricsController],
  providers: [
    { provide: REPORTS_CONFIG, useFactory: () => parseReportsConfig(process.env) },
    // Only whether SLA targets count office hours: report times follow the clocks' rule.
    { provide: ROUTING_CONFIG, useFactory: () => parseRoutingConfig(process.env) },
    ReportsRepository,
    ReportsService,
    KnowledgeGapsRepository,
    KnowledgeGapsService,
    MetricsService,
  ],
})
export class ReportsModule implements NestModule {
  constructor(private readonly metrics: MetricsService) {}

  /** Counts refused webhook calls (bad signature or token) for /metrics, whichever channel served them. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const path = req.originalUrl.split('?')[0];
        if (WEBHOOKS.test(path))
          res.on('finish', () => {
            if (res.statusCode === 401 || res.statusCode === 403) this.metrics.webhookRejected(path, res.statusCode);
          });
        next();
      })
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
