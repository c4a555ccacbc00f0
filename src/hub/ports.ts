/**
 * What channels may use of the hub, and nothing else: channels/* import the
 * hub only through this file. Besides it, a channel uses the shared kernel
 * (src/common), its settings (src/config) and infrastructure (Redis, logging).
 */
export type { ChannelAdapter, ChannelHealth, SendResult } from './channel-adapter';
export { PermanentSendError, RetryLaterError } from './channel-adapter';
export type { ChannelIdentityRef, KnownSender } from './channel-conversations';
export { ChannelConversations } from './channel-conversations';
export type { ChannelConfig, ChannelDefinition } from './channel-definition';
export { channelConfigGroups, channelLabels, checkChannelConfig } from './channel-definition';
export { ChannelRegistry } from './channel-registry';
export type { DeliveryReport, DeliveryReportOutcome, ReportedStatus } from './delivery-reports';
export { DeliveryReports } from './delivery-reports';
export type { PublicMessage } from './hub-events';
export { HubModule } from './hub.module';
export { InboundIngress } from './inbound-ingress.service';
export type { InboundMessage, OutboundEnvelope } from './messages';
export type { AttachmentMeta, QuickReply } from '../conversations/message.entity';
export { INBOUND_QUEUE, jobIdFor } from './queue-names';
export { QueueService } from './queue.service';
export { RealtimeService } from '../realtime/realtime.service';
