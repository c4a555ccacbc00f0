/**
 * What feature modules (not channels) use of the hub to tell consoles about
 * the conversations they change. Channels use src/hub/ports.ts instead.
 */
export { HubEvents } from './hub-events';
export { officerConversation } from './hub-events';
