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
type Placeholder = (typeof PLACEHOLDERS)[number];
/** The Indonesian names officers write ({{nama}}, {{nomor_permohonan}}…), same values. */
export const PLACEHOLDER_ALIASES: Record<string, Placeholder> = {
  nama: 'contact.name',
  nomor_permohonan: 'application.number',
  nomor_tiket: 'conversation.reference',
  petugas: 'agent.name',
};
/** Placeholders whose values are a citizen's personal data. */
const PERSONAL_PLACEHOLDERS = ['contact.name', 'application.number'] as const;
const PLACEHOLDER_RE = /\{\{\s*([a-z_]+(?:\.[a-z_]+)?)\s*\}\}/gi;

const canonical = (key: string): Placeholder | undefined => {
  const k = key.toLowerCase();
  return (PLACEHOLDERS as readonly string[]).includes(k) ? (k as Placeholder) : PLACEHOLDER_ALIASES[k];
};

/** The known placeholders a text uses (canonical names). */
export function placeholdersIn(text: string): Placeholder[] {
  const found = new Set<Placeholder>();
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    const k = canonical(m[1]);
    if (k) found.add(k);
  }
  return [...found];
}

/** Fills {{contact.name}} / {{nama}}, {{conversation.reference}} / {{nomor_tiket}}, {{application.number}} / {{nomor_permohonan}}, {{agent.name}} / {{petugas}}. */
export function fillPlaceholders(text: string, values: Partial<Record<Placeholder, string | null | undefined>>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(PLACEHOLDER_RE, (whole, key: string) => {
    const k = canonical(key);
    if (!k) return whole;
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
    return { id: row.id, shortcut: row.shortcut, ...(await this.fill(p, row.text, conversationId, row.id)) };
  }

  /** A draft text (being written on the management page) filled with a conversation's values, or with examples. */
  async preview(p: Principal, text: string, conversationId?: string) {
    if (conversationId) return this.fill(p, text, conversationId, null);
    return fillPlaceholders(text, {
      'contact.name': 'Budi Santoso',
      'conversation.reference': 'SPT-0000-0001',
      'application.number': 'PBG/2025/10/00456',
      'agent.name': p.name,
    });
  }

  private async fill(p: Principal, text: string, conversationId: string, cannedId: string | null) {
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
    const filled = fillPlaceholders(text, values);
    // A rendered response that carries the citizen's name or application number is a read of personal data.
    const used = placeholdersIn(text);
    const personal = PERSONAL_PLACEHOLDERS.filter((k) => values[k] && used.includes(k));
    if (personal.length)
      await this.audit.recordNow({
        actor: p,
        action: 'canned.render',
        targetType: 'conversation',
        targetId: conversationId,
        detail: { cannedId, placeholders: personal },
      });
    return filled;
  }
}

function view(r: CannedResponse) {
  return { id: r.id, shortcut: r.shortcut, title: r.title, text: r.text, teamId: r.teamId, updatedAt: r.updatedAt.toISOString() };
}
