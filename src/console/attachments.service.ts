import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { Principal } from '../common/principal';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { AccessRepository } from '../access/access.repository';
import { requireConversation } from '../access/require-access';
import { MessagesRepository } from '../conversations/messages.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { uuid } from '../common/validation';

/** Where channel adapters store downloaded files: media/<channel>/<stable id>.<ext> under DATA_DIR. */
const LOCAL_REF = /^media\/[a-z-]{1,32}\/[A-Za-z0-9_-]{1,120}(\.[A-Za-z0-9]{1,8})?$/;

export interface AttachmentFile {
  path: string;
  mimeType: string;
  fileName: string;
  size: number;
}

/**
 * A file a citizen sent (photo of a document, a PDF), served to an officer
 * who may read the conversation. Every view is audited: these are personal
 * documents.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly tx: TransactionRunner,
    private readonly access: AccessRepository,
    private readonly messages: MessagesRepository,
    private readonly audit: AuditService,
  ) {}

  async open(p: Principal, conversationId: string, messageId: string, index: number): Promise<AttachmentFile> {
    const notFound = () => new NotFoundException('Lampiran tidak ditemukan.');
    if (!uuid.safeParse(messageId).success) throw notFound();
    const msg = await this.tx.read(async (m) => {
      await requireConversation(this.access, m, p, conversationId, 'read');
      return this.messages.findInConversation(m, messageId, conversationId, p);
    });
    const att = msg?.attachments?.[index];
    if (!att) throw notFound();
    if (!att.ref || !LOCAL_REF.test(att.ref)) throw new NotFoundException('Berkas ini belum diunduh ke server; hanya keterangannya yang tersimpan.');
    const root = resolve(this.hub.dataDir);
    const path = resolve(root, att.ref);
    // The pattern already forbids "..": this is the belt to its braces.
    if (!path.startsWith(root + sep) || !existsSync(path)) throw new NotFoundException('Berkas tidak ada lagi di server.');
    await this.audit.recordNow({
      actor: p,
      action: 'attachment.view',
      targetType: 'message',
      targetId: messageId,
      detail: { conversationId, index },
    });
    const fileName = (att.fileName ?? att.ref.split('/').pop()!).replace(/[^\w.\- ]/g, '_').slice(0, 120);
    return { path, mimeType: att.mimeType ?? 'application/octet-stream', fileName, size: statSync(path).size };
  }
}
