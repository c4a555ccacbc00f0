import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuditQuery } from './audit.dto';
import { decodeCursor, encodeCursor } from './views';

/** The audit log as supervisors page through it, newest first. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly entries: AuditRepository,
  ) {}

  async list(query: AuditQuery) {
    const cur = query.cursor ? decodeCursor(query.cursor) : null;
    const { cursor: _cursor, limit, ...filter } = query;
    // One row more than asked tells whether there is a next page.
    const rows = await this.tx.read((m) => this.entries.list(m, { ...filter, before: cur?.at ? { at: cur.at, id: cur.id } : undefined, limit: limit + 1 }));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => ({ ...a, at: a.at.toISOString() })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
    };
  }
}
