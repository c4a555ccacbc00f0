import { Module } from '@nestjs/common';
import { HubModule } from '../hub/hub.module';
import { PermitEventsController } from './permit-events.controller';
import { PermitEventsService } from './permit-events.service';
import { PermitsModule } from './permits.module';

/** Separate from PermitsModule: it sends through the hub, which the bot (and so PermitsModule) sits under. */
@Module({ imports: [HubModule, PermitsModule], providers: [PermitEventsService], controllers: [PermitEventsController] })
export class PermitEventsModule {}
