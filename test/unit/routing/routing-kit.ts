import type { Principal } from '../../../src/common/principal';
import type { ResolvedConfig } from '../../../src/config/hub-config';
import type { Conversation } from '../../../src/schema/conversation.entity';
import type { RoutingConfig } from '../../../src/routing/routing.config';

/** Shared test data of the routing unit tests. */
export const routingConfig = (o: Partial<RoutingConfig> = {}): RoutingConfig => ({
  SLA_FIRST_RESPONSE_MINUTES: 60,
  SLA_RESOLUTION_MINUTES: 480,
  SLA_WORKING_HOURS: false,
  REFERRAL_DEFAULT_DAYS: 3,
  REFERRAL_DUE_SECONDS: undefined,
  PRESENCE_TTL_SECONDS: 45,
  ROUTING_SWEEP_SECONDS: 20,
  ...o,
});

/** Workers off: unit tests start no BullMQ worker and no sweep timer. */
export const hubConfig = { runsWorkers: false, QUEUE_LOCK_MS: 30_000 } as unknown as ResolvedConfig;

export const conversation = (o: Partial<Conversation> = {}): Conversation => ({
  id: 'conv-1',
  reference: 'LB-20251201-0001',
  contactId: 'contact-1',
  kind: 'general',
  status: 'pending',
  channel: 'whatsapp',
  identityId: 'identity-1',
  teamId: 'team-1',
  assigneeId: null,
  subject: null,
  labels: [],
  botState: null,
  createdAt: new Date('2025-12-01T02:00:00Z'),
  updatedAt: new Date('2025-12-01T02:00:00Z'),
  lastMessageAt: null,
  waitingSince: new Date('2025-12-01T02:00:00Z'),
  firstResponseAt: null,
  resolvedAt: null,
  ...o,
});

export const principal = (o: Partial<Principal> = {}): Principal => ({
  id: 'user-agent',
  email: 'agent@example.test',
  name: 'Ani',
  role: 'agent',
  agencyCode: null,
  teamIds: ['team-1'],
  capacity: 5,
  ...o,
});

/** Lets queued microtasks and setImmediate callbacks run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
