import { Module } from '@nestjs/common';
import { ConsoleSignals } from './console-signals';

/** The in-process signal bus: auth and console raise, routing listens (no module cycle). */
@Module({ providers: [ConsoleSignals], exports: [ConsoleSignals] })
export class SignalsModule {}
