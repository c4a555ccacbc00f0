import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { newId } from '../common/ids';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { hashPassword } from './passwords';
import type { User, UserRole } from '../schema/user.entity';
import { UsersRepository } from './users.repository';

/** The demo accounts (DEMO_MODE only). The README lists them with DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'demo-sipinter-2025';
export const DEMO_USERS: { email: string; name: string; role: UserRole; agencyCode?: string; allTeams?: boolean }[] = [
  { email: 'admin@demo.sipinter.id', name: 'Admin Demo', role: 'admin' },
  { email: 'supervisor@demo.sipinter.id', name: 'Supervisor Demo', role: 'supervisor', allTeams: true },
  { email: 'agen@demo.sipinter.id', name: 'Agen Demo', role: 'agent', allTeams: true },
  { email: 'loket@demo.sipinter.id', name: 'Petugas Loket MPP Demo', role: 'counter' },
  { email: 'pupr@demo.sipinter.id', name: 'Petugas PUPR Demo', role: 'agency', agencyCode: 'PUPR' },
];

/**
 * At start: the first administrator from SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD
 * when there is no administrator yet; the demo accounts in demo mode. Several
 * processes starting at once are fine: the unique e-mail decides.
 */
@Injectable()
export class UserSeed implements OnApplicationBootstrap {
  private readonly log = new Logger('Users');

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seedAdmin();
    if (this.hub.DEMO_MODE) await this.seedDemo();
  }

  private async seedAdmin(): Promise<void> {
    const email = this.cfg.SEED_ADMIN_EMAIL?.toLowerCase();
    if (!email || !this.cfg.SEED_ADMIN_PASSWORD) return;
    const admins = await this.tx.read((m) => this.users.countByRole(m, 'admin'));
    if (admins > 0) return;
    const hash = await hashPassword(this.cfg.SEED_ADMIN_PASSWORD);
    if (await this.insert({ email, name: 'Administrator', role: 'admin', passwordHash: hash }, []))
      this.log.log('first administrator created (SEED_ADMIN_EMAIL)');
  }

  private async seedDemo(): Promise<void> {
    const emails = DEMO_USERS.map((u) => u.email);
    const existing = await this.tx.read((m) => this.users.findByEmails(m, emails));
    const missing = DEMO_USERS.filter((u) => !existing.some((e) => e.email === u.email));
    if (!missing.length) return;
    const hash = await hashPassword(DEMO_PASSWORD);
    const teams = await this.tx.read((m) => this.users.allTeams(m));
    let n = 0;
    for (const u of missing) {
      const ok = await this.insert(
        { email: u.email, name: u.name, role: u.role, agencyCode: u.agencyCode ?? null, passwordHash: hash },
        u.allTeams ? teams.map((t) => t.id) : [],
      );
      if (ok) n++;
    }
    if (n) this.log.log(`demo mode: ${n} demo accounts created (${emails.join(', ')}); password in the README`);
  }

  private async insert(u: Pick<User, 'email' | 'name' | 'role' | 'passwordHash'> & { agencyCode?: string | null }, teamIds: string[]): Promise<boolean> {
    const now = new Date();
    try {
      await this.tx.run(async (m) => {
        const user: User = { id: newId(), agencyCode: null, capacity: 10, extension: null, active: true, createdAt: now, updatedAt: now, ...u };
        await this.users.insert(m, user);
        await this.users.addToTeams(m, user.id, teamIds);
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}
