import { EventEmitter } from 'node:events';
import { PrincipalsService } from '../../../src/auth/principals.service';
import type { User } from '../../../src/schema/user.entity';
import { UsersRepository } from '../../../src/auth/users.repository';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import type { RedisConnections } from '../../../src/redis/redis-connections';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';

const user: User = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'agen@example.id',
  name: 'Agen',
  passwordHash: 'hash',
  role: 'agent',
  agencyCode: null,
  capacity: 10,
  active: true,
  createdAt: new Date(),
  updatedAt: new Date(),
};

/** The few RedisConnections methods the cache uses: a subscriber connection and publish. */
class FakeRedis {
  readonly prefix = 'test';
  readonly subscriber = Object.assign(new EventEmitter(), { subscribe: jest.fn(async () => 1), quit: jest.fn(async () => 'OK'), disconnect: jest.fn() });
  readonly shared = { publish: jest.fn(async () => 1) };
  open = jest.fn(() => this.subscriber);
  client = jest.fn(() => this.shared);
}

async function setup() {
  const users = fakeOf(UsersRepository);
  users.findById.mockResolvedValue(user);
  users.teamIdsOf.mockResolvedValue(['team-1']);
  const redis = new FakeRedis();
  const svc = new PrincipalsService(new FakeTransactionRunner() as unknown as TransactionRunner, users, redis as unknown as RedisConnections);
  await svc.onModuleInit();
  return { svc, users, redis };
}

describe('PrincipalsService', () => {
  it('caches a principal, and drops it when another process announces a change', async () => {
    const { svc, users, redis } = await setup();
    expect(redis.subscriber.subscribe).toHaveBeenCalledWith('test:auth:forget');
    await expect(svc.principal(user.id)).resolves.toMatchObject({ id: user.id, role: 'agent', teamIds: ['team-1'] });
    await svc.principal(user.id);
    expect(users.findById).toHaveBeenCalledTimes(1);

    users.teamIdsOf.mockResolvedValue(['team-2']);
    redis.subscriber.emit('message', 'test:auth:forget', user.id);
    await expect(svc.principal(user.id)).resolves.toMatchObject({ teamIds: ['team-2'] });
    expect(users.findById).toHaveBeenCalledTimes(2);
  });

  it('forget drops the local entry and announces the change to every process', async () => {
    const { svc, users, redis } = await setup();
    await svc.principal(user.id);
    await svc.forget(user.id);
    expect(redis.shared.publish).toHaveBeenCalledWith('test:auth:forget', user.id);
    await svc.principal(user.id);
    expect(users.findById).toHaveBeenCalledTimes(2);
  });

  it('forget never throws when Redis cannot announce', async () => {
    const { svc, redis } = await setup();
    redis.shared.publish.mockRejectedValueOnce(new Error('down'));
    await expect(svc.forget(user.id)).resolves.toBeUndefined();
  });

  it('a fresh read skips the cache; an inactive officer has no principal', async () => {
    const { svc, users } = await setup();
    await svc.principal(user.id);
    users.findById.mockResolvedValue({ ...user, active: false });
    await expect(svc.principal(user.id, true)).resolves.toBeNull();
    expect(users.findById).toHaveBeenCalledTimes(2);
  });

  it('principals of many users carry their own teams', async () => {
    const { svc, users } = await setup();
    users.findActive.mockResolvedValue([user, { ...user, id: 'u2' }]);
    users.memberships.mockResolvedValue([
      { userId: user.id, teamId: 't1' },
      { userId: 'u2', teamId: 't2' },
    ]);
    const ps = await svc.principals([user.id, 'u2']);
    expect(ps.map((p) => p.teamIds)).toEqual([['t1'], ['t2']]);
    await expect(svc.principals([])).resolves.toEqual([]);
  });
});
