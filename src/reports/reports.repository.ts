import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The period and filters every report query takes. `to` is exclusive. */
export interface ReportRange {
  from: Date;
  to: Date;
  channel?: string;
  teamId?: string;
  /** The office's UTC offset in minutes: days are the office's local days. */
  offsetMinutes: number;
}

/** Instants as epoch milliseconds: thousands of rows are cheaper as numbers than as Dates. */
export interface ResponseRow {
  teamId: string | null;
  waitingSince: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
}

type Raw = Record<string, unknown>;

/**
 * The read model of the reports: aggregate SQL over conversations, SLA
 * clocks and referrals, for PostgreSQL and SQLite. Only general
 * conversations count as conversations; complaints (opened from one) are
 * counted apart. A conversation belongs to the day it was opened.
 */
@Injectable()
export class ReportsRepository {
  async overview(m: EntityManager, r: ReportRange): Promise<{ conversations: number; botResolved: number; handoffs: number; complaints: number }> {
    const q = new Sql(m);
    const [row] = await q.run(
      `SELECT
         SUM(CASE WHEN c.kind = 'general' THEN 1 ELSE 0 END) AS conversations,
         SUM(CASE WHEN c.kind = 'general' AND c.waiting_since IS NULL THEN 1 ELSE 0 END) AS bot_resolved,
         SUM(CASE WHEN c.kind = 'general' AND c.waiting_since IS NOT NULL THEN 1 ELSE 0 END) AS handoffs,
         SUM(CASE WHEN c.kind = 'complaint' THEN 1 ELSE 0 END) AS complaints
       FROM ${q.t('conversations')} c WHERE ${q.range(r)}`,
    );
    return { conversations: num(row.conversations), botResolved: num(row.bot_resolved), handoffs: num(row.handoffs), complaints: num(row.complaints) };
  }

  /** Per local day and channel: conversations and those the bot kept to itself. */
  async perDay(m: EntityManager, r: ReportRange): Promise<{ day: string; channel: string; conversations: number; botOnly: number }[]> {
    const q = new Sql(m);
    const day = q.localDay('c.created_at', r.offsetMinutes);
    const rows = await q.run(
      `SELECT ${day} AS day, c.channel AS channel, COUNT(*) AS n,
              SUM(CASE WHEN c.waiting_since IS NULL THEN 1 ELSE 0 END) AS bot_only
       FROM ${q.t('conversations')} c WHERE ${q.range(r)} AND c.kind = 'general'
       GROUP BY ${day}, c.channel ORDER BY 1, 2`,
    );
    return rows.map((x) => ({ day: String(x.day), channel: String(x.channel), conversations: num(x.n), botOnly: num(x.bot_only) }));
  }

  async handoffReasons(m: EntityManager, r: ReportRange): Promise<{ reason: string; count: number }[]> {
    const q = new Sql(m);
    const rows = await q.run(
      `SELECT COALESCE(c.handoff_reason, 'other') AS reason, COUNT(*) AS n
       FROM ${q.t('conversations')} c WHERE ${q.range(r)} AND c.kind = 'general' AND c.waiting_since IS NOT NULL
       GROUP BY COALESCE(c.handoff_reason, 'other') ORDER BY 2 DESC`,
    );
    return rows.map((x) => ({ reason: String(x.reason), count: num(x.n) }));
  }

  /** Every conversation handed to a person in the period, with its clock: percentiles are taken in office minutes. */
  async responseRows(m: EntityManager, r: ReportRange): Promise<ResponseRow[]> {
    const q = new Sql(m);
    const ms = (col: string) => q.epochMs(col);
    const rows = await q.run(
      `SELECT c.team_id, ${ms('c.waiting_since')} AS w, ${ms('c.first_response_at')} AS f, ${ms('c.resolved_at')} AS r,
              ${ms('s.first_response_due_at')} AS fd, ${ms('s.resolution_due_at')} AS rd
       FROM ${q.t('conversations')} c LEFT JOIN ${q.t('conversation_sla')} s ON s.conversation_id = c.id
       WHERE ${q.range(r)} AND c.waiting_since IS NOT NULL`,
    );
    const n = (v: unknown) => (v == null ? null : Math.round(Number(v)));
    return rows.map((x) => ({
      teamId: (x.team_id as string | null) ?? null,
      waitingSince: n(x.w)!,
      firstResponseAt: n(x.f),
      resolvedAt: n(x.r),
      firstResponseDueAt: n(x.fd),
      resolutionDueAt: n(x.rd),
    }));
  }

