import { ChannelIdentity } from './contacts/channel-identity.entity';
import { Contact } from './contacts/contact.entity';
import { Conversation } from './conversations/conversation.entity';
import { Message } from './conversations/message.entity';
import { User } from './auth/user.entity';
import { Team, TeamMember } from './routing/team.entity';
import { RefreshToken } from './auth/refresh-token.entity';
import { AuditEntry } from './audit/audit-log.entity';
import { CannedResponse } from './console/canned-response.entity';
import { AgencyReferral } from './routing/agency-referral.entity';
import { ConversationSla, SlaPolicy } from './routing/sla.entity';
import { KnowledgeGapEvent, KnowledgeGapGroup } from './reports/knowledge-gap.entity';
import { PermitApplicationRow, PermitEventReceipt, PermitSubscription } from './permits/permit-application.entity';

export const ENTITIES = [
  Contact,
  ChannelIdentity,
  Conversation,
  Message,
  User,
  Team,
  TeamMember,
  PermitApplicationRow,
  PermitSubscription,
  PermitEventReceipt,
  RefreshToken,
  AuditEntry,
  CannedResponse,
  AgencyReferral,
  SlaPolicy,
  ConversationSla,
  KnowledgeGapGroup,
  KnowledgeGapEvent,
];
