import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { TransactionRunner, Tx } from '../database/transaction-runner';
import type { Principal } from '../common/principal';
import { AuditAction } from '../schema/audit-log.entity';
import { AuditRepository } from './audit.repository';

export interface AuditInput {
  actor: Pick<Principal, 'id' | 'role'> | null;
  action: AuditAction;
  targetType: 'conversation' | 'contact' | 'user' | 'referral' | 'team' | 'message' | 'permit' | 'knowledge' | 'knowledge_gap';
  targetId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  detail?: Record<string, any>;
}

/** Appends to the audit log, inside the caller's transaction when it has one. */
@Injectable()
export class AuditService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly entries: AuditRepository,
  ) {}

  async record(m: Tx, e: AuditInput, at = new Date()): Promise<void> {
    await this.entries.insert(m, {
      id: newId(),
      at,
      actorId: e.actor?.id ?? null,
      actorRole: e.actor?.role ?? null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      detail: e.detail ?? null,
    });
  }

  recordNow(e: AuditInput): Promise<void> {
    return this.tx.run((m) => this.record(m, e));
  }
}
