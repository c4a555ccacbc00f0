import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { ConsoleSignals } from './console-signals';
import { CONSOLE_CONFIG, parseConsoleConfig } from './console.config';

/** Configuration, audit log and the signal bus shared by auth, console and routing. */
@Global()
@Module({
  providers: [{ provide: CONSOLE_CONFIG, useFactory: () => parseConsoleConfig(process.env) }, AuditService, ConsoleSignals],
  exports: [CONSOLE_CONFIG, AuditService, ConsoleSignals],
})
export class ConsoleCoreModule {}
