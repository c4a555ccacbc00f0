import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CalendarModule } from '../common/calendar/calendar.module';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { TransactionRunner } from '../database/transaction-runner';
import { demoApplications } from './demo-seed';
import { LocalRegistryProvider } from './local-registry.provider';
import { PERMIT_STATUS_PROVIDER, PermitStatusProvider } from './permit.types';
import { PERMITS_CONFIG, PermitsConfig, parsePermitsConfig } from './permits.config';
import { PermitsRepository } from './permits.repository';
import { SipinterHttpProvider } from './sipinter-http.provider';

/** Seeds demo applications (DEMO_MODE=true, local registry only); closes the HTTP provider's breaker. */
@Injectable()
export class PermitsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Permits');

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    @Inject(PERMITS_CONFIG) private readonly cfg: PermitsConfig,
    @Inject(PERMIT_STATUS_PROVIDER) private readonly provider: PermitStatusProvider,
    private readonly tx: TransactionRunner,
    private readonly repo: PermitsRepository,
    private readonly calendar: WorkingCalendar,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.log.log(`permit status provider: ${this.provider.name}`);
    if (!this.hub.DEMO_MODE || this.cfg.PERMITS_PROVIDER !== 'local') return;
    const n = await this.tx.run((m) => this.repo.insertMissing(m, demoApplications(this.calendar)));
    if (n) this.log.log(`demo: seeded ${n} permit applications`);
  }

  onApplicationShutdown(): void {
    if (this.provider instanceof SipinterHttpProvider) this.provider.shutdown();
  }
}

@Module({
  imports: [CalendarModule],
  providers: [
    { provide: PERMITS_CONFIG, useFactory: () => parsePermitsConfig(process.env) },
    PermitsRepository,
    LocalRegistryProvider,
    {
      provide: PERMIT_STATUS_PROVIDER,
      inject: [PERMITS_CONFIG, LocalRegistryProvider],
      useFactory: (cfg: PermitsConfig, local: LocalRegistryProvider): PermitStatusProvider =>
        cfg.PERMITS_PROVIDER === 'sipinter'
          ? new SipinterHttpProvider({
              baseUrl: cfg.SIPINTER_API_URL as string,
              token: cfg.SIPINTER_API_TOKEN,
              timeoutMs: cfg.SIPINTER_API_TIMEOUT_MS,
              resetTimeoutMs: cfg.SIPINTER_API_BREAKER_RESET_MS,
            })
          : local,
    },
    PermitsLifecycle,
  ],
  exports: [PERMITS_CONFIG, PERMIT_STATUS_PROVIDER, PermitsRepository],
})
export class PermitsModule {}
