import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { isSupervisor, Principal } from '../common/principal';
import { newId } from '../common/ids';
import { ContactsRepository } from '../contacts/contacts.repository';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { CannedResponse } from '../schema/canned-response.entity';
import type { CannedInput } from './canned.dto';
import { CannedRepository } from './canned.repository';
import { AccessRepository } from '../access/access.repository';
import { requireConversation } from '../access/require-access';

export const PLACEHOLDERS = ['contact.name', 'conversation.reference', 'application.number', 'agent.name'] as const;
/** Placeholders whose values are a citizen's personal data. */
const PERSONAL_PLACEHOLDERS = ['contact.name', 'application.number'] as const;

/** Fills {{contact.name}}, {{conversation.reference}}, {{application.number}}, {{agent.name}}. */
export function fillPlaceholders(
  text: string,
  values: Partial<Record<(typeof PLACEHOLDERS)[number], string | null | undefined>>,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key: string) => {
    const k = key.toLowerCase() as (typeof PLACEHOLDERS)[number];
    if (!(PLACEHOLDERS as readonly string[]).includes(k)) return whole;
    const v = values[k];
    if (v) return v;
    missing.push(k);
    return k === 'contact.name' ? 'Bapak/Ibu' : `[${k === 'application.number' ? 'nomor permohonan' : k}]`;
  });
  return { text: out, missing };
}

/** Canned responses: everyone reads (their teams' and the common ones); supervisors maintain. */
@Injectable()
export class CannedService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly canned: CannedRepository,
    private readonly contacts: ContactsRepository,
    private readonly access: AccessRepository,
    private readonly audit: AuditService,
  ) {}

  async list(p: Principal, q?: string) {
    const rows = await this.tx.read((m) => this.canned.listAll(m));
    const needle = q?.toLowerCase().replace(/^\//, '');
    return rows
      .filter((r) => !r.teamId || p.role === 'admin' || p.role === 'supervisor' || p.teamIds.includes(r.teamId))
      .filter((r) => !needle || r.shortcut.includes(needle) || r.title.toLowerCase().includes(needle))
      .map(view);
  }

  async create(p: Principal, input: CannedInput) {
    const now = new Date();
    const row: CannedResponse = { id: newId(), ...input, teamId: input.teamId ?? null, createdById: p.id, createdAt: now, updatedAt: now };
    try {
      await this.tx.run((m) => this.canned.insert(m, row));
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException(`Shortcut /${input.shortcut} sudah dipakai.`);
      throw err;
    }
    return view(row);
  }

  async update(id: string, input: Partial<CannedInput>) {
    try {
      return await this.tx.run(async (m) => {
        const row = await this.canned.findById(m, id);
        if (!row) throw new NotFoundException('Balasan cepat tidak ditemukan.');
        const next = { ...row, ...input, teamId: input.teamId === undefined ? row.teamId : (input.teamId ?? null), updatedAt: new Date() };
        await this.canned.update(m, id, next);
        return view(next);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException('Shortcut sudah dipakai.');
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    const deleted = await this.tx.run((m) => this.canned.delete(m, id));
    if (!deleted) throw new NotFoundException('Balasan cepat tidak ditemukan.');
  }

  /** The text of a canned response with this conversation's values filled in (nothing is sent). */
  async render(p: Principal, id: string, conversationId: string) {
    const row = await this.tx.read((m) => this.canned.findByIdOrShortcut(m, id, id.toLowerCase().replace(/^\//, '')));
    if (!row || (row.teamId && !isSupervisor(p) && !p.teamIds.includes(row.teamId))) throw new NotFoundException('Balasan cepat tidak ditemukan.');
    const values = await this.tx.read(async (m) => {
      const c = await requireConversation(this.access, m, p, conversationId, 'read');
      const contact = await this.contacts.findUnmergedContact(m, c.contactId);
      const state = (c.botState ?? {}) as { appNo?: string; applicationNumber?: string };
      return {
        'contact.name': contact?.name,
        'conversation.reference': c.reference,
        'application.number': state.appNo ?? state.applicationNumber ?? null,
        'agent.name': p.name,
      };
    });
    const filled = fillPlaceholders(row.text, values);
    // A rendered response that carries the citizen's name or application number is a read of personal data.
    const personal = PERSONAL_PLACEHOLDERS.filter((k) => values[k] && new RegExp(`\\{\\{\\s*${k.replace('.', '\\.')}\\s*\\}\\}`, 'i').test(row.text));
    if (personal.length)
      await this.audit.recordNow({
        actor: p,
        action: 'canned.render',
        targetType: 'conversation',
        targetId: conversationId,
        detail: { cannedId: row.id, placeholders: personal },
      });
    return { id: row.id, shortcut: row.shortcut, ...filled };
  }
}

function view(r: CannedResponse) {
  return { id: r.id, shortcut: r.shortcut, title: r.title, text: r.text, teamId: r.teamId, updatedAt: r.updatedAt.toISOString() };
}
