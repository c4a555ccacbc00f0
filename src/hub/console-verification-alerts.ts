import { Injectable, Logger } from '@nestjs/common';
import type { VerificationAlert, VerificationAlertSink } from './verification-alerts.ports';
import { HubEvents } from './hub-events';

/** The bot's verification alerts, to the supervisors' console room. */
@Injectable()
export class ConsoleVerificationAlerts implements VerificationAlertSink {
  private readonly log = new Logger('Verification');

  constructor(private readonly events: HubEvents) {}

  raise(alert: VerificationAlert): void {
    try {
      this.events.emit('supervisors', 'verification.alert', alert);
    } catch (err) {
      this.log.warn(`verification alert not sent to the console: ${(err as Error).message}`);
    }
  }
}
