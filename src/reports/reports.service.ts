import { Inject, Injectable } from '@nestjs/common';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { TransactionRunner } from '../database/transaction-runner';
import { ROUTING_CONFIG, type RoutingConfig } from '../routing/routing.config';
import { OfficeMinutes, percentile } from './office-minutes';
import { reportPeriod } from './report-period';
import type { ReportQuery } from './reports.dto';
import { ReportRange, ReportsRepository, ResponseRow } from './reports.repository';

/** Labels that say something about a conversation's handling, not what a complaint is about. */
const HANDLING_LABELS = new Set(['pengaduan', 'sla-terlewat', 'rujukan-terlambat']);
const round = (v: number | null, digits = 1): number | null => (v == null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export interface Overview {
  conversations: number;
  byChannel: Record<string, number>;
  botResolved: number;
  handoffs: number;
  firstResponseMinutes: { p50: number | null; p90: number | null };
  withinFirstResponseTarget: number | null;
  referrals: { total: number; onTime: number; overdue: number };
  complaints: number;
}

/**
 * The office's reports over a period (office-local days) with channel and
 * team filters. Times are minutes of office hours when SLA_WORKING_HOURS
 * (the SLA clocks' own rule), else wall-clock minutes.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ReportsRepository,
    private readonly calendar: WorkingCalendar,
    @Inject(ROUTING_CONFIG) private readonly routing: Pick<RoutingConfig, 'SLA_WORKING_HOURS'>,
  ) {}

  range(q: ReportQuery, now = new Date()): ReportRange {
    const p = reportPeriod(this.calendar, q, now);
    return { ...p.range, channel: q.channel, teamId: q.teamId };
  }

  async overview(q: ReportQuery, now = new Date()): Promise<Overview> {
    const r = this.range(q, now);
    // Separate reads, so PostgreSQL runs them side by side on pooled connections.
    const [counts, perDay, rows, referrals] = await Promise.all([
      this.tx.read((m) => this.repo.overview(m, r)),
      this.tx.read((m) => this.repo.perDay(m, r)),
      this.tx.read((m) => this.repo.responseRows(m, r)),
      this.tx.read((m) => this.repo.referrals(m, r, now)),
    ]);
    const byChannel: Record<string, number> = {};
    for (const d of perDay) byChannel[d.channel] = (byChannel[d.channel] ?? 0) + d.conversations;
    const t = this.times(rows, now, r.from);
    return {
      conversations: counts.conversations,
      byChannel,
      botResolved: counts.botResolved,
      handoffs: counts.handoffs,
      firstResponseMinutes: { p50: t.firstP50, p90: t.firstP90 },
      withinFirstResponseTarget: t.firstWithin,
      referrals: referrals.reduce((a, x) => ({ total: a.total + x.total, onTime: a.onTime + x.onTime, overdue: a.overdue + x.overdue }), {
        total: 0,
        onTime: 0,
        overdue: 0,
      }),
      complaints: counts.complaints,
    };
  }

  async conversationsPerDay(q: ReportQuery): Promise<{ day: string; channel: string; conversations: number; botOnly: number }[]> {
    const r = this.range(q);
    return this.tx.read((m) => this.repo.perDay(m, r));
  }

  /** Share of conversations the bot answered without a person, per day. */
  async botShare(q: ReportQuery): Promise<{ day: string; conversations: number; botOnly: number; share: number | null }[]> {
    const byDay = new Map<string, { conversations: number; botOnly: number }>();
    for (const d of await this.conversationsPerDay(q)) {
      const a = byDay.get(d.day) ?? { conversations: 0, botOnly: 0 };
      byDay.set(d.day, { conversations: a.conversations + d.conversations, botOnly: a.botOnly + d.botOnly });
    }
    return [...byDay].map(([day, a]) => ({ day, ...a, share: a.conversations ? round(a.botOnly / a.conversations, 3) : null }));
  }

  async handoffs(q: ReportQuery): Promise<{ reason: string; count: number }[]> {
    const r = this.range(q);
    return this.tx.read((m) => this.repo.handoffReasons(m, r));
  }

  async responseTimes(q: ReportQuery, now = new Date()) {
    const r = this.range(q, now);
    const [rows, teams] = await this.tx.read(async (m) => [await this.repo.responseRows(m, r), await this.repo.teamNames(m)] as const);
    const byTeam = new Map<string | null, ResponseRow[]>();
    for (const row of rows) {
      const list = byTeam.get(row.teamId);
      if (list) list.push(row);
      else byTeam.set(row.teamId, [row]);
    }
    return [...byTeam].map(([teamId, list]) => {
      const t = this.times(list, now, r.from);
      return {
        teamId,
        team: teamId ? (teams.get(teamId) ?? teamId) : 'Antrean umum',
        handedOff: list.length,
        firstResponseP50: t.firstP50,
        firstResponseP90: t.firstP90,
        firstResponseWithinTarget: t.firstWithin,
        resolutionP50: t.resP50,
        resolutionP90: t.resP90,
        resolutionWithinTarget: t.resWithin,
      };
    });
  }

  async slaBreaches(q: ReportQuery) {
    const r = this.range(q);
    const [rows, teams] = await this.tx.read(async (m) => [await this.repo.slaBreaches(m, r), await this.repo.teamNames(m)] as const);
    return rows.map((x) => ({
      teamId: x.teamId,
      team: x.teamId ? (teams.get(x.teamId) ?? x.teamId) : 'Antrean umum',
      clocks: x.clocks,
      firstResponse: x.firstResponse,
      resolution: x.resolution,
    }));
  }

  async referrals(q: ReportQuery, now = new Date()) {
    const r = this.range(q, now);
    const rows = await this.tx.read((m) => this.repo.referrals(m, r, now));
    return rows.map((x) => ({ ...x, onTimeShare: x.answered ? round(x.onTime / x.answered, 3) : null }));
  }

  async topics(q: ReportQuery): Promise<{ topic: string; count: number }[]> {
    const r = this.range(q);
    return this.tx.read((m) => this.repo.topTopics(m, r, 10));
  }

  /** Complaints per category: the officers' labels on them, besides the labels about handling. */
  async complaints(q: ReportQuery): Promise<{ category: string; count: number }[]> {
    const r = this.range(q);
    const rows = await this.tx.read((m) => this.repo.complaintLabels(m, r));
    const counts = new Map<string, number>();
    for (const row of rows) {
      const cats = row.labels.filter((l) => !HANDLING_LABELS.has(l));
      for (const c of cats.length ? cats : ['tanpa kategori']) counts.set(c, (counts.get(c) ?? 0) + row.count);
    }
    return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  }

  async workload(q: ReportQuery) {
    const r = this.range(q);
    return this.tx.read((m) => this.repo.workload(m, r));
  }

  private times(rows: ResponseRow[], nowAt: Date, at: Date) {
    const om = new OfficeMinutes(this.calendar, this.routing.SLA_WORKING_HOURS, at);
    const now = nowAt.getTime();
    const first: number[] = [];
    const res: number[] = [];
    let firstDue = 0;
    let firstMet = 0;
    let resDue = 0;
    let resMet = 0;
    for (const row of rows) {
      if (row.firstResponseAt) first.push(om.between(row.waitingSince, row.firstResponseAt));
      if (row.resolvedAt) res.push(om.between(row.waitingSince, row.resolvedAt));
      // Counted once the target could be judged: answered, or its due time has passed.
      if (row.firstResponseDueAt && (row.firstResponseAt || row.firstResponseDueAt <= now)) {
        firstDue++;
        if (row.firstResponseAt && row.firstResponseAt <= row.firstResponseDueAt) firstMet++;
      }
      if (row.resolutionDueAt && (row.resolvedAt || row.resolutionDueAt <= now)) {
        resDue++;
        if (row.resolvedAt && row.resolvedAt <= row.resolutionDueAt) resMet++;
      }
    }
    first.sort((a, b) => a - b);
    res.sort((a, b) => a - b);
    return {
      firstP50: round(percentile(first, 0.5)),
      firstP90: round(percentile(first, 0.9)),
      firstWithin: firstDue ? round(firstMet / firstDue, 3) : null,
      resP50: round(percentile(res, 0.5)),
      resP90: round(percentile(res, 0.9)),
      resWithin: resDue ? round(resMet / resDue, 3) : null,
    };
  }
}
