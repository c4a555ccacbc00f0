import { loadHolidays, parseOfficeHours, WorkingCalendar } from '../../../../src/common/calendar/working-calendar';
import { projectPath } from '../../../../src/common/paths';
import type { BotState } from '../../../../src/schema/conversation.entity';
import type { ComplaintInput, KnowledgeSnapshot, SubscriptionStore, TeamCode } from '../../../../src/bot/bot.ports';
import { Dialogue, type DialogueDeps, type DialogueState } from '../../../../src/bot/dialogue';
import { buildKnowledge } from '../../../../src/bot/knowledge.service';
import type { ResponderDecision } from '../../../../src/hub/responder';
import { type PermitApplication, PermitProviderUnavailableError } from '../../../../src/permits/permit.types';

/** Fakes of every port, as in test/unit/bot/dialogue.spec.ts, for the per-flow specs. */
export const knowledge: KnowledgeSnapshot = buildKnowledge({
  KB_DIR: projectPath('knowledge-base'),
  OFFICE_CONFIG: projectPath('config', 'office.yaml'),
  APP_NUMBER_PATTERNS: undefined,
});
const calendar = new WorkingCalendar({
  timeZone: 'Asia/Jakarta',
  officeDays: [1, 2, 3, 4, 5],
  hours: parseOfficeHours('08:00-16:00'),
  holidays: loadHolidays(projectPath('resources', 'calendar', 'holidays-id.json')),
});

export const APP: PermitApplication = {
  number: 'PBG/2025/10/00456',
  permitType: 'PBG rumah tinggal',
  applicantName: 'Budi Santoso',
  nikLast4: '0003',
  nikHash: null,
  phone: '+6281234567890',
  stage: 'rekomendasi_teknis',
  stageSince: new Date('2025-10-06T02:00:00Z'),
  submittedAt: new Date('2025-10-01T02:00:00Z'),
  serviceStandardDays: 10,
  nextAction: null,
  agencyPending: 'PUPR',
  updatedAt: new Date('2025-10-06T02:00:00Z'),
};

export function setup(at = '2025-10-08T03:00:00Z', apps: PermitApplication[] = [APP], extra: Partial<DialogueDeps> = {}) {
  const now = new Date(at);
  const permits = { name: 'fake', down: false, apps: new Map(apps.map((a) => [a.number, a])) };
  const failures: string[] = [];
  const complaints: ComplaintInput[] = [];
  const subscriptions: Parameters<SubscriptionStore['subscribe']>[0][] = [];
  const dialogue = new Dialogue({
    knowledge: { current: () => knowledge },
    permits: {
      name: 'fake',
      find: async (n: string) => {
        if (permits.down) throw new PermitProviderUnavailableError('down');
        return permits.apps.get(n) ?? null;
      },
    },
    limiter: {
      lockedForMs: async () => 0,
      recordFailure: async (a: string) => {
        failures.push(a);
        return { locked: false, attemptsLeft: 5 - failures.length, lockedForMs: 0 };
      },
      reset: async () => {},
    },
    teams: { idFor: async (code: TeamCode) => `team-${code}` },
    complaints: {
      open: async (i) => {
        complaints.push(i);
        return { reference: 'ADU-251008-ABCDEF', conversationId: 'c-2' };
      },
    },
    subscriptions: {
      subscribe: async (s) => {
        subscriptions.push(s);
        return { created: true };
      },
    },
    calendar,
    config: { OFFICE_HOURS: { text: '08:00-16:00', openMin: 480, closeMin: 960 }, OFFICE_DAYS: [1, 2, 3, 4, 5], HANDOFF_AFTER_MISUNDERSTOOD: 2 },
    now: () => now,
    ...extra,
  });
  let botState: BotState | null = null;
  let n = 0;
  const say = async (
    text: string,
    extra: { phone?: string; payload?: string; files?: number; name?: string } = {},
  ): Promise<ResponderDecision & { text: string; state: DialogueState }> => {
    const d = await dialogue.respond({
      messageId: `m-${++n}`,
      text,
      replyPayload: extra.payload,
      conversation: { id: 'c-1', botState, channel: 'webchat', identityId: 'i-1', contactId: 'k-1' },
      contact: { id: 'k-1', phone: extra.phone ?? null, name: extra.name ?? null },
      senderPhone: extra.phone,
      files: extra.files,
    });
    botState = JSON.parse(JSON.stringify(d.patch?.botState ?? null));
    return { ...d, text: d.replies.map((r) => r.text).join('\n'), state: botState as unknown as DialogueState };
  };
  /** Starts from a given state (e.g. the one a survey invitation gives a new conversation). */
  const seed = (state: BotState | null) => (botState = state);
  return { say, seed, permits, failures, complaints, subscriptions };
}
