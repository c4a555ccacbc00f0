import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { newId } from '../common/ids';
import { AuditService } from '../audit/audit.service';
import { ConsoleSignals } from '../signals/console-signals';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { Team, TeamMember } from '../routing/team.entity';
import { AuthService } from './auth.service';
import { hashPassword } from './passwords';
import { Principal, USER_ROLES } from './principal';
import { SessionRevocation } from './session-revocation';
import { User, UserRole } from './user.entity';

const roleSchema = z.enum(USER_ROLES as [UserRole, ...UserRole[]], { message: `peran harus salah satu dari ${USER_ROLES.join(', ')}` });
const password = z.string().min(10, 'kata sandi minimal 10 karakter').max(200);

export const createUserSchema = z
  .object({
    email: z.email('e-mail tidak valid').transform((s) => s.toLowerCase()),
    name: z.string().trim().min(1, 'nama wajib diisi').max(200),
    role: roleSchema,
    password,
    agencyCode: z.string().trim().max(32).nullish(),
    capacity: z.number().int().min(0).max(200).optional(),
    teamIds: z.array(z.string().length(36)).max(50).optional(),
  })
  .strict();

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    password: password.optional(),
    agencyCode: z.string().trim().max(32).nullish(),
    capacity: z.number().int().min(0).max(200).optional(),
    active: z.boolean().optional(),
    teamIds: z.array(z.string().length(36)).max(50).optional(),
  })
  .strict();

export type CreateUser = z.infer<typeof createUserSchema>;
export type UpdateUser = z.infer<typeof updateUserSchema>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  agencyCode: string | null;
  capacity: number;
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
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
    private readonly sessions: SessionRevocation,
  ) {}

  private checkAgency(role: UserRole, agencyCode: string | null | undefined): string | null {
    if (role !== 'agency') return null;
    const code = this.cfg.AGENCIES.find((a) => a.toLowerCase() === (agencyCode ?? '').toLowerCase());
    if (!code) throw new BadRequestException(`Petugas dinas harus punya agencyCode, salah satu dari ${this.cfg.AGENCIES.join(', ')}.`);
    return code;
  }

  private async checkTeams(m: EntityManager, teamIds: string[] | undefined, role: UserRole): Promise<void> {
    if (!teamIds?.length) return;
    // Teams grant sight of their conversations; an agency officer sees only what is referred to the agency.
    if (role === 'agency')
      throw new BadRequestException('teamIds: petugas dinas tidak dapat menjadi anggota tim; mereka hanya melihat percakapan yang dirujuk ke dinasnya.');
    const found = await m.find(Team, { where: { id: In(teamIds) } });
    if (found.length !== new Set(teamIds).size) throw new BadRequestException('teamIds berisi tim yang tidak ada.');
  }

  async list(): Promise<UserView[]> {
    return this.tx.exclusive(async () => {
      const users = await this.tx.manager.find(User, { order: { name: 'ASC' } });
      const members = await this.tx.manager.find(TeamMember);
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
        const now = new Date();
        const user: User = {
          id: newId(),
          email: input.email,
          name: input.name,
          passwordHash,
          role: input.role,
          agencyCode,
          capacity: input.capacity ?? 10,
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        await m.insert(User, user);
        const teamIds = [...new Set(input.teamIds ?? [])];
        if (teamIds.length)
          await m.insert(
            TeamMember,
            teamIds.map((teamId) => ({ teamId, userId: user.id })),
          );
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
      const user = await m.findOne(User, { where: { id } });
      if (!user) throw new NotFoundException('Pengguna tidak ditemukan.');
      const role = input.role ?? user.role;
      const teamsBefore = (await m.find(TeamMember, { where: { userId: id } })).map((t) => t.teamId);
      const agencyCode = input.agencyCode !== undefined || input.role ? this.checkAgency(role, input.agencyCode ?? user.agencyCode) : user.agencyCode;
      if (user.id === actor.id && (input.active === false || (input.role && input.role !== 'admin' && user.role === 'admin')))
        throw new BadRequestException('Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri.');
      await this.checkTeams(m, input.teamIds, role);
      const changes: Partial<User> = { updatedAt: new Date() };
      if (input.name !== undefined) changes.name = input.name;
      if (input.role !== undefined) changes.role = input.role;
      if (input.capacity !== undefined) changes.capacity = input.capacity;
      if (input.active !== undefined) changes.active = input.active;
      if (passwordHash) changes.passwordHash = passwordHash;
      changes.agencyCode = agencyCode;
      await m.update(User, { id }, changes);
      if (input.teamIds || (role === 'agency' && user.role !== 'agency')) {
        await m.delete(TeamMember, { userId: id });
        const teamIds = [...new Set(input.teamIds ?? [])];
        if (teamIds.length)
          await m.insert(
            TeamMember,
            teamIds.map((teamId) => ({ teamId, userId: id })),
          );
      }
      if (input.active === false || passwordHash || (input.role && input.role !== user.role)) await this.auth.revokeAll(m, id);
      const { password: _p, ...logged } = input;
      await this.audit.record(m, {
        actor,
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        detail: { ...logged, ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      const teams = (await m.find(TeamMember, { where: { userId: id } })).map((t) => t.teamId);
      const teamsChanged = teams.length !== teamsBefore.length || teams.some((t) => !teamsBefore.includes(t));
      // Live rooms were chosen from role, teams and agency at connect: any change there makes them stale.
      const rightsChanged = role !== user.role || teamsChanged || agencyCode !== user.agencyCode || !!passwordHash;
      const kick = input.active === false ? ('deactivated' as const) : rightsChanged ? ('changed' as const) : null;
      return { view: view({ ...user, ...changes } as User, teams), kick };
    });
    // Every process forgets the old rights before the sockets reconnect and choose their rooms again.
    await this.auth.forget(id);
    if (result.kick) this.sessions.kickUser(id, result.kick);
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
    active: u.active,
    teamIds,
    createdAt: u.createdAt.toISOString(),
  };
}
