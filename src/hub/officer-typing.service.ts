import { Injectable, Logger } from '@nestjs/common';
import { ContactsRepository } from '../contacts/contacts.repository';
import { Conversation } from '../schema/conversation.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { ChannelRegistry } from './channel-registry';
import { OfficerTyping } from './officer-typing.ports';

/** typing_on lasts about 20 s on Meta's side: one call per conversation every few seconds is enough. */
const MIN_INTERVAL_MS = 5_000;

/** See OfficerTyping: looks up the conversation's identity and calls its adapter's typing(). */
@Injectable()
export class OfficerTypingService extends OfficerTyping {
  private readonly log = new Logger(OfficerTyping.name);
  private readonly lastOn = new Map<string, number>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly registry: ChannelRegistry,
    private readonly contacts: ContactsRepository,
  ) {
    super();
  }

  async relay(c: Pick<Conversation, 'id' | 'channel' | 'identityId'>, on: boolean, now = Date.now()): Promise<void> {
    const adapter = this.registry.get(c.channel);
    if (!adapter?.typing || !c.identityId) return;
    if (on && now - (this.lastOn.get(c.id) ?? 0) < MIN_INTERVAL_MS) return;
    if (on) this.lastOn.set(c.id, now);
    else this.lastOn.delete(c.id);
    if (this.lastOn.size > 10_000) this.lastOn.clear();
    try {
      const identity = await this.tx.read((m) => this.contacts.findIdentityById(m, c.identityId!));
      if (identity) await adapter.typing({ kind: identity.kind, externalId: identity.externalId }, on);
    } catch (err) {
      this.log.debug(`typing indicator of ${c.id} not relayed: ${(err as Error).message}`);
    }
  }
}
