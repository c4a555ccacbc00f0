import type { Turn } from './flow';
import { clearPending } from './state';

/** Asks for the application number; `then` says which flow continues once it arrives. */
export function askApplicationNumber(turn: Turn, then: 'status' | 'notify'): void {
  const s = turn.state;
  s.awaiting = 'app_number';
  s.then = then;
  s.topic = s.topic ?? 'permit_status';
  turn.say(turn.t('status.askNumber'));
}

/**
 * Reads the answer to askApplicationNumber: hands a recognised number to
 * `proceed`; says so when digits came that are no application number;
 * false when the message is something else.
 */
export async function takeApplicationNumber(turn: Turn, proceed: (appNo: string) => Promise<void>): Promise<boolean> {
  const appNo = turn.nlu.entities.applicationNumbers[0];
  if (appNo) {
    clearPending(turn.state);
    await proceed(appNo);
    return true;
  }
  if (/\d/.test(turn.text) && turn.text.length <= 40) {
    turn.say(turn.t('status.badNumber'));
    return true;
  }
  return false;
}
