import { NotFoundException } from '@nestjs/common';
import { Principal } from '../common/principal';
import { Conversation } from '../schema/conversation.entity';
import { Tx } from '../database/transaction-runner';
import { AccessRepository, AccessScope } from './access.repository';

/** A conversation visible to p in the given scope, or 404 (never 403: its existence is not revealed). */
export async function requireConversation(access: AccessRepository, m: Tx, p: Principal, id: string, scope: AccessScope): Promise<Conversation> {
  const c = await access.findVisible(m, p, id, scope);
  if (!c) throw new NotFoundException('Percakapan tidak ditemukan.');
  return c;
}
