import { Module } from '@nestjs/common';
import { ConsoleWebController } from './console-web.controller';

/** The officers' web console (web/), served by the hub at /console. */
@Module({ controllers: [ConsoleWebController] })
export class ConsoleWebModule {}