  async slaBreaches(m: EntityManager, r: ReportRange): Promise<{ teamId: string | null; clocks: number; firstResponse: number; resolution: number }[]> {
    const q = new Sql(m);
    const rows = await q.run(
      `SELECT c.team_id, COUNT(*) AS clocks,
              SUM(CASE WHEN s.first_response_breached_at IS NOT NULL THEN 1 ELSE 0 END) AS first_response,
              SUM(CASE WHEN s.resolution_breached_at IS NOT NULL THEN 1 ELSE 0 END) AS resolution
       FROM ${q.t('conversation_sla')} s JOIN ${q.t('conversations')} c ON c.id = s.conversation_id
       WHERE ${q.range(r)} GROUP BY c.team_id ORDER BY 3 DESC`,
    );
    return rows.map((x) => ({
      teamId: (x.team_id as string | null) ?? null,
      clocks: num(x.clocks),
      firstResponse: num(x.first_response),
      resolution: num(x.resolution),
    }));
  }

  /** Referrals made in the period per agency; "overdue" is open and past due now. */
  async referrals(
    m: EntityManager,
    r: ReportRange,
    now: Date,
  ): Promise<{ agency: string; total: number; answered: number; onTime: number; overdue: number }[]> {
    const q = new Sql(m);
    const nowP = q.param(now);
    const filters = r.channel || r.teamId;
    const rows = await q.run(
      `SELECT f.agency_code AS agency, COUNT(*) AS total,
              SUM(CASE WHEN f.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered,
              SUM(CASE WHEN f.answered_at IS NOT NULL AND f.answered_at <= f.due_at THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN f.status = 'open' AND f.due_at < ${nowP} THEN 1 ELSE 0 END) AS overdue
       FROM ${q.t('agency_referrals')} f ${filters ? `JOIN ${q.t('conversations')} c ON c.id = f.conversation_id` : ''}
       WHERE ${q.range(r, 'f', !filters)} AND f.status <> 'cancelled'
       GROUP BY f.agency_code ORDER BY 2 DESC`,
    );
    return rows.map((x) => ({ agency: String(x.agency), total: num(x.total), answered: num(x.answered), onTime: num(x.on_time), overdue: num(x.overdue) }));
  }

  async topTopics(m: EntityManager, r: ReportRange, limit: number): Promise<{ topic: string; count: number }[]> {
    const q = new Sql(m);
    const rows = await q.run(
      `SELECT c.topic AS topic, COUNT(*) AS n FROM ${q.t('conversations')} c
       WHERE ${q.range(r)} AND c.topic IS NOT NULL GROUP BY c.topic ORDER BY 2 DESC, 1 LIMIT ${Math.floor(limit)}`,
    );
    return rows.map((x) => ({ topic: String(x.topic), count: num(x.n) }));
  }

  /** Complaint conversations grouped by their label set (the officers' categories); few distinct sets. */
  async complaintLabels(m: EntityManager, r: ReportRange): Promise<{ labels: string[]; count: number }[]> {
    const q = new Sql(m);
    const rows = await q.run(
      `SELECT c.labels AS labels, COUNT(*) AS n FROM ${q.t('conversations')} c WHERE ${q.range(r)} AND c.kind = 'complaint' GROUP BY c.labels`,
    );
    return rows.map((x) => ({ labels: parseLabels(x.labels), count: num(x.n) }));
  }

