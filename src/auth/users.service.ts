import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { newId } from '../common/ids';
import { AuditService } from '../audit/audit.service';
import { ConsoleSignals } from '../signals/console-signals';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner, Tx } from '../database/transaction-runner';
import { hashPassword } from './passwords';
import type { Principal } from '../common/principal';
import { PrincipalsService } from './principals.service';
import { SessionRevocation } from './session-revocation';
import { SessionsService } from './sessions.service';
import type { User, UserRole } from '../schema/user.entity';
import type { CreateUser, UpdateUser } from './users.dto';
import { UsersRepository } from './users.repository';

export type { CreateUser, UpdateUser } from './users.dto';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  agencyCode: string | null;
  capacity: number;
  extension: string | null;
  active: boolean;
  teamIds: string[];
  createdAt: string;
}

/** Officer accounts: created by administrators, the CLI, or the seed at first start. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly principals: PrincipalsService,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
    private readonly revocation: SessionRevocation,
  ) {}

  /** One extension rings one officer: the screen pop must know whose console to open. */
  private async checkExtension(m: Tx, extension: string | null | undefined, self: string | null): Promise<void> {
    if (!extension) return;
    const holder = await this.users.findByExtensionAny(m, extension);
    if (holder && holder.id !== self) throw new ConflictException(`Ekstensi ${extension} sudah dipakai ${holder.name}.`);
  }

  private checkAgency(role: UserRole, agencyCode: string | null | undefined): string | null {
    if (role !== 'agency') return null;
    const code = this.cfg.AGENCIES.find((a) => a.toLowerCase() === (agencyCode ?? '').toLowerCase());
    if (!code) throw new BadRequestException(`Petugas dinas harus punya agencyCode, salah satu dari ${this.cfg.AGENCIES.join(', ')}.`);
    return code;
  }

  private async checkTeams(m: Tx, teamIds: string[] | undefined, role: UserRole): Promise<void> {
    if (!teamIds?.length) return;
    // Teams grant sight of their conversations; an agency officer sees only what is referred to the agency.
    if (role === 'agency')
      throw new BadRequestException('teamIds: petugas dinas tidak dapat menjadi anggota tim; mereka hanya melihat percakapan yang dirujuk ke dinasnya.');
    if ((await this.users.countTeams(m, teamIds)) !== new Set(teamIds).size) throw new BadRequestException('teamIds berisi tim yang tidak ada.');
  }

  async list(): Promise<UserView[]> {
    return this.tx.read(async (m) => {
      const users = await this.users.listByName(m);
      const members = await this.users.memberships(m);
      return users.map((u) =>
        view(
          u,
          members.filter((t) => t.userId === u.id).map((t) => t.teamId),
        ),
      );
    });
  }

  async create(actor: Principal | null, input: CreateUser): Promise<UserView> {
    const agencyCode = this.checkAgency(input.role, input.agencyCode);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.tx.run(async (m) => {
        await this.checkTeams(m, input.teamIds, input.role);
        await this.checkExtension(m, input.extension, null);
        const now = new Date();
        const user: User = {
          id: newId(),
          email: input.email,
          name: input.name,
          passwordHash,
          role: input.role,
          agencyCode,
          capacity: input.capacity ?? 10,
          extension: input.extension ?? null,
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        await this.users.insert(m, user);
        const teamIds = [...new Set(input.teamIds ?? [])];
        await this.users.addToTeams(m, user.id, teamIds);
        await this.audit.record(m, {
          actor,
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          detail: { email: user.email, role: user.role, agencyCode, teamIds },
        });
        return view(user, teamIds);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException('E-mail sudah terdaftar.');
      throw err;
    }
  }

  async update(actor: Principal, id: string, input: UpdateUser): Promise<UserView> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const result = await this.tx.run(async (m) => {
      const user = await this.users.findById(m, id);
      if (!user) throw new NotFoundException('Pengguna tidak ditemukan.');
      const role = input.role ?? user.role;
      const teamsBefore = await this.users.teamIdsOf(m, id);
      const agencyCode = input.agencyCode !== undefined || input.role ? this.checkAgency(role, input.agencyCode ?? user.agencyCode) : user.agencyCode;
      if (user.id === actor.id && (input.active === false || (input.role && input.role !== 'admin' && user.role === 'admin')))
        throw new BadRequestException('Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri.');
      await this.checkTeams(m, input.teamIds, role);
      await this.checkExtension(m, input.extension, id);
      const changes: Partial<User> = { updatedAt: new Date() };
      if (input.name !== undefined) changes.name = input.name;
      if (input.role !== undefined) changes.role = input.role;
      if (input.capacity !== undefined) changes.capacity = input.capacity;
      if (input.extension !== undefined) changes.extension = input.extension ?? null;
      if (input.active !== undefined) changes.active = input.active;
      if (passwordHash) changes.passwordHash = passwordHash;
      changes.agencyCode = agencyCode;
      await this.users.update(m, id, changes);
      // Becoming an agency officer drops every team.
      if (input.teamIds || (role === 'agency' && user.role !== 'agency')) await this.users.setTeams(m, id, [...new Set(input.teamIds ?? [])]);
      if (input.active === false || passwordHash || (input.role && input.role !== user.role)) await this.sessions.revokeAll(m, id);
      const { password: _p, ...logged } = input;
      await this.audit.record(m, {
        actor,
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        detail: { ...logged, ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      const teams = await this.users.teamIdsOf(m, id);
      const teamsChanged = teams.length !== teamsBefore.length || teams.some((t) => !teamsBefore.includes(t));
      // Live rooms were chosen from role, teams and agency at connect: any change there makes them stale.
      const rightsChanged = role !== user.role || teamsChanged || agencyCode !== user.agencyCode || !!passwordHash;
      const kick = input.active === false ? ('deactivated' as const) : rightsChanged ? ('changed' as const) : null;
      return { view: view({ ...user, ...changes } as User, teams), kick };
    });
    // Every process forgets the old rights before the sockets reconnect and choose their rooms again.
    await this.principals.forget(id);
    if (result.kick) this.revocation.kickUser(id, result.kick);
    if (input.capacity !== undefined || input.teamIds || input.active !== undefined) this.signals.emit({ kind: 'capacity', userId: id });
    return result.view;
  }
}

function view(u: User, teamIds: string[]): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    agencyCode: u.agencyCode,
    capacity: u.capacity,
    extension: u.extension ?? null,
    active: u.active,
    teamIds,
    createdAt: u.createdAt.toISOString(),
  };
}
