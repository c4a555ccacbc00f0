/** What other modules use to write a message from the hub's side into a conversation. */
export { outgoingMessage } from './outgoing-message';
export type { OutgoingMessageInit } from './outgoing-message';
