import { askApplicationNumber, takeApplicationNumber } from './application-number';
import { NO, NOTIFY, PERMIT_WORDS, YES } from './cues';
import { showMenu } from './faq.flow';
import type { Flow, FlowDeps, Turn } from './flow';
import { clearPending, type DialogueState } from './state';

/**
 * "Kabari saya saat izin terbit": subscribes the chat to the application's
 * permit events. Also offered when the permit system is down.
 */
export class NotifyFlow implements Flow {
  readonly name = 'notify';

  constructor(private readonly deps: Pick<FlowDeps, 'subscriptions'>) {}

  owns(state: DialogueState): boolean {
    return state.awaiting === 'notify_confirm' || (state.awaiting === 'app_number' && state.then === 'notify');
  }

  async resume(turn: Turn): Promise<boolean> {
    const s = turn.state;
    if (s.awaiting === 'app_number') return takeApplicationNumber(turn, (appNo) => this.request(turn, appNo));
    const appNo = s.appNo;
    if (YES.test(turn.lower) && appNo) {
      clearPending(s);
      await this.subscribe(turn, appNo);
      return true;
    }
    if (NO.test(turn.lower)) {
      clearPending(s);
      turn.say(turn.t('notify.declined'));
      showMenu(turn);
      return true;
    }
    return false;
  }

  /** "Kabari saya…" about a number given now, the one talked about, or a permit in general. */
  canStart(turn: Turn): boolean {
    const numbers = turn.nlu.entities.applicationNumbers;
    return NOTIFY.test(turn.text) && (numbers.length > 0 || !!turn.state.appNo || PERMIT_WORDS.test(turn.text));
  }

  start(turn: Turn): Promise<void> {
    return this.request(turn, turn.nlu.entities.applicationNumbers[0] ?? turn.state.appNo);
  }

  answers(): boolean {
    return false;
  }

  async answer(): Promise<void> {}

  /** Offers to notify about an application that cannot be checked now (yes / no). */
  offer(turn: Turn, appNo: string): void {
    const s = turn.state;
    clearPending(s);
    s.appNo = appNo;
    s.awaiting = 'notify_confirm';
    turn.say(turn.t('notify.offer', { number: appNo }), [
      { payload: 'ya', title: turn.t('notify.accept') },
      { payload: 'tidak', title: turn.t('notify.refuse') },
    ]);
  }

  private async request(turn: Turn, appNo: string | undefined): Promise<void> {
    const s = turn.state;
    s.misses = 0;
    if (!appNo) return askApplicationNumber(turn, 'notify');
    clearPending(s);
    s.appNo = appNo;
    return this.subscribe(turn, appNo);
  }

  private async subscribe(turn: Turn, appNo: string): Promise<void> {
    const { input, state: s } = turn;
    await this.deps.subscriptions.subscribe({
      applicationNumber: appNo,
      contactId: input.contact.id,
      channel: input.conversation.channel,
      identityId: input.conversation.identityId,
      verified: s.verified.includes(appNo),
    });
    turn.say(turn.t('notify.done', { number: appNo }), [turn.menuButton()]);
  }
}
