import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { Team } from '../schema/team.entity';
import type { TeamCode, TeamDirectory } from './bot.ports';

/** Team ids by code (seeded by the migration), cached once found: the bot's one read of the teams table. */
@Injectable()
export class DbTeamDirectory implements TeamDirectory {
  private readonly cache = new Map<string, string>();

  constructor(private readonly tx: TransactionRunner) {}

  async idFor(code: TeamCode): Promise<string | null> {
    const hit = this.cache.get(code);
    if (hit) return hit;
    const team = await this.tx.read((m) => m.findOne(Team, { where: { code } }));
    if (team) this.cache.set(code, team.id);
    return team?.id ?? null;
  }
}
