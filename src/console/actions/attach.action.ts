import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { Principal } from '../../common/principal';
import { HUB_CONFIG, ResolvedConfig } from '../../config/hub-config';
import { Conversation } from '../../schema/conversation.entity';
import { AttachmentMeta } from '../../schema/message.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { MessagesRepository } from '../../conversations/messages.repository';
import { outgoingMessage } from '../../conversations';
import { ChannelRegistry } from '../../hub/ports';
import { CONSOLE_CONFIG, ConsoleConfig } from '../console.config';
import { checkUpload, discardOutboundFile, storeOutboundFile, UploadedFileLike } from '../outbound-files';
import { messageView } from '../views';
import { ActionRunner } from './action-runner';

/** Why a channel takes no files, in the officer's words. */
const NO_FILES: Record<string, string> = {
  phone: 'Percakapan telepon tidak bisa menerima berkas: kirim lewat WhatsApp atau surel setelah warga menghubungi di sana.',
  counter: 'Percakapan loket tidak bisa menerima berkas: serahkan salinannya langsung kepada warga di loket.',
};

/**
 * An officer's file (PDF or image) to the citizen, as a message of its own on
 * the channel of their latest message: the officer's words go as an ordinary
 * reply before it. One message is one vendor call, so a retried job never
 * sends anything twice.
 */
@Injectable()
export class AttachAction {
  constructor(
    @Inject(CONSOLE_CONFIG) private readonly cfg: ConsoleConfig,
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  async execute(p: Principal, id: string, file: UploadedFileLike | undefined): Promise<ReturnType<typeof messageView>> {
    let stored: AttachmentMeta | undefined;
    try {
      const r = await this.runner.mutate(async (m) => {
        const c = await this.runner.writable(m, p, id);
        // After the visibility check: a conversation the officer may not see is a 404 whatever was sent.
        const type = checkUpload(file, this.cfg.ATTACHMENT_MAX_BYTES);
        if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai; buka kembali (reopen) sebelum mengirim berkas.');
        const adapter = this.registry.get(c.channel);
        if (!c.identityId || !adapter?.sendsFiles)
          throw new ConflictException(NO_FILES[c.channel] ?? 'Kanal percakapan ini tidak bisa mengirim berkas ke warga.');
        // Written inside the transaction, after every check: a refused upload leaves nothing behind.
        stored = await storeOutboundFile(this.hub.dataDir, file!, type);
        const now = await this.messages.nextMessageTime(m, c.id);
        const msg = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text: '', createdAt: now, attachments: [stored] });
        await this.messages.insert(m, msg);
        const patch: Partial<Conversation> = { lastMessageAt: now, updatedAt: now };
        if (c.status === 'bot' || c.status === 'pending') patch.status = 'open';
        if (!c.assigneeId && p.role !== 'agency') patch.assigneeId = p.id;
        if (!c.firstResponseAt) patch.firstResponseAt = now;
        await this.conversations.updateConversation(m, c.id, patch);
        Object.assign(c, patch);
        return { conversation: c, messages: [msg], enqueue: [msg] };
      });
      return messageView(r.messages![0]);
    } catch (err) {
      if (stored) await discardOutboundFile(this.hub.dataDir, stored);
      throw err;
    }
  }
}
