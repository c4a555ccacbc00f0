/**
 * What channels may use of the hub, and nothing else: channels/* import the
 * hub only through this file. Besides it, a channel uses the shared kernel
 * (src/common), its settings (src/config) and infrastructure (Redis, logging).
 */
export type { ChannelAdapter, ChannelHealth, SendResult } from './channel-adapter';
export { PermanentSendError, RetryLaterError } from './channel-adapter';
export type { ChannelIdentityRef, KnownSender } from './channel-conversations';
export { ChannelConversations } from './channel-conversations';
export { CitizenTyping } from './citizen-typing';
export { ChannelJobs } from './channel-jobs';
export type { ChannelConfig, ChannelDefinition } from './channel-definition';
export { channelConfigGroups, channelLabels, checkChannelConfig } from './channel-definition';
export { ChannelRegistry } from './channel-registry';
export type { DeliveryReport, DeliveryReportOutcome, ReportedStatus } from './delivery-reports';
export { DeliveryReports } from './delivery-reports';
export type { PublicMessage } from './hub-events';
export { HubModule } from './hub.module';
export { InboundIngress } from './inbound-ingress.service';
export type { InboundMessage, OutboundEnvelope } from './messages';
export type { AttachmentMeta, QuickReply, SenderKind } from '../schema/message.entity';
export { INBOUND_QUEUE, jobIdFor } from './queue-names';
export type { PhoneCallEvent, PhoneCallEventKind } from './phone-calls';
export { PHONE_CALL_EVENT_KINDS, PhoneCalls } from './phone-calls';
export { QueueService } from './queue.service';
export type { WelcomeMessage } from './welcome.ports';
export { ChannelWelcome } from './welcome.ports';
export { RealtimeService } from '../realtime/realtime.service';
/** Redis for a channel's own BullMQ queues (channels/media-jobs.ts). */
export { RedisConnections } from '../redis/redis-connections';
