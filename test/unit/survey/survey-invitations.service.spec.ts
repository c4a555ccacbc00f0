import { SurveyInvitationsService } from '../../../src/survey/survey-invitations.service';
import { SurveyRepository } from '../../../src/survey/survey.repository';
import { SurveyService } from '../../../src/survey/survey.service';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';
import { MessagesRepository } from '../../../src/conversations/messages.repository';
import { HubEvents, OutboundService } from '../../../src/hub/messaging.ports';
import { ConsoleSignals } from '../../../src/signals/console-signals';
import type { Conversation } from '../../../src/schema/conversation.entity';
import type { SurveyInvitation } from '../../../src/schema/survey-invitation.entity';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';

const NOW = new Date('2025-10-08T03:00:00Z');
const resolved = (over: Partial<Conversation> = {}): Conversation =>
  ({
    id: 'c-1',
    reference: 'LB-1',
    contactId: 'k-1',
    kind: 'general',
    status: 'resolved',
    channel: 'webchat',
    identityId: 'i-1',
    teamId: 't-1',
    assigneeId: 'u-1',
    subject: null,
    labels: [],
    botState: { lang: 'en' },
    createdAt: NOW,
    updatedAt: NOW,
    lastMessageAt: NOW,
    waitingSince: null,
    firstResponseAt: null,
    resolvedAt: NOW,
    ...over,
  }) as Conversation;

function build() {
  const repo = fakeOf(SurveyRepository);
  const conversations = fakeOf(ConversationsRepository);
  const messages = fakeOf(MessagesRepository);
  const events = fakeOf(HubEvents);
  const outbound = fakeOf(OutboundService);
  const cfg = { SURVEY_PERIOD_DAYS: 30, SURVEY_TOKEN_TTL_HOURS: 72, SURVEY_PUBLIC_URL: undefined };
  const tx = new FakeTransactionRunner().asRunner();
  const surveys = new SurveyService(cfg, tx, repo);
  const prompts = { invitation: jest.fn((lang: string) => ({ text: `invite ${lang}`, quickReplies: [{ payload: 'survey:yes', title: 'yes' }] })) };
  const permits = { name: 'fake', find: jest.fn(async () => null) };
  const svc = new SurveyInvitationsService(cfg, tx, repo, conversations, messages, surveys, fakeOf(ConsoleSignals), events, outbound, prompts, permits);
  messages.nextMessageTime.mockResolvedValue(NOW);
  return { svc, repo, conversations, outbound, prompts };
}

describe('SurveyInvitationsService', () => {
  it('invites once, in the citizen’s language, into the resolved conversation, and queues the message', async () => {
    const h = build();
    h.conversations.findById.mockResolvedValue(resolved());
    const msg = await h.svc.inviteAfter('c-1', NOW);
    expect(msg).toEqual(expect.objectContaining({ conversationId: 'c-1', channel: 'webchat', text: 'invite en', idempotencyKey: 'survey-invite:c-1' }));
    expect(h.repo.insertInvitation).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ source: 'chat', contactId: 'k-1', conversationId: 'c-1', teamId: 't-1', lang: 'en', status: 'invited' }),
    );
    expect(h.outbound.enqueue).toHaveBeenCalledWith(msg);
  });

  it.each<[string, (h: ReturnType<typeof build>) => void]>([
    ['was asked within the period', (h) => h.repo.latestInvitationSince.mockResolvedValue({ id: 'old' } as SurveyInvitation)],
    [
      'has a complaint in progress',
      (h) => h.conversations.findActiveForContact.mockImplementation(async (_m, _c, kind) => (kind === 'complaint' ? resolved({ status: 'open' }) : null)),
    ],
    [
      'is in the middle of a status verification with the bot',
      (h) =>
        h.conversations.findActiveForContact.mockImplementation(async (_m, _c, kind) =>
          kind === 'complaint' ? null : resolved({ status: 'bot', botState: { awaiting: 'verify' } }),
        ),
    ],
    ['was served at the counter (walk-ins get the QR)', (h) => h.conversations.findById.mockResolvedValue(resolved({ channel: 'counter' }))],
    ['conversation is not resolved (reopened meanwhile)', (h) => h.conversations.findById.mockResolvedValue(resolved({ status: 'open' }))],
  ])('does not ask when the citizen %s', async (_name, arrange) => {
    const h = build();
    h.conversations.findById.mockResolvedValue(resolved());
    arrange(h);
    expect(await h.svc.inviteAfter('c-1', NOW)).toBeNull();
    expect(h.repo.insertInvitation).not.toHaveBeenCalled();
    expect(h.outbound.enqueue).not.toHaveBeenCalled();
  });

  it('looks back exactly SURVEY_PERIOD_DAYS for an earlier invitation', async () => {
    const h = build();
    h.conversations.findById.mockResolvedValue(resolved());
    await h.svc.inviteAfter('c-1', NOW);
    expect(h.repo.latestInvitationSince).toHaveBeenCalledWith(expect.anything(), 'k-1', new Date(NOW.getTime() - 30 * 86_400_000));
  });
});
