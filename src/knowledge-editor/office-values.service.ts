import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/principal';
import { normalisePhone } from '../common/phone';
import { TransactionRunner } from '../database/transaction-runner';
import { isMissingValue, KnowledgeStore } from '../knowledge';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';
import { KnowledgeAnnouncer } from './knowledge-announcer';

/** What a value must look like, from its key's name. */
export function officeValueProblem(key: string, value: string): string | null {
  const v = value.trim();
  if (v === '') return `${key}: wajib diisi (kosongkan tidak boleh; biarkan nilai lama bila belum tahu)`;
  if (isMissingValue(v)) return `${key}: masih berisi "[ISI OLEH KANTOR …]"`;
  const last = key.split('.').pop() ?? key;
  if (/(^|_)(url|website)$/.test(last) || key.startsWith('links.')) {
    try {
      const u = new URL(v);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    } catch {
      return `${key}: harus berupa alamat web lengkap, mis. https://…`;
    }
  }
  if (/(^|_)(phone|whatsapp)$/.test(last) || key === 'helpdesk.whatsapp') {
    // Written inside sentences ("WhatsApp 0812-…"): the number in it must be a real one.
    const digits = v.match(/\+?\d[\d\s().-]{5,}\d/)?.[0];
    if (!digits || !normalisePhone(digits)) return `${key}: nomor telepon tidak valid (contoh: 0812-3456-7890 atau (021) 5990-0001)`;
  }
  if (/(^|_)hours$/.test(last) && !/\d{1,2}[.:]\d{2}/.test(v)) return `${key}: tulis jam dengan angka, mis. "Senin–Jumat, 08.00–16.00 WIB"`;
  if (last === 'upload_max_mb' && !/^\d{1,4}$/.test(v)) return `${key}: angka saja (MB)`;
  if (/(^|_)email$/.test(last) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return `${key}: alamat email tidak valid`;
  return null;
}

/** The office values behind {{placeholders}}: edited by administrators, every save a version. */
@Injectable()
export class OfficeValuesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: KnowledgeRepository,
    private readonly store: KnowledgeStore,
    private readonly audit: AuditService,
    private readonly announcer: KnowledgeAnnouncer,
  ) {}

  async current() {
    const { values, samples, version } = await this.store.officeValues();
    return {
      version,
      values: [...values.entries()]
        .filter(([k]) => !/\.\d+$/.test(k))
        .map(([key, value]) => ({ key, value: isMissingValue(value) ? '' : value, missing: isMissingValue(value), sample: samples.includes(key) })),
    };
  }

  async save(p: Principal, changes: Record<string, string>, note?: string) {
    const { values, samples } = await this.store.officeValues();
    const issues = Object.entries(changes).flatMap(([k, v]) => {
      const problem = values.has(k) ? officeValueProblem(k, v) : `${k}: kunci tidak dikenal`;
      return problem ? [{ path: k, message: problem }] : [];
    });
    if (issues.length)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `Data kantor tidak valid — ${issues
          .slice(0, 3)
          .map((i) => i.message)
          .join('; ')}`,
        issues,
      });
    for (const [k, v] of Object.entries(changes)) values.set(k, v.trim());
    const left = samples.filter((k) => !(k in changes));
    return this.write(p, Object.fromEntries(values), left, note ?? null);
  }

  async versions() {
    const rows = await this.tx.read((m) => this.repo.listOfficeValues(m));
    return rows.map((r) => ({ version: r.version, author: r.authorName, at: r.createdAt.toISOString(), note: r.note }));
  }

  async rollback(p: Principal, version: number) {
    const row = await this.tx.read((m) => this.repo.findOfficeValues(m, version));
    if (!row) throw new NotFoundException(`Versi ${version} data kantor tidak ada.`);
    return this.write(p, JSON.parse(row.data) as Record<string, string>, JSON.parse(row.samples) as string[], `kembali ke versi ${version}`);
  }

  private async write(p: Principal, data: Record<string, string>, samples: string[], note: string | null) {
    const version = await this.tx.run(async (m) => {
      const latest = await this.repo.latestOfficeValues(m);
      const next = (latest?.version ?? 0) + 1;
      const now = new Date();
      await this.repo.insertOfficeValues(m, {
        version: next,
        data: JSON.stringify(data),
        samples: JSON.stringify(samples),
        authorId: p.id,
        authorName: p.name,
        note,
        createdAt: now,
      });
      await this.audit.record(m, { actor: p, action: 'office.values', targetType: 'knowledge', targetId: 'office', detail: { version: next } }, now);
      return next;
    });
    await this.announcer.announce();
    return { version };
  }
}