  async workload(
    m: EntityManager,
    r: ReportRange,
  ): Promise<{ userId: string; name: string; conversations: number; resolved: number; open: number; firstResponded: number }[]> {
    const q = new Sql(m);
    const rows = await q.run(
      `SELECT c.assignee_id AS user_id, u.name AS name, COUNT(*) AS n,
              SUM(CASE WHEN c.status = 'resolved' THEN 1 ELSE 0 END) AS resolved,
              SUM(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END) AS open,
              SUM(CASE WHEN c.first_response_at IS NOT NULL THEN 1 ELSE 0 END) AS responded
       FROM ${q.t('conversations')} c JOIN ${q.t('users')} u ON u.id = c.assignee_id
       WHERE ${q.range(r)} GROUP BY c.assignee_id, u.name ORDER BY 3 DESC`,
    );
    return rows.map((x) => ({
      userId: String(x.user_id),
      name: String(x.name),
      conversations: num(x.n),
      resolved: num(x.resolved),
      open: num(x.open),
      firstResponded: num(x.responded),
    }));
  }

  async teamNames(m: EntityManager): Promise<Map<string, string>> {
    const q = new Sql(m);
    const rows = await q.run(`SELECT id, name FROM ${q.t('teams')}`);
    return new Map(rows.map((x) => [String(x.id), String(x.name)]));
  }
}

/**
 * Parameters in the driver's style ($n or ?) and dates in the form each driver stores.
 * SQLite binds ? in textual order: call param() in the order the placeholders appear.
 */
export class Sql {
  readonly pg: boolean;
  private readonly params: unknown[] = [];

  constructor(private readonly m: EntityManager) {
    this.pg = m.connection.options.type === 'postgres';
  }

  /** A table name, qualified with the PostgreSQL schema when the hub runs in one. */
  t(table: string): string {
    const schema = (this.m.connection.options as { schema?: string }).schema;
    return this.pg && schema ? `"${schema}"."${table}"` : table;
  }

  param(v: unknown): string {
    this.params.push(v instanceof Date && !this.pg ? sqliteDate(v) : v);
    return this.pg ? `$${this.params.length}` : '?';
  }

  /** created_at in [from, to) plus the channel and team filters on conversations `c`. */
  range(r: ReportRange, alias = 'c', withConversationFilters = true): string {
    const parts = [`${alias}.created_at >= ${this.param(r.from)}`, `${alias}.created_at < ${this.param(r.to)}`];
    if (withConversationFilters && r.channel) parts.push(`c.channel = ${this.param(r.channel)}`);
    if (withConversationFilters && r.teamId) parts.push(`c.team_id = ${this.param(r.teamId)}`);
    return parts.join(' AND ');
  }

  /** A timestamp column as epoch milliseconds (a float), NULL stays NULL. */
  epochMs(column: string): string {
    return this.pg ? `(EXTRACT(EPOCH FROM ${column}) * 1000)::float8` : `((julianday(${column}) - 2440587.5) * 86400000.0)`;
  }

  localDay(column: string, offsetMinutes: number): string {
    const off = Math.round(offsetMinutes);
    return this.pg
      ? `to_char((${column} AT TIME ZONE 'UTC') + interval '${off} minutes', 'YYYY-MM-DD')`
      : `date(${column}, '${off >= 0 ? '+' : ''}${off} minutes')`;
  }

  async run(sql: string): Promise<Raw[]> {
    return (await this.m.query(sql, this.params)) as Raw[];
  }
}

/** How TypeORM stores a Date in SQLite's datetime columns (UTC, no zone). */
export function sqliteDate(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export function date(v: unknown): Date | null {
  if (v == null) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

export function num(v: unknown): number {
  return v == null ? 0 : Number(v);
}

function parseLabels(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  try {
    const a = JSON.parse(String(v ?? '[]')) as unknown;
    return Array.isArray(a) ? a.map(String) : [];
  } catch {
    return [];
  }
}
