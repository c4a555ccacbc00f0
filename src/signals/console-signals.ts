import { Injectable, Logger } from '@nestjs/common';

/** Things that happened in this process that may free an officer or need one. */
export type ConsoleSignal =
  | { kind: 'capacity'; userId: string }
  | { kind: 'presence'; userId: string; online: boolean }
  | { kind: 'released'; conversationId: string; teamId: string | null; assigneeId: string | null }
  | { kind: 'waiting'; conversationId: string; teamId: string | null }
  | { kind: 'responded'; conversationId: string }
  | { kind: 'resolved'; conversationId: string; teamId: string | null; assigneeId: string | null }
  | { kind: 'transferred'; conversationId: string; teamId: string }
  | { kind: 'referred'; conversationId: string; agencyCode: string };

/** An in-process signal bus: auth and console raise, routing listens (no module cycle). */
@Injectable()
export class ConsoleSignals {
  private readonly log = new Logger('ConsoleSignals');
  private readonly listeners: ((s: ConsoleSignal) => Promise<void> | void)[] = [];

  on(listener: (s: ConsoleSignal) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  emit(s: ConsoleSignal): void {
    for (const l of this.listeners) {
      Promise.resolve()
        .then(() => l(s))
        .catch((err: Error) => this.log.error(`${s.kind} listener failed: ${err.message}`));
    }
  }
}
