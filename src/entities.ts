import { ChannelIdentity } from './schema/channel-identity.entity';
import { Contact } from './schema/contact.entity';
import { Conversation } from './schema/conversation.entity';
import { Message } from './schema/message.entity';
import { User } from './schema/user.entity';
import { Team, TeamMember } from './schema/team.entity';
import { RefreshToken } from './schema/refresh-token.entity';
import { AuditEntry } from './schema/audit-log.entity';
import { CannedResponse } from './schema/canned-response.entity';
import { AgencyReferral } from './schema/agency-referral.entity';
import { ConversationSla, SlaPolicy } from './schema/sla.entity';
import { PermitApplicationRow, PermitEventReceipt, PermitSubscription } from './schema/permit-application.entity';
import { PhoneCall, PhoneCallEventReceipt } from './calls/phone-call.entity';
import { SurveyInvitation } from './schema/survey-invitation.entity';
import { SurveyResponse } from './schema/survey-response.entity';
import { KnowledgeEntryRow, KnowledgeVersionRow, OfficeValuesVersionRow } from './knowledge/knowledge.entity';
import { KnowledgeGapEvent, KnowledgeGapGroup } from './reports/knowledge-gap.entity';

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
  PhoneCall,
  PhoneCallEventReceipt,
  SurveyInvitation,
  SurveyResponse,
  KnowledgeEntryRow,
  KnowledgeVersionRow,
  OfficeValuesVersionRow,
  KnowledgeGapGroup,
  KnowledgeGapEvent,
];
