/**
 * What a module uses to send a message that does not answer a citizen's
 * message (a survey invitation, a notice): consoles hear of it through
 * HubEvents, the channel gets it through the outbound queue.
 */
export { HubEvents } from './hub-events';
export { OutboundService } from './outbound.service';
