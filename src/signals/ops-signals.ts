/**
 * What operators and reports count, raised by the hub, the bot and routing
 * and heard by the reports module (metrics, knowledge gaps). A plain
 * in-process bus, so raising a signal adds no module edge towards reports.
 * Listeners run after the raiser's work is done and never fail it.
 */
export type BotOutcome = 'answer' | 'clarify' | 'fallback' | 'out_of_scope' | 'handoff';

export type OpsSignal =
  | { kind: 'message'; direction: 'in' | 'out'; channel: string }
  | { kind: 'job'; queue: string; ms: number; ok: boolean }
  | {
      kind: 'bot.turn';
      outcome: BotOutcome;
      handoffReason?: string;
      messageId: string;
      conversationId: string;
      channel: string;
      /** The citizen's text, for knowledge gaps only: listeners mask it before storing and never log it. */
      text: string;
      /** The text as the classifier saw it (normalised, entities replaced by markers). */
      normalized: string;
      /** The classifier's candidate labels, best first. */
      candidates: string[];
      at: Date;
    }
  | { kind: 'sla.breached'; slaKind: 'first_response' | 'resolution'; teamId: string | null }
  | { kind: 'referral.overdue'; agencyCode: string };

type Listener = (s: OpsSignal) => void | Promise<void>;

export class OpsSignals {
  private readonly listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(s: OpsSignal): void {
    for (const l of this.listeners) {
      try {
        const r = l(s);
        if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(() => undefined);
      } catch {
        // A counter or a gap record must never fail the message it is about.
      }
    }
  }
}

/** The process's bus (one hub per process; tests that start several use separate processes). */
export const opsSignals = new OpsSignals();
