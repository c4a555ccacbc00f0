import { Injectable } from '@nestjs/common';
import { shiftDate, WorkingCalendar } from '../common/calendar/working-calendar';
import { TransactionRunner } from '../database/transaction-runner';
import type { IkmBreakdownQuery, IkmQuery } from './ikm.dto';
import { ikmOf, krejcieMorgan, type Mutu, mutuOf, nrr, round } from './scoring';
import { type IkmFilters, type IkmGroupBy, type IkmTallies, SurveyRepository } from './survey.repository';
import { unsurTexts } from './unsur';

/** The contract of GET /api/reports/ikm (outside clients use it: these fields and no others). */
export interface IkmReport {
  respondents: number;
  ikm: number | null;
  mutu: Mutu | null;
  unsur: { code: string; name: string; nrr: number | null }[];
}

export interface IkmBreakdown extends IkmReport {
  from: string;
  to: string;
  /** Service users in the period: as given, else the survey invitations made in it (chat and walk-in). */
  population: number;
  populationSource: 'given' | 'invitations';
  /** Krejcie–Morgan sample for that population, and whether the respondents reach it. */
  sampleRequired: number;
  sampleMet: boolean;
  byChannel: (IkmReport & { channel: string })[];
  byTeam: (IkmReport & { teamId: string | null })[];
  byPermitType: (IkmReport & { permitType: string | null })[];
}

@Injectable()
export class IkmService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SurveyRepository,
    private readonly calendar: WorkingCalendar,
  ) {}

  async ikm(q: IkmQuery): Promise<IkmReport> {
    const f = this.filters(q);
    const [t] = await this.tx.read((m) => this.repo.tallies(m, f));
    return report(t);
  }

  async breakdown(q: IkmBreakdownQuery): Promise<IkmBreakdown> {
    const f = this.filters(q);
    const [all, channels, teams, permits, invited] = await this.tx.read(
      async (m) =>
        [
          await this.repo.tallies(m, f),
          await this.repo.tallies(m, f, 'channel'),
          await this.repo.tallies(m, f, 'teamId'),
          await this.repo.tallies(m, f, 'permitType'),
          await this.repo.countInvitations(m, f),
        ] as const,
    );
    const overall = report(all[0]);
    const population = q.population ?? invited;
    const sampleRequired = krejcieMorgan(population);
    const by = <K extends string>(rows: IkmTallies[], name: K) => rows.map((r) => ({ [name]: r.key, ...report(r) }) as IkmReport & Record<K, string | null>);
    return {
      ...overall,
      from: q.from,
      to: q.to,
      population,
      populationSource: q.population ? 'given' : 'invitations',
      sampleRequired,
      sampleMet: overall.respondents >= sampleRequired,
      byChannel: by(channels, 'channel') as IkmBreakdown['byChannel'],
      byTeam: by(teams, 'teamId'),
      byPermitType: by(permits, 'permitType'),
    };
  }

  /** Calendar days in the office's time zone: from 00:00 of `from` to 00:00 of the day after `to`. */
  private filters(q: IkmQuery): IkmFilters {
    return {
      from: this.calendar.atLocal(q.from, 0),
      to: this.calendar.atLocal(shiftDate(q.to, 1), 0),
      channel: q.channel,
      teamId: q.teamId,
      permitType: q.permitType,
    };
  }
}

/** One group's figures: NRR to 3 decimals for reading, IKM (2 decimals) from the unrounded NRRs. */
export function report(t: IkmTallies | undefined): IkmReport {
  const names = unsurTexts('id');
  if (!t || t.respondents === 0) return { respondents: 0, ikm: null, mutu: null, unsur: names.map((u) => ({ code: u.code, name: u.name, nrr: null })) };
  const ikm = ikmOf(t.unsur);
  return {
    respondents: t.respondents,
    ikm: ikm === null ? null : round(ikm, 2),
    mutu: mutuOf(ikm),
    unsur: names.map((u) => {
      const v = nrr(t.unsur[u.code]);
      return { code: u.code, name: u.name, nrr: v === null ? null : round(v, 3) };
    }),
  };
}

export type { IkmGroupBy };
