/**
 * npm run user:create -- --email a@b.id --name "Nama" --role agent [--agency PUPR] [--teams umum,bangunan] [--capacity 10]
 *
 * Creates an officer account. The password comes from USER_PASSWORD, or is
 * asked for (twice, not echoed) on a terminal. Roles: admin, supervisor,
 * agent, counter, agency (with --agency, one of AGENCIES).
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { parseAuthConfig } from '../auth/auth.config';
import { hashPassword } from '../auth/passwords';
import { USER_ROLES } from '../common/principal';
import type { User, UserRole } from '../schema/user.entity';
import { UsersRepository } from '../auth/users.repository';
import { newId } from '../common/ids';
import { loadConfig } from '../config/hub-config';
import { openDatabase } from '../database/data-source';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { ENTITIES } from '../entities';

async function askHidden(question: string): Promise<string> {
  let muted = false;
  const out = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output: out, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      agency: { type: 'string' },
      teams: { type: 'string' },
      capacity: { type: 'string' },
    },
  });
  const usage =
    'usage: npm run user:create -- --email EMAIL --name NAME --role admin|supervisor|agent|counter|agency [--agency PUPR] [--teams umum,bangunan] [--capacity 10]';
  if (!values.email || !values.name || !values.role) {
    console.error(usage);
    return 2;
  }
  const role = values.role as UserRole;
  if (!USER_ROLES.includes(role)) {
    console.error(`--role must be one of ${USER_ROLES.join(', ')}`);
    return 2;
  }
  const cfg = parseAuthConfig(process.env);
  let agencyCode: string | null = null;
  if (role === 'agency') {
    agencyCode = cfg.AGENCIES.find((a) => a.toLowerCase() === (values.agency ?? '').toLowerCase()) ?? null;
    if (!agencyCode) {
      console.error(`--agency is required for role agency: one of ${cfg.AGENCIES.join(', ')}`);
      return 2;
    }
  }
  const capacity = values.capacity ? Number(values.capacity) : 10;
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 200) {
    console.error('--capacity must be a whole number 0-200');
    return 2;
  }
  let password = process.env.USER_PASSWORD ?? '';
  if (!password) {
    if (!process.stdin.isTTY) {
      console.error('set USER_PASSWORD or run on a terminal to be asked for the password');
      return 2;
    }
    password = await askHidden('Password (min. 10 characters): ');
    if ((await askHidden('Again: ')) !== password) {
      console.error('the passwords differ');
      return 2;
    }
  }
  if (password.length < 10) {
    console.error('the password must have at least 10 characters');
    return 2;
  }
  const ds = await openDatabase(loadConfig(), ENTITIES);
  // The same repository and audit log as the hub, on a plain DataSource (no Nest application).
  const tx = new TransactionRunner(ds);
  const users = new UsersRepository();
  const audit = new AuditService(tx, new AuditRepository());
  try {
    const codes = (values.teams ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const teams = codes.length ? await tx.read((m) => users.teamsByCodes(m, codes)) : [];
    const unknown = codes.filter((c) => !teams.some((t) => t.code === c));
    if (unknown.length) {
      console.error(`unknown team code(s): ${unknown.join(', ')}`);
      return 2;
    }
    const now = new Date();
    const user: User = {
      id: newId(),
      email: values.email.trim().toLowerCase(),
      name: values.name.trim(),
      passwordHash: await hashPassword(password),
      role,
      agencyCode,
      capacity,
      extension: null,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    await tx.run(async (m) => {
      await users.insert(m, user);
      await users.addToTeams(
        m,
        user.id,
        teams.map((t) => t.id),
      );
      await audit.record(
        m,
        {
          actor: null,
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          detail: { email: user.email, role, agencyCode, teams: codes, via: 'cli' },
        },
        now,
      );
    });
    console.log(`created ${role} ${user.email} (${user.id})${teams.length ? ` in ${codes.join(', ')}` : ''}`);
    return 0;
  } catch (err) {
    if (isUniqueViolation(err)) {
      console.error(`a user with e-mail ${values.email} already exists`);
      return 1;
    }
    throw err;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
