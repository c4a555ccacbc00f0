import type { Flow, FlowDeps, Turn } from './flow';
import { availability } from './handoff.flow';
import { clearPending, type DialogueState } from './state';

/**
 * Collects what happened and opens it as a complaint conversation for the
 * complaints team (the desk makes it idempotent per message); the citizen
 * gets its reference and the national channel SP4N-LAPOR!.
 */
export class ComplaintFlow implements Flow {
  readonly name = 'complaint';

  constructor(private readonly deps: Pick<FlowDeps, 'complaints' | 'calendar' | 'config' | 'now'>) {}

  owns(state: DialogueState): boolean {
    return state.awaiting === 'complaint';
  }

  async resume(turn: Turn): Promise<boolean> {
    const s = turn.state;
    const appNo = turn.nlu.entities.applicationNumbers[0];
    if (!appNo && turn.text.length < 15 && turn.text.split(/\s+/).length < 3) {
      s.complaintPrompts = (s.complaintPrompts ?? 0) + 1;
      // Asked twice already: whatever this is, it is not the complaint.
      if (s.complaintPrompts > 2) return false;
      turn.say(turn.t('complaint.more'));
      return true;
    }
    clearPending(s);
    await this.open(turn, appNo);
    return true;
  }

  canStart(): boolean {
    return false;
  }

  async start(turn: Turn): Promise<void> {
    const s = turn.state;
    s.awaiting = 'complaint';
    s.complaintPrompts = 0;
    s.topic = 'complaint';
    turn.say(turn.t('complaint.ask'));
  }

  answers(label: string): boolean {
    return label === 'complaint';
  }

  answer(_label: string, turn: Turn): Promise<void> {
    return this.start(turn);
  }

  private async open(turn: Turn, appNo: string | undefined): Promise<void> {
    const { input } = turn;
    const { reference } = await this.deps.complaints.open({
      sourceMessageId: input.messageId,
      contactId: input.contact.id,
      channel: input.conversation.channel,
      identityId: input.conversation.identityId,
      description: turn.text,
      applicationNumber: appNo,
      fromConversationId: input.conversation.id,
    });
    const lapor = turn.kb.values.get('links.lapor') ?? 'https://www.lapor.go.id';
    turn.say(turn.t('complaint.received', { reference, when: availability(turn, this.deps), lapor }), [turn.menuButton()]);
  }
}
