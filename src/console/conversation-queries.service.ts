import { BadRequestException, Injectable } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { requireConversation } from '../access/require-access';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/principal';
import { ContactsRepository } from '../contacts/contacts.repository';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessagesRepository } from '../conversations/messages.repository';
import { Tx, TransactionRunner } from '../database/transaction-runner';
import { ListQuery } from './conversations.dto';
import { uuid } from '../common/validation';
import { ConversationDetail, conversationView, ConversationView, decodeCursor, encodeCursor, messageView, referralView, slaView } from './views';

/**
 * The console's reads of conversations, under each role's visibility (applied
 * in SQL by the access repository, so a conversation out of reach is simply
 * not found). A counter officer's look-up of a conversation outside their own
 * lists is audited as a read of personal data.
 */
@Injectable()
export class ConversationQueries {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AccessRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(p: Principal, q: ListQuery): Promise<{ items: ConversationView[]; nextCursor: string | null }> {
    let after: { at: Date | null; id: string } | undefined;
    if (q.cursor) {
      const cur = decodeCursor(q.cursor);
      if (!cur || !cur.at) throw new BadRequestException('cursor tidak valid.');
      after = cur;
    }
    return this.tx.read(async (m) => {
      const filters = {
        status: q.status,
        teamId: q.teamId,
        assigneeId: q.assigneeId === 'me' ? p.id : q.assigneeId,
        channel: q.channel,
        label: q.label,
        overdue: q.overdue === 'true',
        q: q.q,
        after,
      };
      const rows = await this.conversations.listVisible(m, p, filters, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const items = await this.decorate(m, p, page);
      const last = page[page.length - 1];
      return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.lastMessageAt, last.id) : null };
    });
  }

  /** Conversations (visible to p) changed since a moment: catch-up after a long disconnect. */
  async changedSince(p: Principal, since: Date, limit = 200): Promise<{ items: ConversationView[]; complete: boolean; until: string }> {
    const until = new Date();
    return this.tx.read(async (m) => {
      const rows = await this.conversations.changedSince(m, p, since, limit + 1);
      return { items: await this.decorate(m, p, rows.slice(0, limit)), complete: rows.length <= limit, until: until.toISOString() };
    });
  }

  private async decorate(m: Tx, p: Principal, rows: Conversation[]): Promise<ConversationView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [contacts, lasts, waiting, slas] = await Promise.all([
      this.contacts.findContacts(m, [...new Set(rows.map((r) => r.contactId))]),
      this.messages.lastOfEach(m, ids, p),
      this.messages.unansweredSinceOfEach(m, ids),
      this.conversations.slaOfEach(m, ids),
    ]);
    return rows.map((r) =>
      conversationView(
        r,
        contacts.find((c) => c.id === r.contactId),
        lasts.find((l) => l.conversationId === r.id),
        { waitingFrom: waiting.find((w) => w.conversationId === r.id)?.since ?? null, sla: slas.find((s) => s.conversationId === r.id) ?? null },
      ),
    );
  }

  async get(p: Principal, id: string): Promise<ConversationDetail> {
    const { detail, outOfScope } = await this.tx.read(async (m) => {
      const c = await requireConversation(this.access, m, p, id, 'read');
      const outOfScope = await this.lookup(m, p, id);
      // Independent reads: concurrent on PostgreSQL's pool (SQLite runs them one after another).
      const [msgs, contact, referrals, sla, waiting] = await Promise.all([
        this.messages.latest(m, id, 51, p),
        this.contacts.findContact(m, c.contactId),
        this.conversations.referralsOf(m, id),
        this.conversations.slaOf(m, id),
        this.messages.unansweredSinceOfEach(m, [id]),
      ]);
      const detail: ConversationDetail = {
        conversation: conversationView(c, contact, msgs[0], { waitingFrom: waiting[0]?.since ?? null, sla }),
        messages: msgs.slice(0, 50).reverse().map(messageView),
        hasEarlier: msgs.length > 50,
        referrals: referrals.map(referralView),
        sla: sla ? slaView(sla) : null,
      };
      return { detail, outOfScope };
    });
    if (outOfScope) await this.audit.recordNow({ actor: p, action: 'conversation.view', targetType: 'conversation', targetId: id, detail: { lookup: true } });
    return detail;
  }

  async messagesOf(
    p: Principal,
    id: string,
    before: string | undefined,
    limit: number,
  ): Promise<{ messages: ReturnType<typeof messageView>[]; hasEarlier: boolean }> {
    const page = await this.tx.read(async (m) => {
      await requireConversation(this.access, m, p, id, 'read');
      const outOfScope = await this.lookup(m, p, id);
      let ref = null;
      if (before) {
        ref = uuid.safeParse(before).success ? await this.messages.findInConversation(m, before, id, p) : null;
        if (!ref) throw new BadRequestException('before: pesan tidak dikenal.');
      }
      const rows = await this.messages.before(m, id, ref, limit + 1, p);
      return { outOfScope, messages: rows.slice(0, limit).reverse().map(messageView), hasEarlier: rows.length > limit };
    });
    // Earlier pages of a looked-up conversation are reads of personal data too.
    if (page.outOfScope)
      await this.audit.recordNow({
        actor: p,
        action: 'conversation.messages',
        targetType: 'conversation',
        targetId: id,
        detail: { lookup: true, before: before ?? null },
      });
    return { messages: page.messages, hasEarlier: page.hasEarlier };
  }

  /**
   * For a live `watch`: 404 when p may not read the conversation, else whether
   * this is a counter officer's look-up outside their own lists.
   */
  watchable(p: Principal, id: string): Promise<{ outOfScope: boolean }> {
    return this.tx.read(async (m) => {
      await requireConversation(this.access, m, p, id, 'read');
      return { outOfScope: await this.lookup(m, p, id) };
    });
  }

  /** The conversation if p may read it now, else null (live events re-check access on every use). */
  readable(p: Principal, id: string): Promise<Conversation | null> {
    return this.tx.read((m) => this.access.findVisible(m, p, id, 'read'));
  }

  /** A counter officer reading beyond their own lists (a look-up at the desk). */
  private async lookup(m: Tx, p: Principal, id: string): Promise<boolean> {
    return p.role === 'counter' && !(await this.access.inScope(m, p, id));
  }
}
